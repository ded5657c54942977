//! The one change the server makes to what `build` writes: the live-reload
//! `<script>` element, put immediately before the last `</body>` of an HTML
//! file. A document without `</body>` (which HTML allows) gets the element
//! at its end, where a browser still puts it into the body; a fragment
//! without one (a homepage notice, which another page includes) is left
//! exactly as it is.

/// What a page was served with, which its live script tells the server
/// back: all written by the server (a number, and tokens of hexadecimal
/// digits and dashes), so nothing here needs escaping.
pub(super) struct Served<'a> {
    /// The generation of the snapshot.
    pub generation: u64,
    /// The server instance.
    pub instance: &'a str,
    /// The digest of the page's bytes (empty for the page of a missing address).
    pub digest: String,
    /// The digest of the site's static files.
    pub assets: String,
}

/// The element that loads the live-reload script at `src`, telling it what
/// the page was served with.
pub(super) fn tag(src: &str, served: &Served<'_>) -> String {
    let Served {
        generation,
        instance,
        digest,
        assets,
    } = served;
    let token = |t: &str| t.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    debug_assert!(token(instance) && token(digest) && token(assets));
    format!(
        "<script src=\"{src}\" data-generation=\"{generation}\" data-instance=\"{instance}\" \
         data-digest=\"{digest}\" data-assets=\"{assets}\"></script>"
    )
}

/// `html` with `tag` injected, or `None` when `html` is not a document (a
/// fragment), which is served as it is.
pub(super) fn inject(html: &[u8], tag: &str) -> Option<Vec<u8>> {
    let at = match last_body_end(html) {
        Some(at) => at,
        None if is_document(html) => html.len(),
        None => return None,
    };
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    Some(out)
}

/// Where the last `</body>` end tag starts: `</body` in any letter case,
/// followed by `>`, white space or `/` (as in `</body >`), so `</bodyx>` is
/// not one.
fn last_body_end(html: &[u8]) -> Option<usize> {
    const END: &[u8] = b"</body";
    (0..html.len().checked_sub(END.len())?).rev().find(|&at| {
        html[at..at + END.len()].eq_ignore_ascii_case(END)
            && matches!(
                html.get(at + END.len()),
                Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
            )
    })
}

/// Whether `html` is a whole document: it opens (after a byte-order mark,
/// white space and comments) with a doctype or an `<html` start tag.
fn is_document(html: &[u8]) -> bool {
    let mut rest = html.strip_prefix(b"\xef\xbb\xbf").unwrap_or(html);
    loop {
        rest = rest.trim_ascii_start();
        match rest.strip_prefix(b"<!--") {
            Some(comment) => match comment.windows(3).position(|w| w == b"-->") {
                Some(end) => rest = &comment[end + 3..],
                None => return false,
            },
            None => break,
        }
    }
    let starts = |prefix: &[u8]| {
        rest.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    starts(b"<!doctype html") || starts(b"<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAG: &str = "<script src=\"/live.js\"></script>";

    fn injected(html: &str) -> Option<String> {
        inject(html.as_bytes(), TAG).map(|bytes| String::from_utf8(bytes).unwrap())
    }

    #[test]
    fn the_tag_goes_immediately_before_the_body_end_tag() {
        assert_eq!(
            injected("<!DOCTYPE html><html><body><p>Hi</p></body></html>\n").unwrap(),
            format!("<!DOCTYPE html><html><body><p>Hi</p>{TAG}</body></html>\n")
        );
    }

    #[test]
    fn only_the_last_of_two_body_end_tags_gets_it() {
        let html = "<!DOCTYPE html><body><pre>&lt;/body&gt; is written </body></pre></body>";
        assert_eq!(
            injected(html).unwrap(),
            format!("<!DOCTYPE html><body><pre>&lt;/body&gt; is written </body></pre>{TAG}</body>")
        );
    }

    #[test]
    fn the_end_tag_is_found_in_any_letter_case_and_with_space_before_its_bracket() {
        assert_eq!(
            injected("<HTML><BODY>x</BODY></HTML>").unwrap(),
            format!("<HTML><BODY>x{TAG}</BODY></HTML>")
        );
        assert_eq!(
            injected("<html><body>x</Body >").unwrap(),
            format!("<html><body>x{TAG}</Body >")
        );
    }

    #[test]
    fn a_longer_tag_name_is_not_the_body_end_tag() {
        assert_eq!(
            injected("<!doctype html><body>x</bodyguard></body>").unwrap(),
            format!("<!doctype html><body>x</bodyguard>{TAG}</body>")
        );
        assert_eq!(
            injected("<!doctype html><p>x</bodyguard>").unwrap(),
            format!("<!doctype html><p>x</bodyguard>{TAG}")
        );
    }

    #[test]
    fn a_document_without_a_body_end_tag_gets_the_tag_at_its_end() {
        assert_eq!(
            injected("<!DOCTYPE html>\n<title>t</title>\n<p>x").unwrap(),
            format!("<!DOCTYPE html>\n<title>t</title>\n<p>x{TAG}")
        );
        assert_eq!(
            injected("\u{feff} <!-- made by hand --> <html lang=en><p>x").unwrap(),
            format!("\u{feff} <!-- made by hand --> <html lang=en><p>x{TAG}")
        );
    }

    #[test]
    fn a_fragment_is_left_as_it_is() {
        assert_eq!(injected(""), None);
        assert_eq!(
            injected("<aside class=\"notice\"><p>New policy</p></aside>\n"),
            None
        );
        assert_eq!(injected("<!-- an unclosed comment <html>"), None);
        assert_eq!(injected("</body"), None);
    }

    #[test]
    fn a_fragment_that_closes_a_body_is_still_given_the_tag() {
        assert_eq!(
            injected("<p>x</p></body>").unwrap(),
            format!("<p>x</p>{TAG}</body>")
        );
    }

    #[test]
    fn the_tag_carries_what_the_page_was_served_with() {
        let served = Served {
            generation: 7,
            instance: "1a-2b",
            digest: "00ff".to_owned(),
            assets: "12ab".to_owned(),
        };
        assert_eq!(
            tag("/__privsite/live.js", &served),
            "<script src=\"/__privsite/live.js\" data-generation=\"7\" data-instance=\"1a-2b\" \
             data-digest=\"00ff\" data-assets=\"12ab\"></script>"
        );
    }
}
