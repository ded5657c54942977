//! `privsite watch`: build once, then keep the output folder equal to a
//! fresh build through every edit.
//!
//! [`Changes`] watches the project's folders (`notify` with
//! `notify-debouncer-full`, so that an editor's save, a write, a rename and
//! a change of mode, is one batch); the [`crate::pipeline::Pipeline`] reads
//! again what changed and rebuilds what it touched; [`crate::write::Live`]
//! writes the files whose bytes changed and removes those that are gone. A
//! broken edit is reported and the output keeps the last good site; the
//! next good edit brings it up to date. The output folder stays locked for
//! as long as the watch runs.

mod changes;

use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::civil::Date;

pub use changes::{Changes, Stopper};

use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::pipeline::{Change, Pipeline, Update};
use crate::source::Files;
use crate::write::{self, Live, Place};

/// What `privsite watch` needs to know.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// The project folder (holding `policies/`).
    pub root: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// The day the site is built for; `None` asks the clock (or
    /// `SOURCE_DATE_EPOCH`) at every rebuild, so a watch left running past
    /// midnight builds for the new day.
    pub today: Option<Date>,
    /// Whether unpublished versions are built too.
    pub drafts: bool,
    /// How to wait for another build of the same output folder.
    pub wait: write::Wait,
}

/// What happened, for the terminal.
#[derive(Debug)]
pub enum Event<'a> {
    /// The site was built and written (the first time, or after an edit).
    Built {
        /// What the edit touched (`None` for the first build).
        change: Option<&'a Change>,
        /// What the build did.
        update: &'a Update,
        /// The day it was built for.
        today: Date,
        /// How long the rebuild took, from the edit seen to the files written.
        millis: u128,
    },
    /// The sources have errors; the output keeps the last good site.
    Failed(&'a [Diagnostic]),
    /// Watching, after the first build.
    Watching(&'a Path),
}

/// Builds, then rebuilds on every edit until the watcher stops; `report`
/// hears of each build. Fails only when the output folder cannot be used
/// or the project cannot be watched.
pub fn run(options: &WatchOptions, report: &mut dyn FnMut(Event<'_>)) -> Result<()> {
    let place = Place::resolve(&options.out)?;
    place.check_not_the_sources(&options.root)?;
    place.check_not_a_mount_point()?;
    let mut lock = Some(place.clone().lock(options.wait)?);
    // Watch before the first reading, so that no edit falls between the two.
    let watched = std::fs::canonicalize(&options.root).map_err(|e| Error::io(&options.root, e))?;
    let mut changes = Changes::watch(&watched)?;
    let mut pipeline = Pipeline::new(Files::read(&options.root), options.drafts);
    let mut live: Option<Live> = None;
    let mut change: Option<Change> = None;
    let mut started = Instant::now();
    loop {
        let today = crate::today::at_each_build(options.today).map_err(Error::Output)?;
        match pipeline.build(today) {
            Ok(update) => {
                live = Some(match live.take() {
                    Some(mut current) => {
                        match current.update(pipeline.site(), &update.written, &update.removed) {
                            Ok(()) => current,
                            // The folder was removed or replaced: publish it whole again.
                            Err(Error::Output(_)) => {
                                drop(current);
                                Live::publish(place.clone().lock(options.wait)?, pipeline.site())?
                            }
                            Err(other) => return Err(other),
                        }
                    }
                    None => {
                        let held = match lock.take() {
                            Some(held) => held,
                            None => place.clone().lock(options.wait)?,
                        };
                        Live::publish(held, pipeline.site())?
                    }
                });
                report(Event::Built {
                    change: change.as_ref(),
                    update: &update,
                    today,
                    millis: started.elapsed().as_millis(),
                });
            }
            Err(Error::Sources(problems)) => report(Event::Failed(&problems)),
            Err(other) => return Err(other),
        }
        if change.is_none() {
            report(Event::Watching(&options.root));
        }
        // The next edit that touches something the site is built from.
        loop {
            let Some(paths) = changes.wait() else {
                return Ok(());
            };
            started = Instant::now();
            let kind = pipeline.refresh(&paths);
            if kind != Change::Nothing {
                change = Some(kind);
                break;
            }
        }
    }
}
