//! The client's address behind reverse proxies, computed the same way by the web and the api
//! (ADR 0015): walking every `X-Forwarded-For` header line from the right, the first hop that is
//! not a trusted proxy; the TCP peer itself when the peer is not trusted. A client can write
//! anything in its own `X-Forwarded-For`, but only the hops appended by trusted proxies are right
//! of the client's real address, so nothing left of the first untrusted hop is ever believed.

use std::net::IpAddr;

use actix_web::http::header::HeaderMap;
pub use ipnet::IpNet;

/// The header every proxy appends the address it saw to.
pub const FORWARDED_FOR: &str = "x-forwarded-for";

/// Every hop of every `X-Forwarded-For` line, in order (lines are one comma list, RFC 9110 §5.3).
/// A hop that is not an address (`unknown`, garbage) stays in place as `None`: it is untrusted and
/// ends the walk, so nothing left of it is believed.
pub fn forwarded_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all(FORWARDED_FOR)
        .flat_map(|line| {
            line.to_str()
                .unwrap_or_default()
                .split(',')
                .map(|hop| parse_hop(hop.trim()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]:443` or `203.0.113.7:5000`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
}

/// The client address: `peer` when it is not trusted, else the right-most hop that is not trusted,
/// else the left-most trusted one (every hop was a proxy of ours), else `peer`.
pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpNet]) -> Option<IpAddr> {
    walk(peer, &forwarded_hops(headers), trusted)
}

/// [`client_ip`] over hops already read.
pub fn walk(peer: Option<IpAddr>, hops: &[Option<IpAddr>], trusted: &[IpNet]) -> Option<IpAddr> {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let peer = peer?;
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop {
            Some(ip) if is_trusted(ip) => client = *ip,
            Some(ip) => return Some(*ip),
            // An unreadable hop was written by someone untrusted: stop at what we know.
            None => return Some(client),
        }
    }
    Some(client)
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for line in lines {
            map.append(
                HeaderName::from_static(FORWARDED_FOR),
                HeaderValue::from_str(line).unwrap(),
            );
        }
        map
    }

    fn ip(text: &str) -> Option<IpAddr> {
        text.parse().ok()
    }

    #[test]
    fn believes_forwarded_for_only_from_trusted_proxies() {
        let trusted: Vec<IpNet> = vec!["127.0.0.0/8".parse().unwrap()];
        let proxy = ip("127.0.0.1");
        let outsider = ip("203.0.113.9");
        assert_eq!(
            client_ip(proxy, &headers(&["198.51.100.7, 127.0.0.2"]), &trusted),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_ip(outsider, &headers(&["198.51.100.7"]), &trusted),
            outsider
        );
        assert_eq!(client_ip(proxy, &headers(&[]), &trusted), proxy);
        assert_eq!(
            client_ip(proxy, &headers(&["127.0.0.5"]), &trusted),
            ip("127.0.0.5")
        );
    }

    #[test]
    fn reads_every_header_line_right_to_left() {
        let trusted: Vec<IpNet> = vec![
            "10.1.0.0/16".parse().unwrap(),
            "127.0.0.1/32".parse().unwrap(),
        ];
        // The client spoofs a first line; the ingress (10.1.0.4) appended the real address on a
        // second line, and the last hop is a trusted proxy too.
        let lines = headers(&["192.0.2.66", "198.51.100.7, 10.1.0.4"]);
        assert_eq!(
            client_ip(ip("127.0.0.1"), &lines, &trusted),
            ip("198.51.100.7")
        );
        assert_eq!(
            forwarded_hops(&lines),
            vec![ip("192.0.2.66"), ip("198.51.100.7"), ip("10.1.0.4")]
        );
    }

    #[test]
    fn an_unreadable_hop_ends_the_walk_and_ports_are_dropped() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/24".parse().unwrap()];
        assert_eq!(
            client_ip(
                ip("10.0.0.1"),
                &headers(&["198.51.100.7, garbage, 10.0.0.2"]),
                &trusted
            ),
            ip("10.0.0.2")
        );
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers(&["[2001:db8::1]:443"]), &trusted),
            ip("2001:db8::1")
        );
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers(&["198.51.100.7:5000"]), &trusted),
            ip("198.51.100.7")
        );
    }
}
