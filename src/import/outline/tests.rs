use super::*;
use crate::import::markdown::{Role, split};
use crate::import::slug::Rule;

fn doc(text: &str) -> Document {
    split(text, Rule::GitHub, Role::Source).unwrap()
}

fn ids(sections: &[NewSection]) -> Vec<String> {
    let mut out = Vec::new();
    for s in sections {
        out.push(s.id.clone());
        out.extend(
            ids(&s.sections)
                .into_iter()
                .map(|id| format!("{}/{id}", s.id)),
        );
    }
    out
}

const BODY: &str =
    "We collect your name and your e-mail address when you sign up, and nothing else.";

#[test]
fn levels_nest_even_when_they_skip() {
    let d = doc("# T\n\nHello.\n\n### A\n\nx\n\n#### B\n\ny\n\n## C\n\nz\n\n##### D\n\nw\n");
    let (sections, order) = sections(&d, &[]);
    assert_eq!(ids(&sections), ["introduction", "a", "a/b", "c", "c/d"]);
    assert_eq!(order, ["introduction", "a", "b", "c", "d"]);
    assert_eq!(sections[0].title, INTRO_TITLE);
}

#[test]
fn a_reworded_heading_gets_its_new_anchor_and_keeps_the_old_as_an_alias() {
    let before = doc(&format!(
        "# T\n\n## Data we collect\n\n{BODY}\n\n## Contact\n\nMail us.\n"
    ));
    let (first, _) = sections(&before, &[]);
    let earlier: Vec<Earlier> = first
        .iter()
        .map(|s| Earlier {
            id: s.id.clone(),
            aliases: s.aliases.clone(),
            body: s.body.clone().unwrap_or_default(),
        })
        .collect();
    let after = doc(&format!(
        "# T\n\n## Information we collect\n\n{BODY}\n\n## Contact\n\nMail us.\n"
    ));
    let (second, _) = sections(&after, &earlier);
    assert_eq!(second[0].id, "information-we-collect");
    assert_eq!(second[0].aliases, ["data-we-collect"]);
    assert!(second[1].aliases.is_empty());
    // A third version keeps the alias.
    let earlier: Vec<Earlier> = second
        .iter()
        .map(|s| Earlier {
            id: s.id.clone(),
            aliases: s.aliases.clone(),
            body: s.body.clone().unwrap_or_default(),
        })
        .collect();
    let (third, _) = sections(&after, &earlier);
    assert_eq!(third[0].aliases, ["data-we-collect"]);
}

#[test]
fn a_reworded_heading_with_other_text_is_another_section() {
    let before = doc(&format!("# T\n\n## Data we collect\n\n{BODY}\n"));
    let earlier = vec![Earlier {
        id: "data-we-collect".into(),
        aliases: vec![],
        body: format!("{BODY}\n"),
    }];
    let _ = before;
    let after = doc("# T\n\n## Cookies\n\nWe set one cookie to keep you signed in.\n");
    let (s, _) = sections(&after, &earlier);
    assert!(s[0].aliases.is_empty());
}

#[test]
fn anchors_privsite_cannot_use_are_rewritten_with_the_links_to_them() {
    let d = doc("# T\n\n## Cookies_and_more\n\nSee [below](#cookies_and_more).\n");
    let (s, _) = sections(&d, &[]);
    assert_eq!(s[0].id, "cookies-and-more");
    assert_eq!(
        s[0].body.as_deref(),
        Some("See [below](#cookies-and-more).\n")
    );
}

#[test]
fn a_translation_with_the_sources_headings_takes_their_ids_by_place() {
    let source = doc("# T\n\nHi.\n\n## Data\n\nText.\n\n## Contact\n\nMail [us](#data).\n");
    let (tree, order) = sections(&source, &[]);
    let fr = split(
        "# T\n\nSalut.\n\n## Données\n\nTexte.\n\n## Contact\n\nÉcrivez-[nous](#données).\n",
        Rule::GitHub,
        Role::Translation,
    )
    .unwrap();
    let pairs = translation_ids(&fr, &tree, &source, &order, None).unwrap();
    let texts = translated(&fr, &pairs, Some("introduction"));
    assert_eq!(texts["data"].title.as_deref(), Some("Données"));
    assert_eq!(
        texts["contact"].body.as_deref(),
        Some("Écrivez-[nous](#data).\n")
    );
    assert_eq!(texts["introduction"].title, None);
    assert_eq!(texts["introduction"].body.as_deref(), Some("Salut.\n"));
    // Another structure, without shared anchors, does not match.
    let other = split(
        "# T\n\n## Un\n\na\n\n### Deux\n\nb\n\n## Trois\n\nc\n",
        Rule::GitHub,
        Role::Translation,
    )
    .unwrap();
    assert_eq!(translation_ids(&other, &tree, &source, &order, None), None);
    // Unchanged since the version before, it keeps the ids it had then.
    let before = [(0, "data".to_owned()), (2, "contact".to_owned())];
    let kept = translation_ids(&other, &tree, &source, &order, Some((&other, &before))).unwrap();
    assert_eq!(kept, before);
    // Except those the source no longer has; an alias leads to its section.
    let mut renamed = tree.clone();
    renamed[2].aliases = vec!["old-contact".to_owned()];
    let gone = [
        (0, "gone".to_owned()),
        (1, "data".to_owned()),
        (2, "old-contact".to_owned()),
    ];
    let kept = translation_ids(&other, &renamed, &source, &order, Some((&other, &gone))).unwrap();
    assert_eq!(kept, [(1, "data".to_owned()), (2, "contact".to_owned())]);
}
