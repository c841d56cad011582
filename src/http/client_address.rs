//! The address a request comes from, as the throttles count it. Behind a reverse proxy the TCP
//! peer is the proxy for everyone, so when (and only when) the peer is one of
//! `server.trusted_proxies` the client is read from the forwarding headers the proxy appends to:
//! the right-most hop that is not itself a trusted proxy. Anyone else's forwarding headers are
//! ignored, since a client can write whatever it likes in them.
//!
//! `X-Forwarded-For` is preferred when present: it is what nginx, HAProxy, Caddy and the cloud
//! load balancers append to. RFC 7239 `Forwarded` is read only when there is no
//! `X-Forwarded-For`; a proxy that writes only `Forwarded` must therefore drop any
//! `X-Forwarded-For` a client sends.
//!
//! Anything that cannot be read as an address (a malformed list, `for=unknown`, an obfuscated
//! identifier) falls back to the peer: the proxy's own address is the safe, coarse answer.

use std::net::{IpAddr, SocketAddr};

use actix_web::http::header::HeaderMap;
use ipnet::IpNet;

const X_FORWARDED_FOR: &str = "x-forwarded-for";
const FORWARDED: &str = "forwarded";

/// The client address of a request that reached us from `peer` with `headers`.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = peer.to_canonical();
    if !is_trusted(peer, trusted) {
        return peer;
    }
    let hops = if headers.contains_key(X_FORWARDED_FOR) {
        forwarded_for_hops(headers)
    } else if headers.contains_key(FORWARDED) {
        forwarded_hops(headers)
    } else {
        return peer;
    };
    let Some(hops) = hops else {
        return peer;
    };
    // Each proxy appends the address it received the request from, so reading from the right,
    // the first hop we do not trust is the client as far as anyone we trust can vouch.
    let mut leftmost = None;
    for hop in hops.into_iter().rev() {
        let Some(address) = hop else {
            return peer;
        };
        if !is_trusted(address, trusted) {
            return address;
        }
        leftmost = Some(address);
    }
    // Every hop is one of our proxies: the request started at the first of them.
    leftmost.unwrap_or(peer)
}

fn is_trusted(address: IpAddr, trusted: &[IpNet]) -> bool {
    trusted.iter().any(|net| net.contains(&address))
}

/// Every `X-Forwarded-For` entry in order, over all such headers (a list split across several
/// headers is one list). An entry that is not an address is `None`, so it stops the walk only if
/// the walk reaches it: bytes a client put on the left cannot hide the hop our proxy appended.
fn forwarded_for_hops(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut hops = Vec::new();
    for value in headers.get_all(X_FORWARDED_FOR) {
        let text = String::from_utf8_lossy(value.as_bytes());
        hops.extend(text.split(',').map(|entry| parse_node(entry.trim())));
    }
    Some(hops)
}

/// The `for=` of every element of every `Forwarded` header, in order. `None` when a quoted
/// string is left open, since then the elements cannot be told apart.
fn forwarded_hops(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut hops = Vec::new();
    for value in headers.get_all(FORWARDED) {
        let text = String::from_utf8_lossy(value.as_bytes());
        for element in split_outside_quotes(&text, ',') {
            let mut node = None;
            for pair in split_outside_quotes(element, ';') {
                let Some((name, value)) = pair.split_once('=') else {
                    continue;
                };
                if name.trim().eq_ignore_ascii_case("for") {
                    node = Some(parse_node(&unquote(value.trim())?));
                }
            }
            // An element without `for=` says nothing about who sent it: unknown.
            hops.push(node.flatten());
        }
    }
    Some(hops)
}

/// Splits on `separator` where it is not inside a quoted string (RFC 7230 `quoted-string`,
/// with backslash escapes).
fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A token as it is, or a quoted string without its quotes and escapes; `None` when a quote is
/// left open.
fn unquote(value: &str) -> Option<String> {
    let Some(inner) = value.strip_prefix('"') else {
        return Some(value.to_string());
    };
    let inner = inner.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(chars.next()?);
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`,
/// `[2001:db8::1]` or `[2001:db8::1]:4711`. Names such as `unknown` or `_hidden` are not
/// addresses.
fn parse_node(node: &str) -> Option<IpAddr> {
    let node = node.trim();
    if let Ok(address) = node.parse::<IpAddr>() {
        return Some(address.to_canonical());
    }
    if let Ok(socket) = node.parse::<SocketAddr>() {
        return Some(socket.ip().to_canonical());
    }
    let bracketed = node.strip_prefix('[')?.strip_suffix(']')?;
    bracketed.parse::<std::net::Ipv6Addr>().ok().map(|v6| IpAddr::V6(v6).to_canonical())
}

/// Reads `server.trusted_proxies` entries: addresses or CIDR networks.
pub fn parse_trusted(entries: &[String]) -> Result<Vec<IpNet>, String> {
    entries
        .iter()
        .map(|entry| entry.trim())
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .map(|net| net.trunc())
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("`{entry}` is not an IP address or a CIDR network such as 10.0.0.0/8"))
        })
        .collect()
}

/// What throttles count for an address: an IPv4 address itself, an IPv6 address's /64, since
/// one host usually holds a whole /64 and could otherwise pick a fresh address for every attempt.
pub fn throttle_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", std::net::Ipv6Addr::from(prefix))
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn throttles_count_an_ipv6_host_by_its_64() {
        let key = |text: &str| throttle_key(text.parse().unwrap());
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:bbbb::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
    }

    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(HeaderName::from_static(name), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn trusted() -> Vec<IpNet> {
        parse_trusted(&["127.0.0.1".into(), "10.0.0.0/8".into(), "::1".into()]).unwrap()
    }

    #[test]
    fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
        let h = headers(&[("x-forwarded-for", "203.0.113.9"), ("forwarded", "for=203.0.113.8")]);
        assert_eq!(resolve(ip("198.51.100.1"), &h, &trusted()), ip("198.51.100.1"));
        assert_eq!(resolve(ip("198.51.100.1"), &h, &[]), ip("198.51.100.1"));
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let h = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.9, 10.1.2.3")]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted()), ip("203.0.113.9"));
        // A list split across headers is one list; the last header holds the nearest hops.
        let h = headers(&[("x-forwarded-for", "1.1.1.1"), ("x-forwarded-for", "203.0.113.9, 10.0.0.1")]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted()), ip("203.0.113.9"));
    }

    #[test]
    fn only_trusted_hops_give_the_first_of_them() {
        let h = headers(&[("x-forwarded-for", "10.0.0.7, 10.0.0.1")]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted()), ip("10.0.0.7"));
    }

    #[test]
    fn malformed_values_fall_back_to_the_peer() {
        for value in ["", "not-an-ip", "203.0.113.9, garbage", "203.0.113.9,,"] {
            let h = headers(&[("x-forwarded-for", value)]);
            assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted()), ip("127.0.0.1"), "{value:?}");
        }
        for value in ["for=unknown", "for=_hidden", "for=\"[2001:db8::1\"", "proto=https", "for=\"open"] {
            let h = headers(&[("forwarded", value)]);
            assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted()), ip("127.0.0.1"), "{value:?}");
        }
    }

    #[test]
    fn garbage_left_of_the_client_does_not_matter() {
        let h = headers(&[("x-forwarded-for", "garbage, 203.0.113.9")]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted()), ip("203.0.113.9"));
        let mut h = HeaderMap::new();
        let bytes = HeaderValue::from_bytes(b"\xff\xfe, 203.0.113.9").unwrap();
        h.append(HeaderName::from_static("x-forwarded-for"), bytes);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted()), ip("203.0.113.9"));
    }

    #[test]
    fn forwarded_reads_quoted_bracketed_ipv6_and_ports() {
        let cases = [
            ("for=192.0.2.60;proto=http;by=203.0.113.43", "192.0.2.60"),
            ("For=\"[2001:db8:cafe::17]:4711\"", "2001:db8:cafe::17"),
            ("for=\"[2001:db8:cafe::17]\"", "2001:db8:cafe::17"),
            ("for=\"192.0.2.43:47011\"", "192.0.2.43"),
            ("for=192.0.2.43, for=198.51.100.17;by=10.0.0.1", "198.51.100.17"),
            ("for=198.51.100.17, for=10.0.0.2", "198.51.100.17"),
            ("for=\"198.51.100.17\";by=\"a;b,c\"", "198.51.100.17"),
        ];
        for (value, expected) in cases {
            let h = headers(&[("forwarded", value)]);
            assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted()), ip(expected), "{value}");
        }
    }

    #[test]
    fn x_forwarded_for_wins_over_forwarded() {
        let h = headers(&[("forwarded", "for=198.51.100.1"), ("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted()), ip("203.0.113.9"));
    }

    #[test]
    fn ipv4_mapped_addresses_are_the_same_address() {
        let h = headers(&[("x-forwarded-for", "::ffff:203.0.113.9")]);
        assert_eq!(resolve(ip("::ffff:127.0.0.1"), &h, &trusted()), ip("203.0.113.9"));
    }

    #[test]
    fn trusted_entries_parse_or_say_which_is_wrong() {
        assert_eq!(parse_trusted(&[" 10.1.2.3/8 ".into(), "".into()]).unwrap(), vec!["10.0.0.0/8".parse().unwrap()]);
        let error = parse_trusted(&["10.0.0.0/8".into(), "10.0.0.0/33".into()]).unwrap_err();
        assert!(error.contains("10.0.0.0/33"), "{error}");
        assert!(parse_trusted(&["proxy.local".into()]).is_err());
    }
}
