//! The stages of a build, from files in memory to artifacts, and the
//! memory that lets a build after an edit redo only what the edit touched.
//!
//! ```text
//! Files --SourceTree--> model (VersionCache) --> History (reused pairs)
//!       --theme (kept while its files are)--> Outputs --jobs (by key)--> artifacts
//! ```
//!
//! [`Project`] is one validated project: the model, the theme and engine,
//! every comparison and the warnings. [`Stages`] makes projects and keeps
//! what each stage made, keyed by what it read: a version is loaded again
//! only when its folder changed, a pair of versions compared again only when
//! one of their texts did, the theme read again only when its files did.
//! [`Pipeline`] adds the rendered outputs: it renders only the jobs whose key
//! is new, and knows which files of the site changed. [`classify`] says what
//! kind of edit a set of changed paths is, so that an edit of a static file
//! skips everything but copying it.
//!
//! The guarantee, proven by the tests: the site a [`Pipeline`] holds after
//! any sequence of edits is byte for byte the site a fresh build makes.

mod classify;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

pub use classify::{Change, classify};

use crate::artifact::{Artifact, Sink};
use crate::checks;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::diff::History;
use crate::error::{Error, Result};
use crate::model::{self, Policy, PolicyId, Site, Version, VersionCache, VersionId};
use crate::outputs::{Job, Outputs};
use crate::render::{self, Engine, Theme};
use crate::source::{Files, Node, SourceTree};

/// A loaded, validated project: the model and a ready theme.
#[derive(Debug)]
pub struct Project {
    /// The model.
    pub site: Site,
    /// The theme's files.
    pub theme: Arc<Theme>,
    /// The template engine.
    pub engine: Arc<Engine>,
    /// The comparison of every version with the one before it.
    pub history: History,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
}

impl Project {
    /// Reads and validates everything under `root`; fails with every problem found.
    pub fn load(root: &Path) -> Result<Project> {
        Project::from_files(&Files::read(root))
    }

    /// Validates a project read into memory (from a folder, or given as
    /// files); fails with every problem found.
    pub fn from_files(files: &Files) -> Result<Project> {
        Stages::default().project(files)
    }

    /// The outputs of the site on `today`.
    pub fn outputs(&self, today: Date, drafts: bool) -> Outputs<'_> {
        Outputs::new(
            (&self.site, &self.theme, &self.engine),
            &self.history,
            today,
            drafts,
        )
    }

    /// Renders every artifact of the site on `today`, into memory, sorted by path.
    pub fn render(&self, today: Date, drafts: bool) -> Result<Vec<Artifact>> {
        self.outputs(today, drafts)
            .all()
            .map_err(|e| self.with_warnings(e))
    }

    /// Renders every artifact of the site on `today`, handing each to `sink`.
    pub fn render_into(&self, today: Date, drafts: bool, sink: &Sink<'_>) -> Result<()> {
        self.outputs(today, drafts)
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

/// The theme last loaded, with what it was loaded from.
#[derive(Debug)]
struct LoadedTheme {
    /// The theme's name and the stamp of its folder (`None`: no folder).
    key: (String, Option<u64>),
    theme: Arc<Theme>,
    engine: Arc<Engine>,
    warnings: Vec<Diagnostic>,
}

/// The stages from files to a [`Project`], keeping what each made.
#[derive(Debug, Default)]
pub struct Stages {
    versions: VersionCache,
    theme: Option<LoadedTheme>,
    history: History,
    checks: HashMap<(PolicyId, VersionId), Checked>,
}

/// The warnings about a version, with what they were found from: the
/// policy's settings and the two versions (held, so that comparing them
/// by address is exact).
#[derive(Debug)]
struct Checked {
    settings: u64,
    old: Option<Arc<Version>>,
    new: Arc<Version>,
    warnings: Vec<Diagnostic>,
}

impl Stages {
    /// The project of `files`, reusing what is unchanged since the last
    /// project made here; fails with every problem found.
    pub fn project(&mut self, files: &Files) -> Result<Project> {
        let mut diagnostics = Diagnostics::new();
        let tree = SourceTree::from_files(files, &mut diagnostics);
        let site = model::load_with(tree, &mut self.versions, &mut diagnostics);
        let name = site.as_ref().map_or("default", |s| s.theme.as_str());
        let theme = self.theme(files, name, &mut diagnostics);
        match (site, theme) {
            (Some(site), Some((theme, engine))) if !diagnostics.has_errors() => {
                let history = History::reusing(&site, &self.history);
                self.history = history.clone();
                for warning in self.warnings(&site, &history) {
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

    /// Every cross-version warning ([`checks::version_warnings`] of each
    /// version), found again only for the versions that changed (or whose
    /// previous version or policy did).
    fn warnings(&mut self, site: &Site, history: &History) -> Vec<Diagnostic> {
        type Item<'s> = (&'s Policy, Option<&'s Arc<Version>>, &'s Arc<Version>, u64);
        let versions: Vec<Item<'_>> =
            site.policies
                .iter()
                .flat_map(|p| {
                    let settings = p.settings_fingerprint();
                    p.versions.iter().enumerate().map(move |(i, v)| {
                        (p, i.checked_sub(1).map(|j| &p.versions[j]), v, settings)
                    })
                })
                .collect();
        let cache = &self.checks;
        let found: Vec<((PolicyId, VersionId), Checked)> = versions
            .par_iter()
            .map(|&(policy, old, new, settings)| {
                let key = (policy.id.clone(), new.id.clone());
                let known = cache.get(&key).filter(|known| {
                    known.settings == settings
                        && Arc::ptr_eq(&known.new, new)
                        && match (&known.old, old) {
                            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                            (None, None) => true,
                            _ => false,
                        }
                });
                let warnings = match known {
                    Some(known) => known.warnings.clone(),
                    None => checks::version_warnings(policy, old.map(|o| &**o), new, history),
                };
                let checked = Checked {
                    settings,
                    old: old.cloned(),
                    new: Arc::clone(new),
                    warnings,
                };
                (key, checked)
            })
            .collect();
        let all = found
            .iter()
            .flat_map(|(_, checked)| checked.warnings.iter().cloned())
            .collect();
        self.checks = found.into_iter().collect();
        all
    }

    /// The theme `name` and its engine, loaded again only when its files
    /// changed.
    fn theme(
        &mut self,
        files: &Files,
        name: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<(Arc<Theme>, Arc<Engine>)> {
        let key = (name.to_owned(), theme_stamp(files, name));
        if let Some(loaded) = self.theme.as_ref().filter(|t| t.key == key) {
            for warning in &loaded.warnings {
                diagnostics.push(warning.clone());
            }
            return Some((Arc::clone(&loaded.theme), Arc::clone(&loaded.engine)));
        }
        let mut found = Diagnostics::new();
        let theme = render::theme::load(files, name, &mut found);
        let engine = theme.as_ref().and_then(|t| Engine::new(t, &mut found));
        let ok = !found.has_errors();
        let found = found.into_vec();
        for d in &found {
            diagnostics.push(d.clone());
        }
        match (theme, engine) {
            (Some(theme), Some(engine)) if ok => {
                let (theme, engine) = (Arc::new(theme), Arc::new(engine));
                self.theme = Some(LoadedTheme {
                    key,
                    theme: Arc::clone(&theme),
                    engine: Arc::clone(&engine),
                    warnings: found,
                });
                Some((theme, engine))
            }
            _ => None,
        }
    }
}

/// A stamp of everything the theme `name` is read from: `themes/` and
/// `themes/<name>/` (`None` when there is no such folder, and the built-in
/// theme alone is used).
fn theme_stamp(files: &Files, name: &str) -> Option<u64> {
    let themes = Path::new("themes");
    match files.get(themes) {
        Some(Node::Dir(_)) => {}
        Some(Node::Refused(problem)) => return Some(crate::fingerprint::of(&problem.message)),
        _ => return None,
    }
    Some(match files.get(&themes.join(name))? {
        Node::Dir(dir) => crate::source::stamp_of(dir),
        Node::Refused(problem) => crate::fingerprint::of(&problem.message),
        Node::File(file) => file.stamp,
    })
}

pub use crate::artifact::SiteFiles;

/// What one build of a [`Pipeline`] did.
#[derive(Debug, Default)]
pub struct Update {
    /// Files whose bytes are new (or that are new), sorted.
    pub written: Vec<String>,
    /// Files the site no longer has, sorted.
    pub removed: Vec<String>,
    /// Jobs rendered (the others were taken from the last build).
    pub rendered: usize,
    /// Jobs in all.
    pub jobs: usize,
    /// The warnings of the sources.
    pub warnings: Vec<Diagnostic>,
}

/// Builds a site again and again as its files change, redoing only what
/// changed, and holds the last good site in memory.
#[derive(Debug)]
pub struct Pipeline {
    files: Files,
    drafts: bool,
    stages: Stages,
    /// The artifacts of every job of the last good build, with its key.
    rendered: HashMap<Job, (u64, Vec<Artifact>)>,
    /// The last good site.
    site: Arc<SiteFiles>,
}

impl Pipeline {
    /// A pipeline over `files` (nothing is built yet); `drafts` builds
    /// unpublished versions too.
    pub fn new(files: Files, drafts: bool) -> Pipeline {
        Pipeline {
            files,
            drafts,
            stages: Stages::default(),
            rendered: HashMap::new(),
            site: Arc::new(SiteFiles::new()),
        }
    }

    /// The files the pipeline builds from.
    pub fn files(&self) -> &Files {
        &self.files
    }

    /// Reads again what changed at `paths` (see [`Files::refresh`]) and
    /// says what kind of change it is.
    pub fn refresh(&mut self, paths: &[PathBuf]) -> Change {
        let changed = self.files.refresh(paths);
        classify(&changed)
    }

    /// Replaces the files wholesale (a project given from memory).
    pub fn replace_files(&mut self, files: Files) {
        self.files = files;
    }

    /// The last good site.
    pub fn site(&self) -> &Arc<SiteFiles> {
        &self.site
    }

    /// Builds the site on `today` from the files as they are now, rendering
    /// only the jobs whose key is new. On success the site is replaced; on
    /// failure (the sources have errors) the last good site stays.
    pub fn build(&mut self, today: Date) -> Result<Update> {
        let project = self.stages.project(&self.files)?;
        let mut warnings = project.warnings.clone();
        warnings.extend(day_warnings(&project.site, today, !self.drafts));
        let outputs = project.outputs(today, self.drafts);
        let jobs = outputs.jobs();
        let total = jobs.len();
        let rendered = &self.rendered;
        // Each job with its key, and its artifacts when it had to be rendered.
        type Rendered = std::result::Result<Vec<Artifact>, Diagnostic>;
        // Only the jobs whose key is new are rendered; the others keep
        // their artifacts where they are.
        let fresh: Vec<(Job, u64, Rendered)> = jobs
            .par_iter()
            .filter_map(|job| {
                let key = outputs.key(job);
                if rendered.get(job).is_some_and(|(known, _)| *known == key) {
                    return None;
                }
                Some((job.clone(), key, outputs.render(job)))
            })
            .collect();
        let problems: Vec<Diagnostic> = fresh
            .iter()
            .filter_map(|(_, _, r)| r.as_ref().err().cloned())
            .collect();
        if !problems.is_empty() {
            let mut all = problems;
            all.extend(warnings);
            return Err(Error::Sources(all));
        }
        // The new site: the old one, less the files of every job rendered
        // again or gone, plus the files of every job rendered. A file comes
        // from one job only.
        let site = Arc::make_mut(&mut self.site);
        let mut before: HashMap<String, Arc<[u8]>> = HashMap::new();
        let mut take = |artifacts: Vec<Artifact>, site: &mut SiteFiles| {
            for artifact in artifacts {
                if let Some(bytes) = site.remove(&artifact.path) {
                    before.insert(artifact.path, bytes);
                }
            }
        };
        // Jobs gone (a version or locale removed): every job of this build
        // is either kept or fresh, so there are some exactly when the last
        // build had more than the kept ones.
        let known_fresh = fresh
            .iter()
            .filter(|(job, _, _)| self.rendered.contains_key(job))
            .count();
        if self.rendered.len() > total - fresh.len() + known_fresh {
            let current: std::collections::HashSet<&Job> = jobs.iter().collect();
            let gone: Vec<Job> = self
                .rendered
                .keys()
                .filter(|job| !current.contains(job))
                .cloned()
                .collect();
            for job in gone {
                if let Some((_, artifacts)) = self.rendered.remove(&job) {
                    take(artifacts, site);
                }
            }
        }
        let mut renewed = Vec::with_capacity(fresh.len());
        for (job, key, artifacts) in fresh {
            if let Some((_, old)) = self.rendered.remove(&job) {
                take(old, site);
            }
            renewed.push((job, key, artifacts.expect("problems were returned above")));
        }
        let mut written = Vec::new();
        let count = renewed.len();
        for (job, key, artifacts) in renewed {
            for artifact in &artifacts {
                let known = before
                    .remove(&artifact.path)
                    .or_else(|| site.get(&artifact.path).cloned());
                if known.as_ref() != Some(&artifact.bytes) {
                    written.push(artifact.path.clone());
                }
                site.insert(artifact.path.clone(), Arc::clone(&artifact.bytes));
            }
            self.rendered.insert(job, (key, artifacts));
        }
        let mut removed: Vec<String> = before.into_keys().collect();
        written.sort();
        removed.sort();
        Ok(Update {
            written,
            removed,
            rendered: count,
            jobs: total,
            warnings,
        })
    }
}

/// The warnings that depend on the day the site is built for: dates that
/// look mistyped against it ([`checks::dates`]) and, with `empty_site`, a
/// site with no policy in it because today is before every version.
pub fn day_warnings(site: &Site, today: Date, empty_site: bool) -> Vec<Diagnostic> {
    let mut warnings = checks::dates(site, today);
    if empty_site {
        warnings.extend(before_every_version(site, today));
    }
    warnings
}

/// A warning when `today` is before the first version of every policy is
/// published: the build would publish a site without a single policy,
/// which is never what its author wants (a wrong `--today`, or a
/// `SOURCE_DATE_EPOCH` set for another purpose, such as 1980 or 0).
pub fn before_every_version(site: &Site, today: Date) -> Option<Diagnostic> {
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

#[cfg(test)]
mod tests;
