//! Arbitrary text through every public function of `privsite::markdown`:
//! `to_html` (section bodies), `summary_to_html`, `sanitize` (the input
//! taken as raw HTML), `to_plain_text`, `blocks`, `references` and
//! `slug`, with two invariants:
//!
//! * no HTML the module writes can run code: no `<script>`, `<iframe>`,
//!   `<style>`, form or embedding element, no `on...` event attribute, and no
//!   URL attribute (`href`, `src`, ...) with a scheme other than `http`,
//!   `https`, `mailto` or `tel` (after the decoding a browser does:
//!   character references, tabs and newlines removed, case folded);
//! * heading ids the module assigns on one page are never taken twice (checked
//!   when the text has no raw HTML, which may carry ids of its own);
//! * the bounds of `markdown::limits`: a quick answer (`quick`) is never
//!   wrong (the full `check` accepts the text, with no more blocks), and a
//!   refusal points inside the text.
//!
//! Input format: the Markdown text itself. Its length picks the section's
//! heading level (2 to 6, as pages use) and section id, so any text is a
//! valid input.
#![no_main]

#[path = "../common/html.rs"]
mod html;

use html::Rules;
use libfuzzer_sys::fuzz_target;
use privsite::markdown::{self, BodyContext, PageIds};

const SECTION_IDS: &[&str] = &["intro", "sharing", "a-1.b"];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let section_level = 2 + data.len() % 5;
    let section_id = SECTION_IDS[data.len() / 5 % SECTION_IDS.len()];

    let mut ids = PageIds::new(["intro", "sharing", "section", "main", section_id]);
    let html = markdown::to_html(
        text,
        BodyContext {
            section_id,
            section_level,
            ids: &mut ids,
        },
    );
    let mut heading_ids = html::check("to_html", text, &html, Rules::BODY);
    // Every id claimed from now on must be new: the page's ids are all taken.
    let second = markdown::to_html(
        text,
        BodyContext {
            section_id: "other",
            section_level,
            ids: &mut ids,
        },
    );
    heading_ids.extend(html::check(
        "to_html (second body)",
        text,
        &second,
        Rules::BODY,
    ));
    // Raw HTML may carry its own ids (and repeat them); without it, every
    // heading id comes from `PageIds`, so none is taken twice or clashes
    // with the ids the page had before.
    if !text.contains('<') {
        let mut seen = std::collections::HashSet::new();
        for id in &heading_ids {
            assert!(
                !["intro", "sharing", "section", "main", section_id].contains(&id.as_str()),
                "heading id {id:?} was already taken on the page\n{text:?}\n{html}\n{second}"
            );
            assert!(
                seen.insert(id),
                "heading id {id:?} given twice\n{text:?}\n{html}\n{second}"
            );
        }
    }

    let checked = markdown::limits::check(text);
    if let Some(bound) = markdown::limits::quick(text) {
        match &checked {
            Ok(shape) => assert!(
                shape.blocks <= bound.blocks,
                "quick counts {} blocks, check {}\n{text:?}",
                bound.blocks,
                shape.blocks
            ),
            Err(refused) => panic!("quick accepts what check refuses ({refused:?})\n{text:?}"),
        }
    }
    if let Err(refused) = &checked {
        assert!(refused.at <= text.len(), "{refused:?}");
    }

    let summary = markdown::summary_to_html(text);
    html::check("summary_to_html", text, &summary, Rules::BODY);

    let cleaned = markdown::sanitize(text);
    html::check("sanitize", text, &cleaned, Rules::BODY);

    let plain = markdown::to_plain_text(text);
    assert!(!plain.starts_with(' ') && !plain.ends_with(' '));

    for block in markdown::blocks(text) {
        assert!(
            text.contains(&block.source),
            "a block's source is not part of the text: {:?}",
            block.source
        );
        let _ = block.kind.describe();
    }

    std::hint::black_box(markdown::references(text));

    let slug = markdown::slug(text);
    assert!(
        !slug.starts_with('-') && !slug.ends_with('-'),
        "slug {slug:?}"
    );
    assert!(!slug.contains("--"), "slug {slug:?}");
});
