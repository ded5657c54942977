//! The HTML pages: the policy list, every version of every policy in every
//! locale (at its permanent address and, for the current version, at the
//! policy's main addresses), and the version lists. Pages are rendered in
//! parallel; each version's Markdown is rendered once per locale and shared
//! by all the pages that show it.

use super::frame::{head, link, localized_title, policy_view, site_view, until, version_view};
use super::{Artifact, Outputs, PagePath, artifact};

use crate::diagnostics::Diagnostic;
use crate::markdown::{self, BodyContext, PageIds};
use crate::model::{InLocale, Locale, Section, SectionId, Status, Timeline, Version};
use crate::render::views::{
    IndexPage, LanguageLink, PolicyCard, PolicyView, SectionView, TranslationNote, VersionPage,
    VersionsPage,
};
use crate::render::written;

/// The site's front page: every policy, with its current version.
pub(super) fn index(out: &Outputs<'_>) -> Result<Artifact, Diagnostic> {
    let page = PagePath::site_index();
    let locale = &out.site.default_locale;
    let policies = out
        .timelines
        .iter()
        .filter_map(|timeline| {
            let policy = timeline.policy;
            let version = timeline.current()?;
            let shown = if policy.locales.contains(locale) {
                locale
            } else {
                &policy.source_locale
            };
            let (title, title_lang) = localized_title(version, shown, &policy.title);
            Some(PolicyCard {
                id: policy.id.as_str(),
                title,
                title_lang: title_lang.or((shown != locale).then_some(shown.as_str())),
                owner: &policy.owner,
                effective: out.dates.view(locale, version.effective),
                status: timeline.status(version),
                href: page.href_to(&PagePath::policy_current(&policy.id, shown)),
                languages: policy
                    .locales
                    .iter()
                    .map(|l| LanguageLink {
                        lang: l.to_string(),
                        name: out.language_name(l),
                        href: page.href_to(&PagePath::policy_current(&policy.id, l)),
                        current: l == shown,
                    })
                    .collect(),
                // When no version is in effect yet, the card shows the first
                // upcoming one already.
                upcoming: (timeline.status(version) == Status::Current)
                    .then(|| timeline.upcoming().next())
                    .flatten()
                    .map(|v| link(out, timeline, &page, locale, shown, v)),
            })
        })
        .collect();
    let mut view = IndexPage {
        head: head(
            out,
            &page,
            locale,
            out.site.title.clone(),
            &|_| PagePath::site_index(),
            std::slice::from_ref(locale),
        ),
        site: site_view(out, &page),
        t: out.strings(locale),
        policies,
    };
    view.head.feed = Some(page.href_to(&PagePath::site_feed()));
    Ok(artifact(&page, out.engine.render("index.html", &view)?))
}

/// The permanent page of `version` in `locale`, and the policy's main pages
/// when it is the current version.
pub(super) fn version_pages(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    locale: &Locale,
    version: &Version,
) -> Result<Vec<Artifact>, Diagnostic> {
    let written = written::applies(out.theme, &written::VERSION);
    version_pages_as(out, timeline, locale, version, written)
}

/// Renders the pages of `version`, its text and contents written here
/// (`written`: exactly what the built-in components make of them) or
/// through the templates.
fn version_pages_as(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    locale: &Locale,
    version: &Version,
    written: bool,
) -> Result<Vec<Artifact>, Diagnostic> {
    let policy = timeline.policy;
    let stale = out.out_of_date.sections(&policy.id, &version.id, locale);
    // Body headings get ids too; they must not take a section's, nor the
    // anchor a section keeps for a former id.
    let mut ids = PageIds::new(
        version
            .sections_flat()
            .into_iter()
            .flat_map(|(_, s)| std::iter::once(&s.id).chain(&s.aliases))
            .map(SectionId::to_string),
    );
    let view = version.in_locale(locale, Some(stale));
    let sections = localize_sections(&out.bodies, &version.source.sections, &view, 0, &mut ids);
    // The contents are the same on every page of the version.
    let toc_html = written.then(|| {
        let mut html = String::new();
        written::toc_list(&mut html, &sections, out.strings(locale));
        html
    });
    let mut pages = vec![PagePath::version(&policy.id, locale, &version.id)];
    if timeline.current().is_some_and(|c| c.id == version.id) {
        pages.push(PagePath::policy_current(&policy.id, locale));
        if *locale == policy.source_locale {
            pages.push(PagePath::policy_home(&policy.id));
        }
    }
    let mut artifacts = Vec::with_capacity(pages.len());
    for page in pages {
        let is_permanent = page == PagePath::version(&policy.id, locale, &version.id);
        let variants = |l: &Locale| {
            if is_permanent {
                PagePath::version(&policy.id, l, &version.id)
            } else {
                PagePath::policy_current(&policy.id, l)
            }
        };
        let mut view = version_page(out, timeline, locale, version, &page, &sections, &variants);
        if written {
            let mut html = String::new();
            let changes = view.version.changes_href.as_deref();
            written::section_tree(&mut html, view.sections, view.t, changes);
            view.sections_html = Some(html);
            view.toc_html = toc_html.clone();
            view.sections = &[];
        }
        artifacts.push(artifact(&page, out.engine.render("version.html", &view)?));
    }
    Ok(artifacts)
}

fn version_page<'a>(
    out: &'a Outputs<'a>,
    timeline: &'a Timeline<'a>,
    locale: &'a Locale,
    version: &'a Version,
    page: &PagePath,
    sections: &'a [SectionView<'a>],
    variants: &dyn Fn(&Locale) -> PagePath,
) -> VersionPage<'a> {
    let policy = timeline.policy;
    let source = &policy.source_locale;
    let (title, _) = localized_title(version, locale, &policy.title);
    let status = timeline.status(version);
    let mut head = head(
        out,
        page,
        locale,
        format!("{title} – {}", out.site.title),
        variants,
        &policy.locales,
    );
    head.noindex = status == Status::Draft;
    head.feed = Some(page.href_to(&PagePath::feed(&policy.id, locale)));
    let current = timeline.current().filter(|c| c.id != version.id);
    VersionPage {
        head,
        site: site_view(out, page),
        t: out.strings(locale),
        policy: policy_view(policy, locale, page),
        version: version_view(out, timeline, locale, version, page),
        sections,
        sections_html: None,
        toc_html: None,
        current: current.map(|c| link(out, timeline, page, locale, locale, c)),
        upcoming: (status == Status::Current)
            .then(|| timeline.upcoming().next())
            .flatten()
            .map(|u| link(out, timeline, page, locale, locale, u)),
        superseded_until: until(out, timeline, locale, version),
        earlier: timeline
            .versions
            .iter()
            .rev()
            .filter(|v| v.effective < version.effective)
            .take(EARLIER_LISTED)
            .map(|v| link(out, timeline, page, locale, locale, v))
            .collect(),
        translation: (locale != source).then(|| TranslationNote {
            language: out.language_name_in(source, locale),
            href: page.href_to(&variants(source)),
            none_translated: !version.translations.contains_key(locale),
            page_language: out.language_name_in(locale, locale),
        }),
    }
}

/// How many earlier versions a version's page lists (the nearest ones),
/// before its link to the version history, which lists them all. Listing
/// every one would repeat the history on every page: the site would grow
/// with the square of the number of versions.
const EARLIER_LISTED: usize = 3;

/// The version history of `timeline`'s policy in `locale`.
pub(super) fn versions(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    locale: &Locale,
) -> Result<Artifact, Diagnostic> {
    let policy = timeline.policy;
    let page = PagePath::versions(&policy.id, locale);
    let t = out.strings(locale);
    let (title, title_lang) = timeline
        .current()
        .map(|c| localized_title(c, locale, &policy.title))
        .unwrap_or((&policy.title, None));
    let heading = t.text("version_history");
    let mut view = VersionsPage {
        head: head(
            out,
            &page,
            locale,
            format!(
                "{} – {}",
                crate::render::fill_text(
                    t.text("page_title"),
                    &[("heading", heading), ("title", title)]
                ),
                out.site.title
            ),
            &|l| PagePath::versions(&policy.id, l),
            &policy.locales,
        ),
        site: site_view(out, &page),
        t,
        policy: PolicyView {
            id: policy.id.as_str(),
            title: &policy.title,
            owner: &policy.owner,
            current_href: page.href_to(&PagePath::policy_current(&policy.id, locale)),
            versions_href: page.href_to(&page),
        },
        title,
        title_lang,
        versions: timeline
            .versions
            .iter()
            .rev()
            .map(|v| link(out, timeline, &page, locale, locale, v))
            .collect(),
    };
    view.head.feed = Some(page.href_to(&PagePath::feed(&policy.id, locale)));
    Ok(artifact(&page, out.engine.render("versions.html", &view)?))
}

/// The sections of `version` in `locale`, falling back to the source text
/// field by field (see [`Version::in_locale`]).
fn localize_sections<'a>(
    bodies: &markdown::Bodies,
    sections: &'a [Section],
    view: &InLocale<'a>,
    depth: usize,
    ids: &mut PageIds,
) -> Vec<SectionView<'a>> {
    let source_lang = view.source_lang();
    let has_translation = view.translation().is_some();
    sections
        .iter()
        .map(|section| {
            // An out-of-date translation is not shown in the original's
            // place: the original, which changed in meaning, is, with the
            // translation of the earlier wording after it.
            let shown = view.section(section);
            let (title, body) = (shown.title(), shown.body());
            let earlier = shown.earlier();
            let level = (depth + 2).min(6);
            SectionView {
                id: section.id.as_str(),
                aliases: &section.aliases,
                title: title.text,
                title_lang: title.fallback.then_some(source_lang),
                body_html: bodies.to_html(
                    body.text,
                    BodyContext {
                        section_id: section.id.as_str(),
                        section_level: level,
                        ids,
                    },
                ),
                body_lang: body.fallback.then_some(source_lang),
                // A version with no translation at all says so once, on the page.
                untranslated: (title.fallback || body.fallback)
                    && !shown.is_stale()
                    && has_translation,
                stale: shown.is_stale(),
                // The earlier translated title, when it is not the heading
                // shown already.
                earlier_title: earlier
                    .and_then(|t| t.title.as_deref())
                    .filter(|t| *t != section.title),
                earlier_html: earlier.and_then(|t| t.body.as_deref()).map(|body| {
                    bodies.to_html(
                        body,
                        BodyContext {
                            section_id: section.id.as_str(),
                            section_level: level,
                            ids,
                        },
                    )
                }),
                level,
                sections: localize_sections(bodies, &section.sections, view, depth + 1, ids),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
