//! `sitemap.xml`: every canonical page with its `hreflang` alternates.
//! Finding the entries is pure and separate from rendering them.

use super::{Artifact, Outputs, PagePath, artifact};
use crate::diagnostics::Diagnostic;
use crate::model::Locale;
use crate::render::views::{Alternate, Sitemap, SitemapUrl};

/// Renders the sitemap: through the theme's own `sitemap.xml` when it has
/// one; else written here, byte for byte what the built-in template makes
/// (a test holds them to it), because a site of tens of thousands of pages
/// has hundreds of thousands of alternates, and the engine's copy of each
/// as a value of its own was most of a build's memory.
pub(super) fn render(out: &Outputs<'_>) -> Result<Artifact, Diagnostic> {
    let text = if out.theme.overrides(TEMPLATE) {
        through_template(out)?
    } else {
        written(out)
    };
    Ok(artifact(&PagePath::sitemap(), text))
}

const TEMPLATE: &str = "sitemap.xml";

/// The sitemap through the theme's template.
fn through_template(out: &Outputs<'_>) -> Result<String, Diagnostic> {
    let mut urls = Vec::new();
    entries(out, &mut |url| urls.push(url.to_owned()));
    out.engine.render(TEMPLATE, &Sitemap { urls })
}

/// The sitemap as the built-in template writes it.
fn written(out: &Outputs<'_>) -> String {
    fn escaped(text: &str, buf: &mut Vec<u8>) {
        crate::render::escape(text, buf).expect("writing to a Vec cannot fail");
    }
    let mut buf: Vec<u8> = Vec::new();
    buf.extend_from_slice(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    entries(out, &mut |url| {
        buf.extend_from_slice(b"<url>\n<loc>");
        escaped(url.loc, &mut buf);
        buf.extend_from_slice(b"</loc>\n");
        if let Some(lastmod) = url.lastmod {
            buf.extend_from_slice(b"<lastmod>");
            escaped(lastmod, &mut buf);
            buf.extend_from_slice(b"</lastmod>\n");
        }
        for alternate in url.alternates {
            buf.extend_from_slice(b"<xhtml:link rel=\"alternate\" hreflang=\"");
            escaped(&alternate.hreflang, &mut buf);
            buf.extend_from_slice(b"\" href=\"");
            escaped(&alternate.href, &mut buf);
            buf.extend_from_slice(b"\"/>\n");
        }
        buf.extend_from_slice(b"</url>\n");
    });
    buf.extend_from_slice(b"</urlset>\n");
    String::from_utf8(buf).expect("escaping keeps UTF-8")
}

/// One entry of the sitemap, borrowed while it is written.
#[derive(Clone, Copy)]
struct Entry<'e> {
    loc: &'e str,
    lastmod: Option<&'e str>,
    alternates: &'e [Alternate],
}

impl Entry<'_> {
    fn to_owned(self) -> SitemapUrl {
        SitemapUrl {
            loc: self.loc.to_owned(),
            lastmod: self.lastmod.map(str::to_owned),
            alternates: self.alternates.to_vec(),
        }
    }
}

/// The sitemap entries, in order, each handed to `each`: the policy list,
/// then per policy and locale the current page, the version list and every
/// version.
fn entries(out: &Outputs<'_>, each: &mut dyn FnMut(Entry<'_>)) {
    let base = &out.site.base_url;
    each(Entry {
        loc: &PagePath::site_index().url(base),
        lastmod: None,
        alternates: &[],
    });
    for timeline in &out.timelines {
        let policy = timeline.policy;
        let mut group = |page: &dyn Fn(&Locale) -> PagePath, lastmod: Option<&str>| {
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
                each(Entry {
                    loc: &page(locale).url(base),
                    lastmod,
                    alternates: &alternates,
                });
            }
        };
        let current = timeline.current().map(|c| c.published.to_string());
        group(
            &|l| PagePath::policy_current(&policy.id, l),
            current.as_deref(),
        );
        group(&|l| PagePath::versions(&policy.id, l), current.as_deref());
        for version in &timeline.versions {
            group(
                &|l| PagePath::version(&policy.id, l, &version.id),
                Some(&version.published.to_string()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::build::Project;
    use crate::source::Files;

    fn project(folder: &str, base_url: Option<&str>) -> Project {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        let mut files = Files::read(&root);
        if let Some(base_url) = base_url {
            let site = std::fs::read_to_string(root.join("policies/site.yaml")).unwrap();
            let site: String = site
                .lines()
                .map(|l| match l.starts_with("base_url:") {
                    true => format!("base_url: \"{base_url}\"\n"),
                    false => format!("{l}\n"),
                })
                .collect();
            files.write("policies/site.yaml", site);
        }
        Project::from_files(&files).expect("the site loads")
    }

    /// The sitemap written here is, byte for byte, what the built-in
    /// template makes, on the example site (whose theme folder holds a copy
    /// of the built-in templates) and the feature corpus, also with an
    /// address that has characters XML escapes.
    #[test]
    fn the_written_sitemap_is_the_built_in_templates() {
        let today = jiff::civil::Date::constant(2026, 11, 23);
        for (folder, base_url) in [
            ("", None),
            ("tests/sites/features", None),
            (
                "tests/sites/features",
                Some("https://example.net/a&b/'q'/<x>/"),
            ),
        ] {
            let project = project(folder, base_url);
            let out = project.outputs(today, false);
            // The example site's theme folder is a copy of the built-in one.
            assert_eq!(out.theme.overrides(TEMPLATE), folder.is_empty());
            let written = written(&out);
            assert_eq!(written, through_template(&out).unwrap(), "{folder}");
            assert!(written.matches("<url>").count() > 10, "{written}");
            assert!(written.contains("hreflang=\"x-default\""));
            if base_url.is_some() {
                assert!(
                    written.contains("https://example.net/a&amp;b/&#39;q&#39;/"),
                    "{}",
                    &written[..600]
                );
            }
        }
    }

    /// A theme's own `sitemap.xml` is used.
    #[test]
    fn a_themes_own_sitemap_template_is_rendered() {
        let mut files =
            Files::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/features"));
        files.write(
            "themes/default/templates/sitemap.xml",
            "{% for url in urls %}{{ url.loc }}\n{% endfor %}",
        );
        let project = Project::from_files(&files).expect("the site loads");
        let out = project.outputs(jiff::civil::Date::constant(2026, 11, 23), false);
        assert!(out.theme.overrides(TEMPLATE));
        let text = String::from_utf8(render(&out).unwrap().bytes.to_vec()).unwrap();
        assert!(
            text.starts_with("https://corpus.example.net/legal/\n"),
            "{text}"
        );
        assert!(!text.contains("<url>"));
    }
}
