//! `sitemap.xml`: every canonical page with its `hreflang` alternates.
//! Finding the entries is pure and separate from rendering them.

use super::{Artifact, Outputs, PagePath, artifact};
use crate::diagnostics::Diagnostic;
use crate::model::Locale;
use crate::render::views::{Alternate, Sitemap, SitemapUrl};

/// Renders the sitemap.
pub(super) fn render(out: &Outputs<'_>) -> Result<Artifact, Diagnostic> {
    let view = Sitemap { urls: entries(out) };
    Ok(artifact(
        &PagePath::sitemap(),
        out.engine.render("sitemap.xml", &view)?,
    ))
}

/// The sitemap entries: the policy list, then per policy and locale the
/// current page, the version list and every version.
fn entries(out: &Outputs<'_>) -> Vec<SitemapUrl> {
    let base = &out.site.base_url;
    let mut urls = vec![SitemapUrl {
        loc: PagePath::site_index().url(base),
        lastmod: None,
        alternates: Vec::new(),
    }];
    for timeline in &out.timelines {
        let policy = timeline.policy;
        let group = |page: &dyn Fn(&Locale) -> PagePath,
                     lastmod: Option<String>,
                     urls: &mut Vec<SitemapUrl>| {
            let alternates: Vec<Alternate> = if policy.locales.len() > 1 {
                policy
                    .locales
                    .iter()
                    .map(|l| Alternate {
                        hreflang: l.to_string(),
                        href: page(l).url(base),
                    })
                    .chain(std::iter::once(Alternate {
                        hreflang: "x-default".to_owned(),
                        href: page(&policy.locales[0]).url(base),
                    }))
                    .collect()
            } else {
                Vec::new()
            };
            for locale in &policy.locales {
                urls.push(SitemapUrl {
                    loc: page(locale).url(base),
                    lastmod: lastmod.clone(),
                    alternates: alternates
                        .iter()
                        .map(|a| Alternate {
                            hreflang: a.hreflang.clone(),
                            href: a.href.clone(),
                        })
                        .collect(),
                });
            }
        };
        let current = timeline.current().map(|c| c.published.to_string());
        group(
            &|l| PagePath::policy_current(&policy.id, l),
            current.clone(),
            &mut urls,
        );
        group(&|l| PagePath::versions(&policy.id, l), current, &mut urls);
        for version in &timeline.versions {
            group(
                &|l| PagePath::version(&policy.id, l, &version.id),
                Some(version.published.to_string()),
                &mut urls,
            );
        }
    }
    urls
}
