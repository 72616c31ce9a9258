//! The NATS connection under cluster mode: which servers, how a node
//! authenticates (a credentials file, a user and password, or a token), TLS,
//! and how it connects: start-up keeps trying for a while (NATS may be
//! starting too) and fails with a clear error on a bad option; once
//! connected, the client reconnects forever, to any of the servers given or
//! discovered.

use super::jetstream::CommandLogError;
use async_nats::rustls::pki_types::pem::PemObject;
use async_nats::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use async_nats::{ConnectErrorKind, ConnectOptions, ServerAddr};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::time::Instant;

/// How long start-up keeps trying to reach NATS, by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest wait between two reconnect attempts: short, so that after
/// NATS comes back every node is back within about a second of the others
/// (much less than the node timeout, so none declares another down).
const MAX_RECONNECT_DELAY: Duration = Duration::from_secs(1);
/// How often the client pings the server: a dead server is noticed after
/// two unanswered pings even when its TCP connection never closes.
const PING_INTERVAL: Duration = Duration::from_secs(10);

/// How a node connects to NATS, besides the servers' URLs. The default:
/// no authentication, TLS only if a URL says `tls://` or the server asks.
#[derive(Clone, PartialEq, Eq)]
pub struct NatsOptions {
    /// A NATS credentials file (a user JWT and its NKey seed).
    pub credentials_file: Option<PathBuf>,
    /// A user name and password.
    pub user_and_password: Option<(String, String)>,
    /// An authentication token.
    pub token: Option<String>,
    /// PEM certificates of the CAs the servers' certificates must chain to
    /// (instead of the system's). Implies TLS.
    pub tls_ca: Option<PathBuf>,
    /// A client certificate and its private key (PEM), for servers that
    /// verify clients. Implies TLS.
    pub tls_client_certificate: Option<(PathBuf, PathBuf)>,
    /// Refuse to connect without TLS.
    pub tls_required: bool,
    /// The connection's name, shown in the servers' monitoring.
    pub name: Option<String>,
    /// How long start-up keeps trying to reach NATS and open the stream.
    pub connect_timeout: Duration,
}

impl Default for NatsOptions {
    fn default() -> NatsOptions {
        NatsOptions {
            credentials_file: None,
            user_and_password: None,
            token: None,
            tls_ca: None,
            tls_client_certificate: None,
            tls_required: false,
            name: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        }
    }
}

impl fmt::Debug for NatsOptions {
    /// Never shows the password or the token.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("NatsOptions")
            .field("credentials_file", &self.credentials_file)
            .field(
                "user",
                &self.user_and_password.as_ref().map(|(user, _)| user),
            )
            .field("token", &self.token.as_ref().map(|_| "<hidden>"))
            .field("tls_ca", &self.tls_ca)
            .field("tls_client_certificate", &self.tls_client_certificate)
            .field("tls_required", &self.tls_required)
            .field("name", &self.name)
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

impl NatsOptions {
    /// Whether the connection must use TLS: asked for, or implied by a CA
    /// or a client certificate.
    pub fn uses_tls(&self) -> bool {
        self.tls_required || self.tls_ca.is_some() || self.tls_client_certificate.is_some()
    }

    /// Checks what can be checked before connecting: one way to
    /// authenticate at most, and readable credentials and certificates.
    pub fn validate(&self) -> Result<(), CommandLogError> {
        let ways = [
            self.credentials_file.is_some(),
            self.user_and_password.is_some(),
            self.token.is_some(),
        ];
        if ways.iter().filter(|way| **way).count() > 1 {
            return Err(config_error(
                "give one of a credentials file, a user and password, or a token",
            ));
        }
        if let Some((user, _)) = &self.user_and_password {
            if user.is_empty() {
                return Err(config_error("the NATS user name is empty"));
            }
        }
        if let Some(path) = &self.credentials_file {
            let text = std::fs::read_to_string(path).map_err(|error| {
                config_error(format!(
                    "cannot read the NATS credentials file {path:?}: {error}"
                ))
            })?;
            // Parses the JWT and the seed, without connecting.
            ConnectOptions::new().credentials(&text).map_err(|error| {
                config_error(format!("{path:?} is not a NATS credentials file: {error}"))
            })?;
        }
        if let Some(path) = &self.tls_ca {
            read_certificates(path, "CA")?;
        }
        if let Some((certificate, key)) = &self.tls_client_certificate {
            read_certificates(certificate, "client")?;
            PrivateKeyDer::from_pem_file(key)
                .map_err(|error| config_error(format!("no private key in {key:?}: {error}")))?;
        }
        Ok(())
    }

    /// The async-nats options: authentication, TLS, and reconnecting
    /// forever with short delays.
    async fn connect_options(&self) -> Result<ConnectOptions, CommandLogError> {
        let mut options = ConnectOptions::new()
            .max_reconnects(None)
            .reconnect_delay_callback(reconnect_delay)
            .ping_interval(PING_INTERVAL);
        if let Some(name) = &self.name {
            options = options.name(name);
        }
        if let Some(path) = &self.credentials_file {
            options = options.credentials_file(path).await.map_err(|error| {
                config_error(format!("the NATS credentials file {path:?}: {error}"))
            })?;
        }
        if let Some((user, password)) = &self.user_and_password {
            options = options.user_and_password(user.clone(), password.clone());
        }
        if let Some(token) = &self.token {
            options = options.token(token.clone());
        }
        if let Some(path) = &self.tls_ca {
            options = options.add_root_certificates(path.clone());
        }
        if let Some((certificate, key)) = &self.tls_client_certificate {
            options = options.add_client_certificate(certificate.clone(), key.clone());
        }
        Ok(options.require_tls(self.uses_tls()))
    }
}

/// The servers in `--nats`: one URL, or several separated by commas
/// (`nats://` is assumed without a scheme, port 4222 without a port).
pub fn parse_servers(urls: &str) -> Result<Vec<ServerAddr>, CommandLogError> {
    let servers = urls
        .split(',')
        .map(str::trim)
        .filter(|url| !url.is_empty())
        .map(|url| {
            let server: ServerAddr = url.parse().map_err(|error| {
                config_error(format!("{url:?} is not a NATS server URL: {error}"))
            })?;
            if server.is_websocket() {
                return Err(config_error(format!(
                    "{url:?}: NATS over WebSocket is not supported; use nats:// or tls://"
                )));
            }
            Ok(server)
        })
        .collect::<Result<Vec<_>, _>>()?;
    if servers.is_empty() {
        return Err(config_error("no NATS server URL given"));
    }
    Ok(servers)
}

/// The servers of `urls` for messages and logs: scheme, host and port,
/// never a user or password written in a URL.
pub fn describe_servers(urls: &str) -> String {
    match parse_servers(urls) {
        Ok(servers) => servers
            .iter()
            .map(|server| format!("{}://{}:{}", server.scheme(), server.host(), server.port()))
            .collect::<Vec<_>>()
            .join(","),
        Err(_) => "(unparsable --nats)".to_owned(),
    }
}

/// Connects to the first of `urls` that answers. Until `connect_timeout`
/// has passed, a server that cannot be reached is tried again (NATS may be
/// starting); a bad option or a refused authentication fails at once.
pub async fn connect(
    urls: &str,
    options: &NatsOptions,
) -> Result<async_nats::Client, CommandLogError> {
    let servers = parse_servers(urls)?;
    options.validate()?;
    let shown = describe_servers(urls);
    let deadline = Instant::now() + options.connect_timeout;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let error = match options
            .connect_options()
            .await?
            .connect(servers.as_slice())
            .await
        {
            Ok(client) => return Ok(client),
            Err(error) => error,
        };
        let permanent = matches!(
            error.kind(),
            ConnectErrorKind::ServerParse
                | ConnectErrorKind::Authentication
                | ConnectErrorKind::AuthorizationViolation
                | ConnectErrorKind::Tls
        );
        if permanent {
            return Err(config_error(format!(
                "connecting to NATS at {shown}: {error}"
            )));
        }
        if is_tls_failure(&error) {
            return Err(config_error(format!(
                "connecting to NATS at {shown}: the TLS handshake failed (check --nats-tls-ca, \
                 --nats-tls-cert and --nats-tls-key, and that the server speaks TLS): {error}"
            )));
        }
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return Err(config_error(format!(
                "cannot reach NATS at {shown}; gave up after {:?} \
                 (--nats-connect-timeout-secs): {error}",
                options.connect_timeout
            )));
        };
        tracing::warn!(nats = %shown, %error, attempt, "cannot reach NATS yet; trying again");
        tokio::time::sleep(retry_delay(attempt).min(left)).await;
    }
}

/// The wait before start-up's attempt number `attempt + 1`: from 100 ms,
/// doubling, at most 2 s.
pub(crate) fn retry_delay(attempt: u32) -> Duration {
    Duration::from_millis(100u64 << attempt.saturating_sub(1).min(5)).min(Duration::from_secs(2))
}

/// The wait before reconnect attempt `attempts`: at once for the first,
/// then from 100 ms doubling to [`MAX_RECONNECT_DELAY`], with up to 100 ms
/// of jitter so that nodes do not all knock at the same instant.
fn reconnect_delay(attempts: usize) -> Duration {
    if attempts <= 1 {
        return Duration::ZERO;
    }
    let exponent = (attempts - 2).min(4) as u32;
    let delay = Duration::from_millis(100 * 2u64.pow(exponent)).min(MAX_RECONNECT_DELAY);
    delay + Duration::from_millis(rand::random::<u64>() % 100)
}

/// Whether a connect error is a failed TLS handshake (an unknown CA, a
/// refused client certificate, a server that does not speak TLS), which
/// async-nats reports as an IO error: trying again would not help.
fn is_tls_failure(error: &async_nats::ConnectError) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(current) = cause {
        if current.is::<async_nats::rustls::Error>() {
            return true;
        }
        let inner = current
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref);
        if inner.is_some_and(|inner| inner.is::<async_nats::rustls::Error>()) {
            return true;
        }
        cause = current.source();
    }
    false
}

fn read_certificates(path: &Path, what: &str) -> Result<(), CommandLogError> {
    let certificates = CertificateDer::pem_file_iter(path)
        .and_then(|certificates| certificates.collect::<Result<Vec<_>, _>>())
        .map_err(|error| {
            config_error(format!(
                "cannot read the {what} certificate file {path:?}: {error}"
            ))
        })?;
    if certificates.is_empty() {
        return Err(config_error(format!(
            "no PEM certificate in the {what} certificate file {path:?}"
        )));
    }
    Ok(())
}

fn config_error(message: impl Into<String>) -> CommandLogError {
    CommandLogError::Config(message.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_servers_separated_by_commas() {
        let servers =
            parse_servers("nats://127.0.0.1:4222, 127.0.0.1:4223,tls://nats.example:7422")
                .expect("valid URLs");
        let ports: Vec<u16> = servers.iter().map(ServerAddr::port).collect();
        assert_eq!(ports, [4222, 4223, 7422]);
        assert!(servers[2].tls_required());
        assert_eq!(parse_servers("nats.example").unwrap()[0].port(), 4222);
    }

    #[test]
    fn described_servers_hide_passwords() {
        assert_eq!(
            describe_servers("nats://hub:s3cret@127.0.0.1:4222,tls://nats.example"),
            "nats://127.0.0.1:4222,tls://nats.example:4222"
        );
    }

    #[test]
    fn bad_server_urls_are_refused_with_the_url() {
        for bad in [
            "",
            " , ",
            "http://127.0.0.1:4222",
            "ws://127.0.0.1:8080",
            "nats://[::1",
        ] {
            let error = parse_servers(bad).expect_err(bad).to_string();
            assert!(error.contains("NATS"), "{bad:?}: {error}");
        }
        let error = parse_servers("nats://ok:4222,http://bad").unwrap_err();
        assert!(error.to_string().contains("http://bad"), "{error}");
    }

    #[test]
    fn one_way_to_authenticate_and_readable_files() {
        assert!(NatsOptions::default().validate().is_ok());
        let both = NatsOptions {
            token: Some("t".into()),
            user_and_password: Some(("u".into(), "p".into())),
            ..NatsOptions::default()
        };
        assert!(both.validate().unwrap_err().to_string().contains("one of"));
        let missing = NatsOptions {
            credentials_file: Some("/nonexistent/hub.creds".into()),
            ..NatsOptions::default()
        };
        let error = missing.validate().unwrap_err().to_string();
        assert!(error.contains("/nonexistent/hub.creds"), "{error}");
        let directory = tempfile::tempdir().unwrap();
        let not_pem = directory.path().join("ca.pem");
        std::fs::write(&not_pem, "not a certificate").unwrap();
        let bad_ca = NatsOptions {
            tls_ca: Some(not_pem.clone()),
            ..NatsOptions::default()
        };
        assert!(bad_ca.uses_tls());
        let error = bad_ca.validate().unwrap_err().to_string();
        assert!(error.contains("no PEM certificate"), "{error}");
        let bad_creds = NatsOptions {
            credentials_file: Some(not_pem),
            ..NatsOptions::default()
        };
        let error = bad_creds.validate().unwrap_err().to_string();
        assert!(error.contains("not a NATS credentials file"), "{error}");
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let options = NatsOptions {
            user_and_password: Some(("hub".into(), "s3cret-password".into())),
            token: Some("s3cret-token".into()),
            ..NatsOptions::default()
        };
        let shown = format!("{options:?}");
        assert!(shown.contains("hub"), "{shown}");
        assert!(!shown.contains("s3cret"), "{shown}");
    }

    #[test]
    fn delays_grow_and_stay_short() {
        assert_eq!(retry_delay(1), Duration::from_millis(100));
        assert_eq!(retry_delay(2), Duration::from_millis(200));
        assert_eq!(retry_delay(30), Duration::from_secs(2));
        assert_eq!(reconnect_delay(1), Duration::ZERO);
        for attempts in 2..50 {
            let delay = reconnect_delay(attempts);
            assert!(delay >= Duration::from_millis(100), "{delay:?}");
            assert!(delay < MAX_RECONNECT_DELAY + Duration::from_millis(100));
        }
    }
}
