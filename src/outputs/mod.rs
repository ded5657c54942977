//! Everything a build produces, as data: each output module turns the model
//! into [`Artifact`]s (a path and its bytes). Nothing here touches the disk;
//! [`crate::write`] does, so tests and the preview server use the same code.

mod changes;
pub mod email;
mod feed;
mod frame;
#[cfg(test)]
mod generated;
pub mod jobs;
mod manifest;
mod notice;
pub mod pages;
pub mod paths;
mod redline;
mod sitemap;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::diff::History;
use crate::diff::{self, VersionDiff};
use crate::error::Error;
use crate::i18n::{DateBook, LanguageNames, Strings};
use crate::markdown;
use crate::model::{Locale, PolicyId, Site, Timeline, Version, VersionId};
use crate::render::{Engine, Theme};

pub use crate::artifact::{Artifact, Sink};
pub use jobs::Job;
pub use paths::PagePath;

/// An artifact at the page path `path`.
pub(crate) fn artifact(path: &PagePath, bytes: impl Into<Vec<u8>>) -> Artifact {
    Artifact::new(path.file(), bytes.into())
}

/// One result from many: every source problem together, else the first other error.
fn merge(results: impl Iterator<Item = Result<(), Error>>) -> Result<(), Error> {
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(()) => {}
            Err(Error::Sources(found)) => problems.extend(found),
            Err(other) => return Err(other),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Sources(problems))
    }
}

/// What every output needs: the model as seen today, the engine, and the
/// localized strings and dates, all prepared once.
#[derive(Debug)]
pub struct Outputs<'a> {
    /// The site.
    pub site: &'a Site,
    /// One timeline per policy that has built versions, in policy order.
    pub timelines: Vec<Timeline<'a>>,
    /// The template engine.
    pub engine: &'a Engine,
    /// The theme (for assets).
    pub theme: &'a Theme,
    /// Localized dates.
    pub dates: DateBook,
    /// The theme's strings for every locale in use.
    pub strings: BTreeMap<Locale, Strings>,
    /// Every locale in use named in every other (CLDR).
    names: LanguageNames,
    /// What the language switcher calls each locale in use.
    switcher: BTreeMap<Locale, String>,
    /// The comparison of every built version with the built version before it
    /// (borrowed from the project's history when they are consecutive versions).
    diffs: HashMap<PolicyId, HashMap<VersionId, Cow<'a, VersionDiff>>>,
    /// The out-of-date translated sections of every version.
    pub out_of_date: &'a diff::OutOfDate,
    /// Comparisons of translated texts kept from earlier builds, if any
    /// (see [`Outputs::keeping`]).
    pub comparisons: Option<&'a diff::Comparisons>,
    /// The bodies of the texts compared for change pages, split into blocks
    /// once each while these outputs are rendered.
    pub splits: diff::Splits,
    /// Section bodies rendered as HTML, for every page that shows them.
    pub bodies: markdown::Bodies,
    /// What every output reads of the site settings, the theme, today and
    /// whether drafts are built (see [`jobs`]).
    frame: u64,
    /// Where each policy and version is, and the outlines (see [`jobs`]),
    /// made when a key is first asked for.
    index: std::sync::OnceLock<jobs::Index>,
}

impl<'a> Outputs<'a> {
    /// Prepares the outputs of `site`, with `theme` and `engine`, on `today`;
    /// the comparisons come from `history` where it has them.
    pub fn new(
        (site, theme, engine): (&'a Site, &'a Theme, &'a Engine),
        history: &'a History,
        today: jiff::civil::Date,
        drafts: bool,
    ) -> Self {
        let timelines: Vec<Timeline<'a>> = site
            .policies
            .iter()
            .map(|p| Timeline::new(p, today, drafts))
            .filter(|t| !t.versions.is_empty())
            .collect();
        let mut locales: Vec<&Locale> = vec![&site.default_locale];
        for timeline in &timelines {
            locales.extend(timeline.policy.locales.iter());
        }
        locales.sort();
        locales.dedup();
        let dates = DateBook::new(locales.iter().flat_map(|locale| {
            timelines
                .iter()
                .flat_map(|t| t.versions.iter())
                .flat_map(move |v| [(*locale, v.effective), (*locale, v.published)])
        }));
        let strings: BTreeMap<Locale, Strings> = locales
            .iter()
            .map(|l| ((*l).clone(), theme.strings.for_locale(l)))
            .collect();
        let names = LanguageNames::new(strings.iter().map(|(l, s)| (l, s.language())), &locales);
        let switcher = switcher_names(site, theme, &names, &locales);
        let pairs: Vec<(&Timeline<'a>, &Version, &Version)> = timelines
            .iter()
            .flat_map(|t| t.versions.windows(2).map(move |w| (t, w[0], w[1])))
            .collect();
        let found: Vec<(&PolicyId, VersionId, Cow<'a, VersionDiff>)> = pairs
            .par_iter()
            .map(|(t, old, new)| {
                let known = history.get(&t.policy.id, &old.id, &new.id);
                let diff = known.map_or_else(
                    || Cow::Owned(diff::compare_versions(t.policy, old, new)),
                    Cow::Borrowed,
                );
                (&t.policy.id, new.id.clone(), diff)
            })
            .collect();
        let mut diffs: HashMap<PolicyId, HashMap<VersionId, Cow<'a, VersionDiff>>> = HashMap::new();
        for (policy, version, diff) in found {
            diffs
                .entry(policy.clone())
                .or_default()
                .insert(version, diff);
        }
        let frame = jobs::frame(site, theme, today, drafts);
        Outputs {
            site,
            timelines,
            engine,
            theme,
            dates,
            strings,
            names,
            switcher,
            diffs,
            out_of_date: history.out_of_date(),
            comparisons: None,
            splits: diff::Splits::default(),
            bodies: markdown::Bodies::default(),
            frame,
            index: std::sync::OnceLock::new(),
        }
    }

    /// The same outputs, taking the comparisons of translated texts from
    /// `kept` and keeping there the ones they make (a rebuild after an edit
    /// compares again only the texts that changed).
    pub fn keeping(self, kept: &'a diff::Comparisons) -> Self {
        Outputs {
            comparisons: Some(kept),
            ..self
        }
    }

    /// The comparison of `version` with the built version before it, if any.
    pub fn diff(&self, policy: &PolicyId, version: &VersionId) -> Option<&VersionDiff> {
        self.diffs
            .get(policy)
            .and_then(|versions| versions.get(version))
            .map(|d| d.as_ref())
    }

    /// The theme's strings for `locale`.
    pub fn strings(&self, locale: &Locale) -> &Strings {
        self.strings
            .get(locale)
            .or_else(|| self.strings.values().next())
            .expect("strings exist for every locale in use")
    }

    /// The name of `locale` as its switcher shows it (see [`switcher_names`]).
    pub fn language_name(&self, locale: &Locale) -> String {
        self.switcher
            .get(locale)
            .cloned()
            .unwrap_or_else(|| locale.to_string())
    }

    /// The name of `named` in a sentence for readers of `reader`: in the
    /// reader's language (CLDR), else as the switcher names it.
    pub fn language_name_in(&self, named: &Locale, reader: &Locale) -> String {
        self.names
            .name(named, reader)
            .map_or_else(|| self.language_name(named), str::to_owned)
    }

    /// Hands every artifact of the site to `sink` (in parallel, in no
    /// particular order). Fails with every rendering problem found, or with
    /// the first error of the sink.
    pub fn each(&self, sink: &Sink<'_>) -> Result<(), Error> {
        let results: Vec<Result<(), Error>> = self
            .jobs()
            .par_iter()
            .map(|job| {
                let artifacts = self.render(job).map_err(|d| Error::Sources(vec![d]))?;
                artifacts.into_iter().try_for_each(sink)
            })
            .collect();
        merge(results.into_iter())
    }

    /// Renders, into nothing, what `check` must render to find every
    /// problem: every job with a theme of the site's own (its templates
    /// may fail on any page), else only the announcements (an email is
    /// built from the policy's addresses and texts, which can fail).
    pub fn check(&self) -> Result<(), Error> {
        let customized = self.theme.customized;
        let results: Vec<Result<(), Error>> = self
            .jobs()
            .par_iter()
            .filter(|job| customized || matches!(job, Job::Email(..)))
            .map(|job| {
                self.render(job)
                    .map(drop)
                    .map_err(|d| Error::Sources(vec![d]))
            })
            .collect();
        merge(results.into_iter())
    }

    /// Every artifact of the site, sorted by path (for tests and tools;
    /// a build streams them with [`Outputs::each`] instead).
    pub fn all(&self) -> Result<Vec<Artifact>, Error> {
        let collected = std::sync::Mutex::new(Vec::new());
        self.each(&|artifact| {
            collected
                .lock()
                .expect("no panic while holding the lock")
                .push(artifact);
            Ok(())
        })?;
        let mut artifacts = collected
            .into_inner()
            .expect("no panic while holding the lock");
        artifacts.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(artifacts)
    }
}

/// What the language switcher calls each of `locales`: the site's name for
/// it (`site.yaml` `locales`), else the theme's (`language_name`), else its
/// own name in CLDR, else its tag. Two locales that would read the same
/// ("Español" for `es-ES` and `es-MX`) get their CLDR names, which say the
/// region, or their tags after the name.
fn switcher_names(
    site: &Site,
    theme: &Theme,
    names: &LanguageNames,
    locales: &[&Locale],
) -> BTreeMap<Locale, String> {
    let mut shown: BTreeMap<Locale, String> = locales
        .iter()
        .map(|l| {
            let name = site
                .locale_name(l)
                .map(str::to_owned)
                .or_else(|| {
                    theme
                        .strings
                        .has_locale(l)
                        .then(|| theme.strings.for_locale(l).text("language_name").to_owned())
                })
                .or_else(|| names.own_name(l))
                .unwrap_or_else(|| l.to_string());
            ((*l).clone(), name)
        })
        .collect();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for name in shown.values() {
        *count.entry(name.clone()).or_default() += 1;
    }
    for (locale, name) in shown.iter_mut() {
        if count.get(name.as_str()).copied().unwrap_or(0) > 1 && site.locale_name(locale).is_none()
        {
            *name = names
                .own_name(locale)
                .filter(|own| !count.contains_key(own.as_str()))
                .unwrap_or_else(|| format!("{name} ({locale})"));
        }
    }
    shown
}
