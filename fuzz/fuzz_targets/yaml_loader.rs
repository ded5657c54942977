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

use std::path::Path;
use std::sync::{LazyLock, Mutex};

#[path = "../common/html.rs"]
mod html;

use libfuzzer_sys::fuzz_target;
use privsite::checks;
use privsite::diagnostics::{Diagnostic, Diagnostics};
use privsite::model;
use privsite::pipeline::Stages;
use privsite::render;
use privsite::source::Files;
use privsite::source::raw::{PolicyFile, SiteFile};
use privsite::source::yaml;

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

/// The stages of the pipeline, kept for the whole run as a preview server
/// keeps them: the theme (built-in, parsed once) stays, the sources are read
/// again for each input.
static STAGES: LazyLock<Mutex<Stages>> = LazyLock::new(|| {
    // Keep rayon (used by the checks and the outputs) off the other core.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global();
    Mutex::new(Stages::default())
});

/// The built-in theme's own script elements, which pages may hold.
static THEME_SCRIPTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut diagnostics = Diagnostics::new();
    let none: [(&str, &str); 0] = [];
    let theme = render::theme::load(&Files::in_memory(none), "default", &mut diagnostics)
        .expect("the built-in theme loads");
    html::theme_scripts(theme.templates.iter().map(|t| t.text.as_str()))
});

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 23)
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

    // The project, in memory, through the stages a build runs.
    let mut files = vec![
        ("policies/site.yaml", site_text),
        ("policies/p/policy.yaml", policy_text),
        ("policies/p/2000-01/en.yaml", previous),
        ("policies/p/2024-06/en.yaml", current),
    ];
    if let Some(translation) = translation {
        files.push(("policies/p/2024-06/fr.yaml", translation));
    }
    let files = Files::in_memory(files);
    let scripts: &[String] = &THEME_SCRIPTS;
    let project = match STAGES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .project(&files)
    {
        Ok(project) => project,
        Err(err) => {
            let _ = err.to_string();
            show(err.diagnostics());
            return;
        }
    };
    show(&project.warnings);
    for policy in &project.site.policies {
        let timeline = model::Timeline::new(policy, today(), true);
        for version in &policy.versions {
            let _ = checks::translation_status(&timeline, version);
        }
    }
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
