//! Two arbitrary versions of a policy compared: `privsite::diff`'s
//! `compare_versions` (source locale), `compare_texts` (a translation, with
//! its fallback to the source text), `stale_sections`, `Change::describe`,
//! the JSON form of the result, and the word-level `words::diff`, with the
//! invariants the unit properties state:
//!
//! * a version compared with itself has no change, at level `none`;
//! * a word diff's equal+deleted runs give back the old text, and its
//!   equal+inserted runs the new one;
//! * comparing never panics.
//!
//! The model values (`Policy`, `Version`, sections with valid unique ids) are
//! built directly: their fields are public, and the target keeps the
//! guarantees `model::load` gives (valid, unique ids; translations only of
//! existing sections).
//!
//! Input format: up to five parts separated by a line `#%%`: the old
//! version, the new version, the old French translation, the new French
//! translation, and the policy's extra material words (whitespace
//! separated). A version (or translation) is a list of sections; a line
//! `@id Title` starts a top-level section, `@@id Title` a subsection, and so
//! on; an id ending in `!` marks a section that cannot be material; the lines
//! up to the next section are its body (Markdown). In a translation, an empty
//! title or body means "not translated"; a translated section is matched by
//! id, else by position.
#![no_main]

use std::collections::{BTreeMap, BTreeSet};

use libfuzzer_sys::fuzz_target;
use privsite::diagnostics::Origin;
use privsite::diff::{self, Level, words};
use privsite::model::{
    DeclaredKind, Locale, Policy, PolicyId, Section, SectionId, SectionText, Translation, Version,
    VersionId, VersionText,
};

const SEPARATOR: &str = "\n#%%\n";

/// One section as written in the input.
struct Written<'a> {
    depth: usize,
    id: &'a str,
    title: &'a str,
    body: String,
    material: bool,
}

fn sections_of(text: &str) -> Vec<Written<'_>> {
    let mut out: Vec<Written<'_>> = Vec::new();
    for line in text.split('\n') {
        if let Some(rest) = line.strip_prefix('@') {
            let extra = rest.bytes().take_while(|b| *b == b'@').count();
            let rest = &rest[extra..];
            let (id, title) = rest.split_once(' ').unwrap_or((rest, ""));
            let (id, material) = match id.strip_suffix('!') {
                Some(id) => (id, false),
                None => (id, true),
            };
            out.push(Written {
                depth: extra,
                id,
                title,
                body: String::new(),
                material,
            });
        } else if let Some(current) = out.last_mut() {
            if !current.body.is_empty() {
                current.body.push('\n');
            }
            current.body.push_str(line);
        }
    }
    out
}

/// A valid id, unique in `taken`, for what the input wrote.
fn make_id(written: &str, index: usize, taken: &mut BTreeSet<String>) -> SectionId {
    let mut id = match SectionId::parse(written) {
        Ok(id) => id.to_string(),
        Err(_) => format!("s{index}"),
    };
    while taken.contains(&id) {
        id = format!("s{index}-{}", taken.len());
    }
    taken.insert(id.clone());
    SectionId::parse(&id).expect("a generated id is valid")
}

/// Builds the nested sections; a depth more than one below the previous
/// section's is taken as one below it.
fn build_sections(written: &[Written<'_>]) -> Vec<Section> {
    let mut taken = BTreeSet::new();
    // The stack of open sections, deepest last.
    let mut stack: Vec<Section> = Vec::new();
    let mut roots: Vec<Section> = Vec::new();
    let close = |stack: &mut Vec<Section>, roots: &mut Vec<Section>| {
        let done = stack.pop().expect("a section is open");
        match stack.last_mut() {
            Some(parent) => parent.sections.push(done),
            None => roots.push(done),
        }
    };
    for (index, w) in written.iter().enumerate() {
        let depth = w.depth.min(stack.len());
        while stack.len() > depth {
            close(&mut stack, &mut roots);
        }
        stack.push(Section {
            id: make_id(w.id, index, &mut taken),
            aliases: Vec::new(),
            title: w.title.trim().to_owned(),
            body: w.body.clone(),
            material: w.material,
            sections: Vec::new(),
            origin: Origin::file("fuzz.yaml"),
        });
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

/// A translation of `version`: a section of the translation text translates
/// the version's section of the same id, or else the one at the same place
/// (flattened, in order); sections beyond the version's are dropped.
fn translation(text: &str, version: &Version) -> Translation {
    let flat = version.sections_flat();
    let mut sections = BTreeMap::new();
    for (index, written) in sections_of(text).iter().enumerate() {
        let Some((_, section)) = flat
            .iter()
            .find(|(_, s)| s.id.as_str() == written.id)
            .or_else(|| flat.get(index))
        else {
            continue;
        };
        let title = Some(written.title.trim()).filter(|t| !t.is_empty());
        let body = Some(written.body.as_str()).filter(|b| !b.is_empty());
        if title.is_none() && body.is_none() {
            continue;
        }
        sections.insert(
            section.id.clone(),
            SectionText {
                title: title.map(str::to_owned),
                body: body.map(str::to_owned),
                origin: Origin::file("fuzz.fr.yaml"),
            },
        );
    }
    Translation {
        title: None,
        summary: None,
        sections,
        origin: Origin::file("fuzz.fr.yaml"),
        fingerprint: 0,
    }
}

fn version(id: &str, day: i8, text: &str, declared: Option<DeclaredKind>) -> Version {
    let date = jiff::civil::date(2024, 1, day);
    Version {
        id: VersionId::parse(id).expect("a valid version id"),
        effective: date,
        published: date,
        declared_kind: declared,
        declared_origin: None,
        published_origin: None,
        source: VersionText {
            locale: Locale::parse("en").expect("en"),
            title: None,
            summary: None,
            sections: build_sections(&sections_of(text)),
        },
        translations: BTreeMap::new(),
        origin: Origin::file("fuzz.yaml"),
        digest: String::new(),
    }
}

fn assert_round_trip(old: &str, new: &str) {
    let diff = words::diff(old, new);
    assert_eq!(words::old_text(&diff.segments), old, "old text lost");
    assert_eq!(words::new_text(&diff.segments), new, "new text lost");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split(SEPARATOR);
    let old_text = parts.next().unwrap_or_default();
    let new_text = parts.next().unwrap_or_default();
    let old_fr = parts.next();
    let new_fr = parts.next();
    let material_words: Vec<String> = parts
        .next()
        .unwrap_or("share sell")
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();

    let declared = match data.len() % 3 {
        0 => None,
        1 => Some(DeclaredKind::Minor),
        _ => Some(DeclaredKind::Material),
    };
    let fr = Locale::parse("fr").expect("fr");
    let mut old = version("v1", 1, old_text, None);
    let mut new = version("v2", 2, new_text, declared);
    if let Some(t) = old_fr {
        let t = translation(t, &old);
        old.translations.insert(fr.clone(), t);
    }
    if let Some(t) = new_fr {
        let t = translation(t, &new);
        new.translations.insert(fr.clone(), t);
    }
    let policy = Policy {
        id: PolicyId::parse("p").expect("p"),
        title: "Policy".to_owned(),
        owner: "Owner".to_owned(),
        source_locale: Locale::parse("en").expect("en"),
        locales: vec![Locale::parse("en").expect("en"), fr.clone()],
        notice_days: 30,
        material_words,
        announce: None,
        versions: Vec::new(),
        origin: Origin::file("policy.yaml"),
    };

    let result = diff::compare_versions(&policy, &old, &new);
    for change in &result.comparison.changes {
        let _ = change.describe();
    }
    let _ = serde_json::to_string(&result).expect("a comparison serializes");
    let _ = (result.is_material(), result.understated());

    let translated = diff::compare_texts(&policy, &old, &new, &fr);
    for change in &translated.changes {
        let _ = change.describe();
    }
    let _ = diff::stale_sections(&old, &new, &fr);

    // A version compared with itself (the new one; the old one is a version
    // like any other): in the source locale, and as French readers see it.
    let same = diff::compare_versions(&policy, &new, &new);
    assert_eq!(
        same.comparison.level,
        Level::None,
        "a version differs from itself: {:?}",
        same.comparison.changes
    );
    assert!(
        same.comparison.changes.is_empty(),
        "{:?}",
        same.comparison.changes
    );
    if new.translations.contains_key(&fr) {
        let same = diff::compare_texts(&policy, &new, &new, &fr);
        assert_eq!(same.level, Level::None, "{:?}", same.changes);
        assert!(same.changes.is_empty(), "{:?}", same.changes);
    }

    for ((_, a), (_, b)) in old.sections_flat().iter().zip(new.sections_flat()) {
        assert_round_trip(&a.body, &b.body);
        assert_round_trip(&a.title, &b.title);
    }
});
