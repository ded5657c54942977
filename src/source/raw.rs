//! The source files exactly as written: serde structs that mirror the YAML,
//! with positions on every value a later check may need to point at.
//!
//! These types only describe shape. Meaning (valid ids, dates, locales,
//! unique sections) is established in [`crate::model`], which turns them into
//! types that cannot hold invalid data. Unknown fields are rejected here, so a
//! typo such as `efective` never passes silently.

use schemars::JsonSchema;
use serde::Deserialize;

use super::yaml::Spanned;

/// `policies/site.yaml`: site-wide settings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "privsite site.yaml")]
pub struct SiteFile {
    /// The site's name, shown in page titles and the header.
    pub title: Spanned<String>,
    /// The absolute URL the site is published at; used in canonical links,
    /// feeds, emails and the sitemap. Example: `https://www.example.com/legal/`.
    pub base_url: Spanned<String>,
    /// The locale of the site's own pages (the policy list). Default: `en`.
    #[serde(default)]
    pub default_locale: Option<Spanned<String>>,
    /// The theme folder under `themes/`. Default: `default` (the built-in theme).
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    /// Display names of locales, in the order of the language switcher.
    #[serde(default)]
    pub locales: Option<Spanned<LocaleNames>>,
}

/// An ordered mapping from a locale tag to its display name.
#[derive(Debug, Default, JsonSchema)]
#[schemars(transparent)]
pub struct LocaleNames(
    #[schemars(with = "std::collections::BTreeMap<String, String>")] pub Vec<(String, String)>,
);

impl<'de> Deserialize<'de> for LocaleNames {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = LocaleNames;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping from locale tags to display names, such as `fr: Français`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, String>()? {
                    entries.push(entry);
                }
                Ok(LocaleNames(entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// `policies/<policy>/policy.yaml`: policy-wide settings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "privsite policy.yaml")]
pub struct PolicyFile {
    /// The policy's name. A version file may override it per locale.
    pub title: Spanned<String>,
    /// Who issues the policy, e.g. `Zimbra, Inc.`.
    pub owner: Spanned<String>,
    /// The locale the policy is written in; other locales are translations.
    /// Default: the site's `default_locale`.
    #[serde(default)]
    pub source_locale: Option<Spanned<String>>,
    /// How many days the homepage notice stays up after a material change. Default: 30.
    #[serde(default)]
    pub notice_days: Option<Spanned<u32>>,
    /// Extra words whose change always makes a change material.
    #[serde(default)]
    pub material_words: Vec<Spanned<String>>,
    /// Where announcements of material changes are sent. Without it, no email is made.
    #[serde(default)]
    pub announce: Option<Spanned<Announce>>,
}

/// The announcement list of a policy.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Announce {
    /// The sender, e.g. `"Zimbra Privacy <privacy@zimbra.com>"`.
    pub from: Spanned<String>,
    /// The list address.
    pub to: Spanned<String>,
    /// Where replies go. Optional.
    #[serde(default)]
    pub reply_to: Option<Spanned<String>>,
    /// How to leave the list: a `mailto:` or `https:` address, sent as the
    /// `List-Unsubscribe` header. Optional.
    #[serde(default)]
    pub unsubscribe: Option<Spanned<String>>,
    /// Newsgroups the announcement is also posted to (RFC 5536 names such
    /// as `acme.announce`), over NNTP by `privsite announce --send`. Optional.
    #[serde(default)]
    #[schemars(inner(regex(pattern = r"^[a-z0-9+_-]+(\.[a-z0-9+_-]+)*$")))]
    pub newsgroups: Vec<Spanned<String>>,
}

/// `policies/<policy>/<version>/<locale>.yaml`: one version of a policy in one locale.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "privsite policy version (one locale)")]
pub struct VersionFile {
    /// Overrides the policy title for this version and locale.
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    /// The date this version takes effect (`YYYY-MM-DD`). Required in the source locale.
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub effective: Option<Spanned<String>>,
    /// The date this version was made public (`YYYY-MM-DD`). Default: `effective`.
    /// The homepage notice starts on this day.
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub published: Option<Spanned<String>>,
    /// About the change from the previous version.
    #[serde(default)]
    pub change: Option<Spanned<Change>>,
    /// In a translation: the version id of the source this translation was
    /// checked against. Only changes in meaning to the source after that
    /// version make its sections out of date; the file's own version means
    /// "all current".
    #[serde(default)]
    pub translated_from: Option<Spanned<String>>,
    /// The policy text, as a tree of sections.
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// What an author says about the change from the previous version.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Overrides the automatic classification.
    #[serde(default)]
    pub kind: Option<Spanned<ChangeKind>>,
    /// Markdown shown in the notice, the email, the feed and the version list.
    #[serde(default)]
    pub summary: Option<Spanned<String>>,
}

/// The classification an author may declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// The change matters to readers: it is announced and noticed.
    Material,
    /// The change does not alter what the policy means.
    Minor,
}

/// One section of a policy, with optional subsections.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id, unique within the version; used as the page anchor.
    pub id: Spanned<String>,
    /// Former ids of the section, so that links to them keep working
    /// (`aliases: [old-id]`). Each is reserved like an id. Only in the source
    /// locale.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// The heading. Required in the source locale.
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    /// Whether changes here can be material. Default: true.
    #[serde(default)]
    pub material: Option<Spanned<bool>>,
    /// The text, in Markdown (CommonMark with tables). Raw HTML is sanitized.
    #[serde(default)]
    pub body: Option<Spanned<String>>,
    /// Subsections, same shape, any depth.
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// Where `field` belongs when it is written in a mapping whose fields are
/// `here` but is not one of them: the help for a field in the wrong place
/// (a version file's `kind:` that belongs under `change:`), or `None` when
/// no mapping of the source format has it.
pub fn home_of(field: &str, here: &[String]) -> Option<String> {
    if here.iter().any(|f| f == field) {
        return None;
    }
    let is_here = |fields: &[&str]| {
        fields.len() == here.len() && fields.iter().zip(here).all(|(a, b)| a == b)
    };
    let home = HOMES
        .iter()
        .find(|home| !is_here((home.fields)()) && (home.fields)().contains(&field))?;
    Some(format!("`{field}` belongs {}{}", home.place, home.how))
}

/// Whether `name` is a field of some mapping of the source files.
pub fn is_field(name: &str) -> bool {
    HOMES.iter().any(|home| (home.fields)().contains(&name))
}

/// A mapping of the source format: its fields, where it is, and how to
/// write a field there.
struct Home {
    fields: fn() -> &'static [&'static str],
    place: &'static str,
    how: &'static str,
}

/// Every mapping of the source files, most specific first.
const HOMES: &[Home] = &[
    Home {
        fields: fields_of::<Change>,
        place: "under `change:`",
        how: ": write `change:` on a line of its own, and this field under it, indented two spaces more",
    },
    Home {
        fields: fields_of::<Announce>,
        place: "under `announce:` in the policy's policy.yaml",
        how: ", indented two spaces more than `announce:`",
    },
    Home {
        fields: fields_of::<Section>,
        place: "in a section, an item of `sections:`",
        how: ", lined up with the section's `id:` and `title:`",
    },
    Home {
        fields: fields_of::<VersionFile>,
        place: "at the top of a version file",
        how: ", at the start of a line, not indented",
    },
    Home {
        fields: fields_of::<PolicyFile>,
        place: "in the policy's policy.yaml",
        how: ", not here",
    },
    Home {
        fields: fields_of::<SiteFile>,
        place: "in policies/site.yaml",
        how: ", not here",
    },
];

/// The fields of the struct `T`, as its `Deserialize` names them to serde.
fn fields_of<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    /// A deserializer that only learns which fields a struct asks for.
    struct Probe;

    #[derive(Debug)]
    struct Fields(&'static [&'static str]);

    impl std::fmt::Display for Fields {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("not a struct")
        }
    }

    impl std::error::Error for Fields {}

    impl serde::de::Error for Fields {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Fields(&[])
        }
    }

    impl<'de> serde::Deserializer<'de> for Probe {
        type Error = Fields;

        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Fields> {
            Err(Fields(&[]))
        }

        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Fields> {
            Err(Fields(fields))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    match T::deserialize(Probe) {
        Err(Fields(fields)) => fields,
        Ok(_) => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_of_each_mapping_are_read_from_its_type() {
        assert_eq!(fields_of::<Change>(), ["kind", "summary"]);
        assert_eq!(
            fields_of::<VersionFile>(),
            [
                "title",
                "effective",
                "published",
                "change",
                "translated_from",
                "sections"
            ]
        );
    }

    #[test]
    fn a_field_of_another_mapping_is_told_where_it_belongs() {
        let version: Vec<String> = fields_of::<VersionFile>()
            .iter()
            .map(|f| (*f).to_owned())
            .collect();
        assert_eq!(
            home_of("kind", &version).as_deref(),
            Some(
                "`kind` belongs under `change:`: write `change:` on a line of its own, and this field under it, indented two spaces more"
            )
        );
        assert_eq!(
            home_of("body", &version).as_deref(),
            Some(
                "`body` belongs in a section, an item of `sections:`, lined up with the section's `id:` and `title:`"
            )
        );
        let section: Vec<String> = fields_of::<Section>()
            .iter()
            .map(|f| (*f).to_owned())
            .collect();
        assert_eq!(
            home_of("effective", &section).as_deref(),
            Some(
                "`effective` belongs at the top of a version file, at the start of a line, not indented"
            )
        );
        assert_eq!(home_of("title", &section), None, "a field of this mapping");
        assert_eq!(home_of("colour", &section), None, "no mapping has it");
    }
}
