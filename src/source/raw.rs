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
#[derive(Debug, Deserialize, JsonSchema)]
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
