//! Newsgroup names (`announce.newsgroups`), checked once against the syntax
//! of RFC 5536 section 3.1.4 (as RFC 3977 servers expect it): dot-separated
//! components of letters, digits, `+`, `-` and `_`. A [`Newsgroup`] exists only
//! if its name is valid; this module does not know about files or positions
//! (the loader adds them).

use std::fmt;

/// A valid newsgroup name, such as `acme.announce`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Newsgroup(String);

/// Names that RFC 5536 and RFC 5537 reserve: no article is posted to them.
const RESERVED: &[&str] = &["all", "ctl", "junk", "poster"];

impl Newsgroup {
    /// Checks `name`. The error is a sentence and a suggested fix, in words
    /// an author understands.
    pub fn parse(name: &str) -> Result<Newsgroup, (String, String)> {
        let shown = name.escape_debug();
        let example =
            "write a name such as `acme.announce`: parts separated by dots, each made of \
                       lower-case letters, digits, `+`, `-` or `_`"
                .to_owned();
        if name.is_empty() {
            return Err(("a newsgroup name is empty".to_owned(), example));
        }
        if let Some(bad) = name
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_')))
        {
            let what = if bad.is_whitespace() {
                "a space".to_owned()
            } else if bad == ',' {
                "a comma (list each newsgroup as its own entry)".to_owned()
            } else {
                format!("the character `{}`", bad.escape_debug())
            };
            return Err((
                format!("`{shown}` is not a newsgroup name: it contains {what}"),
                example,
            ));
        }
        if name.split('.').any(str::is_empty) {
            return Err((
                format!(
                    "`{shown}` is not a newsgroup name: it starts or ends with a dot, or has two dots in a row"
                ),
                example,
            ));
        }
        if name.chars().any(|c| c.is_ascii_uppercase()) {
            return Err((
                format!("`{shown}` has capital letters; newsgroup names are written in lower case"),
                format!("write `{}`", name.to_ascii_lowercase()),
            ));
        }
        if name
            .split('.')
            .any(|c| c.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err((
                format!("`{shown}` has a part made only of digits, which news servers refuse"),
                example,
            ));
        }
        let first = name.split('.').next().unwrap_or_default();
        if RESERVED.contains(&name) || first == "control" || first == "to" {
            return Err((
                format!(
                    "`{shown}` is reserved for the news system itself; articles cannot be posted to it"
                ),
                example,
            ));
        }
        Ok(Newsgroup(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Newsgroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Newsgroup;

    #[test]
    fn accepts_the_names_of_rfc_5536() {
        for name in [
            "acme.announce",
            "comp.lang.c++",
            "alt.privacy.policy-changes",
            "de.soc.datenschutz",
            "x_y.z",
            "mozilla.announce",
        ] {
            assert_eq!(
                Newsgroup::parse(name).map(|g| g.to_string()),
                Ok(name.into())
            );
        }
    }

    #[test]
    fn refuses_what_servers_refuse_and_says_why() {
        for (name, why) in [
            ("", "empty"),
            ("acme announce", "a space"),
            ("acme.announce,acme.misc", "a comma"),
            ("acme..announce", "two dots"),
            (".acme", "starts or ends"),
            ("acme.", "starts or ends"),
            ("Acme.Announce", "capital letters"),
            ("acme.2025", "only of digits"),
            ("control.cancel", "reserved"),
            ("junk", "reserved"),
            ("acme/announce", "`/`"),
            ("acmé.news", "`é`"),
            ("acme\u{7}", "`\\u{7}`"),
        ] {
            let (message, help) = Newsgroup::parse(name).expect_err(name);
            assert!(message.contains(why), "{name}: {message}");
            assert!(!help.is_empty());
        }
    }
}
