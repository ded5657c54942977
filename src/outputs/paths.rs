//! Where every page lives: its file in the output folder, its public URL and
//! relative links between pages. The output layout of the contract is
//! written down here once; every other module asks.

use crate::model::{Locale, PolicyId, VersionId};

/// A page: a folder under the output root holding an `index.html`, or a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PagePath {
    /// Folder segments from the output root (`["zimbra", "fr"]`).
    segments: Vec<String>,
    /// The file name (`index.html`, `notice.json`, ...).
    file: String,
}

impl PagePath {
    fn new(segments: &[&str], file: &str) -> Self {
        PagePath {
            segments: segments.iter().map(|s| (*s).to_owned()).collect(),
            file: file.to_owned(),
        }
    }

    /// `index.html`: the list of policies.
    pub fn site_index() -> Self {
        Self::new(&[], "index.html")
    }

    /// `<p>/index.html`: the current version in the source locale.
    pub fn policy_home(policy: &PolicyId) -> Self {
        Self::new(&[policy.as_str()], "index.html")
    }

    /// `<p>/<l>/index.html`: the current version in a locale.
    pub fn policy_current(policy: &PolicyId, locale: &Locale) -> Self {
        Self::new(&[policy.as_str(), locale.as_str()], "index.html")
    }

    /// `<p>/<l>/<v>/index.html`: a version at its permanent address.
    pub fn version(policy: &PolicyId, locale: &Locale, version: &VersionId) -> Self {
        Self::new(
            &[policy.as_str(), locale.as_str(), version.as_str()],
            "index.html",
        )
    }

    /// `<p>/<l>/<v>/changes/index.html`: what changed in a version.
    pub fn changes(policy: &PolicyId, locale: &Locale, version: &VersionId) -> Self {
        Self::new(
            &[
                policy.as_str(),
                locale.as_str(),
                version.as_str(),
                "changes",
            ],
            "index.html",
        )
    }

    /// `<p>/<l>/versions/index.html`: every version.
    pub fn versions(policy: &PolicyId, locale: &Locale) -> Self {
        Self::new(
            &[policy.as_str(), locale.as_str(), "versions"],
            "index.html",
        )
    }

    /// `<p>/<l>/notice.html` or `notice.json`: the homepage notice.
    pub fn notice(policy: &PolicyId, locale: &Locale, extension: &str) -> Self {
        Self::new(
            &[policy.as_str(), locale.as_str()],
            &format!("notice.{extension}"),
        )
    }

    /// `<p>/<l>/feed.xml`: the policy's Atom feed in a locale.
    pub fn feed(policy: &PolicyId, locale: &Locale) -> Self {
        Self::new(&[policy.as_str(), locale.as_str()], "feed.xml")
    }

    /// `feed.xml`: the site-wide Atom feed.
    pub fn site_feed() -> Self {
        Self::new(&[], "feed.xml")
    }

    /// `<p>/versions.json`: the record of every built version.
    pub fn manifest(policy: &PolicyId) -> Self {
        Self::new(&[policy.as_str()], "versions.json")
    }

    /// `<p>/announcements/<v>.<l>.eml`: the announcement email of a version.
    pub fn announcement(policy: &PolicyId, version: &VersionId, locale: &Locale) -> Self {
        Self::new(
            &[policy.as_str(), "announcements"],
            &format!("{version}.{locale}.eml"),
        )
    }

    /// Whether a policy folder named `name` would collide with a file or
    /// folder privsite writes at the site's top (`index.html`, `feed.xml`,
    /// `sitemap.xml` and its parts `sitemap-<n>.xml`, `assets/`).
    pub fn is_taken_at_the_top(name: &str) -> bool {
        let part = name
            .strip_prefix("sitemap-")
            .and_then(|n| n.strip_suffix(".xml"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        part || ["index.html", "feed.xml", "sitemap.xml", "assets"].contains(&name)
    }

    /// `sitemap.xml`.
    pub fn sitemap() -> Self {
        Self::new(&[], "sitemap.xml")
    }

    /// `sitemap-<n>.xml`: part `n` (from 1) of a sitemap too large for one
    /// file, which `sitemap.xml` then lists as a sitemap index.
    pub fn sitemap_part(n: usize) -> Self {
        Self::new(&[], &format!("sitemap-{n}.xml"))
    }

    /// A static asset under `assets/` (`path` may contain `/`).
    pub fn asset(path: &str) -> Self {
        let mut parts: Vec<&str> = path.split('/').collect();
        let file = parts.pop().unwrap_or_default();
        let mut segments = vec!["assets"];
        segments.extend(parts);
        Self::new(&segments, file)
    }

    /// The path of the file relative to the output root, with `/` separators.
    pub fn file(&self) -> String {
        let mut out = String::new();
        for s in &self.segments {
            out.push_str(s);
            out.push('/');
        }
        out.push_str(&self.file);
        out
    }

    /// The public URL under `base_url` (which ends in `/`); `index.html` is left out.
    pub fn url(&self, base_url: &str) -> String {
        let file = self.file();
        let path = file.strip_suffix("index.html").unwrap_or(&file);
        format!("{base_url}{path}")
    }

    /// A relative link from the page `self` to `target`, which works both on a
    /// web server and when the files are opened straight from disk: up to the
    /// folder both are in, then down to `target` (`../2005-08/index.html`).
    pub fn href_to(&self, target: &PagePath) -> String {
        let shared = self
            .segments
            .iter()
            .zip(&target.segments)
            .take_while(|(a, b)| a == b)
            .count();
        let mut out = "../".repeat(self.segments.len() - shared);
        for s in &target.segments[shared..] {
            out.push_str(s);
            out.push('/');
        }
        out.push_str(&target.file);
        out
    }

    /// The relative way back to the output root (`../../`).
    pub fn root(&self) -> String {
        "../".repeat(self.segments.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> (PolicyId, Locale, VersionId) {
        (
            PolicyId::parse("zimbra").unwrap(),
            Locale::parse("fr").unwrap(),
            VersionId::parse("2005-08").unwrap(),
        )
    }

    #[test]
    fn follows_the_contract_layout() {
        let (p, l, v) = ids();
        assert_eq!(PagePath::site_index().file(), "index.html");
        assert_eq!(PagePath::policy_home(&p).file(), "zimbra/index.html");
        assert_eq!(
            PagePath::policy_current(&p, &l).file(),
            "zimbra/fr/index.html"
        );
        assert_eq!(
            PagePath::version(&p, &l, &v).file(),
            "zimbra/fr/2005-08/index.html"
        );
        assert_eq!(
            PagePath::versions(&p, &l).file(),
            "zimbra/fr/versions/index.html"
        );
        assert_eq!(
            PagePath::asset("css/site.css").file(),
            "assets/css/site.css"
        );
    }

    #[test]
    fn urls_and_relative_links() {
        let (p, l, v) = ids();
        let page = PagePath::version(&p, &l, &v);
        assert_eq!(
            page.url("https://x.org/legal/"),
            "https://x.org/legal/zimbra/fr/2005-08/"
        );
        assert_eq!(page.href_to(&PagePath::site_index()), "../../../index.html");
        assert_eq!(
            PagePath::site_index().href_to(&page),
            "zimbra/fr/2005-08/index.html"
        );
    }

    #[test]
    fn relative_links_go_up_only_as_far_as_the_shared_folder() {
        let (p, l, v) = ids();
        let page = PagePath::version(&p, &l, &v);
        let de = Locale::parse("de").unwrap();
        let later = VersionId::parse("2006-01").unwrap();
        let other = PolicyId::parse("mozilla").unwrap();
        for (target, href) in [
            (page.clone(), "index.html"),
            (PagePath::changes(&p, &l, &v), "changes/index.html"),
            (PagePath::version(&p, &l, &later), "../2006-01/index.html"),
            (PagePath::versions(&p, &l), "../versions/index.html"),
            (PagePath::feed(&p, &l), "../feed.xml"),
            (
                PagePath::version(&p, &de, &v),
                "../../de/2005-08/index.html",
            ),
            (PagePath::policy_home(&p), "../../index.html"),
            (
                PagePath::policy_current(&other, &l),
                "../../../mozilla/fr/index.html",
            ),
            (
                PagePath::asset("privsite.css"),
                "../../../assets/privsite.css",
            ),
        ] {
            assert_eq!(page.href_to(&target), href, "{target:?}");
        }
        assert_eq!(
            PagePath::changes(&p, &l, &v).href_to(&page),
            "../index.html"
        );
        // From the policy's home page, down into its own folders.
        assert_eq!(
            PagePath::policy_home(&p).href_to(&PagePath::version(&p, &l, &v)),
            "fr/2005-08/index.html"
        );
    }
}
