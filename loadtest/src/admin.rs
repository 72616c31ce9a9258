//! The few hybridhub admin HTTP calls the scenarios need: create a session,
//! and get a captioner, moderator or room display token from the invites API.
//!
//! This is a minimal HTTP/1.1 client over one TCP connection per request
//! (`Connection: close`), enough for a local server; it keeps the load
//! generator free of an HTTP client dependency.

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// An HTTP response: status code and body.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
}

/// Sends one request and reads the whole response.
pub async fn request(
    server: SocketAddr,
    method: &str,
    path: &str,
    bearer_token: Option<&str>,
    json_body: Option<&serde_json::Value>,
) -> Result<HttpResponse, String> {
    let body = json_body.map(|value| value.to_string()).unwrap_or_default();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\nAccept: application/json\r\n");
    if let Some(token) = bearer_token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    if json_body.is_some() {
        head.push_str("Content-Type: application/json\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));

    let exchange = async {
        let mut stream = TcpStream::connect(server).await?;
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body.as_bytes()).await?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await?;
        Ok::<_, std::io::Error>(raw)
    };
    let raw = tokio::time::timeout(REQUEST_TIMEOUT, exchange)
        .await
        .map_err(|_| format!("{method} {path}: timed out"))?
        .map_err(|error| format!("{method} {path}: {error}"))?;
    parse_response(&raw).ok_or_else(|| format!("{method} {path}: malformed HTTP response"))
}

/// Parses a complete HTTP/1.1 response, decoding a chunked body.
pub fn parse_response(raw: &[u8]) -> Option<HttpResponse> {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let chunked = head.lines().any(|line| {
        let lower = line.to_ascii_lowercase();
        lower.starts_with("transfer-encoding:") && lower.contains("chunked")
    });
    let body = if chunked {
        decode_chunked(body)?
    } else {
        body.to_string()
    };
    Some(HttpResponse { status, body })
}

fn decode_chunked(mut body: &str) -> Option<String> {
    let mut decoded = String::new();
    loop {
        let (size_line, rest) = body.split_once("\r\n")?;
        let size = usize::from_str_radix(size_line.split(';').next()?.trim(), 16).ok()?;
        if size == 0 {
            return Some(decoded);
        }
        decoded.push_str(rest.get(..size)?);
        body = rest.get(size..)?.strip_prefix("\r\n")?;
    }
}

/// Formats a Unix time as RFC 3339 UTC with milliseconds, as the protocol
/// writes times, for example `2026-11-25T09:00:00.000Z`.
pub fn rfc3339_utc(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let seconds_of_day = unix_seconds % 86_400;
    // Civil-from-days, after Howard Hinnant's date algorithms.
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        seconds_of_day / 3600,
        (seconds_of_day / 60) % 60,
        seconds_of_day % 60
    )
}

/// Creates a live session `session_id` that started an hour ago and ends in a
/// day. A session that already exists (HTTP 409) counts as success.
pub async fn ensure_session(
    server: SocketAddr,
    admin_token: &str,
    session_id: &str,
) -> Result<(), String> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0);
    let body = json!({
        "id": session_id,
        "title": format!("Load test {session_id}"),
        "room": "Load test room",
        "starts_at": rfc3339_utc(now.saturating_sub(3600)),
        "ends_at": rfc3339_utc(now + 86_400),
        "languages": ["en"],
        "state": "live",
    });
    let response = request(
        server,
        "POST",
        "/api/sessions",
        Some(admin_token),
        Some(&body),
    )
    .await?;
    match response.status {
        200..=299 | 409 => Ok(()),
        status => Err(format!(
            "POST /api/sessions for {session_id:?} answered HTTP {status}: {}",
            response.body.trim()
        )),
    }
}

/// Creates the live session `session_id` in a cluster and makes sure every
/// node has it. The first node creates it in the cluster's session
/// directory; every other node answers 409 and, from that answer on, has
/// the session as the first one created it (see ARCHITECTURE.md, *Cluster
/// mode*). So asking each node in turn is enough.
pub async fn ensure_replicated_session(
    servers: &[SocketAddr],
    admin_token: &str,
    session_id: &str,
) -> Result<(), String> {
    if servers.is_empty() {
        return Err("no server to create the session on".to_string());
    }
    for &server in servers {
        ensure_session(server, admin_token, session_id).await?;
    }
    Ok(())
}

/// Asks the invites API for a captioner token for `session_id`.
pub async fn captioner_token(
    server: SocketAddr,
    admin_token: &str,
    session_id: &str,
) -> Result<String, String> {
    invite_token(server, admin_token, session_id, "captioner").await
}

/// Asks the invites API for a token giving `role` (`captioner`,
/// `moderator` or `display`) in `session_id`.
pub async fn invite_token(
    server: SocketAddr,
    admin_token: &str,
    session_id: &str,
    role: &str,
) -> Result<String, String> {
    let path = format!("/api/sessions/{session_id}/invites");
    let response = request(
        server,
        "POST",
        &path,
        Some(admin_token),
        Some(&json!({"role": role})),
    )
    .await?;
    if !(200..=299).contains(&response.status) {
        return Err(format!(
            "POST {path} ({role}) answered HTTP {}: {}",
            response.status,
            response.body.trim()
        ));
    }
    let value: serde_json::Value = serde_json::from_str(&response.body)
        .map_err(|error| format!("POST {path}: body is not JSON: {error}"))?;
    value["token"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("POST {path}: no \"token\" in {}", response.body.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formatting_matches_known_dates() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00.000Z");
        assert_eq!(rfc3339_utc(1_795_597_200), "2026-11-25T09:00:00.000Z");
    }

    #[test]
    fn responses_parse_with_and_without_chunking() {
        let plain = b"HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\n{}";
        let parsed = parse_response(plain).unwrap();
        assert_eq!((parsed.status, parsed.body.as_str()), (201, "{}"));
        let chunked = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n";
        let parsed = parse_response(chunked).unwrap();
        assert_eq!((parsed.status, parsed.body.as_str()), (200, "{\"a\":1}"));
    }
}
