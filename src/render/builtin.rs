//! The default theme, embedded in the binary so `privsite build` works in a
//! folder that has only `policies/`. The list mirrors `themes/default/`; a
//! test keeps the two in step.

/// `(path inside the theme folder, contents)`.
pub(crate) const FILES: &[(&str, &[u8])] = &[
    (
        "i18n/ar.yaml",
        include_bytes!("../../themes/default/i18n/ar.yaml"),
    ),
    (
        "i18n/de.yaml",
        include_bytes!("../../themes/default/i18n/de.yaml"),
    ),
    (
        "i18n/en.yaml",
        include_bytes!("../../themes/default/i18n/en.yaml"),
    ),
    (
        "i18n/es.yaml",
        include_bytes!("../../themes/default/i18n/es.yaml"),
    ),
    (
        "i18n/fr.yaml",
        include_bytes!("../../themes/default/i18n/fr.yaml"),
    ),
    (
        "i18n/it.yaml",
        include_bytes!("../../themes/default/i18n/it.yaml"),
    ),
    (
        "i18n/nl.yaml",
        include_bytes!("../../themes/default/i18n/nl.yaml"),
    ),
    (
        "i18n/pt-BR.yaml",
        include_bytes!("../../themes/default/i18n/pt-BR.yaml"),
    ),
    (
        "static/privsite.css",
        include_bytes!("../../themes/default/static/privsite.css"),
    ),
    (
        "templates/base.html",
        include_bytes!("../../themes/default/templates/base.html"),
    ),
    (
        "templates/changes.html",
        include_bytes!("../../themes/default/templates/changes.html"),
    ),
    (
        "templates/components.html",
        include_bytes!("../../themes/default/templates/components.html"),
    ),
    (
        "templates/email.html",
        include_bytes!("../../themes/default/templates/email.html"),
    ),
    (
        "templates/email.txt",
        include_bytes!("../../themes/default/templates/email.txt"),
    ),
    (
        "templates/feed.xml",
        include_bytes!("../../themes/default/templates/feed.xml"),
    ),
    (
        "templates/index.html",
        include_bytes!("../../themes/default/templates/index.html"),
    ),
    (
        "templates/notice.html",
        include_bytes!("../../themes/default/templates/notice.html"),
    ),
    (
        "templates/sitemap.xml",
        include_bytes!("../../themes/default/templates/sitemap.xml"),
    ),
    (
        "templates/version.html",
        include_bytes!("../../themes/default/templates/version.html"),
    ),
    (
        "templates/versions.html",
        include_bytes!("../../themes/default/templates/versions.html"),
    ),
];

/// Panics unless [`FILES`] lists exactly the files of `themes/default/` (their
/// contents are kept in step by `include_bytes!` itself).
#[cfg(test)]
pub(super) fn assert_matches_folder() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    on_disk.sort();
    let listed: Vec<String> = FILES.iter().map(|(p, _)| (*p).to_owned()).collect();
    assert_eq!(
        listed, on_disk,
        "src/render/builtin.rs must list every file of themes/default"
    );
}
