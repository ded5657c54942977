//! Benchmarks of a full build (`cargo bench --bench build`): load the
//! sources, render every page and write the site, on a generated corpus of
//! over 2,000 pages. See docs/PERFORMANCE.md for figures.

use criterion::{Criterion, criterion_group, criterion_main};
use privsite::{BuildOptions, Project, build};

#[path = "support/corpus.rs"]
mod corpus;

const SHAPE: corpus::Shape = corpus::Shape {
    policies: 20,
    versions: 20,
    locales: 5,
    sections: 8,
};

fn full_build(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    corpus::write(dir.path(), SHAPE);
    assert!(
        SHAPE.pages() >= 2_000,
        "the corpus has {} pages",
        SHAPE.pages()
    );
    let options = BuildOptions::new(
        dir.path(),
        dir.path().join("site"),
        jiff::civil::Date::new(2026, 1, 1).unwrap(),
    );
    let report = build(&options).unwrap();
    assert_eq!(report.pages, SHAPE.pages());

    let mut group = c.benchmark_group(format!("corpus of {} pages", SHAPE.pages()));
    group.sample_size(10);
    group.bench_function("load sources", |b| {
        b.iter(|| Project::load(&options.root).unwrap())
    });
    let project = Project::load(&options.root).unwrap();
    group.bench_function("render pages", |b| {
        b.iter(|| project.render(options.today, false).unwrap())
    });
    group.bench_function("full build (load, render, write)", |b| {
        b.iter(|| build(&options).unwrap())
    });
    group.finish();
}

criterion_group!(benches, full_build);
criterion_main!(benches);
