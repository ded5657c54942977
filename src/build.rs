//! One build, end to end: read the sources, build the model, load the
//! theme, render every artifact, write them into the output folder. `check`
//! runs the same stages and stops before writing. The stages themselves are
//! in [`crate::pipeline`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use jiff::civil::Date;

use crate::artifact::Artifact;
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::write;

pub use crate::pipeline::Project;

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
    warnings.extend(crate::pipeline::day_warnings(
        &project,
        options.today,
        !options.drafts,
    ));
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
    warnings.extend(crate::pipeline::day_warnings(&project, today, true));
    project.outputs(today, true).check().map_err(|e| {
        with(
            project.with_warnings(e),
            &warnings[project.warnings.len()..],
        )
    })?;
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
