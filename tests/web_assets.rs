//! The embedded web client over real HTTP: the client's routes, every
//! embedded file with its content type, gzip, ETag revalidation, the
//! security headers, and that nothing outside the embedded set is served.

mod common;

use common::{http_bytes, start, HttpBytesResponse, TestServer};
use flate2::read::GzDecoder;
use hybridhub::http::web::asset_paths;
use sha2::{Digest, Sha256};
use std::io::Read;

const HTML: &str = "text/html; charset=utf-8";
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; \
     img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

async fn get(server: &TestServer, path: &str, headers: &[(&str, &str)]) -> HttpBytesResponse {
    http_bytes(server.addr, "GET", path, headers).await
}

/// The content type each extension must be served with.
fn expected_content_type(path: &str) -> Option<&'static str> {
    let extension = path.rsplit_once('.')?.1;
    Some(match extension {
        "html" => HTML,
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "ico" => "image/x-icon",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => return None,
    })
}

/// The ETag the server must give a body: the quoted hex of the first 16
/// bytes of its SHA-256.
fn expected_etag(body: &[u8]) -> String {
    format!("\"{}\"", hex::encode(&Sha256::digest(body)[..16]))
}

fn gunzip(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    GzDecoder::new(body)
        .read_to_end(&mut out)
        .expect("the body is valid gzip");
    out
}

/// Checks the headers every answer of the web routes carries.
fn assert_security_headers(response: &HttpBytesResponse, what: &str) {
    assert_eq!(
        response.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        response.header("referrer-policy"),
        Some("no-referrer"),
        "{what}"
    );
}

/// Checks a successful or not-modified answer's caching headers.
fn assert_cache_headers(response: &HttpBytesResponse, what: &str) {
    assert_eq!(response.header("cache-control"), Some("no-cache"), "{what}");
    let vary = response.header("vary").unwrap_or_default();
    assert!(
        vary.eq_ignore_ascii_case("accept-encoding"),
        "{what}: {vary}"
    );
    assert!(response.header("etag").is_some(), "{what}: no ETag");
}

#[tokio::test]
async fn every_client_route_serves_index_html_with_the_csp() {
    let server = start().await;
    server.create_session("main-session", "live").await;
    let on_disk = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/web/index.html"))
        .expect("web/index.html exists");

    let paths = [
        "/",
        "/index.html",
        "/s/main-session",
        "/s/main-session/display",
        "/s/x/display",
        "/s/no-such-session",
    ];
    for path in paths {
        let response = get(&server, path, &[]).await;
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.body, on_disk, "{path} serves web/index.html");
        assert_eq!(response.header("content-type"), Some(HTML), "{path}");
        assert_eq!(
            response.header("content-security-policy"),
            Some(CSP),
            "{path}"
        );
        assert_eq!(response.header("content-encoding"), None, "{path}");
        assert_eq!(
            response.header("etag"),
            Some(expected_etag(&on_disk).as_str()),
            "{path}"
        );
        assert_cache_headers(&response, path);
        assert_security_headers(&response, path);
    }
}

#[tokio::test]
async fn every_embedded_file_is_served_with_its_content_type() {
    let server = start().await;
    let paths: Vec<String> = asset_paths().map(|path| path.into_owned()).collect();
    assert!(paths.iter().any(|path| path == "index.html"), "{paths:?}");

    for path in &paths {
        let url = format!("/{path}");
        let response = get(&server, &url, &[]).await;
        assert_eq!(response.status, 200, "{url}");
        let expected = expected_content_type(path)
            .unwrap_or_else(|| panic!("{path} has no known content type"));
        assert_eq!(response.header("content-type"), Some(expected), "{url}");
        assert_eq!(
            response.header("etag"),
            Some(expected_etag(&response.body).as_str()),
            "{url}"
        );
        let is_html = expected == HTML;
        assert_eq!(
            response.header("content-security-policy").is_some(),
            is_html,
            "{url}: the CSP is for HTML only"
        );
        assert_cache_headers(&response, &url);
        assert_security_headers(&response, &url);
    }
}

#[tokio::test]
async fn gzip_is_sent_when_accepted_and_decompresses_to_the_same_bytes() {
    let server = start().await;
    for path in asset_paths() {
        let url = format!("/{path}");
        let plain = get(&server, &url, &[]).await;
        assert_eq!(plain.header("content-encoding"), None, "{url}");

        let zipped = get(&server, &url, &[("Accept-Encoding", "gzip, deflate, br")]).await;
        assert_eq!(zipped.status, 200, "{url}");
        assert_eq!(
            zipped.header("content-type"),
            plain.header("content-type"),
            "{url}"
        );
        assert_eq!(zipped.header("etag"), plain.header("etag"), "{url}");
        assert_cache_headers(&zipped, &url);
        match zipped.header("content-encoding") {
            Some(encoding) => {
                assert_eq!(encoding, "gzip", "{url}");
                assert!(
                    zipped.body.len() < plain.body.len(),
                    "{url}: gzip is smaller"
                );
                assert_eq!(gunzip(&zipped.body), plain.body, "{url}");
            }
            None => assert_eq!(zipped.body, plain.body, "{url}"),
        }
    }

    // The page is HTML of some size, so gzip must shrink it.
    let page = get(&server, "/", &[("Accept-Encoding", "gzip")]).await;
    assert_eq!(page.header("content-encoding"), Some("gzip"));
    let plain = get(&server, "/", &[]).await;
    assert_eq!(gunzip(&page.body), plain.body);

    // gzip refused outright, or only identity offered: no gzip.
    for refusal in ["gzip;q=0", "identity", "br"] {
        let response = get(&server, "/", &[("Accept-Encoding", refusal)]).await;
        assert_eq!(response.header("content-encoding"), None, "{refusal}");
        assert_eq!(response.body, plain.body, "{refusal}");
    }
    let wildcard = get(&server, "/", &[("Accept-Encoding", "*")]).await;
    assert_eq!(wildcard.header("content-encoding"), Some("gzip"));
}

#[tokio::test]
async fn a_matching_etag_gives_304_without_a_body() {
    let server = start().await;
    let first = get(&server, "/", &[]).await;
    let etag = first.header("etag").expect("an ETag").to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong: {etag}"
    );

    for path in ["/", "/index.html", "/s/main-session"] {
        for accept in ["identity", "gzip"] {
            let headers = [
                ("If-None-Match", etag.as_str()),
                ("Accept-Encoding", accept),
            ];
            let response = get(&server, path, &headers).await;
            assert_eq!(response.status, 304, "{path} {accept}");
            assert!(response.body.is_empty(), "{path}: {:?}", response.body);
            assert_eq!(response.header("etag"), Some(etag.as_str()), "{path}");
            assert_cache_headers(&response, path);
            assert_security_headers(&response, path);
        }
    }

    let listed = format!("\"0123\", {etag}");
    let weak = format!("W/{etag}");
    for matching in [listed.as_str(), weak.as_str(), "*"] {
        let response = get(&server, "/", &[("If-None-Match", matching)]).await;
        assert_eq!(response.status, 304, "If-None-Match: {matching}");
    }

    let changed = format!("\"{}\"", "0".repeat(32));
    for stale in [changed.as_str(), "garbage", "\"\""] {
        let response = get(&server, "/", &[("If-None-Match", stale)]).await;
        assert_eq!(response.status, 200, "If-None-Match: {stale}");
        assert_eq!(response.body, first.body, "If-None-Match: {stale}");
    }
}

#[tokio::test]
async fn head_answers_with_the_headers_and_no_body() {
    let server = start().await;
    let response = http_bytes(server.addr, "HEAD", "/", &[]).await;
    assert_eq!(response.status, 200);
    assert!(response.body.is_empty());
    assert_eq!(response.header("content-type"), Some(HTML));
    assert_eq!(response.header("content-security-policy"), Some(CSP));
    assert_cache_headers(&response, "HEAD /");
}

#[tokio::test]
async fn unknown_files_and_traversals_are_404() {
    let server = start().await;
    let paths = [
        "/no-such-file.js",
        "/lib/no-such-module.js",
        "/Cargo.toml",
        "/web/index.html",
        "/s/x/display/extra",
        "/s/",
        "/index.html/",
        "/..%2fCargo.toml",
        "/%2e%2e/Cargo.toml",
        "/lib/../../Cargo.toml",
        "/../Cargo.toml",
        "/./index.html",
        "//index.html",
        "/..%2f..%2fsrc%2fmain.rs",
        "/..\\Cargo.toml",
    ];
    for path in paths {
        let response = get(&server, path, &[]).await;
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some("text/plain; charset=utf-8"),
            "{path}"
        );
        let body = String::from_utf8_lossy(&response.body);
        assert!(!body.contains("[package]"), "{path}: {body}");
        assert_security_headers(&response, path);
    }
}
