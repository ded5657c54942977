//! JSON Schemas of the three kinds of source file, generated from the same
//! serde types the loader reads, so they cannot drift apart.

use crate::source::raw::{PolicyFile, SiteFile, VersionFile};

/// `(file name, schema text)` for each kind of source file.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("site.schema.json", pretty(schemars::schema_for!(SiteFile))),
        (
            "policy.schema.json",
            pretty(schemars::schema_for!(PolicyFile)),
        ),
        (
            "version.schema.json",
            pretty(schemars::schema_for!(VersionFile)),
        ),
    ]
}

fn pretty(schema: schemars::Schema) -> String {
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is valid JSON");
    text.push('\n');
    text
}
