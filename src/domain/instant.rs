//! Instants leave Tribune as RFC 3339 in UTC (`2026-11-23T06:05:13.615142Z`), as the contract
//! says; they are stored as naive UTC timestamps because diesel's multi-backend connection has no
//! `Timestamptz`.

use chrono::NaiveDateTime;
use serde::Serializer;

pub fn utc<S: Serializer>(at: &NaiveDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

pub fn utc_opt<S: Serializer>(at: &Option<NaiveDateTime>, serializer: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => utc(at, serializer),
        None => serializer.serialize_none(),
    }
}
