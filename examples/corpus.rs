//! Writes a generated corpus for benchmarks (`docs/PERFORMANCE.md`):
//!
//! ```sh
//! cargo run --release --example corpus -- DIR POLICIES VERSIONS LOCALES SECTIONS [--hugo HUGO_DIR]
//! ```
//!
//! `DIR` gets a privsite project (`policies/`). With `--hugo`, `HUGO_DIR`
//! gets a Hugo site with the same pages and text (one Markdown file per
//! version page, a minimal theme with a table of contents), so both tools can
//! be timed on the same content with hyperfine.

#[path = "../benches/support/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| -> usize {
        args.get(i).and_then(|a| a.parse().ok()).unwrap_or_else(|| {
            panic!("usage: corpus DIR POLICIES VERSIONS LOCALES SECTIONS [--hugo HUGO_DIR]")
        })
    };
    let dir = std::path::PathBuf::from(&args[0]);
    let shape = corpus::Shape {
        policies: number(1),
        versions: number(2),
        locales: number(3),
        sections: number(4),
    };
    corpus::write(&dir, shape);
    println!("{}: {} pages", dir.display(), shape.pages());
    if let Some(i) = args.iter().position(|a| a == "--hugo") {
        let hugo = std::path::PathBuf::from(&args[i + 1]);
        let pages = corpus::write_hugo(&hugo, shape);
        println!("{}: {pages} Hugo content pages", hugo.display());
    }
}
