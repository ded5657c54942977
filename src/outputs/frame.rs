//! The frame every page shares: its `<head>` (language, direction,
//! alternates, canonical link), the site and policy it belongs to, and how a
//! version is shown and linked from any page (dates, status, classification,
//! summary). Pages, change pages, feeds, notices and emails all take them
//! from here, so that a version looks the same wherever it is named.

use super::{Outputs, PagePath};
use crate::markdown;
use crate::model::{Locale, Policy, Status, Timeline, Version};
use crate::render::views::{
    Alternate, Head, LanguageLink, PolicyView, SiteView, VersionLink, VersionView,
};

/// The policy as a page in `locale` shows it.
pub(super) fn policy_view<'a>(
    policy: &'a Policy,
    locale: &Locale,
    page: &PagePath,
) -> PolicyView<'a> {
    PolicyView {
        id: policy.id.as_str(),
        title: &policy.title,
        owner: &policy.owner,
        current_href: page.href_to(&PagePath::policy_current(&policy.id, locale)),
        versions_href: page.href_to(&PagePath::versions(&policy.id, locale)),
    }
}

/// A version as a page in `locale` shows it.
pub(super) fn version_view<'a>(
    out: &Outputs<'_>,
    timeline: &Timeline<'a>,
    locale: &Locale,
    version: &'a Version,
    page: &PagePath,
) -> VersionView<'a> {
    let policy = timeline.policy;
    let (title, title_lang) = localized_title(version, locale, &policy.title);
    let summary = version.summary_in(locale);
    let diff = out.diff(&policy.id, &version.id);
    VersionView {
        id: version.id.as_str(),
        title,
        title_lang,
        effective: out.dates.view(locale, version.effective),
        published: out.dates.view(locale, version.published),
        status: timeline.status(version),
        href: page.href_to(&PagePath::version(&policy.id, locale, &version.id)),
        permalink: PagePath::version(&policy.id, locale, &version.id).url(&out.site.base_url),
        digest: &version.digest,
        level: diff.map(|d| d.classification),
        changes_href: diff
            .map(|_| page.href_to(&PagePath::changes(&policy.id, locale, &version.id))),
        summary_html: summary.map(|(s, _)| markdown::summary_to_html(s)),
        summary_lang: summary
            .and_then(|(_, fallback)| fallback.then_some(version.source.locale.as_str())),
    }
}

pub(super) fn site_view<'a>(out: &Outputs<'a>, page: &PagePath) -> SiteView<'a> {
    SiteView {
        title: &out.site.title,
        home: page.href_to(&PagePath::site_index()),
    }
}

/// The `<head>` of a page in `locale` that exists in every locale of `others`.
pub(super) fn head<'a>(
    out: &Outputs<'_>,
    page: &PagePath,
    locale: &'a Locale,
    title: String,
    variants: &dyn Fn(&Locale) -> PagePath,
    others: &[Locale],
) -> Head<'a> {
    let base = &out.site.base_url;
    let mut alternates: Vec<Alternate> = others
        .iter()
        .map(|l| Alternate {
            hreflang: l.to_string(),
            href: variants(l).url(base),
        })
        .collect();
    if others.len() > 1 {
        alternates.push(Alternate {
            hreflang: "x-default".to_owned(),
            href: variants(&others[0]).url(base),
        });
    }
    let languages = if others.len() > 1 {
        others
            .iter()
            .map(|l| LanguageLink {
                lang: l.to_string(),
                name: out.language_name(l),
                href: page.href_to(&variants(l)),
                current: l == locale,
            })
            .collect()
    } else {
        Vec::new()
    };
    Head {
        lang: locale.as_str(),
        dir: locale.dir(),
        title,
        canonical: variants(locale).url(base),
        root: page.root(),
        alternates,
        languages,
        stylesheet: page.href_to(&PagePath::asset("privsite.css")),
        feed: None,
        noindex: false,
    }
}

/// A link from `page` to `version`'s permanent page in `target` locale, with
/// dates written in `locale`.
pub(super) fn link<'a>(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    page: &PagePath,
    locale: &'a Locale,
    target: &Locale,
    version: &'a Version,
) -> VersionLink<'a> {
    let summary = version.summary_in(locale);
    let policy = &timeline.policy.id;
    let diff = out.diff(policy, &version.id);
    VersionLink {
        id: version.id.as_str(),
        level: diff.map(|d| d.classification),
        changes_href: diff.map(|_| page.href_to(&PagePath::changes(policy, target, &version.id))),
        effective: out.dates.view(locale, version.effective),
        published: out.dates.view(locale, version.published),
        status: timeline.status(version),
        until: until(out, timeline, locale, version),
        href: page.href_to(&PagePath::version(&timeline.policy.id, target, &version.id)),
        summary_html: summary.map(|(s, _)| markdown::summary_to_html(s)),
        summary_lang: summary
            .and_then(|(_, fallback)| fallback.then_some(version.source.locale.as_str())),
    }
}

/// For a replaced version, the day the version after it took effect (the
/// first day it no longer applied), written in `locale`.
pub(super) fn until(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    locale: &Locale,
    version: &Version,
) -> Option<crate::i18n::DateView> {
    if timeline.status(version) != Status::Superseded {
        return None;
    }
    timeline
        .versions
        .iter()
        .find(|v| v.effective > version.effective)
        .map(|next| out.dates.view(locale, next.effective))
}

/// The version's title in `locale`: its own, the source locale's, or the
/// policy's (see [`Version::in_locale`]), with the source locale's tag
/// when it is a fallback.
pub(super) fn localized_title<'a>(
    version: &'a Version,
    locale: &Locale,
    policy_title: &'a str,
) -> (&'a str, Option<&'a str>) {
    let title = version.in_locale(locale, None).title_or(policy_title);
    (
        title.text,
        title.fallback.then_some(version.source.locale.as_str()),
    )
}
