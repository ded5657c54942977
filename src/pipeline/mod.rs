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
//! [`Pipeline`] adds the rendered outputs: it lists the jobs only of the
//! parts of the site whose key is new (a policy in a locale, say), renders
//! only the jobs among them whose key is new, keeps the comparisons of
//! translated texts by the texts compared, and knows which files of the
//! site changed. [`classify`] says what
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
use crate::diff::{Comparisons, History};
use crate::error::{Error, Result};
use crate::memo::Memo;
use crate::model::{self, Policy, PolicyId, Site, Version, VersionCache, VersionId};
use crate::outputs::jobs::Part;
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
        Project::from_files(&Files::scan(root))
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
    pub fn with_warnings(&self, err: Error) -> Error {
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
        let references = Memo::default();
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
                    None => checks::version_warnings(
                        policy,
                        old.map(|o| &**o),
                        new,
                        history,
                        &references,
                    ),
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

/// The jobs of a part of the last good build, with the part's key and each
/// job's key and artifacts.
#[derive(Debug)]
struct Rendered {
    key: u64,
    jobs: HashMap<Job, (u64, Vec<Artifact>)>,
}

/// Builds a site again and again as its files change, redoing only what
/// changed, and holds the last good site in memory.
#[derive(Debug)]
pub struct Pipeline {
    files: Files,
    drafts: bool,
    stages: Stages,
    /// The artifacts of every job of the last good build, by part, with
    /// the keys they were made for.
    rendered: HashMap<Part, Rendered>,
    /// The last good site.
    site: Arc<SiteFiles>,
    /// The comparisons of translated texts of the last builds.
    comparisons: Comparisons,
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
            comparisons: Comparisons::default(),
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
        self.build_first(today, &[], |_, _| {})
    }

    /// [`Pipeline::build`], rendering first the files `first` names (the
    /// pages open in a browser), when they have to be rendered again: once
    /// they are, `early` gets the last site with them replaced, and the
    /// warnings, before the rest is rendered. `early` is not called when
    /// none of them changed, nor when the sources have errors.
    pub fn build_first(
        &mut self,
        today: Date,
        first: &[String],
        early: impl FnOnce(Arc<SiteFiles>, &[Diagnostic]),
    ) -> Result<Update> {
        let project = self.stages.project(&self.files)?;
        let mut warnings = project.warnings.clone();
        warnings.extend(day_warnings(&project, today, !self.drafts));
        let outputs = project
            .outputs(today, self.drafts)
            .keeping(&self.comparisons);
        let rendered = &self.rendered;
        // The parts whose key is new, with each of their jobs and its key;
        // the jobs of the other parts keep their artifacts where they are.
        let parts = outputs.parts();
        type Touched = (Part, u64, Vec<(Job, u64)>);
        let touched: Vec<Touched> = parts
            .par_iter()
            .filter_map(|part| {
                let key = outputs.part_key(part);
                if rendered.get(part).is_some_and(|known| known.key == key) {
                    return None;
                }
                Some((part.clone(), key, outputs.jobs_of(part)))
            })
            .collect();
        // Of those, the jobs whose own key is new: first those that made a
        // file of `first`, handed to `early` with the rest of the last site,
        // then the others.
        // A job by where it is: its part among `touched`, and its place there.
        type At = (usize, usize);
        let first: std::collections::HashSet<&str> = first.iter().map(String::as_str).collect();
        let first = &first;
        let (soon, later): (Vec<_>, Vec<_>) = touched
            .iter()
            .enumerate()
            .flat_map(|(p, (part, _, jobs))| {
                let known = rendered.get(part);
                jobs.iter().enumerate().filter_map(move |(j, (job, key))| {
                    let old = known.and_then(|k| k.jobs.get(job));
                    match old {
                        Some((old, _)) if old == key => None,
                        Some((_, made)) => {
                            let seen = made.iter().any(|a| first.contains(a.path.as_str()));
                            Some(((p, j), seen))
                        }
                        None => Some(((p, j), false)),
                    }
                })
            })
            .partition(|(_, seen)| *seen);
        let render = |jobs: Vec<(At, bool)>| -> Result<Vec<(At, Vec<Artifact>)>> {
            let made: Vec<_> = jobs
                .into_par_iter()
                .map(|(at, _)| (at, outputs.render(&touched[at.0].2[at.1].0)))
                .collect();
            let problems: Vec<Diagnostic> = made
                .iter()
                .filter_map(|(_, r)| r.as_ref().err().cloned())
                .collect();
            if !problems.is_empty() {
                let mut all = problems;
                all.extend(warnings.iter().cloned());
                return Err(Error::Sources(all));
            }
            Ok(made
                .into_iter()
                .map(|(at, r)| (at, r.expect("problems were returned above")))
                .collect())
        };
        let mut fresh = render(soon)?;
        if !fresh.is_empty() {
            let mut provisional = (*self.site).clone();
            for artifact in fresh.iter().flat_map(|(_, made)| made) {
                provisional.insert(artifact.path.clone(), Arc::clone(&artifact.bytes));
            }
            early(Arc::new(provisional), &warnings);
        }
        fresh.extend(render(later)?);
        let count = fresh.len();
        self.comparisons.end_build();
        let mut fresh: HashMap<(usize, usize), Vec<Artifact>> = fresh.into_iter().collect();
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
        // Parts gone (a policy or locale removed): every part of this build
        // is either kept or touched, so there are some exactly when the
        // last build had more than the kept ones.
        let known_touched = touched
            .iter()
            .filter(|(part, _, _)| self.rendered.contains_key(part))
            .count();
        if self.rendered.len() > parts.len() - touched.len() + known_touched {
            let current: std::collections::HashSet<&Part> = parts.iter().collect();
            let gone: Vec<Part> = self
                .rendered
                .keys()
                .filter(|part| !current.contains(part))
                .cloned()
                .collect();
            for part in gone {
                if let Some(old) = self.rendered.remove(&part) {
                    for (_, artifacts) in old.jobs.into_values() {
                        take(artifacts, site);
                    }
                }
            }
        }
        // Each touched part: its jobs kept or rendered again; the files of
        // its jobs rendered again or gone are taken out, and only then the
        // new files put in (a file can move from one job to another).
        let mut new_files: Vec<Artifact> = Vec::new();
        for (p, (part, key, jobs)) in touched.into_iter().enumerate() {
            let mut old = self
                .rendered
                .remove(&part)
                .map(|known| known.jobs)
                .unwrap_or_default();
            let mut now = HashMap::with_capacity(jobs.len());
            for (j, (job, job_key)) in jobs.into_iter().enumerate() {
                let entry = match fresh.remove(&(p, j)) {
                    Some(artifacts) => {
                        if let Some((_, stale)) = old.remove(&job) {
                            take(stale, site);
                        }
                        new_files.extend(artifacts.iter().cloned());
                        (job_key, artifacts)
                    }
                    None => old.remove(&job).expect("a job not rendered is kept"),
                };
                now.insert(job, entry);
            }
            for (_, artifacts) in old.into_values() {
                take(artifacts, site);
            }
            self.rendered.insert(part, Rendered { key, jobs: now });
        }
        let mut written = Vec::new();
        for artifact in new_files {
            let known = before
                .remove(&artifact.path)
                .or_else(|| site.get(&artifact.path).cloned());
            if known.as_ref() != Some(&artifact.bytes) {
                written.push(artifact.path.clone());
            }
            site.insert(artifact.path, artifact.bytes);
        }
        let mut removed: Vec<String> = before.into_keys().collect();
        written.sort();
        removed.sort();
        Ok(Update {
            written,
            removed,
            rendered: count,
            jobs: self.rendered.values().map(|known| known.jobs.len()).sum(),
            warnings,
        })
    }
}

/// The warnings that depend on the day the site is built for: dates that
/// look mistyped against it ([`checks::dates`]), translations out of date
/// in the versions readers see now or will see ([`checks::out_of_date`]),
/// and, with `empty_site`, a
/// site with no policy in it because today is before every version.
pub fn day_warnings(project: &Project, today: Date, empty_site: bool) -> Vec<Diagnostic> {
    let site = &project.site;
    let mut warnings = checks::dates(site, today);
    warnings.extend(checks::out_of_date(site, &project.history, today));
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
