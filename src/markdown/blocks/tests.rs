use super::*;

fn seen(markdown: &str) -> Vec<(BlockKind, String)> {
    blocks(markdown)
        .into_iter()
        .map(|b| (b.kind, b.text))
        .collect()
}

#[test]
fn splits_bodies_into_reader_blocks() {
    let found = blocks(
        "Intro *text* with [a link](https://x.org).\n\n- one\n- two\n  - nested\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n# Head\n",
    );
    let kinds: Vec<(BlockKind, &str)> = found.iter().map(|b| (b.kind, b.text.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (BlockKind::Paragraph, "Intro text with a link."),
            (BlockKind::ListItem, "one"),
            (BlockKind::ListItem, "two"),
            (BlockKind::ListItem, "nested"),
            (BlockKind::TableHeader, "a | b"),
            (BlockKind::TableRow, "1 | 2"),
            (BlockKind::Heading, "Head"),
        ]
    );
    assert_eq!(
        found[0].source,
        "Intro *text* with [a link](https://x.org)."
    );
    let cells: Vec<&str> = found[5].cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(cells, ["1", "2"]);
}

#[test]
fn loose_list_items_are_list_items() {
    let kinds: Vec<BlockKind> = blocks("- one\n\n- two\n").iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BlockKind::ListItem, BlockKind::ListItem]);
    // A second paragraph of an item is a paragraph inside that item.
    let found = blocks("- one\n\n  more about one\n- two\n");
    assert_eq!(found[1].kind, BlockKind::Paragraph);
    assert_eq!(found[1].place, found[0].place, "both in the first item");
    assert_ne!(found[2].place, found[0].place);
}

#[test]
fn nested_items_know_their_lists_and_items() {
    let found = blocks("1. one\n2. two\n   - two a\n   - two b\n3. three\n");
    let depth: Vec<(String, usize)> = found
        .iter()
        .map(|b| (b.text.clone(), b.list_depth()))
        .collect();
    assert_eq!(
        depth,
        [
            ("one".to_owned(), 1),
            ("two".to_owned(), 1),
            ("two a".to_owned(), 2),
            ("two b".to_owned(), 2),
            ("three".to_owned(), 1)
        ]
    );
    let number = |b: &Block| match b.place.last().map(|c| &c.kind) {
        Some(ContainerKind::Item { number, .. }) => *number,
        _ => panic!("not in an item: {b:?}"),
    };
    assert_eq!(number(&found[0]), Some(1));
    assert_eq!(number(&found[4]), Some(3));
    assert_eq!(number(&found[2]), None, "a bulleted sub-list");
    // The sub-items sit inside the second item.
    assert_eq!(found[2].place[..2], found[1].place[..]);
    assert_eq!(
        found[2].shape().collect::<Vec<_>>(),
        ["ol", "li", "ul", "li"]
    );
}

#[test]
fn an_items_own_source_leaves_out_what_is_nested_in_it() {
    let before = blocks("- data:\n  - name\n");
    let after = blocks("- data:\n  - name\n  - email\n");
    assert_eq!(before[0].source, "- data:");
    assert_eq!(
        before[0].source, after[0].source,
        "a sub-item added is not a change of its parent"
    );
}

#[test]
fn renumbering_a_list_is_not_a_change_of_its_items() {
    let a = blocks("1. one\n2. two\n");
    let b = blocks("1. one\n1. two\n");
    assert_eq!(a[1].source, b[1].source);
    // The first number is where the list starts, which shows.
    assert_eq!(blocks("3. one\n")[0].list_start(), Some(3));
    assert_eq!(a[1].list_start(), None);

    assert_ne!(
        blocks("- two\n")[0].source,
        blocks("* two\n")[0].source,
        "markers count"
    );
}

#[test]
fn tables_keep_header_rows_cells_and_alignment() {
    let found = blocks("| What | How long |\n| --- | ---: |\n| Logs | 90 *days* |\n| Backups |\n");
    assert_eq!(found[0].kind, BlockKind::TableHeader);
    assert_eq!(found[1].cells[1].text, "90 days");
    assert_eq!(found[1].cells[1].source, "90 *days*");
    assert_eq!(
        found[2].cells.len(),
        2,
        "a short row is padded to the header"
    );
    match &found[1].place[0].kind {
        ContainerKind::Table { align } => {
            assert_eq!(align, &[ColumnAlign::None, ColumnAlign::Right]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn quotes_hold_their_blocks() {
    let found = blocks("> We will tell you.\n>\n> - always\n\nAfter.\n");
    assert_eq!(found[0].shape().collect::<Vec<_>>(), ["quote"]);
    assert_eq!(found[1].shape().collect::<Vec<_>>(), ["quote", "ul", "li"]);
    assert!(found[2].place.is_empty());
}

#[test]
fn code_keeps_its_lines() {
    let found = blocks("```\nline one\n  indented\n```\n");
    assert_eq!(found[0].kind, BlockKind::Code);
    assert_eq!(found[0].text, "line one\n  indented");
}

#[test]
fn raw_html_tables_are_rows_and_cells() {
    let found = blocks(
        "<table>\n  <caption>Our processors</caption>\n  <thead>\n    <tr><th scope=\"col\">Processor</th><th>Country</th></tr>\n  </thead>\n  <tbody>\n    <tr><td id=\"host\">Hosting Co.</td><td style=\"text-align:right\">Ireland</td></tr>\n    <tr><td>Mail &amp; Co.<td>Germany\n  </tbody>\n</table>\n",
    );
    let seen: Vec<(BlockKind, &str)> = found.iter().map(|b| (b.kind, b.text.as_str())).collect();
    assert_eq!(
        seen,
        [
            (BlockKind::Paragraph, "Our processors"),
            (BlockKind::TableHeader, "Processor | Country"),
            (BlockKind::TableRow, "Hosting Co. | Ireland"),
            (BlockKind::TableRow, "Mail & Co. | Germany"),
        ]
    );
    assert_eq!(found[1].shape().collect::<Vec<_>>(), ["table"]);
    assert!(
        found[0].place.is_empty(),
        "the caption reads before the table"
    );
    assert_eq!(found[2].place, found[3].place, "one table");
    assert!(
        found[2].cells[1].source.contains("text-align:right"),
        "{:?}",
        found[2].cells[1]
    );
}

#[test]
fn raw_html_lists_paragraphs_and_headings_are_blocks() {
    let found = blocks(
        "<div>\n<h3>Sharing</h3>\n<p>We share:\n<ul><li>with <b>partners</b>\n<ul><li>in the EU</li></ul></li><li>never with others</ul>\n<p>Loose <script>alert(1)</script>end.</p>\n</div>\n",
    );
    let seen: Vec<(BlockKind, &str, usize)> = found
        .iter()
        .map(|b| (b.kind, b.text.as_str(), b.list_depth()))
        .collect();
    assert_eq!(
        seen,
        [
            (BlockKind::Heading, "Sharing", 0),
            (BlockKind::Paragraph, "We share:", 0),
            (BlockKind::ListItem, "with partners", 1),
            (BlockKind::ListItem, "in the EU", 2),
            (BlockKind::ListItem, "never with others", 1),
            (BlockKind::Paragraph, "Loose end.", 0),
        ]
    );
    assert!(
        found[2].source.contains("<b>"),
        "formatting is the item's: {:?}",
        found[2].source
    );
}

#[test]
fn loose_text_in_raw_html_is_one_block() {
    assert_eq!(
        seen("<div>Kept for <em>90</em> days</div>\n"),
        [(BlockKind::Html, "Kept for 90 days".to_owned())]
    );
}

#[test]
fn a_heading_anchor_is_not_text() {
    assert_eq!(seen("## Backups {#backups}\n\nText.\n")[0].1, "Backups");
}

#[test]
fn footnotes_read_as_numbered_notes() {
    let texts: Vec<String> = seen(
        "Kept as a salted hash.[^hash] Then deleted.[^del]\n\n[^del]: After 90 days.\n\n[^hash]: A one-way function.\n",
    )
    .into_iter()
    .map(|(_, t)| t)
    .collect();
    assert_eq!(
        texts,
        [
            "Kept as a salted hash.[1] Then deleted.[2]",
            "[2] After 90 days.",
            "[1] A one-way function.",
        ]
    );
}

#[test]
fn lists_inside_raw_html_cells_are_the_cells_text() {
    let found = blocks(
        "<table><tr><th>Use</th><th>Data</th></tr><tr><td>Search</td><td><ul><li>Technical data</li><li>Location</li></ul></td></tr></table>\n",
    );
    let seen: Vec<(BlockKind, &str)> = found.iter().map(|b| (b.kind, b.text.as_str())).collect();
    assert_eq!(
        seen,
        [
            (BlockKind::TableHeader, "Use | Data"),
            (BlockKind::TableRow, "Search | Technical data\nLocation"),
        ]
    );
}

#[test]
fn no_text_of_raw_html_drops_out_of_the_comparison() {
    // Text written straight into a quote, a list or a table, or after a
    // caption left open, is text the page shows.
    for (html, expected) in [
        (
            "<blockquote>We never sell data older than 90 days.</blockquote>\n",
            "We never sell data older than 90 days.",
        ),
        (
            "<ul>Retention: 90 days<li>x</li></ul>\n",
            "Retention: 90 days",
        ),
        ("<table><td>90</td></table>\n", "90"),
        (
            "<caption>Note: We never sell data.\n",
            "Note: We never sell data.",
        ),
        ("<tr><td>Logs</td><td>90 days</td></tr>\n", "Logs | 90 days"),
    ] {
        let found = blocks(html);
        assert!(
            found.iter().any(|b| b.text.contains(expected)),
            "{html}: {found:#?}"
        );
    }
    // A caption left open ends where the rows begin.
    let found = seen("<table><caption>Retention<tr><td>Logs</td><td>90</td></tr></table>\n");
    assert_eq!(
        found,
        [
            (BlockKind::Paragraph, "Retention".to_owned()),
            (BlockKind::TableRow, "Logs | 90".to_owned())
        ]
    );
}
