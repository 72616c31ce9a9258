//! Which hosts this server answers to, and which browser origins may open
//! its WebSockets.
//!
//! **Hosts.** A page on another site whose name is made to resolve to this
//! server (DNS rebinding) reaches it with its own name in `Host`, and the
//! browser then treats the answers as that page's own. So a request is
//! answered only if its `Host` names this server: any IP address (a
//! rebinding needs a name, and an address can only be this server's own),
//! `localhost`, the `--public-url`'s host, or a name allowed with
//! `--allowed-host`. Anything else, or several `Host` headers, is refused
//! with `421 unknown_host`. A request without `Host` (HTTP/1.0) comes from
//! no browser and is answered.
//!
//! **Origins.** A browser sends `Origin` with every WebSocket upgrade; the
//! upgrade is allowed when it is absent (not a browser), on the
//! `--allowed-origin` list, or this server's own origin, compared in scheme,
//! host and port: the `--public-url`'s, or without one, `http://` and the
//! request's `Host` (the server itself speaks plain HTTP).

use super::error::ApiError;
use super::AppState;
use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;
use url::Url;

/// A browser origin: scheme, host and port (the scheme's default when the
/// origin leaves it out), in lower case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// An `Origin` header's value (`scheme://host[:port]`, nothing more),
    /// or `None` for an opaque origin (`null`), another scheme, or extra
    /// parts (a path, a user).
    pub fn parse(text: &str) -> Option<Origin> {
        let url = Url::parse(text).ok()?;
        let plain = matches!(url.scheme(), "http" | "https")
            && url.username().is_empty()
            && url.password().is_none()
            && url.path() == "/"
            && url.query().is_none()
            && url.fragment().is_none()
            && !text.ends_with('/');
        if !plain {
            return None;
        }
        Some(Origin {
            scheme: url.scheme().to_owned(),
            host: url.host_str()?.to_ascii_lowercase(),
            port: url.port_or_known_default()?,
        })
    }

    /// The origin of pages served over plain HTTP at `host` (a `Host`
    /// header's value).
    fn served_at(host: &str) -> Option<Origin> {
        Origin::parse(&format!("http://{host}"))
    }
}

/// The host names (besides IP addresses) this server answers to, and its
/// own origin when it has a public URL.
#[derive(Clone, Debug)]
pub struct HostPolicy {
    /// In lower case, without a trailing dot.
    names: Vec<String>,
    public_origin: Option<Origin>,
}

impl HostPolicy {
    /// The policy for a server reached at `public_url` (if given) and at
    /// the `allowed_hosts`; an error names a value that is not one.
    pub fn new(public_url: Option<&str>, allowed_hosts: &[String]) -> Result<HostPolicy, String> {
        let mut names = vec!["localhost".to_owned()];
        let mut public_origin = None;
        if let Some(public_url) = public_url {
            let url = Url::parse(public_url)
                .ok()
                .filter(|url| matches!(url.scheme(), "http" | "https"))
                .and_then(|url| {
                    let host = url.host_str()?.to_ascii_lowercase();
                    Some((url.scheme().to_owned(), host, url.port_or_known_default()?))
                });
            let Some((scheme, host, port)) = url else {
                return Err(format!(
                    "--public-url {public_url:?} is not an http or https URL with a host"
                ));
            };
            names.push(normalise(&host));
            public_origin = Some(Origin { scheme, host, port });
        }
        for host in allowed_hosts {
            let valid = !host.is_empty()
                && host
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || b".-_".contains(&byte));
            if !valid {
                return Err(format!(
                    "--allowed-host {host:?} is not a host name (letters, digits, '.', '-', no port)"
                ));
            }
            names.push(normalise(host));
        }
        Ok(HostPolicy {
            names,
            public_origin,
        })
    }

    /// Whether a `Host` header's value names this server.
    pub fn serves(&self, host: &str) -> bool {
        let Ok(authority) = host.parse::<Authority>() else {
            return false;
        };
        if authority.as_str().contains('@') {
            return false;
        }
        let name = authority.host();
        let literal = name.trim_start_matches('[').trim_end_matches(']');
        if literal.parse::<IpAddr>().is_ok() {
            return true;
        }
        let name = normalise(name);
        self.names.contains(&name)
    }

    /// Whether the request's `Origin` is this server's own origin (not
    /// merely allowed): what a change made with the sign-in cookie needs.
    /// A request without `Origin` is not.
    pub fn is_own_origin(&self, headers: &HeaderMap) -> bool {
        let Some(origin) = headers
            .get(header::ORIGIN)
            .and_then(|origin| origin.to_str().ok())
            .and_then(Origin::parse)
        else {
            return false;
        };
        self.own_origin(headers).is_some_and(|own| own == origin)
    }

    /// This server's origin: the `--public-url`'s, or `http://` and the
    /// request's `Host`.
    fn own_origin(&self, headers: &HeaderMap) -> Option<Origin> {
        match &self.public_origin {
            Some(public_origin) => Some(public_origin.clone()),
            None => headers
                .get(header::HOST)
                .and_then(|host| host.to_str().ok())
                .and_then(Origin::served_at),
        }
    }

    /// Whether a WebSocket upgrade's `Origin` may open a WebSocket here
    /// (see the module's documentation).
    pub fn origin_allowed(&self, headers: &HeaderMap, allowed_origins: &[String]) -> bool {
        let Some(origin) = headers.get(header::ORIGIN) else {
            return true;
        };
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        let parsed = Origin::parse(origin);
        let listed = allowed_origins.iter().any(|allowed| {
            allowed == "*"
                || allowed.eq_ignore_ascii_case(origin)
                || (parsed.is_some() && Origin::parse(allowed) == parsed)
        });
        if listed {
            return true;
        }
        let Some(origin) = parsed else {
            return false;
        };
        self.own_origin(headers).is_some_and(|own| own == origin)
    }
}

/// A host name in lower case without the trailing dot of a fully
/// qualified name.
fn normalise(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

/// Refuses a request whose `Host` is not one this server answers to.
pub async fn require_served_host(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let served = match (hosts.next(), hosts.next()) {
        (None, _) => true,
        (Some(host), None) => host.to_str().is_ok_and(|host| state.hosts.serves(host)),
        // Which of several would a proxy on the way have read?
        (Some(_), Some(_)) => false,
    };
    if !served {
        state.hub.metrics.unknown_host_requests.inc();
        return ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "unknown_host",
            "this server does not answer to the host this request names (Host); \
             its operator can allow a name with --allowed-host",
        )
        .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_ip_addresses_localhost_and_the_named_ones() {
        let policy = HostPolicy::new(
            Some("https://Hub.Example.org/base"),
            &["venue.local".into()],
        )
        .unwrap();
        for served in [
            "127.0.0.1:8080",
            "10.1.2.3",
            "[::1]:8080",
            "[2001:db8::7]",
            "localhost",
            "localhost:3000",
            "localhost.",
            "hub.example.org",
            "HUB.EXAMPLE.ORG:443",
            "venue.local:8080",
        ] {
            assert!(policy.serves(served), "{served}");
        }
        for refused in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "hub.example.org.evil.example",
            "user@localhost",
            "",
            "bad host",
            "[::1",
        ] {
            assert!(!policy.serves(refused), "{refused}");
        }
    }

    #[test]
    fn a_bad_public_url_or_allowed_host_is_an_error() {
        assert!(HostPolicy::new(Some("hub.example.org"), &[]).is_err());
        assert!(HostPolicy::new(Some("ftp://hub.example.org"), &[]).is_err());
        assert!(HostPolicy::new(None, &["hub.example.org:8080".into()]).is_err());
        assert!(HostPolicy::new(None, &["".into()]).is_err());
        assert!(HostPolicy::new(None, &["hub.example.org".into()]).is_ok());
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let parse = |text| Origin::parse(text);
        assert_eq!(parse("http://a.example"), parse("http://a.example:80"));
        assert_eq!(parse("HTTPS://A.example"), parse("https://a.example:443"));
        assert_ne!(parse("http://a.example"), parse("https://a.example"));
        assert_ne!(
            parse("http://a.example:8080"),
            parse("http://a.example:8081")
        );
        for opaque in [
            "null",
            "chrome-extension://127.0.0.1:8080",
            "file://",
            "http://a.example/",
            "http://a.example/path",
            "http://user@a.example",
            "a.example",
        ] {
            assert_eq!(parse(opaque), None, "{opaque}");
        }
    }

    fn upgrade(host: &str, origin: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, host.parse().unwrap());
        if let Some(origin) = origin {
            headers.insert(header::ORIGIN, origin.parse().unwrap());
        }
        headers
    }

    #[test]
    fn origin_table() {
        let local = HostPolicy::new(None, &[]).unwrap();
        let public = HostPolicy::new(Some("https://hub.example.org"), &[]).unwrap();
        let allowed = vec!["https://igf.example".to_owned()];
        let cases: Vec<(&HostPolicy, &str, Option<&str>, bool)> = vec![
            (&local, "127.0.0.1:8080", None, true),
            (
                &local,
                "127.0.0.1:8080",
                Some("http://127.0.0.1:8080"),
                true,
            ),
            (
                &local,
                "localhost:8080",
                Some("http://localhost:8080"),
                true,
            ),
            (
                &local,
                "127.0.0.1:8080",
                Some("http://localhost:8080"),
                false,
            ),
            (
                &local,
                "127.0.0.1:8080",
                Some("https://127.0.0.1:8080"),
                false,
            ),
            (
                &local,
                "127.0.0.1:8080",
                Some("http://127.0.0.1:8081"),
                false,
            ),
            (
                &local,
                "127.0.0.1:8080",
                Some("chrome-extension://127.0.0.1:8080"),
                false,
            ),
            (
                &local,
                "127.0.0.1:8080",
                Some("https://evil.example"),
                false,
            ),
            (&local, "127.0.0.1:8080", Some("null"), false),
            (&local, "hub.igf.example", Some("https://igf.example"), true),
            (
                &local,
                "hub.igf.example",
                Some("https://IGF.example:443"),
                true,
            ),
            (
                &public,
                "127.0.0.1:8080",
                Some("https://hub.example.org"),
                true,
            ),
            (
                &public,
                "hub.example.org",
                Some("https://hub.example.org:443"),
                true,
            ),
            (
                &public,
                "hub.example.org",
                Some("http://hub.example.org"),
                false,
            ),
            (
                &public,
                "127.0.0.1:8080",
                Some("http://127.0.0.1:8080"),
                false,
            ),
        ];
        for (policy, host, origin, expected) in cases {
            assert_eq!(
                policy.origin_allowed(&upgrade(host, origin), &allowed),
                expected,
                "Host {host}, Origin {origin:?}"
            );
        }
        let anyone = vec!["*".to_owned()];
        assert!(local.origin_allowed(&upgrade("127.0.0.1:8080", Some("null")), &anyone));
    }
}
