use jiff::civil::date;

use super::*;

fn parts(doc: &Document) -> Vec<(u8, &str, &str)> {
    doc.parts
        .iter()
        .map(|p| (p.level, p.title.as_str(), p.anchor.as_str()))
        .collect()
}

#[test]
fn headings_under_the_title_become_parts_with_their_sites_anchors() {
    let text = "# Acme Privacy Policy\n\nWelcome.\n\n## What we collect\n\nNames.\n\n\
                ### Cookies & tracking\n\nSome.\n\n## What we collect\n\nAgain.\n";
    let doc = split(text, Rule::GitHub, Role::Source).unwrap();
    assert_eq!(doc.title.as_deref(), Some("Acme Privacy Policy"));
    assert_eq!(doc.intro, "Welcome.\n");
    assert_eq!(
        parts(&doc),
        [
            (2, "What we collect", "what-we-collect"),
            (3, "Cookies & tracking", "cookies--tracking"),
            (2, "What we collect", "what-we-collect-1"),
        ]
    );
    assert_eq!(doc.parts[0].body, "Names.\n");
    assert_eq!(doc.parts[0].line, 5);
}

#[test]
fn front_matter_names_the_title_and_every_heading_is_a_part() {
    let text = "---\ntitle: GitHub Privacy Statement\n---\n\nEffective date: **January 26, 2017**\n\n\
                Thanks for entrusting GitHub.\n\n## The short version\n\nShort.\n";
    let doc = split(text, Rule::GitHub, Role::Source).unwrap();
    assert_eq!(doc.title.as_deref(), Some("GitHub Privacy Statement"));
    assert_eq!(doc.date, Some(date(2017, 1, 26)));
    // The date line is read, and left out of the text.
    assert_eq!(doc.intro, "Thanks for entrusting GitHub.\n");
    assert_eq!(parts(&doc), [(2, "The short version", "the-short-version")]);
    assert_eq!(doc.parts[0].line, 9);
}

#[test]
fn a_heading_of_raw_html_gives_its_text_and_a_kramdown_datetime_the_date() {
    let text = "## <span class=\"a\">Firefox</span> <span>Privacy Notice</span>\n\n\
                *Effective September 8, 2020*\n{: datetime=\"2020-09-8\" }\n\n\
                ## At Mozilla\n\nText.\n\n### Improve {: #health-report }\n\nMore.\n";
    let doc = split(text, Rule::Kramdown, Role::Source).unwrap();
    assert_eq!(doc.title.as_deref(), Some("Firefox Privacy Notice"));
    assert_eq!(doc.date, Some(date(2020, 9, 8)));
    assert_eq!(doc.intro, "");
    assert_eq!(
        parts(&doc),
        [
            (2, "At Mozilla", "at-mozilla"),
            (3, "Improve", "health-report")
        ]
    );
}

#[test]
fn a_translation_drops_its_date_line_by_its_place() {
    let text = "# Datenschutzhinweis\n\nGültig ab 4. Mai 2026\n\n## Daten\n\nText.\n";
    let doc = split(text, Rule::GitHub, Role::Translation).unwrap();
    assert_eq!(doc.intro, "");
    assert_eq!(doc.date, None);
    let source = split(text, Rule::GitHub, Role::Source).unwrap();
    assert_eq!(source.intro, "Gültig ab 4. Mai 2026\n");
}

#[test]
fn text_before_the_title_and_raw_html_are_kept_in_the_introduction() {
    let text = "> *Extracted from an archived page.*\n\n# Mozilla Privacy Policy\n\n\
                <p align=\"center\">Hello <b>you</b></p>\n\n### Website Visitors\n\nText.\n\nApril, 2008\n";
    let doc = split(text, Rule::GitHub, Role::Source).unwrap();
    assert_eq!(
        doc.intro,
        "> *Extracted from an archived page.*\n\n<p align=\"center\">Hello <b>you</b></p>\n"
    );
    assert_eq!(doc.date, Some(date(2008, 4, 1)));
    assert_eq!(doc.parts[0].body, "Text.\n");
}

#[test]
fn liquid_and_attribute_lists_never_reach_a_body() {
    let text = "---\ntitle: T\ncompany: Acme\n---\n# T\n\n{{ page.company }} keeps {{ site.x }} data.\n\
                {: .lead}\n\n{% include footer.html %}\n## Part\n\nBody *here*{: .x}.\n";
    let doc = split(text, Rule::GitHub, Role::Source).unwrap();
    assert_eq!(doc.intro, "Acme keeps  data.\n");
    assert_eq!(doc.parts[0].body, "Body *here*.\n");
    assert!(doc.notes.len() >= 3, "{:?}", doc.notes);
}

#[test]
fn link_reference_definitions_go_with_the_bodies_that_use_them() {
    let text = "# T\n\n## One\n\nSee [the terms][terms].\n\n## Two\n\nOther.\n\n[terms]: https://example.com/terms\n";
    let doc = split(text, Rule::GitHub, Role::Source).unwrap();
    assert_eq!(
        doc.parts[0].body,
        "See [the terms][terms].\n\n[terms]: https://example.com/terms\n"
    );
}

#[test]
fn an_empty_file_or_broken_front_matter_does_not_split() {
    assert!(split("  \n\n", Rule::GitHub, Role::Source).is_err());
    assert!(split("---\ntitle: [\n---\n# T\n", Rule::GitHub, Role::Source).is_err());
}

#[test]
fn links_to_the_old_sites_own_pages_can_be_made_absolute() {
    let text = "# T\n\n## A\n\nSee [terms](/site-policy/terms), [x](//cdn.example/x), \
                <a href=\"/about\">about</a>, [ext](https://e.example/) and [ref].\n\n[ref]: /ref\n";
    let mut doc = split(text, Rule::GitHub, Role::Source).unwrap();
    doc.with_link_base(&url::Url::parse("https://docs.github.com/en/").unwrap());
    assert_eq!(
        doc.parts[0].body,
        "See [terms](https://docs.github.com/site-policy/terms), [x](//cdn.example/x), \
         <a href=\"https://docs.github.com/about\">about</a>, [ext](https://e.example/) and [ref].\n\n\
         [ref]: https://docs.github.com/ref\n"
    );
}
