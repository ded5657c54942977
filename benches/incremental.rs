//! Benchmarks of an incremental build (`cargo bench --bench incremental`):
//! the time from a saved edit of one version file to the rebuilt artifacts,
//! as `watch` and the preview server see it: the file read again, the
//! model, comparisons and checks redone where the edit reached, and only the
//! outputs whose inputs changed rendered. On the corpus the authoring-loop
//! issue names (2,000 version texts: 20 policies of 10 versions, each in 10
//! languages) and, with `PRIVSITE_BENCH_LARGE=1`, on ten times as many
//! versions. See docs/PERFORMANCE.md for figures.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use privsite::pipeline::Pipeline;
use privsite::source::Files;

#[path = "support/corpus.rs"]
mod corpus;

/// 2,000 version texts.
const M: corpus::Shape = corpus::Shape {
    policies: 20,
    versions: 10,
    locales: 10,
    sections: 8,
};

/// 20,000 version texts.
const LARGE: corpus::Shape = corpus::Shape { versions: 100, ..M };

fn incremental(c: &mut Criterion) {
    bench(
        c,
        "2,000 version texts (20 policies x 10 versions x 10 languages)",
        M,
    );
    if std::env::var_os("PRIVSITE_BENCH_LARGE").is_some() {
        bench(
            c,
            "20,000 version texts (20 policies x 100 versions x 10 languages)",
            LARGE,
        );
    }
}

fn bench(c: &mut Criterion, name: &str, shape: corpus::Shape) {
    let dir = tempfile::tempdir().unwrap();
    corpus::write(dir.path(), shape);
    let today = jiff::civil::Date::new(2026, 1, 1).unwrap();
    let mut pipeline = Pipeline::new(Files::read(dir.path()), false);
    let first = pipeline.build(today).unwrap();
    let pages = pipeline
        .site()
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    assert_eq!(pages, shape.pages(), "{} outputs", first.jobs);

    let mut group = c.benchmark_group(name);
    group.sample_size(20);
    group.bench_function("rebuild with nothing changed", |b| {
        b.iter(|| {
            let update = pipeline.build(today).unwrap();
            assert_eq!(update.rendered, 0);
        })
    });
    // A sentence typed into the English text of a version in the middle of
    // a policy's history, saved, then typed again: each save is an edit.
    let middle = format!("policies/policy-007/v{:03}", shape.versions / 2);
    let file: PathBuf = dir.path().join(&middle).join("en.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    let mut n = 0u64;
    group.bench_function("edit of one version file to rebuilt artifacts", |b| {
        b.iter(|| {
            n += 1;
            let text = original.replacen("body: |\n", &format!("body: |\n      Edit {n}.\n\n"), 1);
            std::fs::write(&file, text).unwrap();
            pipeline.refresh(std::slice::from_ref(&file));
            let update = pipeline.build(today).unwrap();
            assert!(!update.written.is_empty());
        })
    });
    let translation: PathBuf = dir.path().join(&middle).join("fr.yaml");
    let original = std::fs::read_to_string(&translation).unwrap();
    group.bench_function("edit of one translation file to rebuilt artifacts", |b| {
        b.iter(|| {
            n += 1;
            let text = original.replacen("body: |\n", &format!("body: |\n      Modif {n}.\n\n"), 1);
            std::fs::write(&translation, text).unwrap();
            pipeline.refresh(std::slice::from_ref(&translation));
            let update = pipeline.build(today).unwrap();
            assert!(!update.written.is_empty());
        })
    });
    group.finish();
}

criterion_group!(benches, incremental);
criterion_main!(benches);
