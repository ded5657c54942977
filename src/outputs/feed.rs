//! Atom feeds: one per policy and locale (`<p>/<l>/feed.xml`), with an entry
//! per version, newest first, and one for the whole site (`feed.xml`). Entry
//! ids are the versions' permanent addresses, so they never change between
//! builds; `updated` is the day a version was published. The day a version
//! takes effect is in each entry's title and at the start of its content.

use serde::Serialize;

use super::{Artifact, Outputs, PagePath, artifact};
use crate::diagnostics::Diagnostic;
use crate::diff::{Level, SectionStatus};
use crate::markdown;
use crate::model::{Locale, Timeline, Version};
use crate::render::{escape_html, fill_html, fill_text};

#[derive(Debug, Serialize)]
struct FeedView<'a> {
    lang: &'a str,
    title: String,
    id: String,
    self_url: String,
    html_url: String,
    updated: String,
    author: &'a str,
    #[serde(skip)]
    t: &'a crate::i18n::Strings,
    entries: Vec<Entry>,
}

#[derive(Debug, Serialize)]
struct Entry {
    title: String,
    id: String,
    url: String,
    published: String,
    level: Option<Level>,
    /// The level in words, in the feed's language.
    level_label: Option<String>,
    author: String,
    content_html: String,
}

/// The feed of `timeline`'s policy in `locale`.
pub(super) fn render(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    locale: &Locale,
) -> Result<Artifact, Diagnostic> {
    let policy = timeline.policy;
    let base = &out.site.base_url;
    let page = PagePath::feed(&policy.id, locale);
    let entries: Vec<Entry> = timeline
        .versions
        .iter()
        .rev()
        .map(|v| entry(out, timeline, locale, v))
        .collect();
    let (title, _) = match timeline.current() {
        Some(current) => super::frame::localized_title(current, locale, &policy.title),
        None => (policy.title.as_str(), None),
    };
    let view = FeedView {
        lang: locale.as_str(),
        title: format!("{title} – {}", out.site.title),
        id: page.url(base),
        self_url: page.url(base),
        html_url: PagePath::versions(&policy.id, locale).url(base),
        updated: entries
            .iter()
            .map(|e| e.published.clone())
            .max()
            .unwrap_or_default(),
        author: &policy.owner,
        t: out.strings(locale),
        entries,
    };
    Ok(artifact(&page, out.engine.render("feed.xml", &view)?))
}

/// How many versions the site-wide feed holds, the newest: a reader of the
/// site's feed follows what is new; each policy's own feed has every version.
pub(super) const SITE_FEED_ENTRIES: usize = 50;

/// The versions of the site-wide feed, newest published first, each with
/// its timeline and the locale it is shown in (the site's language where a
/// policy has it, else the policy's source locale).
pub(super) fn site_entries<'o, 'a>(
    out: &'o Outputs<'a>,
) -> Vec<(&'o Timeline<'a>, &'o Locale, &'a Version)> {
    let mut versions: Vec<(&Timeline<'a>, &Locale, &'a Version)> = Vec::new();
    for timeline in &out.timelines {
        let policy = timeline.policy;
        let locale = if policy.locales.contains(&out.site.default_locale) {
            &out.site.default_locale
        } else {
            &policy.source_locale
        };
        versions.extend(timeline.versions.iter().map(|v| (timeline, locale, *v)));
    }
    // Newest first; on one day, by the entry's id (its page's address).
    let url = |t: &Timeline<'_>, l: &Locale, v: &Version| {
        PagePath::version(&t.policy.id, l, &v.id).url(&out.site.base_url)
    };
    versions.sort_by_cached_key(|(t, l, v)| (std::cmp::Reverse(v.published), url(t, l, v)));
    versions.truncate(SITE_FEED_ENTRIES);
    versions
}

/// The site-wide feed: the newest versions of every policy, newest first.
pub(super) fn render_site(out: &Outputs<'_>) -> Result<Artifact, Diagnostic> {
    let base = &out.site.base_url;
    let page = PagePath::site_feed();
    let entries: Vec<Entry> = site_entries(out)
        .into_iter()
        .map(|(timeline, locale, v)| entry(out, timeline, locale, v))
        .collect();
    let locale = &out.site.default_locale;
    let view = FeedView {
        lang: locale.as_str(),
        title: out.site.title.clone(),
        id: page.url(base),
        self_url: page.url(base),
        html_url: PagePath::site_index().url(base),
        updated: entries
            .iter()
            .map(|e| e.published.clone())
            .max()
            .unwrap_or_default(),
        author: &out.site.title,
        t: out.strings(locale),
        entries,
    };
    Ok(artifact(&page, out.engine.render("feed.xml", &view)?))
}

fn entry(out: &Outputs<'_>, timeline: &Timeline<'_>, locale: &Locale, version: &Version) -> Entry {
    let policy = timeline.policy;
    let base = &out.site.base_url;
    let t = out.strings(locale);
    let (title, _) = super::frame::localized_title(version, locale, &policy.title);
    let diff = out.diff(&policy.id, &version.id);
    let changes_url = PagePath::changes(&policy.id, locale, &version.id).url(base);
    // Feed readers list entries by title and show `published`/`updated`,
    // the day the version was made public; the day it takes effect, which
    // Atom has no element for, is in the title and opens the content. Both
    // are written without tense, so an entry never changes once published.
    let effective = out.dates.view(locale, version.effective);
    let mut content = format!(
        "<p>{}</p>",
        fill_html(
            t.text("feed_effective"),
            &[(
                "date",
                format!(
                    "<time datetime=\"{}\">{}</time>",
                    effective.iso,
                    escape_html(&effective.text)
                ),
            )],
        )
    );
    if let Some((summary, _)) = version.summary_in(locale) {
        content.push_str(&markdown::summary_to_html(summary));
    }
    if let Some(diff) = diff {
        let changed: Vec<String> = diff
            .comparison
            .sections
            .iter()
            .filter(|s| s.status != SectionStatus::Unchanged)
            .map(|s| {
                let title = section_title(version, locale, &s.id).unwrap_or(&s.title);
                format!(
                    "<li><a href=\"{}#{}\">{}</a></li>",
                    escape_html(&changes_url),
                    escape_html(&s.id),
                    escape_html(title)
                )
            })
            .collect();
        if !changed.is_empty() {
            let heading = t.text("feed_changed_sections");
            content.push_str(&format!(
                "<p>{}</p><ul>{}</ul>",
                escape_html(heading),
                changed.concat()
            ));
        }
        let link = t.text("view_changes");
        content.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape_html(&changes_url),
            escape_html(link)
        ));
    }
    Entry {
        title: fill_text(
            t.text("feed_entry_title"),
            &[
                ("title", title),
                ("version", version.id.as_str()),
                ("date", effective.text.as_str()),
            ],
        ),
        id: PagePath::version(&policy.id, locale, &version.id).url(base),
        url: PagePath::version(&policy.id, locale, &version.id).url(base),
        published: format!("{}T00:00:00Z", version.published),
        level: diff.map(|d| d.classification),
        level_label: diff.map(|d| t.text(&format!("level_{}", d.classification)).to_owned()),
        author: policy.owner.clone(),
        content_html: content,
    }
}

/// The translated title in `locale` of `version`'s section `id`, if it has one.
fn section_title<'a>(version: &'a Version, locale: &Locale, id: &str) -> Option<&'a str> {
    let (_, section) = version
        .sections_flat()
        .into_iter()
        .find(|(_, s)| s.id.as_str() == id)?;
    version
        .in_locale(locale, None)
        .section(section)
        .translated_title()
}

crate::render::view_with_strings!(FeedView);
