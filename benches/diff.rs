//! Benchmark of comparing two versions (`cargo bench --bench diff`): the diff
//! and classification of two policies of about 100 KB each, with scattered
//! edits, a moved paragraph and an added section. The target is well under
//! 10 ms; see docs/PERFORMANCE.md.

use criterion::{Criterion, criterion_group, criterion_main};
use privsite::diff::compute::{SectionText, compare};

const WORDS: [&str; 20] = [
    "information",
    "personal",
    "we",
    "collect",
    "your",
    "data",
    "share",
    "with",
    "service",
    "providers",
    "to",
    "improve",
    "our",
    "services",
    "you",
    "request",
    "access",
    "deletion",
    "records",
    "when",
];

/// `(id, title, body)` of a policy of about `bytes` bytes.
fn policy(bytes: usize, edited: bool) -> Vec<(String, String, String)> {
    let mut sections = Vec::new();
    let mut x: u64 = 7;
    let mut size = 0;
    let mut s = 0;
    while size < bytes {
        let mut body = String::new();
        for p in 0..6 {
            for w in 0..70 {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let mut word = WORDS[(x >> 33) as usize % WORDS.len()].to_owned();
                if edited && (s * 7 + p * 3 + w) % 97 == 0 {
                    word = "changed".to_owned();
                }
                body.push_str(&word);
                body.push(if w % 12 == 11 { '.' } else { ' ' });
            }
            body.push_str("\n\n");
        }
        if edited && s == 3 {
            body.push_str(
                "This paragraph moved here from section one, unchanged in every word.\n\n",
            );
        }
        if !edited && s == 1 {
            body.push_str(
                "This paragraph moved here from section one, unchanged in every word.\n\n",
            );
        }
        size += body.len();
        sections.push((format!("s{s}"), format!("Section {s}"), body));
        s += 1;
    }
    if edited {
        sections.push((
            "new".into(),
            "A New Section".into(),
            "We now keep logs for 30 days.".into(),
        ));
    }
    sections
}

fn texts(sections: &[(String, String, String)]) -> Vec<SectionText<'_>> {
    sections
        .iter()
        .map(|(id, title, body)| SectionText {
            id,
            title,
            body,
            material: true,
            depth: 0,
            parent: None,
            aliases: &[],
        })
        .collect()
}

fn diff(c: &mut Criterion) {
    let (old, new) = (policy(100_000, false), policy(100_000, true));
    let size: usize = old.iter().map(|(_, _, b)| b.len()).sum();
    let result = compare(&texts(&old), &texts(&new), &[]);
    assert!(!result.changes.is_empty() && result.stats.blocks_moved == 1);
    c.bench_function(
        &format!("compare two policies of {} KB", size / 1000),
        |b| b.iter(|| compare(&texts(&old), &texts(&new), &[])),
    );
}

criterion_group!(benches, diff);
criterion_main!(benches);
