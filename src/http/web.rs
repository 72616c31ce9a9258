//! The web client's files, embedded in the binary and served over HTTP.
//!
//! Everything under `web/` is compiled into the binary with `rust-embed`
//! (in debug builds too, so tests see exactly what a release serves). The
//! client routes itself on `location.pathname`, so `/`, `/s/{id}` and
//! `/s/{id}/display` all answer with `index.html` (`/admin`, the
//! organisers' console, with `admin.html`); every other file is
//! served at its path under `web/`, and anything else is a plain 404.
//!
//! File names carry no content hash, and a binary upgrade in the middle of
//! an event must not leave browsers running stale modules, so every answer
//! says `Cache-Control: no-cache` and carries a strong `ETag`: a browser
//! revalidates each time and usually gets a bodiless `304`. Scripts and
//! style sheets lose their comment lines, and each file is gzipped, once,
//! when the routes are built, and the compressed bytes are
//! kept in memory; no request compresses anything. The headers every
//! answer carries (`nosniff`, `no-referrer`) are added for all routes in
//! `security_headers`.

use axum::body::{Body, Bytes};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use flate2::write::GzEncoder;
use flate2::Compression;
use rust_embed::RustEmbed;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::sync::OnceLock;

/// The page every client route answers with.
const INDEX: &str = "index.html";

/// The policy for HTML pages. The client has no inline script or style, so
/// nothing here says `'unsafe-inline'`.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// How many bytes of a file's SHA-256 make its `ETag`.
const ETAG_HASH_BYTES: usize = 16;

/// The files under `web/`, embedded at compile time.
#[derive(RustEmbed)]
#[folder = "web/"]
struct WebFiles;

/// One servable file, ready to send.
struct Asset {
    content_type: HeaderValue,
    etag: HeaderValue,
    body: Bytes,
    /// The gzipped body, or `None` where gzip does not make it smaller.
    gzip: Option<Bytes>,
    is_html: bool,
}

/// The routes of the web client: the client's pages and its files.
pub fn routes() -> Router<super::AppState> {
    // Compress everything now, so that no client waits for it.
    assets();
    Router::new()
        .route("/", get(index))
        .route("/s/{session_id}", get(index))
        .route("/s/{session_id}/display", get(index))
        .route("/admin", get(console))
        .route("/{*path}", get(file))
}

/// The paths (relative to `web/`) of every file that is served.
pub fn asset_paths() -> impl Iterator<Item = Cow<'static, str>> {
    WebFiles::iter().filter(|path| is_servable(path))
}

async fn index(request: HeaderMap) -> Response {
    serve(INDEX, &request)
}

/// The organisers' console has a page and an entry module of its own
/// (`admin.html`, `console-app.js`), so that the participants' pages carry
/// none of it.
async fn console(request: HeaderMap) -> Response {
    serve("admin.html", &request)
}

/// Serves the file named by the raw request path. The path is not
/// percent-decoded and is only ever looked up in the embedded set, so a
/// traversal such as `/..%2fCargo.toml` or `/lib/../../x` finds nothing.
async fn file(uri: Uri, request: HeaderMap) -> Response {
    let path = uri.path();
    serve(path.strip_prefix('/').unwrap_or(path), &request)
}

fn serve(path: &str, request: &HeaderMap) -> Response {
    let Some(asset) = assets().get(path) else {
        return not_found();
    };
    let mut response = if etag_matches(request, &asset.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        full_response(asset, request)
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, asset.etag.clone());
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if asset.is_html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
    }
    response
}

/// A `200` with the body, gzipped when the client accepts it.
fn full_response(asset: &Asset, request: &HeaderMap) -> Response {
    let gzip = asset.gzip.as_ref().filter(|_| accepts_gzip(request));
    let mut response = match gzip {
        Some(gzip) => {
            let mut response = Response::new(Body::from(gzip.clone()));
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            response
        }
        None => Response::new(Body::from(asset.body.clone())),
    };
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, asset.content_type.clone());
    response
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "not found\n",
    )
        .into_response()
}

// ---------------------------------------------------------------------------
// The assets, prepared once
// ---------------------------------------------------------------------------

fn assets() -> &'static HashMap<String, Asset> {
    static ASSETS: OnceLock<HashMap<String, Asset>> = OnceLock::new();
    ASSETS.get_or_init(load_assets)
}

fn load_assets() -> HashMap<String, Asset> {
    asset_paths()
        .filter_map(|path| {
            let file = WebFiles::get(&path)?;
            let asset = prepare(&path, file);
            Some((path.into_owned(), asset))
        })
        .collect()
}

fn prepare(path: &str, file: rust_embed::EmbeddedFile) -> Asset {
    let body = match without_comment_lines(path, &file.data) {
        Some(lean) => Bytes::from(lean),
        None => match file.data {
            Cow::Borrowed(bytes) => Bytes::from_static(bytes),
            Cow::Owned(bytes) => Bytes::from(bytes),
        },
    };
    // The tag of the bytes served, comment lines taken out or not.
    let hash = <sha2::Sha256 as sha2::Digest>::digest(&body);
    let etag = format!("\"{}\"", hex::encode(&hash[..ETAG_HASH_BYTES]));
    let content_type = content_type(path);
    Asset {
        content_type: HeaderValue::from_static(content_type),
        etag: HeaderValue::from_str(&etag).expect("a quoted hex string is a valid header value"),
        gzip: gzip_if_smaller(&body).map(Bytes::from),
        body,
        is_html: content_type.starts_with("text/html"),
    }
}

/// A script or style sheet without its comment lines, for the phone on a
/// slow link: the sources explain themselves at length, and a sixth of
/// their bytes are comments. Only whole lines go: a line that starts a
/// `//` comment, and block comments that start a line (what follows a
/// block's close on its last line stays). A file with a template literal
/// over several lines, where a line may begin with `//` inside a string,
/// is served as it is, and so are the message catalogs, which are such
/// literals. `None`: serve the file unchanged.
fn without_comment_lines(path: &str, source: &[u8]) -> Option<Vec<u8>> {
    let is_script = path.ends_with(".js") && !path.starts_with("i18n/");
    if !is_script && !path.ends_with(".css") {
        return None;
    }
    let text = std::str::from_utf8(source).ok()?;
    if text.lines().any(|line| line.matches('`').count() % 2 == 1) {
        return None;
    }
    let mut lean = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if in_block {
            if let Some(end) = trimmed.find("*/") {
                in_block = false;
                let rest = &trimmed[end + 2..];
                if !rest.trim().is_empty() {
                    lean.push_str(rest);
                    lean.push('\n');
                }
            }
            continue;
        }
        if is_script && trimmed.starts_with("//") {
            continue;
        }
        if let Some(after_open) = trimmed.strip_prefix("/*") {
            match after_open.find("*/") {
                Some(end) if after_open[end + 2..].trim().is_empty() => continue,
                Some(_) => {}
                None => {
                    in_block = true;
                    continue;
                }
            }
        }
        lean.push_str(line);
        lean.push('\n');
    }
    (lean.len() < text.len()).then(|| lean.into_bytes())
}

/// Hidden files (an editor's swap file, `.DS_Store`) are never served.
fn is_servable(path: &str) -> bool {
    !path.split('/').any(|segment| segment.starts_with('.'))
}

/// The `Content-Type` for a file, by its extension.
fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "ico" => "image/x-icon",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The body gzipped at the best level, or `None` if that is no smaller.
fn gzip_if_smaller(body: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(body).ok()?;
    let compressed = encoder.finish().ok()?;
    (compressed.len() < body.len()).then_some(compressed)
}

// ---------------------------------------------------------------------------
// Request headers
// ---------------------------------------------------------------------------

/// Whether `If-None-Match` names this file's tag (or is `*`). The
/// comparison is weak, as RFC 9110 asks: a `W/` prefix is ignored.
pub(crate) fn etag_matches(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let etag = etag.as_bytes();
    list_items(request, &header::IF_NONE_MATCH).any(|tag| {
        let tag = tag.strip_prefix("W/").unwrap_or(tag);
        tag == "*" || tag.as_bytes() == etag
    })
}

/// Whether `Accept-Encoding` allows gzip: `gzip` (or, failing that, `*`)
/// is listed with a quality above zero.
fn accepts_gzip(request: &HeaderMap) -> bool {
    let mut gzip_quality = None;
    let mut any_quality = None;
    for item in list_items(request, &header::ACCEPT_ENCODING) {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or_default().trim();
        let quality = quality(parts);
        if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            gzip_quality = Some(quality);
        } else if coding == "*" {
            any_quality = Some(quality);
        }
    }
    gzip_quality
        .or(any_quality)
        .is_some_and(|quality| quality > 0.0)
}

/// The `q` parameter among a list item's parameters: 1 when absent, 0 when
/// it does not parse.
fn quality<'a>(parameters: impl Iterator<Item = &'a str>) -> f32 {
    for parameter in parameters {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("q") {
            return value.trim().parse().unwrap_or(0.0);
        }
    }
    1.0
}

/// The comma-separated items of every instance of a header, trimmed.
fn list_items<'a>(
    request: &'a HeaderMap,
    name: &'a HeaderName,
) -> impl Iterator<Item = &'a str> + 'a {
    request
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(name: HeaderName, value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn gzip_is_accepted_only_with_a_positive_quality() {
        let accepts = |value| accepts_gzip(&headers(header::ACCEPT_ENCODING, value));
        assert!(accepts("gzip"));
        assert!(accepts("br, gzip;q=0.5, deflate"));
        assert!(accepts("GZIP"));
        assert!(accepts("*"));
        assert!(accepts("br;q=1, *;q=0.1"));
        assert!(!accepts("identity"));
        assert!(!accepts("br"));
        assert!(!accepts("gzip;q=0"));
        assert!(!accepts("gzip; q=0.000, *"));
        assert!(!accepts("*;q=0"));
        assert!(!accepts("gzip;q=nonsense"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_star() {
        let etag = HeaderValue::from_static("\"abc123\"");
        let matches = |value| etag_matches(&headers(header::IF_NONE_MATCH, value), &etag);
        assert!(matches("\"abc123\""));
        assert!(matches("W/\"abc123\""));
        assert!(matches("\"other\", \"abc123\""));
        assert!(matches("*"));
        assert!(!matches("\"abc124\""));
        assert!(!matches("abc123"));
        assert!(!matches("garbage"));
        assert!(!etag_matches(&HeaderMap::new(), &etag));
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("lib/client.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("a.mjs"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("icon.svg"), "image/svg+xml");
        assert_eq!(content_type("fonts/a.woff2"), "font/woff2");
        assert_eq!(content_type("Makefile"), "application/octet-stream");
        assert_eq!(content_type("archive.tar.gz"), "application/octet-stream");
    }

    #[test]
    fn hidden_files_are_not_servable() {
        assert!(is_servable("lib/client.js"));
        assert!(!is_servable(".DS_Store"));
        assert!(!is_servable("views/.app.js.swp"));
        assert!(!is_servable(".git/config"));
    }

    #[test]
    fn comment_lines_leave_scripts_and_styles_but_nothing_else() {
        let script = "// Why this module exists.\n/**\n * A doc comment.\n */\nexport const a = 1; // kept\n  /* a */ const b = '// not a comment';\nconst c = 3;\n";
        let lean = String::from_utf8(without_comment_lines("lib/x.js", script.as_bytes()).unwrap())
            .unwrap();
        assert_eq!(
            lean,
            "export const a = 1; // kept\n  /* a */ const b = '// not a comment';\nconst c = 3;\n"
        );
        let style = "/* Tokens */\n.a { color: red; }\n/* over\n   lines */ .b { margin: 0; }\n";
        let lean = String::from_utf8(without_comment_lines("style.css", style.as_bytes()).unwrap())
            .unwrap();
        assert_eq!(lean, ".a { color: red; }\n .b { margin: 0; }\n");
        // A template literal over several lines, a catalog, a page: as they are.
        let template = "const t = `\n// inside a string\n`;\n";
        assert_eq!(without_comment_lines("lib/t.js", template.as_bytes()), None);
        assert_eq!(
            without_comment_lines("i18n/en/common.js", script.as_bytes()),
            None
        );
        assert_eq!(without_comment_lines("index.html", script.as_bytes()), None);
    }

    #[test]
    fn gzip_is_kept_only_when_smaller() {
        let text = "hybridhub ".repeat(100);
        let compressed = gzip_if_smaller(text.as_bytes()).expect("repetitive text shrinks");
        assert!(compressed.len() < text.len());
        assert_eq!(gzip_if_smaller(b"x"), None);
    }

    #[test]
    fn every_embedded_file_is_prepared() {
        let paths: Vec<_> = asset_paths().collect();
        assert!(paths.iter().any(|path| path == INDEX), "{paths:?}");
        assert_eq!(assets().len(), paths.len());
        assert!(assets()[INDEX].is_html);
    }
}
