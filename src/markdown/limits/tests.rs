use super::*;

/// A list nested `depth` deep, each item `text`.
fn list(depth: usize) -> String {
    (0..depth)
        .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
        .collect()
}

fn html_lists(depth: usize) -> String {
    format!(
        "<div>\n{}x{}\n</div>\n",
        "<ul><li>".repeat(depth),
        "</li></ul>".repeat(depth)
    )
}

fn table(rows: usize, columns: usize) -> String {
    let row = |cell: &str| format!("|{}\n", format!(" {cell} |").repeat(columns));
    format!("{}{}{}", row("h"), row("-"), row("c").repeat(rows))
}

fn refused(text: &str) -> Exceeded {
    check(text).expect_err(text.get(..200).unwrap_or(text))
}

#[test]
fn nesting_is_counted_in_lists_quotes_and_tables_markdown_and_html_together() {
    assert!(check(&list(MAX_NESTING)).is_ok());
    let deep = refused(&list(MAX_NESTING + 1));
    assert!(
        deep.message.contains("nested more than 32 levels"),
        "{deep:?}"
    );
    // Where the list one too many starts.
    assert_eq!(deep.at, list(MAX_NESTING).len() + 2 * MAX_NESTING);
    assert!(check(&format!("{} x\n", ">".repeat(MAX_NESTING))).is_ok());
    assert!(check(&format!("{} x\n", ">".repeat(MAX_NESTING + 1))).is_err());
    // Markdown levels around an HTML block with ten more (an HTML list
    // level is two elements, a list and an item, within the HTML depth).
    let inside = |outer: usize, html: String| {
        let indent = "  ".repeat(outer);
        let indented: String = html.lines().map(|l| format!("{indent}{l}\n")).collect();
        format!("{}\n{indented}", list(outer))
    };
    assert!(check(&inside(MAX_NESTING - 10, html_lists(10))).is_ok());
    let deep = refused(&inside(MAX_NESTING - 9, html_lists(10)));
    assert!(deep.message.contains("levels deep"), "{deep:?}");
    // A table in a list at the last level; lists inside an HTML table cell
    // are the cell's text, not levels.
    let indent = "  ".repeat(MAX_NESTING - 1);
    let last = table(2, 2).replace('\n', &format!("\n{indent}"));
    assert!(check(&format!("{}\n{indent}{last}", list(MAX_NESTING - 1))).is_ok());
    let indent = "  ".repeat(MAX_NESTING);
    let last = table(2, 2).replace('\n', &format!("\n{indent}"));
    assert!(check(&format!("{}\n{indent}{last}", list(MAX_NESTING))).is_err());
    let in_cell = format!(
        "<table><tr><td>{}</td></tr></table>\n",
        "<ul><li>".repeat(12)
    );
    assert!(
        check(&format!(
            "{}\n{}",
            list(MAX_NESTING - 1),
            in_cell.replace('\n', &format!("\n{}", "  ".repeat(MAX_NESTING - 1)))
        ))
        .is_ok()
    );
}

#[test]
fn raw_html_depth_follows_the_elements_an_html_parser_keeps_open() {
    let divs = |n: usize| format!("{}x{}\n", "<div>".repeat(n), "</div>".repeat(n));
    assert!(check(&divs(MAX_HTML_DEPTH)).is_ok());
    let deep = refused(&divs(MAX_HTML_DEPTH + 1));
    assert!(
        deep.message.contains("nested more than 32 deep"),
        "{deep:?}"
    );
    assert!(check(&"<div>".repeat(100_000)).is_err());
    assert!(
        check(&"<div/>".repeat(40)).is_err(),
        "`<div/>` opens a div in HTML"
    );
    assert!(
        check(&"<span>".repeat(40)).is_err(),
        "inline HTML counts too"
    );
    // Elements that close themselves, as a parser closes them.
    for text in [
        "<p>a".repeat(1_000),
        format!("<ul>{}</ul>", "<li>a".repeat(1_000)),
        format!("<dl>{}</dl>", "<dt>a<dd>b".repeat(500)),
        format!("<table>{}</table>", "<tr><td>a<td>b".repeat(500)),
        format!("<svg>{}</svg>", "<path d=\"M0\"/>".repeat(1_000)),
        "<br><hr><img src=x><input>".repeat(1_000),
        "<div>a</div>\n\n".repeat(1_000),
        "<b>a</b> <i>b</i>".repeat(1_000),
    ] {
        assert!(check(&text).is_ok(), "{}", &text[..60]);
    }
}

#[test]
fn tables_are_bounded_in_columns_and_cells() {
    assert!(check(&table(3, MAX_TABLE_COLUMNS)).is_ok());
    let wide = refused(&table(3, MAX_TABLE_COLUMNS + 1));
    assert!(wide.message.contains("more than 64 columns"), "{wide:?}");
    assert_eq!(wide.at, 0);
    let rows = MAX_TABLE_CELLS / 10;
    assert!(
        check(&table(rows - 1, 10)).is_ok(),
        "the header row counts too"
    );
    let big = refused(&table(rows, 10));
    assert!(big.message.contains("more than 10000 cells"), "{big:?}");
    let html_row = format!("<table><tr>{}</tr></table>\n", "<td>x</td>".repeat(65));
    assert!(refused(&html_row).message.contains("columns"));
    let html_rows = format!("<table>\n{}</table>\n", "<tr><td>a<td>b\n".repeat(5_001));
    assert!(refused(&html_rows).message.contains("cells"));
}

#[test]
fn blocks_are_counted_as_the_comparison_reads_them() {
    let text = "One.\n\nTwo.\n\n- a\n- b\n\n## H\n\n| a |\n|---|\n| 1 |\n\n<div><p>x</p><p>y</p></div>\n\n```\ncode\n```\n";
    // 2 paragraphs, 2 items, a heading, a header row and a row, the HTML
    // block and its 2 paragraphs, code.
    assert_eq!(
        check(text),
        Ok(Shape {
            blocks: 11,
            elements: 3
        })
    );
}

#[test]
fn a_quick_look_answers_only_for_plain_texts() {
    assert!(quick("Some text.\n\n- a\n- b\n\n> quote\n").is_some());
    assert!(quick("<b>bold</b>").is_none(), "raw HTML needs the parse");
    assert!(quick("| a |\n|---|\n").is_none(), "a table needs the parse");
    assert!(quick(&list(MAX_NESTING + 1)).is_none());
    assert!(quick(&format!("{} x", "> ".repeat(MAX_NESTING + 1))).is_none());
    assert!(quick(&"- ".repeat(MAX_NESTING + 1)).is_none());
    assert_eq!(
        quick("One.\n\nTwo.\n"),
        Some(Shape {
            blocks: 2,
            elements: 0
        })
    );
    // Found by the markdown fuzz target: a lone carriage return ends a line.
    assert!(quick("One.\r\rTwo.\r\rThree.").is_none());
}

proptest::proptest! {
    /// Whatever the text, a quick answer is never wrong: the text passes
    /// [`check`], with no more blocks than the quick bound.
    #[test]
    fn a_quick_answer_agrees_with_the_check(
        lines in proptest::collection::vec(
            (0usize..12, proptest::collection::vec(
                proptest::sample::select(vec!["- ", "* ", "+ ", "1. ", "2) ", "> ", ">", "  ", "\t", "a ", "`", "```", "    ", "# ", "[^1]: ", "---", "-", "\r", "\r\n"]),
                0..8,
            )),
            0..40,
        )
    ) {
        let text: String = lines
            .iter()
            .map(|(indent, parts)| format!("{}{}x\n", " ".repeat(*indent), parts.concat()))
            .collect();
        if let Some(bound) = quick(&text) {
            let checked = check(&text);
            proptest::prop_assert!(checked.is_ok(), "{text:?}: {checked:?}");
            proptest::prop_assert!(checked.unwrap().blocks <= bound.blocks, "{text:?}");
        }
    }
}
