use jiff::civil::date;

use super::*;

#[test]
fn yaml_front_matter_gives_the_title_and_the_date() {
    let text = "---\ntitle: GitHub Privacy Statement\nredirect_from:\n  - /privacy\nlast_updated: 2021-03-04\n---\n\nText\n";
    let (rest, front, lines) = front_matter(text).unwrap();
    assert_eq!(rest, "\nText\n");
    assert_eq!(front.title.as_deref(), Some("GitHub Privacy Statement"));
    assert_eq!(front.date, Some(date(2021, 3, 4)));
    assert_eq!(lines, 6);
}

#[test]
fn toml_front_matter_is_read_too() {
    let text = "+++\ntitle = \"Privacy\"\ndate = 2023-07-20T10:00:00Z\n+++\nText\n";
    let (rest, front, _) = front_matter(text).unwrap();
    assert_eq!(rest, "Text\n");
    assert_eq!(front.title.as_deref(), Some("Privacy"));
    assert_eq!(front.date, Some(date(2023, 7, 20)));
}

#[test]
fn broken_or_unclosed_front_matter_is_an_error() {
    assert!(front_matter("---\ntitle: [unclosed\n---\nText\n").is_err());
    assert!(front_matter("---\ntitle: Never closed\n").is_err());
    // No front matter at all is fine.
    let (rest, front, lines) = front_matter("# Title\n").unwrap();
    assert_eq!(
        (rest, front, lines),
        ("# Title\n", FrontMatter::default(), 0)
    );
}

#[test]
fn liquid_is_read_and_never_kept_as_text() {
    let front = FrontMatter {
        fields: [("company".to_owned(), "Acme".to_owned())].into(),
        ..FrontMatter::default()
    };
    let mut notes = Vec::new();
    let text = "{{ page.company }} and {{ company }} keep {{ site.email }}.\n\
                {% if x %}Shown{% endif %}\n\
                {% comment %}\nhidden\n{% endcomment %}\n\
                {% raw %}{{ kept }}{% endraw %}\n";
    let out = liquid(text, &front, 1, &mut notes);
    assert_eq!(out, "Acme and Acme keep .\nShown\n\n\n\n{{ kept }}\n");
    let dropped: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(dropped.len(), 3, "{dropped:?}");
    assert!(dropped[0].contains("{{ site.email }}"));
    assert_eq!(notes[1].line, 2);
}

#[test]
fn kramdown_heading_ids_and_block_anchors_are_kept_classes_dropped() {
    let mut notes = Vec::new();
    let text = "### Improve performance {: #health-report }\n\
                Read the documentation.\n\
                {: #telemetry }\n\
                \n\
                Effective May 4, 2026\n\
                {: datetime=\"2026-05-04\" }\n\
                \n\
                * TOC\n\
                {:toc}\n\
                \n\
                Plain *text*{: .note} here.\n\
                {: .lead}\n";
    let (out, found) = kramdown(text, 10, &mut notes);
    assert_eq!(
        out,
        "### Improve performance\n\
         <a id=\"telemetry\"></a>Read the documentation.\n\
         \n\
         \n\
         Effective May 4, 2026\n\
         \n\
         \n\
         \n\
         \n\
         \n\
         Plain *text* here.\n\
         \n"
    );
    assert_eq!(
        found.heading_ids.get(&10).map(String::as_str),
        Some("health-report")
    );
    assert_eq!(found.datetimes.get(&14), Some(&date(2026, 5, 4)));
    assert!(
        notes
            .iter()
            .any(|n| n.message.contains("table of contents"))
    );
    assert!(notes.iter().any(|n| n.message.contains("{: .note}")));
}

#[test]
fn fenced_code_is_left_alone() {
    let mut notes = Vec::new();
    let text = "```\n{: #not-an-ial }\n```\n";
    let (out, found) = kramdown(text, 1, &mut notes);
    assert_eq!(out, text);
    assert!(found.heading_ids.is_empty() && notes.is_empty());
}
