use serde::Deserialize;

use super::de::NodeDe;
use super::*;
use crate::source::raw::{PolicyFile, Section, VersionFile};
use crate::source::yaml::Spanned;

fn tree(text: &str) -> Node {
    Node::read(text, serde_saphyr::options! {}).unwrap()
}

fn at(line: u32, column: u32) -> Option<Pos> {
    Some(Pos { line, column })
}

#[test]
fn every_node_has_its_position_and_an_id_of_its_own() {
    let root = tree("# c\ntitle: T\nannounce:\n  from: a\nlist:\n  - x\n");
    assert_eq!(root.pos, at(2, 1), "a mapping starts at its first key");
    let (announce, place) = root.find(4).unwrap();
    assert_eq!(announce.pos, at(4, 3));
    assert_eq!(
        place,
        Place {
            steps: vec![Step::Key("announce".into())],
            role: Role::Value
        }
    );
    let (from, place) = root.find(5).unwrap();
    assert_eq!((from.text(), from.pos), ("from", at(4, 3)));
    assert_eq!(place.role, Role::Key);
    let (x, place) = root.find(9).unwrap();
    assert_eq!((x.text(), x.pos), ("x", at(6, 5)));
    assert_eq!(
        place.steps,
        [Step::Key("list".into()), Step::Item(0)],
        "{root:?}"
    );
    assert!(root.find(10).is_none());
}

#[test]
fn scalars_keep_what_they_resolve_to_and_how_they_are_written() {
    let root = tree("a: 1.10\nb: \"30\"\nc: ~\nd: yes\ne: &x 0x1F\nf: *x\n");
    let scalar = |key: &str| match &root.kind {
        Kind::Map(entries) => match &entries
            .iter()
            .find(|(k, _)| k.text() == key)
            .unwrap()
            .1
            .kind
        {
            Kind::Scalar(s) => (s.resolved, s.text.clone(), s.written.clone()),
            _ => panic!("{key} is not a scalar"),
        },
        _ => unreachable!(),
    };
    assert_eq!(
        scalar("a"),
        (Resolved::Float(1.1), "1.10".into(), "1.10".into())
    );
    assert_eq!(scalar("b"), (Resolved::Text, "30".into(), "\"30\"".into()));
    assert_eq!(scalar("c"), (Resolved::Null, "~".into(), "~".into()));
    assert_eq!(
        scalar("d"),
        (Resolved::Bool(true), "yes".into(), "yes".into())
    );
    assert_eq!(
        scalar("f").2,
        "0x1F",
        "an alias is read where it is defined"
    );
}

#[test]
fn entries_can_be_taken_out_and_keys_renamed() {
    let mut root = tree("a: 1\nb:\n  - x\n  - y\nc: 2\n");
    assert_eq!(root.keys(), ["a", "b", "c"]);
    let y = 6;
    assert_eq!(root.find(y).unwrap().0.text(), "y");
    assert!(root.remove(y), "a list item");
    assert!(root.find(y).is_none());
    assert!(root.rename(1, "z"), "the key `a`");
    assert!(root.remove(7), "the entry whose key is `c`");
    assert_eq!(root.keys(), ["z", "b"]);
    assert!(!root.remove(99));
    assert_eq!(
        root.mapping_of(3).map(|m| m.id),
        Some(0),
        "`b` is in the root"
    );
}

#[test]
fn keys_written_twice_are_found_after_the_first() {
    let options = {
        let mut options = serde_saphyr::options! {};
        options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
        options
    };
    let root = Node::read("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", options).unwrap();
    let repeated: Vec<(&str, Option<Pos>)> = root
        .repeated_keys()
        .iter()
        .map(|k| (k.text(), k.pos))
        .collect();
    assert_eq!(repeated, [("c", at(4, 3)), ("a", at(5, 1))]);
}

/// Every position of a version file, in a fixed order.
fn positions(file: &VersionFile) -> Vec<Option<Pos>> {
    fn section(s: &Section, out: &mut Vec<Option<Pos>>) {
        out.push(s.id.pos);
        out.extend(s.aliases.iter().map(|a| a.pos));
        out.extend([&s.title, &s.body].into_iter().flatten().map(|t| t.pos));
        out.extend(s.material.iter().map(|m| m.pos));
        s.sections.iter().for_each(|s| section(s, out));
    }
    let mut out: Vec<Option<Pos>> = [&file.title, &file.effective, &file.published]
        .into_iter()
        .flatten()
        .map(|t| t.pos)
        .collect();
    if let Some(change) = &file.change {
        out.push(change.pos);
        out.extend(change.value.kind.iter().map(|k| k.pos));
        out.extend(change.value.summary.iter().map(|s| s.pos));
    }
    file.sections.iter().for_each(|s| section(s, &mut out));
    out
}

fn both_ways<T: serde::de::DeserializeOwned>(text: &str) -> (T, T) {
    let direct = serde_saphyr::from_str::<T>(text).unwrap();
    let root = tree(text);
    let through_tree = T::deserialize(NodeDe::document(&root)).unwrap();
    (direct, through_tree)
}

#[test]
fn a_file_read_through_its_tree_is_the_file_read_directly_with_every_position() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = 0;
    for entry in walkdir::WalkDir::new(root.join("policies"))
        .into_iter()
        .chain(walkdir::WalkDir::new(root.join("tests/sites")))
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
    {
        let path = entry.path();
        let text = std::fs::read_to_string(path).unwrap();
        match path.file_name().and_then(|n| n.to_str()) {
            Some("site.yaml") => {}
            Some("policy.yaml") => {
                let (a, b) = both_ways::<PolicyFile>(&text);
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "{}", path.display());
                assert_eq!(a.notice_days.map(|d| d.pos), b.notice_days.map(|d| d.pos));
            }
            _ if path.components().any(|c| c.as_os_str() == "i18n") => {}
            _ => {
                let (a, b) = both_ways::<VersionFile>(&text);
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "{}", path.display());
                assert_eq!(positions(&a), positions(&b), "{}", path.display());
            }
        }
        files += 1;
    }
    assert!(files > 10, "{files} files");
}

#[test]
fn values_of_every_type_read_as_the_library_reads_them() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct Doc {
        n: Spanned<u32>,
        b: bool,
        q: u32,
        t: String,
        o: Option<String>,
        e: Option<String>,
        k: crate::source::raw::ChangeKind,
        v: Vec<String>,
        f: f64,
    }
    let text = "n: 0x1E\nb: yes\nq: \"7\"\nt: 1.10\no: ~\ne:\nk: minor\nv: [a, 'b']\nf: 1e3\n";
    let (direct, through_tree) = both_ways::<Doc>(text);
    assert_eq!(direct, through_tree);
    assert_eq!(through_tree.n.pos, at(1, 4));
    assert_eq!(through_tree.t, "1.10");
}
