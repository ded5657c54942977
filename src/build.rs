//! The pipeline, end to end: read the sources, build the model, load the
//! theme, render every artifact, write them. `check` runs the same stages
//! and stops before writing.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::diff::History;
use crate::error::{Error, Result};
use crate::model::{self, Site};
use crate::outputs::{Artifact, Outputs, Sink};
use crate::render::{self, Engine, Theme};
use crate::{checks, source, write};

/// What `privsite build` needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The project folder (holding `policies/`).
    pub root: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// The day the site is built for.
    pub today: Date,
    /// Whether unpublished versions are built too (for preview).
    pub drafts: bool,
    /// Whether warnings fail the build (nothing is written then).
    pub strict: bool,
    /// How to wait for another build of the same output folder.
    pub wait: write::Wait,
}

impl BuildOptions {
    /// A build of `root` into `out` on `today`: no drafts, warnings allowed,
    /// waiting up to ten minutes for another build of `out`.
    pub fn new(root: impl Into<PathBuf>, out: impl Into<PathBuf>, today: Date) -> Self {
        BuildOptions {
            root: root.into(),
            out: out.into(),
            today,
            drafts: false,
            strict: false,
            wait: write::Wait::default(),
        }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Files written.
    pub files: usize,
    /// HTML pages among them.
    pub pages: usize,
    /// Policies built.
    pub policies: usize,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// How long it took, in milliseconds.
    pub millis: u128,
}

/// A loaded, validated project: the model and a ready theme.
#[derive(Debug)]
pub struct Project {
    /// The model.
    pub site: Site,
    /// The theme's files.
    pub theme: Theme,
    /// The template engine.
    pub engine: Engine,
    /// The comparison of every version with the one before it.
    pub history: History,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
}

impl Project {
    /// Reads and validates everything under `root`; fails with every problem found.
    pub fn load(root: &Path) -> Result<Project> {
        let mut diagnostics = Diagnostics::new();
        let tree = source::read_tree(root, &mut diagnostics);
        let site = model::load(tree, &mut diagnostics);
        let theme_name = site.as_ref().map_or("default", |s| s.theme.as_str());
        let theme = render::theme::load(root, theme_name, &mut diagnostics);
        let engine = theme
            .as_ref()
            .and_then(|t| Engine::new(t, &mut diagnostics));
        match (site, theme, engine) {
            (Some(site), Some(theme), Some(engine)) if !diagnostics.has_errors() => {
                let history = History::new(&site);
                for warning in checks::warnings(&site, &history) {
                    diagnostics.push(warning);
                }
                Ok(Project {
                    site,
                    theme,
                    engine,
                    history,
                    warnings: diagnostics.into_sorted(),
                })
            }
            _ => Err(Error::Sources(diagnostics.into_sorted())),
        }
    }

    /// Renders every artifact of the site on `today`, into memory.
    pub fn render(&self, today: Date, drafts: bool) -> Result<Vec<Artifact>> {
        Outputs::new(self, today, drafts)
            .all()
            .map_err(|e| self.with_warnings(e))
    }

    /// Renders every artifact of the site on `today`, handing each to `sink`.
    pub fn render_into(&self, today: Date, drafts: bool, sink: &Sink<'_>) -> Result<()> {
        Outputs::new(self, today, drafts)
            .each(sink)
            .map_err(|e| self.with_warnings(e))
    }

    /// Adds the loading warnings to a source error, so they are reported too.
    fn with_warnings(&self, err: Error) -> Error {
        match err {
            Error::Sources(mut problems) => {
                problems.extend(self.warnings.iter().cloned());
                Error::Sources(problems)
            }
            other => other,
        }
    }
}

/// Builds the site and swaps it into the output folder.
///
/// The output folder is checked first (not the sources, not a mount point),
/// then locked for the whole build, so two builds into one folder run one
/// after the other, each reading the sources as they are when it starts.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let place = write::Place::resolve(&options.out)?;
    place.check_not_the_sources(&options.root)?;
    place.check_not_a_mount_point()?;
    let lock = place.lock(options.wait)?;
    // Pages go to the staging folder as they are rendered; it replaces the
    // output folder only once every page is written.
    let staging = write::Staging::begin(lock)?;
    let project = Project::load(&options.root)?;
    let mut warnings = project.warnings.clone();
    warnings.extend(checks::dates(&project.site, options.today));
    if !options.drafts {
        warnings.extend(before_every_version(&project.site, options.today));
    }
    if options.strict && !warnings.is_empty() {
        return Err(Error::Sources(warnings));
    }
    let (files, pages) = (AtomicUsize::new(0), AtomicUsize::new(0));
    project
        .render_into(options.today, options.drafts, &|artifact: Artifact| {
            files.fetch_add(1, Ordering::Relaxed);
            if artifact.path.ends_with(".html") {
                pages.fetch_add(1, Ordering::Relaxed);
            }
            staging.put(&artifact)
        })
        .map_err(|e| with(e, &warnings[project.warnings.len()..]))?;
    staging.commit()?;
    Ok(BuildReport {
        files: files.into_inner(),
        pages: pages.into_inner(),
        policies: project.site.policies.len(),
        warnings,
        millis: started.elapsed().as_millis(),
    })
}

/// Runs every stage of a build without writing anything; returns the
/// warnings, including those about what `build` would publish on `today`.
pub fn check(root: &Path, today: Date) -> Result<Vec<Diagnostic>> {
    let project = Project::load(root)?;
    let mut warnings = project.warnings.clone();
    warnings.extend(checks::dates(&project.site, today));
    warnings.extend(before_every_version(&project.site, today));
    project
        .render_into(today, true, &|_| Ok(()))
        .map_err(|e| with(e, &warnings[project.warnings.len()..]))?;
    Ok(warnings)
}

/// Adds `more` warnings to a source error, so they are reported too.
fn with(err: Error, more: &[Diagnostic]) -> Error {
    match err {
        Error::Sources(mut problems) => {
            problems.extend(more.iter().cloned());
            Error::Sources(problems)
        }
        other => other,
    }
}

/// A warning when `today` is before the first version of every policy is
/// published: the build would publish a site without a single policy,
/// which is never what its author wants (a wrong `--today`, or a
/// `SOURCE_DATE_EPOCH` set for another purpose, such as 1980 or 0).
fn before_every_version(site: &Site, today: Date) -> Option<Diagnostic> {
    let versions = || {
        site.policies
            .iter()
            .flat_map(|p| p.versions.iter().map(move |v| (p, v)))
    };
    if versions().next().is_none() || versions().any(|(_, v)| v.published <= today) {
        return None;
    }
    let (policy, first) = versions().min_by_key(|(_, v)| (v.published, v.effective))?;
    // The line of `effective`, which is also the day published unless `published` is set.
    let origin = if first.published == first.effective {
        first.origin.clone()
    } else {
        crate::diagnostics::Origin::file(first.origin.file.clone())
    };
    let every = if site.policies.len() == 1 {
        "the policy".to_owned()
    } else {
        format!("all {} policies", site.policies.len())
    };
    Some(
        Diagnostic::warning(
            origin,
            format!(
                "today is {today}, before any version of {every} is published, so the site \
                 would have no policy in it: the earliest, version `{}` of `{}`, is published \
                 on {}",
                first.id, policy.id, first.published
            ),
        )
        .with_help(
            "privsite takes today from --today, else from the SOURCE_DATE_EPOCH environment \
             variable (seconds since 1970), else from the system clock: set the one in use to \
             the day the site is for, or build with --drafts to preview versions not yet published",
        ),
    )
}
