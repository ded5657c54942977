//! The outputs of a site as units of work ([`Job`]): each makes a few
//! artifacts, and each has a key ([`Outputs::key`]) that changes whenever
//! anything it reads changes. A full build renders every job; an
//! incremental one renders only the jobs whose key it has not seen, and
//! takes the others' artifacts from the last build.
//!
//! A key is made of fingerprints, each covering one kind of input:
//!
//! - the **frame**: the site settings, the theme's templates and strings,
//!   today and whether drafts are built (every output reads these; the
//!   theme's static files are read by the job that copies them alone);
//! - the **outline** of a policy in a locale: the policy's settings and,
//!   for every version built, what any page shows of it from elsewhere
//!   (its id, dates, status, classification, title and summary there);
//! - the **text** of a version in a locale: the source file (by digest)
//!   and the translation file; a version's page also reads which of its
//!   sections are out of date in the locale, which earlier versions decide
//!   ([`crate::diff::OutOfDate`]).
//!
//! A version's page reads the frame, the outline and the texts of the
//! version and of the one before it (for sections whose translation is out
//! of date); its change page the same. Feeds, notices and `versions.json`
//! read every text of the policy. The site's front page and sitemap read
//! the outline of every policy in every locale; the site's feed, the texts
//! of the versions it lists too.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::{
    Artifact, Outputs, PagePath, artifact, changes, email, feed, manifest, notice, pages, sitemap,
};
use crate::diagnostics::Diagnostic;
use crate::model::{Locale, PolicyId, Site, Timeline, Version, VersionId};
use crate::render::Theme;

/// One unit of output work, named by what it is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// `index.html`.
    Index,
    /// `feed.xml` of the whole site.
    SiteFeed,
    /// `sitemap.xml`.
    Sitemap,
    /// The theme's static files.
    Assets,
    /// A policy's `versions.json`.
    Manifest(PolicyId),
    /// A policy's version history in a locale.
    Versions(PolicyId, Locale),
    /// A policy's homepage notice (both files) in a locale.
    Notice(PolicyId, Locale),
    /// A policy's feed in a locale.
    Feed(PolicyId, Locale),
    /// A version's page in a locale (and the policy's main pages when it is current).
    Version(PolicyId, Locale, VersionId),
    /// What changed in a version, in a locale.
    Changes(PolicyId, Locale, VersionId),
    /// The announcement of a material version, in a locale.
    Email(PolicyId, Locale, VersionId),
}

impl Job {
    /// The policy the job belongs to, if it belongs to one.
    pub fn policy(&self) -> Option<&PolicyId> {
        match self {
            Job::Index | Job::SiteFeed | Job::Sitemap | Job::Assets => None,
            Job::Manifest(p)
            | Job::Versions(p, _)
            | Job::Notice(p, _)
            | Job::Feed(p, _)
            | Job::Version(p, _, _)
            | Job::Changes(p, _, _)
            | Job::Email(p, _, _) => Some(p),
        }
    }
}

/// A part of the site: jobs that read the same outline, so that one key
/// ([`Outputs::part_key`]) tells whether any of them has to be rendered
/// again, and the jobs of an untouched part need not even be listed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// The front page, the sitemap, the site's feed and the static files.
    Site,
    /// A policy's `versions.json`, which reads the policy in every locale.
    Manifest(PolicyId),
    /// A policy in a locale: its pages, notice, feed and announcements.
    Policy(PolicyId, Locale),
}

impl Outputs<'_> {
    /// Every part of the site.
    pub fn parts(&self) -> Vec<Part> {
        let mut parts = vec![Part::Site];
        for timeline in &self.timelines {
            let id = &timeline.policy.id;
            parts.push(Part::Manifest(id.clone()));
            for locale in &timeline.policy.locales {
                parts.push(Part::Policy(id.clone(), locale.clone()));
            }
        }
        parts
    }

    /// Every job of the site (without their keys, which only a rebuild
    /// needs: making them hashes every text a page reads).
    pub fn jobs(&self) -> Vec<Job> {
        self.parts()
            .iter()
            .flat_map(|part| self.listed(part, false))
            .map(|(job, _)| job)
            .collect()
    }

    /// The key of `part`: it changes whenever the key of one of its jobs
    /// does, or the list of its jobs.
    pub fn part_key(&self, part: &Part) -> u64 {
        let mut hasher = crate::fingerprint::hasher();
        part.hash(&mut hasher);
        match part {
            Part::Site | Part::Manifest(_) => {
                for (_, key) in self.jobs_of(part) {
                    key.hash(&mut hasher);
                }
            }
            // The policy's versions, their order and which are announced
            // are all part of the outline; every job reads the frame, the
            // outline and some of the texts.
            Part::Policy(p, l) => {
                if let Some(t) = self.index().policies.get(p) {
                    let timeline = &self.timelines[*t];
                    self.frame.hash(&mut hasher);
                    self.outline(timeline, l).hash(&mut hasher);
                    for version in &timeline.versions {
                        text(version, l).hash(&mut hasher);
                    }
                }
            }
        }
        hasher.finish()
    }

    /// The jobs of `part`, each with its key ([`Outputs::key`]).
    pub fn jobs_of(&self, part: &Part) -> Vec<(Job, u64)> {
        self.listed(part, true)
    }

    /// The jobs of `part`, each with its key when `keys`, else with 0.
    fn listed(&self, part: &Part, keys: bool) -> Vec<(Job, u64)> {
        let keyed = |job: Job| {
            let key = if keys { self.key(&job) } else { 0 };
            (job, key)
        };
        let Some(timeline) = (match part {
            Part::Site => None,
            Part::Manifest(p) | Part::Policy(p, _) => self.timeline(p).ok(),
        }) else {
            return match part {
                Part::Site => [Job::Index, Job::SiteFeed, Job::Sitemap, Job::Assets]
                    .into_iter()
                    .map(keyed)
                    .collect(),
                _ => Vec::new(),
            };
        };
        let id = &timeline.policy.id;
        let locale = match part {
            Part::Policy(_, locale) => locale,
            _ => return vec![keyed(Job::Manifest(id.clone()))],
        };
        let mut jobs = [
            Job::Versions(id.clone(), locale.clone()),
            Job::Notice(id.clone(), locale.clone()),
            Job::Feed(id.clone(), locale.clone()),
        ]
        .into_iter()
        .map(keyed)
        .collect::<Vec<_>>();
        // The pages of every version, keyed here by position rather than
        // by [`Outputs::key`], which has to find the version first: the
        // same key, made without looking anything up.
        let outline = self.outline(timeline, locale);
        let mut previous = None;
        for version in &timeline.versions {
            let page_key = |job: &Job| {
                if !keys {
                    return 0;
                }
                let mut hasher = crate::fingerprint::hasher();
                job.hash(&mut hasher);
                self.frame.hash(&mut hasher);
                self.hash_version_inputs(
                    &mut hasher,
                    job,
                    (id, outline),
                    (version, previous),
                    locale,
                );
                hasher.finish()
            };
            let page = Job::Version(id.clone(), locale.clone(), version.id.clone());
            jobs.push((page.clone(), page_key(&page)));
            if previous.is_some() {
                let changes = Job::Changes(id.clone(), locale.clone(), version.id.clone());
                jobs.push((changes.clone(), page_key(&changes)));
            }
            previous = Some(*version);
        }
        for version in email::announced(self, timeline) {
            jobs.push(keyed(Job::Email(
                id.clone(),
                locale.clone(),
                version.id.clone(),
            )));
        }
        jobs
    }

    /// The artifacts of `job`.
    pub fn render(&self, job: &Job) -> Result<Vec<Artifact>, Diagnostic> {
        let one = |artifact: Result<Artifact, Diagnostic>| artifact.map(|a| vec![a]);
        match job {
            Job::Index => one(pages::index(self)),
            Job::SiteFeed => one(feed::render_site(self)),
            Job::Sitemap => sitemap::render(self),
            Job::Assets => Ok(self
                .theme
                .assets
                .iter()
                .map(|(path, bytes)| Artifact::new(PagePath::asset(path).file(), bytes.clone()))
                .collect()),
            Job::Manifest(p) => Ok(vec![manifest::render(self, self.timeline(p)?)]),
            Job::Versions(p, l) => one(pages::versions(self, self.timeline(p)?, l)),
            Job::Notice(p, l) => notice::render(self, self.timeline(p)?, l),
            Job::Feed(p, l) => one(feed::render(self, self.timeline(p)?, l)),
            Job::Version(p, l, v) => {
                let timeline = self.timeline(p)?;
                pages::version_pages(self, timeline, l, self.version(timeline, v)?)
            }
            Job::Changes(p, l, v) => {
                let timeline = self.timeline(p)?;
                one(changes::render(
                    self,
                    timeline,
                    l,
                    self.version(timeline, v)?,
                ))
            }
            Job::Email(p, l, v) => {
                let timeline = self.timeline(p)?;
                let announcement =
                    email::announcement(self, timeline, self.version(timeline, v)?, l)?;
                let path = PagePath::announcement(p, v, l);
                Ok(vec![artifact(&path, announcement.message.formatted())])
            }
        }
    }

    /// The key of `job`: it changes whenever anything the job reads does.
    pub fn key(&self, job: &Job) -> u64 {
        let mut hasher = crate::fingerprint::hasher();
        job.hash(&mut hasher);
        if *job == Job::Assets {
            // Pages only link to the static files; this job alone reads them.
            self.theme.assets_fingerprint.hash(&mut hasher);
            return hasher.finish();
        }
        self.frame.hash(&mut hasher);
        let texts =
            |timeline: &Timeline<'_>, locale: &Locale, hasher: &mut crate::fingerprint::Hasher| {
                for version in &timeline.versions {
                    text(version, locale).hash(hasher);
                }
            };
        match job {
            Job::Assets => {}
            Job::Index | Job::Sitemap | Job::SiteFeed => {
                for timeline in &self.timelines {
                    for locale in &timeline.policy.locales {
                        self.outline(timeline, locale).hash(&mut hasher);
                    }
                }
                if *job == Job::SiteFeed {
                    for (timeline, locale, version) in feed::site_entries(self) {
                        (&timeline.policy.id, locale, text(version, locale)).hash(&mut hasher);
                        timeline
                            .previous(version)
                            .map(|old| text(old, locale))
                            .hash(&mut hasher);
                    }
                }
            }
            Job::Manifest(p) => {
                if let Ok(timeline) = self.timeline(p) {
                    for locale in &timeline.policy.locales {
                        self.outline(timeline, locale).hash(&mut hasher);
                        texts(timeline, locale, &mut hasher);
                    }
                }
            }
            Job::Versions(p, l) => {
                if let Ok(timeline) = self.timeline(p) {
                    self.outline(timeline, l).hash(&mut hasher);
                }
            }
            Job::Notice(p, l) | Job::Feed(p, l) => {
                if let Ok(timeline) = self.timeline(p) {
                    self.outline(timeline, l).hash(&mut hasher);
                    texts(timeline, l, &mut hasher);
                }
            }
            Job::Version(p, l, v) | Job::Changes(p, l, v) | Job::Email(p, l, v) => {
                if let Ok(timeline) = self.timeline(p)
                    && let Ok(version) = self.version(timeline, v)
                {
                    let outline = self.outline(timeline, l);
                    let previous = timeline.previous(version);
                    self.hash_version_inputs(
                        &mut hasher,
                        job,
                        (p, outline),
                        (version, previous),
                        l,
                    );
                }
            }
        }
        hasher.finish()
    }

    /// What a job that shows one version (its page, its change page, its
    /// announcement) reads besides the frame: the policy's outline in the
    /// locale, the version's text and the one before it, and, for its page,
    /// which of its sections are out of date (which earlier versions decide).
    fn hash_version_inputs(
        &self,
        hasher: &mut crate::fingerprint::Hasher,
        job: &Job,
        (policy, outline): (&PolicyId, u64),
        (version, previous): (&Version, Option<&Version>),
        locale: &Locale,
    ) {
        outline.hash(hasher);
        text(version, locale).hash(hasher);
        previous.map(|old| text(old, locale)).hash(hasher);
        if matches!(job, Job::Version(..)) {
            self.out_of_date
                .sections(policy, &version.id, locale)
                .hash(hasher);
        }
    }

    /// Where each policy and version is, and every outline, made once
    /// (keys are asked for tens of thousands of jobs).
    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let outlines = self
                .timelines
                .par_iter()
                .map(|t| {
                    t.policy
                        .locales
                        .iter()
                        .map(|l| outline(self, t, l))
                        .collect()
                })
                .collect();
            Index {
                policies: self
                    .timelines
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.policy.id.clone(), i))
                    .collect(),
                versions: self
                    .timelines
                    .iter()
                    .map(|t| {
                        t.versions
                            .iter()
                            .enumerate()
                            .map(|(i, v)| (v.id.clone(), i))
                            .collect()
                    })
                    .collect(),
                outlines,
            }
        })
    }

    /// The outline of `timeline`'s policy in `locale`.
    fn outline(&self, timeline: &Timeline<'_>, locale: &Locale) -> u64 {
        let index = self.index();
        let at = index.policies.get(&timeline.policy.id).copied();
        let locale_at = timeline.policy.locales.iter().position(|l| l == locale);
        match (at, locale_at) {
            (Some(t), Some(l)) => index.outlines[t][l],
            _ => outline(self, timeline, locale),
        }
    }

    /// The timeline of the policy `id`.
    fn timeline(&self, id: &PolicyId) -> Result<&Timeline<'_>, Diagnostic> {
        self.index()
            .policies
            .get(id)
            .map(|&i| &self.timelines[i])
            .ok_or_else(|| gone(format!("the policy `{id}`")))
    }

    /// The version `id` of `timeline`.
    fn version<'t>(
        &self,
        timeline: &Timeline<'t>,
        id: &VersionId,
    ) -> Result<&'t Version, Diagnostic> {
        let index = self.index();
        index
            .policies
            .get(&timeline.policy.id)
            .and_then(|&t| index.versions[t].get(id))
            .map(|&v| timeline.versions[v])
            .ok_or_else(|| gone(format!("the version `{id}` of `{}`", timeline.policy.id)))
    }
}

/// Where each policy and version is among the timelines, and the outline of
/// each policy in each of its locales (in `policy.locales` order).
#[derive(Debug)]
pub struct Index {
    policies: HashMap<PolicyId, usize>,
    versions: Vec<HashMap<VersionId, usize>>,
    outlines: Vec<Vec<u64>>,
}

/// A job named something the site does not have: a bug in the caller.
fn gone(what: String) -> Diagnostic {
    Diagnostic::error(
        crate::diagnostics::Origin::file("policies"),
        format!("{what} is not part of this build"),
    )
}

/// The fingerprint of what every output reads of the site settings, the
/// theme, the day and whether drafts are built.
pub(super) fn frame(site: &Site, theme: &Theme, today: jiff::civil::Date, drafts: bool) -> u64 {
    let mut hasher = crate::fingerprint::hasher();
    (
        &site.title,
        &site.base_url,
        &site.default_locale,
        &site.theme,
    )
        .hash(&mut hasher);
    site.locale_names.hash(&mut hasher);
    (theme.fingerprint, today, drafts).hash(&mut hasher);
    hasher.finish()
}

/// The fingerprint of what a page of `timeline`'s policy in `locale` shows
/// of the policy and of every version built, besides its own text.
fn outline(out: &Outputs<'_>, timeline: &Timeline<'_>, locale: &Locale) -> u64 {
    let policy = timeline.policy;
    let mut hasher = crate::fingerprint::hasher();
    policy.settings_fingerprint().hash(&mut hasher);
    for version in &timeline.versions {
        (&version.id, version.effective, version.published).hash(&mut hasher);
        (timeline.status(version), version.declared_kind).hash(&mut hasher);
        let diff = out.diff(&policy.id, &version.id);
        diff.map(|d| (d.classification, d.automatic))
            .hash(&mut hasher);
        version.summary_in(locale).hash(&mut hasher);
        super::frame::localized_title(version, locale, &policy.title).hash(&mut hasher);
    }
    hasher.finish()
}

/// The fingerprint of `version`'s text in `locale`: its source file and
/// its translation file there, if any.
fn text<'v>(version: &'v Version, locale: &Locale) -> (&'v str, Option<u64>) {
    (
        &version.digest,
        version.translations.get(locale).map(|t| t.fingerprint),
    )
}
