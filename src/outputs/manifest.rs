//! `<p>/versions.json`: a record of every built version of a policy, with
//! the SHA-256 of its source text, so that anyone can check which text
//! applied on a given day (see the README for a lookup).

use serde::Serialize;

use super::{Artifact, Outputs, PagePath, artifact};
use crate::diff::Level;
use crate::model::{Status, Timeline};

#[derive(Debug, Serialize)]
struct Manifest<'a> {
    policy: &'a str,
    title: &'a str,
    owner: &'a str,
    source_locale: &'a str,
    /// The day the site was built for.
    built_for: String,
    versions: Vec<Entry<'a>>,
}

#[derive(Debug, Serialize)]
struct Entry<'a> {
    id: &'a str,
    effective: String,
    published: String,
    /// The day it stopped applying (the next version's `effective`), if it did.
    until: Option<String>,
    status: Status,
    /// After `change.kind`; null for the first version.
    classification: Option<Level>,
    automatic: Option<Level>,
    locales: Vec<&'a str>,
    /// The version's permanent page in each locale.
    urls: Vec<LocaleUrl<'a>>,
    /// Its change page in each locale; empty for the first version.
    changes_urls: Vec<LocaleUrl<'a>>,
    /// SHA-256 of the source-locale file, hexadecimal.
    sha256: &'a str,
}

#[derive(Debug, Serialize)]
struct LocaleUrl<'a> {
    locale: &'a str,
    url: String,
}

/// `versions.json` of `timeline`'s policy.
pub(super) fn render(out: &Outputs<'_>, timeline: &Timeline<'_>) -> Artifact {
    let policy = timeline.policy;
    let base = &out.site.base_url;
    let versions = timeline
        .versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let diff = out.diff(&policy.id, &v.id);
            let urls = |page: &dyn Fn(&crate::model::Locale) -> PagePath| -> Vec<LocaleUrl<'_>> {
                policy
                    .locales
                    .iter()
                    .map(|l| LocaleUrl {
                        locale: l.as_str(),
                        url: page(l).url(base),
                    })
                    .collect()
            };
            Entry {
                id: v.id.as_str(),
                effective: v.effective.to_string(),
                published: v.published.to_string(),
                until: timeline
                    .versions
                    .get(i + 1)
                    .filter(|next| next.effective <= timeline.today)
                    .map(|next| next.effective.to_string()),
                status: timeline.status(v),
                classification: diff.map(|d| d.classification),
                automatic: diff.map(|d| d.automatic),
                locales: policy.locales.iter().map(|l| l.as_str()).collect(),
                urls: urls(&|l| PagePath::version(&policy.id, l, &v.id)),
                changes_urls: if diff.is_some() {
                    urls(&|l| PagePath::changes(&policy.id, l, &v.id))
                } else {
                    Vec::new()
                },
                sha256: &v.digest,
            }
        })
        .collect();
    let manifest = Manifest {
        policy: policy.id.as_str(),
        title: &policy.title,
        owner: &policy.owner,
        source_locale: policy.source_locale.as_str(),
        built_for: timeline.today.to_string(),
        versions,
    };
    let mut text = serde_json::to_string_pretty(&manifest).expect("the manifest is plain data");
    text.push('\n');
    artifact(&PagePath::manifest(&policy.id), text)
}
