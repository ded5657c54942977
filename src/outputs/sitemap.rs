//! `sitemap.xml`: every canonical page with its `hreflang` alternates.
//! Finding the entries is pure and separate from rendering them.
//!
//! The sitemaps protocol allows at most 50,000 URLs and 50 MB in one file. A
//! site with more is written in parts, `sitemap-1.xml`, `sitemap-2.xml`, ...,
//! each within both limits, and `sitemap.xml` is then the sitemap index that
//! lists them (which crawlers read at the same address). A site within the
//! limits keeps its one `sitemap.xml`.

use super::{Artifact, Outputs, PagePath, artifact};
use crate::diagnostics::Diagnostic;
use crate::model::Locale;
use crate::render::views::{Alternate, Sitemap, SitemapUrl};

/// The most URLs one sitemap file may list (the sitemaps protocol's limit).
const MAX_URLS: usize = 50_000;

/// The most bytes one sitemap file may have, uncompressed (the protocol's
/// 50 MB, 52,428,800 bytes).
const MAX_BYTES: usize = 52_428_800;

/// Renders the sitemap: through the theme's own `sitemap.xml` when it has
/// one; else written here, byte for byte what the built-in template makes
/// (a test holds them to it), because a site of tens of thousands of pages
/// has hundreds of thousands of alternates, and the engine's copy of each
/// as a value of its own was most of a build's memory. One file, or the
/// parts and their index.
pub(super) fn render(out: &Outputs<'_>) -> Result<Vec<Artifact>, Diagnostic> {
    let parts = if out.theme.overrides(TEMPLATE) {
        through_template(out, MAX_URLS)?
    } else {
        written(out, MAX_URLS, MAX_BYTES)
    };
    Ok(files(out, parts))
}

const TEMPLATE: &str = "sitemap.xml";

/// The files of a sitemap in `parts`: `sitemap.xml` for one part; else each
/// part as `sitemap-<n>.xml` and `sitemap.xml` as their index.
fn files(out: &Outputs<'_>, mut parts: Vec<String>) -> Vec<Artifact> {
    if parts.len() == 1 {
        return vec![artifact(&PagePath::sitemap(), parts.remove(0))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::with_capacity(parts.len() + 1);
    for (i, part) in parts.into_iter().enumerate() {
        let path = PagePath::sitemap_part(i + 1);
        index.push_str("<sitemap>\n<loc>");
        crate::render::escape_into(&path.url(&out.site.base_url), &mut index);
        index.push_str("</loc>\n</sitemap>\n");
        files.push(artifact(&path, part));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, artifact(&PagePath::sitemap(), index));
    files
}

/// The sitemap through the theme's template, `max_urls` URLs a part.
fn through_template(out: &Outputs<'_>, max_urls: usize) -> Result<Vec<String>, Diagnostic> {
    let mut urls = Vec::new();
    entries(out, &mut |url| urls.push(url.to_owned()));
    let mut parts = Vec::new();
    while parts.is_empty() || !urls.is_empty() {
        let rest = urls.split_off(urls.len().min(max_urls));
        let part = std::mem::replace(&mut urls, rest);
        parts.push(out.engine.render(TEMPLATE, &Sitemap { urls: part })?);
    }
    Ok(parts)
}

/// The start and the end of a sitemap file, as the built-in template
/// writes them.
const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const TAIL: &str = "</urlset>\n";

/// The sitemap as the built-in template writes it, in parts of at most
/// `max_urls` URLs and `max_bytes` bytes (an entry larger than that alone
/// is a part of its own: it cannot be split).
fn written(out: &Outputs<'_>, max_urls: usize, max_bytes: usize) -> Vec<String> {
    fn escaped(text: &str, buf: &mut Vec<u8>) {
        crate::render::escape(text, buf).expect("writing to a Vec cannot fail");
    }
    fn finish(mut buf: Vec<u8>) -> String {
        buf.extend_from_slice(TAIL.as_bytes());
        String::from_utf8(buf).expect("escaping keeps UTF-8")
    }
    let mut parts = Vec::new();
    let mut buf: Vec<u8> = HEAD.as_bytes().to_vec();
    let mut urls = 0;
    let mut entry: Vec<u8> = Vec::new();
    entries(out, &mut |url| {
        entry.clear();
        entry.extend_from_slice(b"<url>\n<loc>");
        escaped(url.loc, &mut entry);
        entry.extend_from_slice(b"</loc>\n");
        if let Some(lastmod) = url.lastmod {
            entry.extend_from_slice(b"<lastmod>");
            escaped(lastmod, &mut entry);
            entry.extend_from_slice(b"</lastmod>\n");
        }
        for alternate in url.alternates {
            entry.extend_from_slice(b"<xhtml:link rel=\"alternate\" hreflang=\"");
            escaped(&alternate.hreflang, &mut entry);
            entry.extend_from_slice(b"\" href=\"");
            escaped(&alternate.href, &mut entry);
            entry.extend_from_slice(b"\"/>\n");
        }
        entry.extend_from_slice(b"</url>\n");
        let full = urls == max_urls || buf.len() + entry.len() + TAIL.len() > max_bytes;
        if urls > 0 && full {
            parts.push(finish(std::mem::replace(
                &mut buf,
                HEAD.as_bytes().to_vec(),
            )));
            urls = 0;
        }
        buf.extend_from_slice(&entry);
        urls += 1;
    });
    parts.push(finish(buf));
    parts
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
            let written = written(&out, MAX_URLS, MAX_BYTES).remove(0);
            assert_eq!(
                written,
                through_template(&out, MAX_URLS).unwrap().remove(0),
                "{folder}"
            );
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

    /// The `<loc>` of every `<url>` in the sitemap files `parts`, in order.
    fn locs(parts: &[String]) -> Vec<String> {
        parts
            .iter()
            .flat_map(|p| p.split("<url>\n<loc>").skip(1))
            .map(|u| u.split("</loc>").next().unwrap().to_owned())
            .collect()
    }

    /// Beyond the protocol's limits the sitemap comes in parts, each within
    /// both limits, with every entry once and in order; an entry larger than
    /// the byte limit is a part of its own.
    #[test]
    fn a_sitemap_beyond_the_limits_comes_in_parts() {
        let project = project("tests/sites/features", None);
        let out = project.outputs(jiff::civil::Date::constant(2026, 11, 23), false);
        let whole = written(&out, MAX_URLS, MAX_BYTES);
        assert_eq!(whole.len(), 1);
        let all = locs(&whole);
        assert!(all.len() > 20, "{}", all.len());
        for max_urls in [1, 7, all.len() - 1, all.len()] {
            let parts = written(&out, max_urls, MAX_BYTES);
            assert_eq!(parts.len(), all.len().div_ceil(max_urls), "{max_urls}");
            assert_eq!(locs(&parts), all);
            for part in &parts {
                assert!(part.starts_with(HEAD) && part.ends_with(TAIL));
                assert!(part.matches("<url>").count() <= max_urls);
            }
            // The theme's template is given the same parts.
            assert_eq!(locs(&through_template(&out, max_urls).unwrap()), all);
            assert_eq!(through_template(&out, max_urls).unwrap(), parts);
        }
        let largest = whole[0]
            .split("<url>")
            .skip(1)
            .map(|u| u.len() + "<url>".len())
            .max()
            .unwrap();
        for max_bytes in [HEAD.len() + TAIL.len() + largest, 4_000, 10] {
            let parts = written(&out, MAX_URLS, max_bytes);
            assert_eq!(locs(&parts), all, "{max_bytes}");
            for part in &parts {
                assert!(
                    part.len() <= max_bytes || part.matches("<url>").count() == 1,
                    "{max_bytes}: a part of {} bytes",
                    part.len()
                );
            }
        }
    }

    /// The parts are `sitemap-<n>.xml`, and `sitemap.xml` is their index,
    /// with their absolute addresses.
    #[test]
    fn the_index_lists_the_parts_at_their_addresses() {
        let project = project("tests/sites/features", Some("https://example.net/a&b/"));
        let out = project.outputs(jiff::civil::Date::constant(2026, 11, 23), false);
        let one = files(&out, vec!["only".to_owned()]);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].path, "sitemap.xml");
        let parts = written(&out, 5, MAX_BYTES);
        let count = parts.len();
        assert!(count > 2);
        let files = files(&out, parts.clone());
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let expected: Vec<String> = std::iter::once("sitemap.xml".to_owned())
            .chain((1..=count).map(|n| format!("sitemap-{n}.xml")))
            .collect();
        assert_eq!(paths, expected);
        for (file, part) in files[1..].iter().zip(&parts) {
            assert_eq!(file.bytes.as_ref(), part.as_bytes());
        }
        let index = std::str::from_utf8(&files[0].bytes).unwrap();
        assert!(index.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"));
        let listed: Vec<&str> = index
            .split("<loc>")
            .skip(1)
            .map(|l| l.split("</loc>").next().unwrap())
            .collect();
        let addresses: Vec<String> = (1..=count)
            .map(|n| format!("https://example.net/a&amp;b/sitemap-{n}.xml"))
            .collect();
        assert_eq!(listed, addresses);
        assert!(index.ends_with("</sitemapindex>\n"));
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
        let text = String::from_utf8(render(&out).unwrap()[0].bytes.to_vec()).unwrap();
        assert!(
            text.starts_with("https://corpus.example.net/legal/\n"),
            "{text}"
        );
        assert!(!text.contains("<url>"));
    }
}
