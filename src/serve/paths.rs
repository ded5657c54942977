//! Which file of the site a request's address names, if any.
//!
//! The address is read segment by segment, each percent-decoded on its own,
//! and refused rather than normalized when it could point anywhere but a
//! file of the site: a `.` or `..` segment (also written `%2e%2e`), an empty
//! segment (`//`), an encoded `/` (`%2f`), a backslash, a NUL or any other
//! control character, or bytes that are not UTF-8. What is left can only be
//! a key of the snapshot, so nothing outside the site is ever served. This
//! module decides nothing else: it does not know about responses.

use percent_encoding::percent_decode_str;

/// What an address names.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Resolved {
    /// A file of the site, by its key (`acme/en/index.html`).
    File(String),
    /// A folder written without its final `/` whose `index.html` exists:
    /// the address with a `/` added names it.
    Folder,
    /// Nothing in the site.
    Missing,
    /// Not an address of a file of the site at all.
    Refused,
}

/// Resolves the path of a request (`/acme/en/`, still percent-encoded)
/// against the site, whose files `exists` tells.
pub(super) fn resolve(path: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    let Some(rest) = path.strip_prefix('/') else {
        return Resolved::Refused;
    };
    if rest.is_empty() {
        return file_if(exists, "index.html".to_owned());
    }
    let (segments, folder) = match rest.strip_suffix('/') {
        Some(folder) => (folder, true),
        None => (rest, false),
    };
    let mut key = String::with_capacity(segments.len() + "/index.html".len());
    for segment in segments.split('/') {
        let Some(name) = decode(segment) else {
            return Resolved::Refused;
        };
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str(&name);
    }
    let index = format!("{key}/index.html");
    if folder {
        return file_if(exists, index);
    }
    if exists(&key) {
        Resolved::File(key)
    } else if exists(&index) {
        Resolved::Folder
    } else {
        Resolved::Missing
    }
}

/// `key` if the site has it.
fn file_if(exists: impl Fn(&str) -> bool, key: String) -> Resolved {
    if exists(&key) {
        Resolved::File(key)
    } else {
        Resolved::Missing
    }
}

/// One segment, decoded; `None` when it cannot be part of a site path.
fn decode(segment: &str) -> Option<String> {
    let name = percent_decode_str(segment).decode_utf8().ok()?;
    let refused = name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(|c: char| c == '/' || c == '\\' || c.is_control());
    (!refused).then(|| name.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &[&str] = &[
        "index.html",
        "sitemap.xml",
        "acme/index.html",
        "acme/en/index.html",
        "acme/en/feed.xml",
        "assets/privsite.css",
        "café/index.html",
    ];

    fn resolve_in_site(path: &str) -> Resolved {
        resolve(path, |key| SITE.contains(&key))
    }

    fn file(key: &str) -> Resolved {
        Resolved::File(key.to_owned())
    }

    #[test]
    fn the_root_and_folders_with_a_slash_name_their_index() {
        assert_eq!(resolve_in_site("/"), file("index.html"));
        assert_eq!(resolve_in_site("/acme/"), file("acme/index.html"));
        assert_eq!(resolve_in_site("/acme/en/"), file("acme/en/index.html"));
    }

    #[test]
    fn files_are_named_by_their_path() {
        assert_eq!(resolve_in_site("/index.html"), file("index.html"));
        assert_eq!(
            resolve_in_site("/acme/en/feed.xml"),
            file("acme/en/feed.xml")
        );
        assert_eq!(
            resolve_in_site("/assets/privsite.css"),
            file("assets/privsite.css")
        );
    }

    #[test]
    fn percent_encoded_names_are_decoded() {
        assert_eq!(resolve_in_site("/caf%C3%A9/"), file("café/index.html"));
        assert_eq!(resolve_in_site("/%61cme/en/"), file("acme/en/index.html"));
    }

    #[test]
    fn a_folder_without_its_slash_is_a_folder_when_it_has_an_index() {
        assert_eq!(resolve_in_site("/acme"), Resolved::Folder);
        assert_eq!(resolve_in_site("/acme/en"), Resolved::Folder);
        assert_eq!(resolve_in_site("/assets"), Resolved::Missing);
    }

    #[test]
    fn what_the_site_does_not_have_is_missing() {
        assert_eq!(resolve_in_site("/nope"), Resolved::Missing);
        assert_eq!(resolve_in_site("/nope/"), Resolved::Missing);
        assert_eq!(resolve_in_site("/assets/"), Resolved::Missing);
        assert_eq!(resolve_in_site("/etc/passwd"), Resolved::Missing);
        assert_eq!(resolve_in_site("/C:/Windows/win.ini"), Resolved::Missing);
        assert_eq!(resolve_in_site("/__privsite/other"), Resolved::Missing);
    }

    #[test]
    fn every_way_out_of_the_site_is_refused() {
        for path in [
            "/..",
            "/../",
            "/../etc/passwd",
            "/acme/../index.html",
            "/acme/./en/",
            "/.",
            "/%2e%2e/",
            "/%2E%2E/etc/passwd",
            "/acme/%2e%2e/index.html",
            "/.%2e/",
            "/acme%2fen/",
            "/acme%2Fen%2Findex.html",
            "/acme\\en\\index.html",
            "/..%5cindex.html",
            "/%5c%5cserver/share",
            "/index.html%00",
            "/index.html%00.css",
            "/acme/%0aen/",
            "//",
            "//etc/passwd",
            "//example.com/",
            "/acme//en/",
            "/%ff/",
            "acme/en/",
            "",
            "*",
        ] {
            assert_eq!(resolve_in_site(path), Resolved::Refused, "{path:?}");
        }
    }

    #[test]
    fn dots_inside_a_name_are_just_dots() {
        let with_dots = |key: &str| key == "acme/en/2024.1/index.html" || key == "a..b";
        assert_eq!(
            resolve("/acme/en/2024.1/", with_dots),
            file("acme/en/2024.1/index.html")
        );
        assert_eq!(resolve("/a..b", with_dots), file("a..b"));
    }
}
