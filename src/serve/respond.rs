//! The server's responses: a file of the site with its content type, the
//! redirect from a folder to its page, the small pages for what is missing
//! or refused, and the headers every response carries. Nothing here reads a
//! request; [`super::paths`] has decided what to answer.

use axum::body::{Body, Bytes};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use super::inject;

/// Headers on every response: nothing is cached (the site changes with
/// every save), and browsers take the content type as given.
pub(super) async fn common_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A file of the site: its bytes as `build` writes them, with the live
/// script injected when it is an HTML page.
pub(super) fn file(key: &str, bytes: &Arc<[u8]>, live_tag: impl FnOnce() -> String) -> Response {
    let kind = content_type(key, bytes);
    let body = if kind.is_html {
        inject::inject(bytes, &live_tag()).map_or_else(|| shared(bytes), Bytes::from)
    } else {
        shared(bytes)
    };
    ([(header::CONTENT_TYPE, kind.header)], body).into_response()
}

/// The bytes of a file, shared with the snapshot rather than copied.
fn shared(bytes: &Arc<[u8]>) -> Bytes {
    Bytes::from_owner(Arc::clone(bytes))
}

/// The content type of a file and whether it is HTML.
struct Kind {
    header: HeaderValue,
    is_html: bool,
}

/// The content type of the file at `key`: by its extension (the table of
/// `mime_guess`), except `feed.xml`, which the output layout makes an Atom
/// feed. Text is marked UTF-8 when it is, as everything privsite writes is.
fn content_type(key: &str, bytes: &[u8]) -> Kind {
    let name = key.rsplit('/').next().unwrap_or(key);
    let mime = if name == "feed.xml" {
        "application/atom+xml".parse().expect("a valid media type")
    } else {
        mime_guess::from_path(name).first_or_octet_stream()
    };
    let is_html = mime.essence_str() == "text/html";
    let text = mime.type_() == "text" || mime.suffix() == Some(mime_guess::mime::XML);
    let value = if text && std::str::from_utf8(bytes).is_ok() {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_owned()
    };
    Kind {
        header: HeaderValue::from_str(&value).expect("a media type is a valid header value"),
        is_html,
    }
}

/// The redirect from a folder written without its final `/` to the folder.
/// Temporary: the next build may make the name a file.
pub(super) fn redirect(path: &str, query: Option<&str>) -> Response {
    let location = match query {
        Some(query) => format!("{path}/?{query}"),
        None => format!("{path}/"),
    };
    match HeaderValue::from_str(&location) {
        Ok(location) => (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Err(_) => bad_request(),
    }
}

/// A 404: a small page that says what is missing, with the live script,
/// so that the page appears as soon as a build makes it.
pub(super) fn not_found(path: &str, live_tag: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <title>Not found</title>\n</head>\n<body>\n<main>\n<h1>Not found</h1>\n\
         <p>The site, as last built, has no page at <code>{}</code>.</p>\n\
         <p>This page shows it as soon as a build makes it. <a href=\"/\">The site's first page</a></p>\n\
         </main>\n{live_tag}</body>\n</html>\n",
        escape(path)
    );
    (
        StatusCode::NOT_FOUND,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        page,
    )
        .into_response()
}

/// A 400 for an address that cannot name a file of the site.
pub(super) fn bad_request() -> Response {
    text(
        StatusCode::BAD_REQUEST,
        "This address cannot name a file of the site.\n",
    )
}

/// A 403 for a request that names the server by a host name that is not
/// this machine's.
pub(super) fn foreign_host() -> Response {
    text(
        StatusCode::FORBIDDEN,
        "The preview answers only addresses of this machine (127.0.0.1, localhost); \
         to reach it from elsewhere, start it with --bind.\n",
    )
}

/// A 405 for a method other than GET and HEAD.
pub(super) fn method_not_allowed() -> Response {
    let mut response = text(
        StatusCode::METHOD_NOT_ALLOWED,
        "The preview server only answers GET and HEAD.\n",
    );
    response.headers_mut().insert(
        header::ALLOW,
        HeaderValue::from_str(&format!("{},{}", Method::GET, Method::HEAD))
            .expect("method names are valid header values"),
    );
    response
}

/// The live-reload script.
pub(super) fn script(source: &'static str) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        )],
        source,
    )
        .into_response()
}

fn text(status: StatusCode, message: &'static str) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        Body::from(message),
    )
        .into_response()
}

/// `text` with the characters that mean something in HTML escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn type_of(key: &str, bytes: &[u8]) -> String {
        content_type(key, bytes).header.to_str().unwrap().to_owned()
    }

    #[test]
    fn every_kind_of_file_of_the_site_has_its_type() {
        for (key, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("acme/en/notice.html", "text/html; charset=utf-8"),
            ("assets/privsite.css", "text/css; charset=utf-8"),
            ("assets/app.js", "text/javascript; charset=utf-8"),
            ("acme/en/notice.json", "application/json"),
            ("acme/versions.json", "application/json"),
            ("acme/en/feed.xml", "application/atom+xml; charset=utf-8"),
            ("feed.xml", "application/atom+xml; charset=utf-8"),
            ("sitemap.xml", "text/xml; charset=utf-8"),
            ("acme/announcements/2.en.eml", "message/rfc822"),
            ("assets/logo.png", "image/png"),
            ("assets/logo.svg", "image/svg+xml; charset=utf-8"),
            ("assets/photo.jpg", "image/jpeg"),
            ("assets/font.woff2", "font/woff2"),
            ("assets/notes.txt", "text/plain; charset=utf-8"),
            ("assets/no-extension", "application/octet-stream"),
        ] {
            assert_eq!(type_of(key, b"plain"), expected, "{key}");
        }
        assert!(content_type("index.html", b"").is_html);
        assert!(!content_type("sitemap.xml", b"").is_html);
    }

    #[test]
    fn text_that_is_not_utf8_is_not_said_to_be() {
        assert_eq!(type_of("assets/latin1.txt", b"caf\xe9"), "text/plain");
    }

    #[test]
    fn the_missing_address_is_written_as_text_on_the_404_page() {
        assert_eq!(
            escape("/<script>alert('x')</script>&\""),
            "/&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
    }
}
