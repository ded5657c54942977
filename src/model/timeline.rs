//! Which versions of a policy exist on a given day: the ones built, the
//! current one, the upcoming ones. "Today" is an input here, never read from
//! the clock, so the same sources and the same day always give the same site.

use jiff::civil::Date;

use super::{Policy, Version};

/// Where a version stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// In effect today.
    Current,
    /// Published, but takes effect after today.
    Upcoming,
    /// Replaced by a newer version that is in effect.
    Superseded,
    /// Not yet published (only built with `--drafts`).
    Draft,
}

/// The versions of one policy as seen on one day.
#[derive(Debug, Clone)]
pub struct Timeline<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// The versions that are built, oldest first.
    pub versions: Vec<&'a Version>,
    /// Index in `versions` of the version the policy's main pages show: the
    /// newest in effect, or, before any is in effect, the first upcoming one.
    pub current: Option<usize>,
    /// The day the timeline was made for.
    pub today: Date,
}

impl<'a> Timeline<'a> {
    /// The timeline of `policy` on `today`; drafts are included only when asked.
    pub fn new(policy: &'a Policy, today: Date, drafts: bool) -> Self {
        let versions: Vec<&Version> = policy
            .versions
            .iter()
            .filter(|v| drafts || v.published <= today)
            .map(|v| &**v)
            .collect();
        let in_effect = versions.iter().rposition(|v| v.effective <= today);
        let current = in_effect.or(if versions.is_empty() { None } else { Some(0) });
        Timeline {
            policy,
            versions,
            current,
            today,
        }
    }

    /// The version the policy's main pages show.
    pub fn current(&self) -> Option<&'a Version> {
        self.current.map(|i| self.versions[i])
    }

    /// Where `version` stands today.
    pub fn status(&self, version: &Version) -> Status {
        if version.published > self.today {
            Status::Draft
        } else if version.effective > self.today {
            Status::Upcoming
        } else if self.current().is_some_and(|c| c.id == version.id) {
            Status::Current
        } else {
            Status::Superseded
        }
    }

    /// The published versions that take effect after today, soonest first.
    pub fn upcoming(&self) -> impl Iterator<Item = &'a Version> + '_ {
        self.versions
            .iter()
            .copied()
            .filter(|v| self.status(v) == Status::Upcoming)
    }

    /// The version built before `version`, if any.
    pub fn previous(&self, version: &Version) -> Option<&'a Version> {
        // The same version, found by address (as every caller has it), else by id.
        let index = self
            .versions
            .iter()
            .position(|v| std::ptr::eq(*v, version))
            .or_else(|| self.versions.iter().position(|v| v.id == version.id))?;
        index.checked_sub(1).map(|i| self.versions[i])
    }
}
