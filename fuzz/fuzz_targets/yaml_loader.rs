//! Arbitrary text through the whole source pipeline, in memory: the YAML
//! loader (every raw file type), the encoding-damage check, the model's
//! validation, the comparison of versions, the cross-version checks, the
//! rendering of every artifact, and the display of every diagnostic.
//!
//! Invariant: no page can run code that the theme did not write — every
//! `.html` artifact, with the built-in theme's own `<script>` taken out,
//! passes the scanner in `common/html.rs` (no script, frame, form or embedded
//! element, no `on...` attribute, no `javascript:` or other non-http(s),
//! mailto or tel URL). This is what "no text field can inject code into a
//! page" means, checked for every field at once. And no artifact (page,
//! feed, email, JSON) holds a control character other than tab, line feed
//! and carriage return, or a noncharacter: feeds must stay well-formed XML
//! and pages valid HTML, whatever the sources hold (issue 14, item 4).
//!
//! Input format: up to five files separated by a line `#%%`:
//!
//! ```text
//! <policies/p/2024-06/en.yaml>   the version under test (source locale `en`)
//! #%%
//! <policies/p/2000-01/en.yaml>   the previous version (default: a small fixed one)
//! #%%
//! <policies/p/2024-06/fr.yaml>   its French translation (default: none)
//! #%%
//! <policies/p/policy.yaml>       default: a fixed policy with an announce list
//! #%%
//! <policies/site.yaml>           default: a fixed site with `en` and `fr`
//! ```
//!
//! A plain version file is therefore a valid input on its own. Errors are
//! expected; a panic, a hang or running out of memory is a finding.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

#[path = "../common/html.rs"]
mod html;

use libfuzzer_sys::fuzz_target;
use privsite::build::Project;
use privsite::diagnostics::{Diagnostic, Diagnostics};
use privsite::diff::History;
use privsite::source::raw::{PolicyFile, SiteFile, VersionFile};
use privsite::source::{
    Loaded, PolicySource, SourceFile, SourceTree, VersionSource, encoding_damage, yaml,
};
use privsite::{checks, model, render};

const SEPARATOR: &str = "\n#%%\n";

const DEFAULT_SITE: &str = "\
title: Fuzz Site
base_url: https://policies.example.org/
default_locale: en
locales:
  en: English
  fr: Français
";

const DEFAULT_POLICY: &str = "\
title: Fuzz Policy
owner: Example, Inc.
material_words: [share, sell]
announce:
  from: Example Privacy <privacy@example.org>
  to: announce@lists.example.org
  unsubscribe: mailto:announce-leave@lists.example.org
";

const DEFAULT_PREVIOUS: &str = "\
effective: 2000-01-01
sections:
  - id: intro
    title: Introduction
    body: |
      We collect **some** data. See [sharing](#sharing).
  - id: sharing
    title: Sharing
    material: true
    body: |
      We do not sell your data.

      - to partners
      - to no one else
    sections:
      - id: retention
        title: Retention
        body: We keep data for 30 days.
";

/// One project (built-in theme, parsed templates) for the whole run: only its
/// site and history change from one input to the next.
static PROJECT: LazyLock<Mutex<Project>> = LazyLock::new(|| {
    // Keep rayon (used by the checks and the outputs) off the other core.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global();
    let mut diagnostics = Diagnostics::new();
    // A root without `themes/`: only the built-in theme is used.
    let theme = render::theme::load(
        Path::new("/nonexistent/privsite-fuzz"),
        "default",
        &mut diagnostics,
    )
    .expect("the built-in theme loads");
    let engine =
        render::Engine::new(&theme, &mut diagnostics).expect("the built-in templates parse");
    let tree = SourceTree {
        site: Some(loaded("policies/site.yaml", DEFAULT_SITE, &mut diagnostics).unwrap()),
        policies: Vec::new(),
    };
    let site = model::load(tree, &mut diagnostics).expect("the default site is valid");
    Mutex::new(Project {
        history: History::new(&site),
        site,
        theme,
        engine,
        warnings: Vec::new(),
    })
});

/// The built-in theme's own script elements, which pages may hold.
static THEME_SCRIPTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let project = PROJECT.lock().unwrap_or_else(|e| e.into_inner());
    html::theme_scripts(project.theme.templates.iter().map(|t| t.text.as_str()))
});

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 23)
}

/// What `source::load` does for a file read from disk, minus the disk:
/// every problem of the file, and the rest checked when they leave it whole.
fn loaded<T: serde::de::DeserializeOwned + Send>(
    path: &str,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Loaded<T>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file = SourceFile {
        path: PathBuf::from(path),
        text: text.to_owned(),
    };
    for warning in encoding_damage(&file) {
        diagnostics.push(warning);
    }
    let (data, problems) = yaml::parse_all::<T>(&file.path, &file.text);
    for problem in problems {
        diagnostics.push(problem);
    }
    Some(Loaded { file, data: data? })
}

fn version_source(
    name: &str,
    files: &[(&str, &str)],
    diagnostics: &mut Diagnostics,
) -> VersionSource {
    let dir = PathBuf::from(format!("policies/p/{name}"));
    let mut version = VersionSource {
        name: name.to_owned(),
        dir: dir.clone(),
        files: Vec::new(),
        unreadable: Vec::new(),
    };
    for (stem, text) in files {
        let path = dir.join(format!("{stem}.yaml"));
        match loaded::<VersionFile>(&path.to_string_lossy(), text, diagnostics) {
            Some(file) => version.files.push(((*stem).to_owned(), file)),
            None => version.unreadable.push((*stem).to_owned()),
        }
    }
    version
}

/// Every way a diagnostic is shown must work for every diagnostic, and
/// what a terminal shows (the plain and GitHub forms) never carries a
/// control character from the sources.
fn show(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        for shown in [d.to_string(), d.to_github()] {
            assert!(
                !shown.contains(|c: char| c.is_control() && c != '\n' && c != '\t'),
                "a control character reaches the terminal: {shown:?}"
            );
        }
        let _ = d.to_json().to_string();
    }
}

fn run(text: &str) {
    let mut parts = text.split(SEPARATOR);
    let current = parts.next().unwrap_or_default();
    let previous = parts.next().unwrap_or(DEFAULT_PREVIOUS);
    let translation = parts.next();
    let policy_text = parts.next().unwrap_or(DEFAULT_POLICY);
    let site_text = parts.next().unwrap_or(DEFAULT_SITE);

    // The raw loader, for every file type, on the text under test.
    let path = Path::new("policies/p/2024-06/en.yaml");
    if let Err(d) = yaml::parse::<SiteFile>(path, current) {
        show(&[d]);
    }
    if let Err(d) = yaml::parse::<PolicyFile>(path, current) {
        show(&[d]);
    }

    // The source tree, as `source::read_tree` would have read it.
    let mut diagnostics = Diagnostics::new();
    let site = loaded::<SiteFile>("policies/site.yaml", site_text, &mut diagnostics);
    let policy = loaded::<PolicyFile>("policies/p/policy.yaml", policy_text, &mut diagnostics);
    let mut current_files = vec![("en", current)];
    if let Some(translation) = translation {
        current_files.push(("fr", translation));
    }
    let versions = vec![
        version_source("2000-01", &[("en", previous)], &mut diagnostics),
        version_source("2024-06", &current_files, &mut diagnostics),
    ];
    let tree = SourceTree {
        site,
        policies: vec![PolicySource {
            name: "p".to_owned(),
            dir: PathBuf::from("policies/p"),
            policy,
            versions,
        }],
    };

    // Validation, then everything a build does with a valid model.
    let Some(site) = model::load(tree, &mut diagnostics) else {
        show(&diagnostics.into_sorted());
        return;
    };
    LazyLock::force(&THEME_SCRIPTS); // before PROJECT is locked here
    let mut project = PROJECT.lock().unwrap_or_else(|e| e.into_inner());
    project.history = History::new(&site);
    project.site = site;
    let warnings = checks::warnings(&project.site, &project.history);
    show(&warnings);
    show(&diagnostics.into_sorted());
    for policy in &project.site.policies {
        let timeline = model::Timeline::new(policy, today(), true);
        for version in &policy.versions {
            let _ = checks::translation_status(&timeline, version);
        }
    }
    let scripts: &[String] = &THEME_SCRIPTS;
    match project.render_into(today(), true, &|artifact| {
        let bytes = String::from_utf8_lossy(&artifact.bytes);
        if let Some(c) = bytes.chars().find(|&c| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || (u32::from(c) & 0xfffe) == 0xfffe
                || ('\u{fdd0}'..='\u{fdef}').contains(&c)
        }) {
            panic!(
                "{}: U+{:04X} in an artifact\n--- input ---\n{text:?}",
                artifact.path,
                u32::from(c)
            );
        }
        if artifact.path.ends_with(".html") {
            let page = String::from_utf8_lossy(&artifact.bytes);
            let page = html::strip_theme_scripts(&page, scripts);
            html::check(&artifact.path, text, &page, html::Rules::PAGE);
        }
        Ok(())
    }) {
        Ok(()) => {}
        Err(err) => {
            let _ = err.to_string();
            show(err.diagnostics());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // `source::read_file` refuses what is not UTF-8; the lossy form keeps
    // every mutation useful.
    run(&String::from_utf8_lossy(data));
});
