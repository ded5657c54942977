//! Identifiers that become parts of output paths and anchors: policy, version
//! and section ids. Each can only be built from a string that matches the
//! contract (`[a-z0-9][a-z0-9.-]*`, at most 64 characters), so no later stage
//! has to wonder whether an id can escape the output folder.

use std::fmt;

/// Why a string is not a valid id, in words for the author.
pub fn id_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("an id cannot be empty".to_owned());
    }
    if value.chars().count() > 64 {
        return Some(format!("`{value}` is longer than 64 characters"));
    }
    let mut chars = value.chars();
    let first = chars.next().unwrap_or('-');
    if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
        return Some(format!(
            "`{}` must start with a lowercase letter or a digit",
            value.escape_debug()
        ));
    }
    if let Some(bad) = value
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '.'))
    {
        return Some(format!(
            "`{}` contains `{}`; ids may only use lowercase letters a-z, digits, `-` and `.`",
            value.escape_debug(),
            bad.escape_debug()
        ));
    }
    let stem = value.split('.').next().unwrap_or(value);
    if is_reserved_device_name(stem) {
        return Some(format!(
            "`{value}` is a reserved device name on Windows and cannot name a file"
        ));
    }
    None
}

fn is_reserved_device_name(stem: &str) -> bool {
    matches!(stem, "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

/// The help for an id that is not valid: the id to use instead, or, when
/// the value has no Latin letter or digit to keep (a title in Arabic or
/// Chinese written as an id), how ids are written.
pub fn id_help(value: &str) -> String {
    if value.chars().any(|c| c.is_ascii_alphanumeric()) {
        format!("use `{}`", suggest_id(value))
    } else {
        "ids are part of web addresses and are written with the letters a to z, digits and \
         hyphens: name it in Latin letters, for example after the English title \
         (`introduction`, `data-we-collect`); titles can stay in any script"
            .to_owned()
    }
}

/// Suggests a valid id close to `value`: lowercase, apostrophes dropped,
/// other separators made dashes, and cut at a word boundary to fit 64
/// characters.
pub fn suggest_id(value: &str) -> String {
    let mut out = String::new();
    for c in value.trim().chars() {
        match c {
            'a'..='z' | '0'..='9' | '.' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            '\'' | '’' | 'ʼ' => {}
            _ if c.is_control() => {}
            _ if !out.ends_with('-') && !out.is_empty() => out.push('-'),
            _ => {}
        }
    }
    let mut out = out.trim_matches(|c| c == '-' || c == '.').to_owned();
    while out.len() > 64 {
        match out[..64].rfind('-') {
            Some(cut) if cut > 0 => out.truncate(cut),
            _ => out.truncate(64),
        }
    }
    if out.is_empty() || is_reserved_device_name(out.split('.').next().unwrap_or(&out)) {
        out.push_str("-1");
        out = out.trim_start_matches('-').to_owned();
    }
    out
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Validates `value` as an id.
            pub fn parse(value: &str) -> Result<Self, String> {
                match id_problem(value) {
                    Some(problem) => Err(problem),
                    None => Ok($name(value.to_owned())),
                }
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// A policy id: the name of its folder under `policies/`.
    PolicyId
);
id_type!(
    /// A version id: the name of its folder inside the policy folder.
    VersionId
);
id_type!(
    /// A section id: unique within a version, the anchor of the section on every page.
    SectionId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_contract_ids() {
        for ok in [
            "a",
            "zimbra",
            "2005-08",
            "v1.2",
            "0",
            "x".repeat(64).as_str(),
        ] {
            assert!(PolicyId::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_ids_outside_the_contract() {
        for bad in [
            "",
            "-a",
            ".a",
            "..",
            "A",
            "a b",
            "a/b",
            "a\\b",
            "a\0",
            "é",
            "a_b",
            "con",
            "nul.txt",
            "com1",
            &"x".repeat(65),
        ] {
            assert!(PolicyId::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn suggests_a_valid_id() {
        assert_eq!(suggest_id("Scope of This Notice"), "scope-of-this-notice");
        assert_eq!(
            id_help("Scope of This Notice"),
            "use `scope-of-this-notice`"
        );
        assert!(
            id_help("مقدمة").starts_with("ids are part of web addresses"),
            "{}",
            id_help("مقدمة")
        );
        assert!(id_help("隐私").contains("Latin letters"));
        assert_eq!(suggest_id("  Über uns!"), "ber-uns");
        assert!(id_problem(&suggest_id("Why? Because: yes")).is_none());
        assert_eq!(suggest_id("GitHub's practices"), "githubs-practices");
        let long = "Lawful bases for processing personal data applicable to EEA and UK end users";
        assert_eq!(
            suggest_id(long),
            "lawful-bases-for-processing-personal-data-applicable-to-eea-and"
        );
        assert!(id_problem(&suggest_id(long)).is_none());
        assert_eq!(
            suggest_id("aux"),
            "aux-1",
            "a device name is never suggested"
        );
        assert_eq!(
            suggest_id("intro\0"),
            "intro",
            "control characters are dropped"
        );
        assert_eq!(suggest_id("!!!"), "1");
    }
}
