//! What the API's request types share: numbers sent as JSON numbers and checked beside their
//! field, and fields that may be left out, cleared with `null`, or set.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::domain::FieldErrors;
use crate::i18n::Message;

/// A field of a change: left out (leave it as it is), `null` (clear it), or a value.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Patch<T> {
    #[default]
    Absent,
    Null,
    Value(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Patch::Null, Patch::Value))
    }
}

/// Written as `null` when there is no value (the documentation's defaults).
impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Value(value) => value.serialize(serializer),
            Patch::Absent | Patch::Null => serializer.serialize_none(),
        }
    }
}

impl Patch<String> {
    /// As the domain's text fields take it: `None` leaves it, `""` clears it.
    pub fn text(self) -> Option<String> {
        match self {
            Patch::Absent => None,
            Patch::Null => Some(String::new()),
            Patch::Value(text) => Some(text),
        }
    }
}

impl Patch<Value> {
    /// A number field as the domain's text fields take it: `None` leaves it, `""` clears it.
    pub fn number_text(self) -> Option<String> {
        match self {
            Patch::Absent => None,
            Patch::Null => Some(String::new()),
            Patch::Value(value) => Some(number_text(&value)),
        }
    }
}

/// A number as the domain's checks read it: a JSON number as written (`1500`, `1.5`, `1e30`),
/// anything else as its JSON (the string `"1500"` keeps its quotes), so a fraction, a number out
/// of range or a number sent as a string is refused beside its field (422), never taken.
pub fn number_text(value: &Value) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// A whole number in `range` (a 422 beside `field` otherwise); `None` when it is left out.
pub fn whole_in(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&Value>,
    range: std::ops::RangeInclusive<i64>,
) -> Option<i64> {
    let value = value.filter(|v| !v.is_null())?;
    let whole = value.as_i64().filter(|n| range.contains(n));
    if whole.is_none() {
        errors.add(
            field,
            Message::of("invalid-whole-number-from-to").arg("min", *range.start()).arg("max", *range.end()),
        );
    }
    whole
}
