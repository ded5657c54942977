use super::*;
use crate::diff::compute::{SectionText, compare};
use crate::render::views::RedlinePiece;

fn link(to: &SectionRef) -> SectionLink<'_> {
    SectionLink {
        id: &to.id,
        title: &to.title,
    }
}

/// The redline of one section whose body goes from `old` to `new`.
fn section(old: &str, new: &str) -> crate::diff::Comparison {
    let text = |body| SectionText {
        id: "a",
        title: "A",
        body,
        material: true,
        depth: 0,
        parent: None,
        aliases: &[],
    };
    compare(&[text(old)], &[text(new)], &[])
}

/// A view as a compact string: `<ul>`, `[text]`, `|cell|cell|`, `~` for a gap.
fn show(pieces: &[RedlinePiece<'_>]) -> String {
    let runs = |segments: &[Segment]| -> String {
        segments
            .iter()
            .map(|s| match s.tag {
                Tag::Equal => s.text.clone(),
                Tag::Insert => format!("{{+{}+}}", s.text),
                Tag::Delete => format!("[-{}-]", s.text),
            })
            .collect()
    };
    pieces
        .iter()
        .map(|p| match p {
            RedlinePiece::Open { element, .. } => format!("<{element:?}>"),
            RedlinePiece::Close { element } => format!("</{element:?}>"),
            RedlinePiece::Block(b) => format!("[{}]", runs(&b.segments)),
            RedlinePiece::Row(r) => format!(
                "|{}|",
                r.cells
                    .iter()
                    .map(|c| runs(&c.segments))
                    .collect::<Vec<_>>()
                    .join("|")
            ),
            RedlinePiece::Gap => "~".to_owned(),
        })
        .collect()
}

#[test]
fn each_view_gives_its_version_and_the_redline_both() {
    let result = section("- one\n- two\n", "- one\n- three\n- two\n");
    let blocks = &result.sections[0].blocks;
    assert_eq!(
        show(&pieces(blocks, View::Both, &link)),
        "<Ul><Li>[one]</Li><Li>[{+three+}]</Li><Li>[two]</Li></Ul>"
    );
    assert_eq!(
        show(&pieces(blocks, View::Old, &link)),
        "<Ul><Li>[one]</Li><Li>[two]</Li></Ul>"
    );
    // Each column marks what it alone has.
    assert_eq!(
        show(&pieces(blocks, View::New, &link)),
        "<Ul><Li>[one]</Li><Li>[{+three+}]</Li><Li>[two]</Li></Ul>"
    );
}

#[test]
fn what_only_the_other_version_has_at_the_top_leaves_a_gap() {
    let result = section("Kept.\n\nGone away now.", "Kept.");
    let blocks = &result.sections[0].blocks;
    assert_eq!(show(&pieces(blocks, View::New, &link)), "[Kept.]~");
    assert_eq!(
        show(&pieces(blocks, View::Old, &link)),
        "[Kept.][[-Gone away now.-]]"
    );
}

#[test]
fn tables_come_in_head_and_body_with_only_the_views_columns() {
    let result = section(
        "| A | B |\n| - | - |\n| 1 | 2 |\n",
        "| A | B | C |\n| - | - | - |\n| 1 | 2 | 3 |\n",
    );
    let blocks = &result.sections[0].blocks;
    assert_eq!(
        show(&pieces(blocks, View::Both, &link)),
        "<Table><Thead>|A|B|{+C+}|</Thead><Tbody>|1|2|{+3+}|</Tbody></Table>"
    );
    assert_eq!(
        show(&pieces(blocks, View::Old, &link)),
        "<Table><Thead>|A|B|</Thead><Tbody>|1|2|</Tbody></Table>"
    );
}

#[test]
fn whitespace_is_written_outside_the_marks_and_alone_unmarked() {
    let writer = Writer {
        view: View::Both,
        link: &link,
    };
    let seg = |tag, text: &str| Segment {
        tag,
        text: text.to_owned(),
    };
    let runs = writer.runs(
        &[
            seg(Tag::Equal, "a"),
            seg(Tag::Insert, " new "),
            seg(Tag::Equal, "b"),
            seg(Tag::Delete, "  "),
            seg(Tag::Insert, " "),
            seg(Tag::Equal, "c"),
        ],
        false,
    );
    let shown: Vec<(Tag, &str)> = runs.iter().map(|s| (s.tag, s.text.as_str())).collect();
    assert_eq!(
        shown,
        [
            (Tag::Equal, "a "),
            (Tag::Insert, "new"),
            (Tag::Equal, " b c")
        ]
    );
    // In code, spacing is text: it stays marked.
    let code = writer.runs(&[seg(Tag::Equal, "x"), seg(Tag::Insert, "\n  y")], true);
    assert_eq!(code[1].text, "\n  y");
    assert_eq!(code[1].tag, Tag::Insert);
}
