//! Writes a generated corpus for benchmarks (`docs/PERFORMANCE.md`,
//! `scripts/bench-peers`):
//!
//! ```sh
//! cargo run --release --example corpus -- DIR POLICIES VERSIONS LOCALES SECTIONS [--hugo HUGO_DIR] [--zola ZOLA_DIR]
//! ```
//!
//! `DIR` gets a privsite project (`policies/`). With `--hugo`, `HUGO_DIR`
//! gets a Hugo site with the same pages and text (one Markdown file per
//! version page, a minimal theme with a table of contents); with `--zola`,
//! `ZOLA_DIR` gets the same as a multilingual Zola site (one section per
//! policy, `v003.fr.md` for a version's French page, templates like the Hugo
//! theme's). So the three tools can be timed on the same content with
//! hyperfine.

#[path = "../benches/support/corpus.rs"]
mod corpus;

const USAGE: &str =
    "usage: corpus DIR POLICIES VERSIONS LOCALES SECTIONS [--hugo HUGO_DIR] [--zola ZOLA_DIR]";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| -> usize {
        args.get(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("{USAGE}"))
    };
    // The folder after `--hugo` or `--zola`, if given.
    let option = |name: &str| -> Option<std::path::PathBuf> {
        let i = args.iter().position(|a| a == name)?;
        Some(args.get(i + 1).unwrap_or_else(|| panic!("{USAGE}")).into())
    };
    let dir = std::path::PathBuf::from(args.first().unwrap_or_else(|| panic!("{USAGE}")));
    let shape = corpus::Shape {
        policies: number(1),
        versions: number(2),
        locales: number(3),
        sections: number(4),
    };
    corpus::write(&dir, shape);
    println!("{}: {} pages", dir.display(), shape.pages());
    if let Some(hugo) = option("--hugo") {
        let pages = corpus::write_hugo(&hugo, shape);
        println!("{}: {pages} Hugo content pages", hugo.display());
    }
    if let Some(zola) = option("--zola") {
        let pages = corpus::write_zola(&zola, shape);
        println!("{}: {pages} Zola content pages", zola.display());
    }
}
