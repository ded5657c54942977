//! The fixture builder and helpers shared by the suite.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use scraper::{Html, Selector};

/// A throwaway project folder.
pub(crate) struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// An empty project.
    pub(crate) fn empty() -> Self {
        Project {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// A project with `site.yaml` and one policy `acme` whose source locale is `en`.
    pub(crate) fn new() -> Self {
        Project::empty()
            .file(
                "policies/site.yaml",
                "title: Acme Legal\nbase_url: https://legal.example.com/\nlocales:\n  en: English\n  fr: Français\n  ar: العربية\n",
            )
            .file("policies/acme/policy.yaml", "title: Privacy Policy\nowner: Acme Inc.\n")
    }

    /// Writes a file (relative to the project root), creating folders.
    pub(crate) fn file(self, path: &str, text: &str) -> Self {
        let full = self.path(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, text).unwrap();
        self
    }

    /// Writes a version file of policy `acme` with the given sections YAML.
    pub(crate) fn version(self, version: &str, locale: &str, header: &str, sections: &str) -> Self {
        let text = format!("{header}\nsections:\n{sections}");
        self.file(&format!("policies/acme/{version}/{locale}.yaml"), &text)
    }

    /// Adds version `1` (effective 2024-01-01) and version `2` (with
    /// `header`), whose one change is "one cookie" becoming `cookies`: "no
    /// cookie" is a material change, "one cokie" a minor one.
    pub(crate) fn one_change(self, header: &str, cookies: &str) -> Self {
        self.version("1", "en", "effective: 2024-01-01", SECTIONS)
            .version("2", "en", header, &SECTIONS.replace("one cookie", cookies))
    }

    /// The project root.
    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the project.
    pub(crate) fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// `privsite <args>` run in the project folder.
    pub(crate) fn privsite(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("privsite").unwrap();
        cmd.current_dir(self.root())
            .args(args)
            .env_remove("SOURCE_DATE_EPOCH");
        cmd
    }

    /// `privsite <args>`, asserted to succeed; what it printed (standard
    /// output, then standard error).
    pub(crate) fn succeeds(&self, args: &[&str]) -> String {
        let output = self.privsite(args).output().unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.status.success(), "privsite {args:?}: {said}");
        said
    }

    /// `privsite <args>`, asserted to fail with exit status 1 (the
    /// sources have errors); its standard error.
    pub(crate) fn fails(&self, args: &[&str]) -> String {
        let output = self.privsite(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(1), "privsite {args:?}: {stderr}");
        stderr
    }

    /// Every file under `policies/`, relative, with its bytes.
    pub(crate) fn sources(&self) -> Vec<(String, Vec<u8>)> {
        let root = self.path("policies");
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let name = e
                    .path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (name, fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    /// Builds the site on `today` and asserts success.
    pub(crate) fn build(&self, today: &str) -> &Self {
        self.privsite(&["build", "--today", today])
            .assert()
            .success();
        self
    }

    /// A file of the built site as text.
    pub(crate) fn read(&self, site_path: &str) -> String {
        let path = self.path("site").join(site_path);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// A page of the built site, parsed.
    pub(crate) fn page(&self, site_path: &str) -> Page {
        Page(Html::parse_document(&self.read(site_path)))
    }

    /// Where the links (`href`) of the elements matching `selector` on the
    /// page `site_path` lead: the site's file by its path from the output
    /// folder (`acme/en/index.html#intro`), so that a test says where a link
    /// goes whatever way the page writes it. Anything that leaves the site
    /// is kept as written, and so is a link to an anchor of the page itself
    /// (`#intro`).
    pub(crate) fn targets(&self, site_path: &str, selector: &str) -> Vec<String> {
        let site = url::Url::parse("file:///site/").unwrap();
        let page = site.join(site_path).unwrap();
        self.page(site_path)
            .attrs(selector, "href")
            .into_iter()
            .map(|href| match page.join(&href) {
                _ if href.starts_with('#') => href,
                Ok(url) if url.scheme() == "file" => url
                    .as_str()
                    .strip_prefix(site.as_str())
                    .map_or(href, str::to_owned),
                _ => href,
            })
            .collect()
    }

    /// Whether the built site has this file.
    pub(crate) fn exists(&self, site_path: &str) -> bool {
        self.path("site").join(site_path).is_file()
    }

    /// Every file of the built site, relative, sorted.
    pub(crate) fn site_files(&self) -> Vec<String> {
        let root = self.path("site");
        let mut files: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        files.sort();
        files
    }

    /// Every file of the built site with its bytes.
    pub(crate) fn snapshot_site(&self) -> Vec<(String, Vec<u8>)> {
        self.site_files()
            .into_iter()
            .map(|f| {
                let bytes = fs::read(self.path("site").join(&f)).unwrap();
                (f, bytes)
            })
            .collect()
    }
}

/// A parsed HTML page.
pub(crate) struct Page(pub Html);

impl Page {
    /// The texts of every element matching `selector`.
    pub(crate) fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).unwrap();
        self.0
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The value of `attribute` on every element matching `selector`.
    pub(crate) fn attrs(&self, selector: &str, attribute: &str) -> Vec<String> {
        let selector = Selector::parse(selector).unwrap();
        self.0
            .select(&selector)
            .filter_map(|e| e.value().attr(attribute).map(str::to_owned))
            .collect()
    }

    /// The value of `attribute` on the one element matching `selector`.
    pub(crate) fn attr(&self, selector: &str, attribute: &str) -> String {
        let values = self.attrs(selector, attribute);
        assert_eq!(
            values.len(),
            1,
            "expected one `{selector}` with `{attribute}`, found {values:?}"
        );
        values.into_iter().next().unwrap()
    }

    /// How many elements match `selector`.
    pub(crate) fn count(&self, selector: &str) -> usize {
        self.0.select(&Selector::parse(selector).unwrap()).count()
    }
}

/// A two-section English version file header and body.
pub(crate) const SECTIONS: &str = "  - id: intro
    title: Introduction
    body: We respect your privacy.
  - id: data
    title: Data We Collect
    body: |
      We collect:

      - your name;
      - your email address.
    sections:
      - id: cookies
        title: Cookies
        body: We use one cookie.
";

/// The same sections in French, with `cookies` left untranslated.
pub(crate) const SECTIONS_FR: &str = "  - id: intro
    title: Introduction
    body: Nous respectons votre vie privée.
  - id: data
    title: Données recueillies
    body: |
      Nous recueillons :

      - votre nom ;
      - votre adresse électronique.
";

/// A project with two versions (2024-01 current, 2025-01 upcoming on
/// 2024-12-01) in English and French, and an Arabic translation of the first.
pub(crate) fn two_versions() -> Project {
    Project::new()
        .version("2024-01", "en", "effective: 2024-01-15", SECTIONS)
        .version("2024-01", "fr", "title: Politique de confidentialité", SECTIONS_FR)
        .version(
            "2024-01",
            "ar",
            "title: سياسة الخصوصية",
            "  - id: intro\n    title: مقدمة\n    body: نحن نحترم خصوصيتك.\n",
        )
        .version(
            "2025-01",
            "en",
            "effective: 2025-01-15\npublished: 2024-11-15\nchange:\n  summary: We now keep logs for **30 days**.",
            &SECTIONS.replace("one cookie", "two cookies"),
        )
        .version("2025-01", "fr", "title: Politique de confidentialité", SECTIONS_FR)
}
