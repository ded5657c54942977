//! Tests of the incremental pipeline: after any edit, the site it holds is
//! the site a fresh build makes, and it renders only what the edit touched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::source::{Dir, Node};

const TODAY: Date = Date::constant(2026, 11, 23);

/// The feature corpus, read into memory: real policies with tables, lists,
/// raw HTML, four locales (one right to left), drafts and announcements.
fn corpus() -> Files {
    Files::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/features"))
}

/// Every file in `files` under `policies/` and `themes/`, with its text.
fn texts(files: &Files) -> BTreeMap<PathBuf, String> {
    fn walk(dir: &Dir, at: &Path, out: &mut BTreeMap<PathBuf, String>) {
        for (name, node) in dir.entries() {
            let path = at.join(name);
            match node {
                Node::Dir(inner) => walk(inner, &path, out),
                Node::File(file) => {
                    out.insert(
                        path,
                        String::from_utf8_lossy(&file.bytes().unwrap()).into_owned(),
                    );
                }
                Node::Refused(_) => {}
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(files.dir(Path::new("")).unwrap(), Path::new(""), &mut out);
    out
}

/// The site a fresh build of `files` makes, or `None` when it fails.
fn fresh(files: &Files, drafts: bool) -> Option<SiteFiles> {
    let project = Project::from_files(files).ok()?;
    let artifacts = project.render(TODAY, drafts).ok()?;
    Some(artifacts.into_iter().map(|a| (a.path, a.bytes)).collect())
}

/// The paths that differ between two sites, for a readable failure.
fn differences(a: &SiteFiles, b: &SiteFiles) -> Vec<String> {
    let mut out: Vec<String> = a
        .iter()
        .filter(|(path, bytes)| b.get(*path) != Some(bytes))
        .map(|(path, _)| format!("~ {path}"))
        .collect();
    out.extend(
        b.keys()
            .filter(|path| !a.contains_key(*path))
            .map(|path| format!("+ {path}")),
    );
    out
}

/// One edit an author, a translator or a designer makes.
#[derive(Debug, Clone)]
enum Edit {
    /// A sentence added to the first body of a version file.
    Body(usize, u8),
    /// A word of a body replaced everywhere it appears in one file.
    Word(usize),
    /// A summary changed.
    Summary(usize, u8),
    /// `effective` moved by some days (may clash with another version).
    Effective(usize, i8),
    /// `change.kind` flipped, or added.
    Kind(usize),
    /// A file removed (a translation, or a version's source).
    Remove(usize),
    /// Every file removed so far put back.
    Restore,
    /// A file broken (not YAML any more), or put right.
    Break(usize),
    /// The site's title changed.
    SiteTitle(u8),
    /// A policy's title or notice days changed.
    Policy(usize, u8),
    /// A static file of the theme written.
    Asset(u8),
    /// A template of the theme changed.
    Template(u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let file = 0..64usize;
    prop_oneof![
        4 => (file.clone(), any::<u8>()).prop_map(|(f, n)| Edit::Body(f, n)),
        2 => file.clone().prop_map(Edit::Word),
        2 => (file.clone(), any::<u8>()).prop_map(|(f, n)| Edit::Summary(f, n)),
        2 => (file.clone(), -40i8..40).prop_map(|(f, d)| Edit::Effective(f, d)),
        1 => file.clone().prop_map(Edit::Kind),
        2 => file.clone().prop_map(Edit::Remove),
        1 => Just(Edit::Restore),
        1 => file.clone().prop_map(Edit::Break),
        1 => any::<u8>().prop_map(Edit::SiteTitle),
        1 => (file, any::<u8>()).prop_map(|(f, n)| Edit::Policy(f, n)),
        1 => any::<u8>().prop_map(Edit::Asset),
        1 => any::<u8>().prop_map(Edit::Template),
    ]
}

/// The author's edits, made to files in memory.
struct Author {
    files: Files,
    /// Files removed, to put back.
    removed: BTreeMap<PathBuf, String>,
    /// Files broken, with their text before.
    broken: BTreeMap<PathBuf, String>,
}

impl Author {
    fn version_files(&self) -> Vec<(PathBuf, String)> {
        texts(&self.files)
            .into_iter()
            .filter(|(p, _)| p.components().count() == 4 && p.starts_with("policies"))
            .collect()
    }

    fn pick(&self, index: usize) -> Option<(PathBuf, String)> {
        let files = self.version_files();
        (!files.is_empty()).then(|| files[index % files.len()].clone())
    }

    fn apply(&mut self, edit: &Edit) {
        match *edit {
            Edit::Body(f, n) => {
                if let Some((path, text)) = self.pick(f)
                    && let Some(at) = text.find("body: |\n")
                {
                    let start = at + "body: |\n".len();
                    let indent: String = text[start..].chars().take_while(|c| *c == ' ').collect();
                    let mut text = text.clone();
                    text.insert_str(start, &format!("{indent}Edited sentence number {n}.\n\n"));
                    self.files.write(path, text);
                }
            }
            Edit::Word(f) => {
                if let Some((path, text)) = self.pick(f) {
                    let text = text.replace("90", "45").replace("data", "information");
                    self.files.write(path, text);
                }
            }
            Edit::Summary(f, n) => {
                if let Some((path, text)) = self.pick(f) {
                    let mut text = text.clone();
                    let note = format!("Summary note {n}. ");
                    if let Some(at) = text.find("summary: |\n") {
                        let start = at + "summary: |\n".len();
                        let indent: String =
                            text[start..].chars().take_while(|c| *c == ' ').collect();
                        text.insert_str(start, &format!("{indent}{note}\n"));
                    } else if let Some(at) = text.find("summary: ") {
                        let mut start = at + "summary: ".len();
                        if text[start..].starts_with('"') {
                            start += 1;
                        }
                        text.insert_str(start, &note);
                    } else if let Some(at) = text.find("change:\n") {
                        text.insert_str(at + "change:\n".len(), &format!("  summary: {note}\n"));
                    }
                    self.files.write(path, text);
                }
            }
            Edit::Effective(f, days) => {
                if let Some((path, text)) = self.pick(f)
                    && let Some(at) = text.find("effective: ")
                {
                    let start = at + "effective: ".len();
                    if let Ok(date) = text[start..start + 10].parse::<Date>() {
                        let moved = date.saturating_add(jiff::Span::new().days(i64::from(days)));
                        let mut text = text.clone();
                        text.replace_range(start..start + 10, &moved.to_string());
                        self.files.write(path, text);
                    }
                }
            }
            Edit::Kind(f) => {
                if let Some((path, text)) = self.pick(f) {
                    let text = if text.contains("kind: material") {
                        text.replace("kind: material", "kind: minor")
                    } else if text.contains("kind: minor") {
                        text.replace("kind: minor", "kind: material")
                    } else {
                        text.replacen("change:\n", "change:\n  kind: material\n", 1)
                    };
                    self.files.write(path, text);
                }
            }
            Edit::Remove(f) => {
                if let Some((path, text)) = self.pick(f) {
                    self.files.delete(&path);
                    self.removed.insert(path, text);
                }
            }
            Edit::Restore => {
                for (path, text) in std::mem::take(&mut self.removed) {
                    self.files.write(path, text);
                }
            }
            Edit::Break(f) => {
                if let Some((path, text)) = self.broken.pop_first() {
                    self.files.write(path, text);
                } else if let Some((path, text)) = self.pick(f) {
                    self.files.write(&path, format!("{text}\n  - [unclosed\n"));
                    self.broken.insert(path, text);
                }
            }
            Edit::SiteTitle(n) => {
                let path = Path::new("policies/site.yaml");
                if let Some(text) = texts(&self.files).get(path) {
                    let text = text.replacen("title: ", &format!("title: Site {n} "), 1);
                    self.files.write(path, text);
                }
            }
            Edit::Policy(f, n) => {
                let policies: Vec<(PathBuf, String)> = texts(&self.files)
                    .into_iter()
                    .filter(|(p, _)| p.ends_with("policy.yaml"))
                    .collect();
                if !policies.is_empty() {
                    let (path, text) = policies[f % policies.len()].clone();
                    let text = if n % 2 == 0 {
                        text.replacen("title: ", &format!("title: Policy {n} "), 1)
                    } else {
                        format!(
                            "{}\nnotice_days: {}\n",
                            text.lines()
                                .filter(|l| !l.starts_with("notice_days:"))
                                .collect::<Vec<_>>()
                                .join("\n"),
                            10 + u32::from(n)
                        )
                    };
                    self.files.write(path, text);
                }
            }
            Edit::Asset(n) => {
                self.files.write(
                    format!("themes/default/static/extra-{}.css", n % 3),
                    format!("body {{ margin: {n}px }}\n"),
                );
            }
            Edit::Template(n) => {
                let base = crate::render::builtin::FILES
                    .iter()
                    .find(|(path, _)| *path == "templates/base.html")
                    .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
                    .expect("the built-in theme has base.html");
                self.files.write(
                    "themes/default/templates/base.html",
                    format!("{{# edited {n} #}}\n{base}"),
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(6),
        ..ProptestConfig::default()
    })]

    /// After every edit of a random sequence, the pipeline's site is byte
    /// for byte what a fresh build makes; after an edit that breaks the
    /// sources, it is the last good site, and the next good edit recovers.
    #[test]
    fn an_incremental_build_is_a_fresh_build(
        edits in proptest::collection::vec(edit(), 1..10),
        drafts in any::<bool>(),
    ) {
        let mut author = Author { files: corpus(), removed: BTreeMap::new(), broken: BTreeMap::new() };
        let mut pipeline = Pipeline::new(author.files.clone(), drafts);
        pipeline.build(TODAY).unwrap();
        for edit in &edits {
            author.apply(edit);
            pipeline.replace_files(author.files.clone());
            let before = Arc::clone(pipeline.site());
            let result = pipeline.build(TODAY);
            match fresh(&author.files, drafts) {
                Some(expected) => {
                    prop_assert!(result.is_ok(), "after {:?}: {:?}", edit, result.err());
                    let site = pipeline.site();
                    prop_assert!(**site == expected, "after {:?}: {:?}", edit, differences(site, &expected));
                }
                None => {
                    prop_assert!(result.is_err(), "after {:?} a fresh build fails", edit);
                    prop_assert!(Arc::ptr_eq(&before, pipeline.site()), "the last good site stays");
                }
            }
        }
    }
}

#[test]
fn an_edit_of_one_old_version_renders_only_its_own_pages() {
    let mut files = corpus();
    let mut pipeline = Pipeline::new(files.clone(), false);
    let first = pipeline.build(TODAY).unwrap();
    assert_eq!(
        first.rendered, first.jobs,
        "the first build renders everything"
    );
    assert_eq!(first.written.len(), pipeline.site().len());

    // The same files again: nothing to render.
    let again = pipeline.build(TODAY).unwrap();
    assert_eq!(again.rendered, 0);
    assert!(
        again.written.is_empty() && again.removed.is_empty(),
        "{again:?}"
    );

    // A sentence in the French text of an old version.
    let path = Path::new("policies/privacy/2024-07/fr.yaml");
    let text = texts(&files)[path].clone();
    let edited = text.replacen("body: |\n", "body: |\n      Une phrase de plus.\n\n", 1);
    assert_ne!(text, edited);
    files.write(path, edited);
    pipeline.replace_files(files.clone());
    let update = pipeline.build(TODAY).unwrap();
    // Its page, its change page, the next version's change page, the
    // French feed and notice, versions.json and the site's feed.
    assert!(update.rendered <= 8, "{update:?}");
    assert!(
        update
            .written
            .contains(&"privacy/fr/2024-07/index.html".to_owned()),
        "{:?}",
        update.written
    );
    assert!(
        update.written.iter().all(|p| !p.starts_with("privacy/en/")),
        "nothing in English changed: {:?}",
        update.written
    );
    assert_eq!(Some((**pipeline.site()).clone()), fresh(&files, false));
}

#[test]
fn a_static_file_renders_no_page() {
    let mut files = corpus();
    let mut pipeline = Pipeline::new(files.clone(), false);
    pipeline.build(TODAY).unwrap();
    files.write("themes/default/static/extra.css", "p { color: red }");
    pipeline.replace_files(files.clone());
    let update = pipeline.build(TODAY).unwrap();
    assert_eq!(update.written, ["assets/extra.css"]);
    assert_eq!(update.rendered, 1, "the assets alone");
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_the_next_good_one_recovers() {
    let mut files = corpus();
    let mut pipeline = Pipeline::new(files.clone(), false);
    pipeline.build(TODAY).unwrap();
    let good = Arc::clone(pipeline.site());
    let path = Path::new("policies/privacy/2025-03/en.yaml");
    let text = texts(&files)[path].clone();
    files.write(path, "effective: 2025-03-01\nsections: [unclosed\n");
    pipeline.replace_files(files.clone());
    let Err(Error::Sources(problems)) = pipeline.build(TODAY) else {
        panic!("a broken file fails the build");
    };
    assert!(
        problems
            .iter()
            .any(|p| p.origin.file == path && p.is_error()),
        "{problems:?}"
    );
    assert!(Arc::ptr_eq(&good, pipeline.site()));
    files.write(path, text);
    pipeline.replace_files(files);
    let update = pipeline.build(TODAY).unwrap();
    assert!(
        update.written.is_empty(),
        "back as it was: {:?}",
        update.written
    );
    assert_eq!(*good, **pipeline.site());
}

#[test]
fn every_job_has_the_same_key_listed_by_its_part_or_asked_alone() {
    let project = Project::from_files(&corpus()).unwrap();
    let outputs = project.outputs(TODAY, true);
    let mut seen = std::collections::HashSet::new();
    for part in outputs.parts() {
        let jobs = outputs.jobs_of(&part);
        assert!(!jobs.is_empty(), "{part:?} has jobs");
        for (job, key) in jobs {
            assert_eq!(key, outputs.key(&job), "{job:?}");
            assert!(seen.insert(job.clone()), "{job:?} belongs to one part");
        }
    }
    let all: std::collections::HashSet<Job> = outputs.jobs().into_iter().collect();
    assert_eq!(all, seen);
}

/// Every pair of consecutive built versions of the corpus with a
/// translation into a locale other than the source's, with that locale.
fn translated_pairs(site: &Site) -> Vec<(&Policy, &Version, &Version, &crate::model::Locale)> {
    let mut pairs = Vec::new();
    for policy in &site.policies {
        for pair in policy.versions.windows(2) {
            for locale in pair[1].translations.keys() {
                if *locale != policy.source_locale {
                    pairs.push((policy, &*pair[0], &*pair[1], locale));
                }
            }
        }
    }
    pairs
}

#[test]
fn a_kept_comparison_of_translated_texts_is_the_one_made_afresh() {
    let project = Project::from_files(&corpus()).unwrap();
    let kept = Comparisons::default();
    let splits = crate::diff::Splits::default();
    let pairs = translated_pairs(&project.site);
    assert!(pairs.len() >= 3, "the corpus has translated pairs");
    for (policy, old, new, locale) in pairs {
        let diff = crate::diff::compare_versions(policy, old, new);
        let fresh = crate::diff::compare_texts(policy, old, new, locale);
        let first = crate::diff::redline(policy, (old, new), &diff, locale, Some(&kept), &splits);
        let again = crate::diff::redline(policy, (old, new), &diff, locale, Some(&kept), &splits);
        assert_eq!(*first, fresh, "{} {} {locale}", policy.id, new.id);
        match (first, again) {
            (crate::diff::Redline::Translated(a), crate::diff::Redline::Translated(b)) => {
                assert!(Arc::ptr_eq(&a, &b), "asked again, the kept one")
            }
            other => panic!("a translated redline: {other:?}"),
        }
    }
}

#[test]
fn an_edit_of_the_source_compares_again_only_the_translations_it_reaches() {
    let project = Project::from_files(&corpus()).unwrap();
    let kept = Comparisons::default();
    let splits = crate::diff::Splits::default();
    // A section translated in both versions: its translated text is what
    // the locale's readers compare, whatever the source says.
    let (policy, old, new, locale, id) = translated_pairs(&project.site)
        .into_iter()
        .find_map(|(policy, old, new, locale)| {
            let translated = |v: &Version, id: &crate::model::SectionId| {
                v.translations[locale]
                    .sections
                    .get(id)
                    .is_some_and(|t| t.body.is_some())
            };
            let id = new
                .sections_flat()
                .into_iter()
                .map(|(_, s)| s.id.clone())
                .find(|id| translated(old, id) && translated(new, id))?;
            Some((policy, old, new, locale, id))
        })
        .expect("the corpus translates a section in two versions");
    let redline = |new: &Version| {
        let diff = crate::diff::compare_versions(policy, old, new);
        match crate::diff::redline(policy, (old, new), &diff, locale, Some(&kept), &splits) {
            crate::diff::Redline::Translated(c) => c,
            other => panic!("a translated redline: {other:?}"),
        }
    };
    let before = redline(new);

    let mut source_edit = new.clone();
    edit_body(&mut source_edit.source.sections, &id, |body| {
        body.push_str("\n\nA sentence only the source has.\n")
    });
    assert!(
        Arc::ptr_eq(&before, &redline(&source_edit)),
        "the source edit leaves {locale}'s texts as they were"
    );

    let mut translation_edit = new.clone();
    let section = translation_edit
        .translations
        .get_mut(locale)
        .unwrap()
        .sections
        .get_mut(&id)
        .unwrap();
    let body = section.body.as_mut().unwrap();
    *body = format!("{body}\n\nUne phrase de plus.\n").into();
    let after = redline(&translation_edit);
    assert!(!Arc::ptr_eq(&before, &after), "compared again");
    assert_eq!(
        *after,
        crate::diff::compare_texts(policy, old, &translation_edit, locale)
    );
}

/// Applies `edit` to the body of the section `id`, wherever it is nested.
fn edit_body(
    sections: &mut [crate::model::Section],
    id: &crate::model::SectionId,
    edit: impl Fn(&mut String) + Copy,
) {
    for section in sections {
        if section.id == *id {
            let mut body = section.body.to_string();
            edit(&mut body);
            section.body = body.into();
        }
        edit_body(&mut section.sections, id, edit);
    }
}

#[test]
fn comparisons_no_build_asks_for_are_let_go_once_over_capacity() {
    let kept = Comparisons::default();
    let empty = || crate::diff::compute::compare(&[], &[], &[]);
    for key in 0..=Comparisons::CAPACITY as u64 {
        kept.get_or_insert(key, empty);
    }
    kept.end_build();
    assert_eq!(kept.len(), Comparisons::CAPACITY + 1, "recent ones stay");
    for _ in 0..Comparisons::KEPT_BUILDS {
        kept.get_or_insert(7, || unreachable!("kept"));
        kept.end_build();
    }
    assert_eq!(kept.len(), 1, "only the one still asked for");
}

#[test]
fn the_pages_open_are_rendered_first_and_handed_over_before_the_rest() {
    let mut files = corpus();
    let mut pipeline = Pipeline::new(files.clone(), false);
    pipeline.build(TODAY).unwrap();
    let before = Arc::clone(pipeline.site());
    let open = "privacy/fr/2024-07/index.html".to_owned();

    let path = Path::new("policies/privacy/2024-07/fr.yaml");
    let text = texts(&files)[path].clone();
    files.write(
        path,
        text.replacen("body: |\n", "body: |\n      Une phrase de plus.\n\n", 1),
    );
    pipeline.replace_files(files.clone());
    let mut handed = None;
    let update = pipeline
        .build_first(TODAY, std::slice::from_ref(&open), |site, _| {
            handed = Some(site)
        })
        .unwrap();
    let early = handed.expect("the open page changed: handed over early");
    let done = pipeline.site();
    assert_ne!(before.get(&open), done.get(&open));
    assert_eq!(early.get(&open), done.get(&open), "the open page, new");
    let others: Vec<&String> = update.written.iter().filter(|p| **p != open).collect();
    assert!(!others.is_empty(), "{update:?}");
    for other in others {
        assert_eq!(early.get(other), before.get(other), "{other}: not yet");
    }
    assert_eq!(Some((**done).clone()), fresh(&files, false));

    // An edit that does not reach the open page (French text, an English
    // page) hands nothing over early.
    let text = texts(&files)[path].clone();
    files.write(
        path,
        text.replacen("body: |\n", "body: |\n      Et une autre.\n\n", 1),
    );
    pipeline.replace_files(files.clone());
    let elsewhere = "privacy/en/index.html".to_owned();
    let mut called = false;
    let update = pipeline
        .build_first(TODAY, std::slice::from_ref(&elsewhere), |_, _| {
            called = true
        })
        .unwrap();
    assert!(!update.written.contains(&elsewhere), "{update:?}");
    assert!(!called);
}
