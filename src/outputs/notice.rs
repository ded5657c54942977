//! The homepage notice of each policy in each locale: `notice.html`, a
//! fragment for a homepage to include, and `notice.json`, the same as data.
//!
//! A material version's notice runs from its `published` day for the
//! policy's `notice_days` (the end day excluded); when windows overlap, the
//! newest version's notice wins. Outside every window the fragment is empty
//! and `active` is false. The fragment carries its end date and a few lines
//! of optional script that hide it once the end has passed, so a homepage
//! that is not rebuilt on time still stops showing it.

use jiff::civil::Date;
use serde::Serialize;

use super::{Artifact, Outputs, PagePath, artifact};
use crate::diagnostics::Diagnostic;
use crate::diff::VersionDiff;
use crate::i18n::DateView;
use crate::markdown;
use crate::model::{Locale, Timeline, Version};

/// The version whose notice is up on the timeline's day, and the first day without it.
fn active<'a>(out: &Outputs<'_>, timeline: &Timeline<'a>) -> Option<(&'a Version, Date)> {
    let today = timeline.today;
    timeline
        .versions
        .iter()
        .filter(|v| {
            out.diff(&timeline.policy.id, &v.id)
                .is_some_and(VersionDiff::is_material)
        })
        .filter_map(|v| {
            let ends = timeline.policy.notice_ends(v)?;
            (v.published <= today && today < ends).then_some((*v, ends))
        })
        .max_by_key(|(v, _)| v.effective)
}

/// `notice.json`.
#[derive(Debug, Serialize)]
struct NoticeJson<'a> {
    active: bool,
    policy: &'a str,
    version: Option<&'a str>,
    locale: &'a str,
    published: Option<String>,
    effective: Option<String>,
    ends: Option<String>,
    summary_html: Option<String>,
    url: Option<String>,
    changes_url: Option<String>,
}

/// What the `notice.html` template receives.
#[derive(Debug, Serialize)]
struct NoticeView<'a> {
    #[serde(skip)]
    t: &'a crate::i18n::Strings,
    lang: &'a str,
    dir: &'static str,
    policy_title: &'a str,
    /// Whether the new version is still to take effect.
    upcoming: bool,
    effective: DateView,
    /// The first day without the notice (`YYYY-MM-DD`).
    ends: String,
    summary_html: Option<String>,
    summary_lang: Option<&'a str>,
    url: String,
    changes_url: String,
}

/// Both notice files of `timeline`'s policy in `locale`.
pub(super) fn render(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    locale: &Locale,
) -> Result<Vec<Artifact>, Diagnostic> {
    let policy = timeline.policy;
    let base = &out.site.base_url;
    let active = active(out, timeline);
    let summary = active.and_then(|(v, _)| v.summary_in(locale));
    let json = NoticeJson {
        active: active.is_some(),
        policy: policy.id.as_str(),
        version: active.map(|(v, _)| v.id.as_str()),
        locale: locale.as_str(),
        published: active.map(|(v, _)| v.published.to_string()),
        effective: active.map(|(v, _)| v.effective.to_string()),
        ends: active.map(|(_, ends)| ends.to_string()),
        summary_html: summary.map(|(s, _)| markdown::summary_to_html(s)),
        url: active.map(|(v, _)| PagePath::version(&policy.id, locale, &v.id).url(base)),
        changes_url: active.map(|(v, _)| PagePath::changes(&policy.id, locale, &v.id).url(base)),
    };
    let mut json_text = serde_json::to_string_pretty(&json).expect("the notice is plain data");
    json_text.push('\n');
    let html = match active {
        None => String::new(),
        Some((version, ends)) => {
            let (title, _) = super::frame::localized_title(version, locale, &policy.title);
            let view = NoticeView {
                t: out.strings(locale),
                lang: locale.as_str(),
                dir: locale.dir(),
                policy_title: title,
                upcoming: version.effective > timeline.today,
                effective: out.dates.view(locale, version.effective),
                ends: ends.to_string(),
                summary_html: json.summary_html.clone(),
                summary_lang: summary
                    .and_then(|(_, fallback)| fallback.then_some(policy.source_locale.as_str())),
                url: json.url.clone().unwrap_or_default(),
                changes_url: json.changes_url.clone().unwrap_or_default(),
            };
            out.engine.render("notice.html", &view)?
        }
    };
    Ok(vec![
        artifact(&PagePath::notice(&policy.id, locale, "json"), json_text),
        artifact(&PagePath::notice(&policy.id, locale, "html"), html),
    ])
}

crate::render::view_with_strings!(NoticeView);
