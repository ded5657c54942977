//! Dates that look mistyped. A typo in a year (`2206-12-20` for
//! `2026-12-20`) would silently make a version a draft, or move it before
//! the versions it follows: a date far in the future, a version whose date
//! contradicts the order of the folder names, a version published after it
//! takes effect or long before. Each is one warning at the date responsible
//! (at most one per version: one mistake, one warning), naming the date
//! probably meant when one changed digit, or two neighbouring digits
//! swapped, explain it.
//!
//! The bounds leave real histories alone: versions of a policy are months
//! or years apart, and a version is announced days or months before it
//! takes effect.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, Origin};
use crate::model::{Policy, Site, Version, parse_date};

/// A date this many years after today, and after every date of the other
/// versions, is taken for a typo.
const FAR_YEARS: i8 = 2;

/// A version published more than this many years before it takes effect is
/// taken for a typo.
const NOTICE_YEARS: i8 = 1;

/// Every date warning of `site` on `today`.
pub(super) fn warnings(site: &Site, today: Date) -> Vec<Diagnostic> {
    let all: Vec<&Version> = site
        .policies
        .iter()
        .flat_map(|p| p.versions.iter().map(|v| &**v))
        .collect();
    // Today says where the present is only once some version is published;
    // before that, `build` warns about today itself.
    let today = all.iter().any(|v| v.published <= today).then_some(today);
    // Versions by their latest date, latest first: the latest date of the
    // others is that of the first version that is not this one.
    let latest = |v: &&Version| v.effective.max(v.published);
    let mut by_date = all.clone();
    by_date.sort_by_key(|v| std::cmp::Reverse(latest(v)));
    let mut out = Vec::new();
    for policy in &site.policies {
        let order = FolderOrder::new(policy);
        for version in &policy.versions {
            let others = by_date
                .iter()
                .find(|v| !std::ptr::eq(**v, &**version))
                .map(latest);
            let check = Check {
                version,
                today,
                others,
                order: &order,
            };
            out.extend(
                check
                    .far_future()
                    .or_else(|| check.out_of_order())
                    .or_else(|| check.published_after())
                    .or_else(|| check.published_long_before()),
            );
        }
    }
    out
}

/// The checks of one version.
struct Check<'a> {
    version: &'a Version,
    /// Today, when it can be trusted.
    today: Option<Date>,
    /// The latest date of every other version of the project.
    others: Option<Date>,
    order: &'a FolderOrder<'a>,
}

/// A date and the field it is written in.
#[derive(Clone, Copy)]
enum Field {
    Effective,
    Published,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Effective => "effective",
            Field::Published => "published",
        }
    }

    /// The help that writes `date` in this field.
    fn write(self, date: Date) -> String {
        format!("if you meant {date}, write `{}: {date}`", self.name())
    }
}

impl Check<'_> {
    /// Whether `date` is far after today and after every other date.
    fn is_far(&self, date: Date) -> bool {
        let later = |from: Date| {
            from.checked_add(i64::from(FAR_YEARS).years())
                .unwrap_or(Date::MAX)
        };
        self.today.is_some_and(|today| date > later(today))
            && self.others.is_none_or(|other| date > later(other))
    }

    fn published_written(&self) -> bool {
        self.version.published_origin.is_some()
    }

    /// Whether `date` in `field` would leave the version in order: between
    /// the versions around it, and published no later than it takes
    /// effect, at most [`NOTICE_YEARS`] before.
    fn fits(&self, field: Field, date: Date) -> bool {
        let v = self.version;
        let close = |early: Date, late: Date| early <= late && !Self::years_apart(early, late);
        !self.is_far(date)
            && match field {
                Field::Effective => {
                    self.order.allows(v, date)
                        && (!self.published_written()
                            || self.is_far(v.published)
                            || close(v.published, date))
                }
                Field::Published => self.is_far(v.effective) || close(date, v.effective),
            }
    }

    /// The date `written` in `field` was probably meant to be: one typo
    /// away, fitting, a fix of the year alone if one fits (the usual
    /// typo), else the nearest to `target`.
    fn meant(&self, field: Field, written: Date, target: Date) -> Option<Date> {
        typos(written)
            .into_iter()
            .filter(|date| self.fits(field, *date))
            .min_by_key(|date| rank(written, *date, target))
    }

    /// The help naming the date meant, if there is one.
    fn did_you_mean(&self, field: Field, written: Date, target: Date) -> Option<String> {
        self.meant(field, written, target)
            .map(|date| field.write(date))
    }

    /// Where `field` is written.
    fn origin(&self, field: Field) -> Origin {
        match field {
            Field::Published => self
                .version
                .published_origin
                .clone()
                .unwrap_or_else(|| self.version.origin.clone()),
            Field::Effective => self.version.origin.clone(),
        }
    }

    fn far_future(&self) -> Option<Diagnostic> {
        let v = self.version;
        let today = self.today?;
        let field = if self.is_far(v.effective) {
            Field::Effective
        } else if self.published_written() && self.is_far(v.published) {
            Field::Published
        } else {
            return None;
        };
        let (date, target) = match field {
            Field::Effective if self.published_written() && !self.is_far(v.published) => {
                (v.effective, v.published)
            }
            Field::Effective => (v.effective, named_date(v.id.as_str()).unwrap_or(today)),
            Field::Published if !self.is_far(v.effective) => (v.published, v.effective),
            Field::Published => (v.published, today),
        };
        let years = date.year() - today.year();
        let when = format!(
            "{date}, {years} years after today ({today}) and after every date of the other versions"
        );
        let message = match field {
            Field::Effective if v.published == v.effective => format!(
                "version `{}` takes effect (and is published) on {when}: until that day it is a draft, which `privsite build` leaves out",
                v.id
            ),
            Field::Effective => format!(
                "version `{}` takes effect on {when}: is the year mistyped?",
                v.id
            ),
            Field::Published => format!(
                "version `{}` is published on {when}: until that day it is a draft, which `privsite build` leaves out",
                v.id
            ),
        };
        let help = self.did_you_mean(field, date, target).unwrap_or_else(|| {
            format!(
                "check the year: a date more than {FAR_YEARS} years after today and after every other version's dates is taken for a typo"
            )
        });
        Some(Diagnostic::warning(self.origin(field), message).with_help(help))
    }

    fn out_of_order(&self) -> Option<Diagnostic> {
        let v = self.version;
        let Culprit {
            other,
            before,
            sure,
            ..
        } = self.order.culprit(v)?;
        let message = if before {
            format!(
                "version `{}` takes effect on {}, after version `{}` ({}), though its folder name sorts before it",
                v.id, v.effective, other.id, other.effective
            )
        } else {
            format!(
                "version `{}` takes effect on {}, before version `{}` ({}), though its folder name sorts after it",
                v.id, v.effective, other.id, other.effective
            )
        };
        let target = named_date(v.id.as_str())
            .or(self.published_written().then_some(v.published))
            .unwrap_or(other.effective);
        let meant = sure
            .then(|| self.did_you_mean(Field::Effective, v.effective, target))
            .flatten();
        let help = match meant {
            Some(meant) => format!("{meant}; versions are shown in the order they take effect"),
            None => "check the `effective` dates of both versions for a typo; versions are shown in the order they take effect".to_owned(),
        };
        Some(Diagnostic::warning(self.origin(Field::Effective), message).with_help(help))
    }

    /// The typo that explains the two dates of the version, if one does:
    /// in `published` (nearest to `effective`) or in `effective`.
    fn either_date(&self) -> Option<String> {
        let v = self.version;
        // Which date is wrong: the one whose fix agrees with the folder
        // name's date, if the name is one, else the one nearer the other.
        let named = named_date(v.id.as_str());
        [
            (Field::Published, v.published, v.effective),
            (Field::Effective, v.effective, v.published),
        ]
        .into_iter()
        .filter_map(|(field, written, other)| {
            let meant = self.meant(field, written, other)?;
            Some((rank(written, meant, named.unwrap_or(other)), field, meant))
        })
        .min_by_key(|(rank, _, _)| *rank)
        .map(|(_, field, meant)| field.write(meant))
    }

    /// Whether `early` and `late` are more than [`NOTICE_YEARS`] apart.
    fn years_apart(early: Date, late: Date) -> bool {
        early
            .checked_add(i64::from(NOTICE_YEARS).years())
            .is_ok_and(|limit| late > limit)
    }

    fn published_after(&self) -> Option<Diagnostic> {
        let v = self.version;
        if !self.published_written() || v.published <= v.effective {
            return None;
        }
        let mut help =
            "readers get no notice before the change applies; publish before `effective`"
                .to_owned();
        if Self::years_apart(v.effective, v.published)
            && let Some(meant) = self.either_date()
        {
            help = format!("{meant}; {help}");
        }
        Some(
            Diagnostic::warning(
                self.origin(Field::Published),
                format!(
                    "this version is published on {}, {} after it takes effect on {}",
                    v.published,
                    apart(v.effective, v.published),
                    v.effective
                ),
            )
            .with_help(help),
        )
    }

    fn published_long_before(&self) -> Option<Diagnostic> {
        let v = self.version;
        if !Self::years_apart(v.published, v.effective) {
            return None;
        }
        let help = self
            .either_date()
            .unwrap_or_else(|| "check both dates for a typo".to_owned());
        Some(
            Diagnostic::warning(
                self.origin(Field::Published),
                format!(
                    "this version is published on {}, {} before it takes effect on {}: a change is announced days or months ahead, not years",
                    v.published,
                    apart(v.published, v.effective),
                    v.effective
                ),
            )
            .with_help(help),
        )
    }
}

/// Whether `version` is published more than [`NOTICE_YEARS`] before it
/// takes effect: a date mistyped, which the date checks report (so no
/// other check need report what follows from it).
pub(super) fn announced_years_ahead(version: &Version) -> bool {
    Check::years_apart(version.published, version.effective)
}

/// How far apart two days are, in words: "5 days", "1 day", "180 years".
pub(super) fn apart(a: Date, b: Date) -> String {
    let days = (b - a).get_days().unsigned_abs();
    match days {
        1 => "1 day".to_owned(),
        0..730 => format!("{days} days"),
        _ => format!("{} years", days / 365),
    }
}

/// How likely `meant` is what was meant by `written`, lowest first: a fix
/// of the year alone first, then the nearest to `target`.
fn rank(written: Date, meant: Date, target: Date) -> (bool, i32, Date) {
    let year_only = meant.month() == written.month() && meant.day() == written.day();
    (!year_only, (meant - target).get_days().abs(), meant)
}

/// The dates one typo away from `date`: one digit changed, or two
/// neighbouring digits swapped.
fn typos(date: Date) -> Vec<Date> {
    let written = date.to_string();
    let digits: Vec<usize> = written
        .bytes()
        .enumerate()
        .filter(|(_, b)| b.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    let mut variants: Vec<Vec<u8>> = Vec::new();
    for &i in &digits {
        for digit in b'0'..=b'9' {
            let mut variant = written.clone().into_bytes();
            if variant[i] != digit {
                variant[i] = digit;
                variants.push(variant);
            }
        }
    }
    for pair in digits.windows(2).filter(|pair| pair[1] == pair[0] + 1) {
        let mut variant = written.clone().into_bytes();
        if variant[pair[0]] != variant[pair[1]] {
            variant.swap(pair[0], pair[1]);
            variants.push(variant);
        }
    }
    let mut dates: Vec<Date> = variants
        .into_iter()
        .filter_map(|v| String::from_utf8(v).ok())
        .filter_map(|text| parse_date(&text).ok())
        .collect();
    dates.sort();
    dates.dedup();
    dates
}

/// The order of a policy's versions by the numbers in their folder names
/// (`2024-06` before `2025-01`, `v2` before `v10`), and the versions whose
/// `effective` date contradicts it.
struct FolderOrder<'a> {
    /// Versions whose folder names hold numbers, in the order of those numbers.
    versions: Vec<(Vec<u64>, &'a Version)>,
    /// The versions out of place.
    culprits: Vec<Culprit<'a>>,
}

/// A version whose date contradicts the order of the folder names.
#[derive(Clone, Copy)]
struct Culprit<'a> {
    version: &'a Version,
    /// The version next to it in folder order whose date it contradicts.
    other: &'a Version,
    /// Whether its folder name sorts before `other`'s.
    before: bool,
    /// Whether the versions around them show which of the two is out of
    /// place; if not, both dates are suspect.
    sure: bool,
}

impl<'a> FolderOrder<'a> {
    fn new(policy: &'a Policy) -> Self {
        let mut versions: Vec<(Vec<u64>, &Version)> = policy
            .versions
            .iter()
            .map(|v| (numbers(v.id.as_str()), &**v))
            .filter(|(numbers, _)| !numbers.is_empty())
            .collect();
        versions.sort_by(|a, b| a.0.cmp(&b.0));
        let mut culprits: Vec<Culprit<'_>> = Vec::new();
        for i in 1..versions.len() {
            let ((before_key, a), (after_key, b)) = (&versions[i - 1], &versions[i]);
            if before_key == after_key || a.effective <= b.effective {
                continue;
            }
            // Which of the two is out of place: the one whose other
            // neighbour agrees with the other of the two.
            let a_wrong = i >= 2 && versions[i - 2].1.effective < b.effective;
            let b_wrong = versions
                .get(i + 1)
                .is_some_and(|(_, c)| a.effective < c.effective);
            let (a_is_it, sure) = match (a_wrong, b_wrong) {
                (true, false) => (true, true),
                (false, true) => (false, true),
                _ => {
                    let (from_a, from_b) = (named_distance(a), named_distance(b));
                    (from_a > from_b, from_a != from_b)
                }
            };
            let culprit = if a_is_it {
                Culprit {
                    version: a,
                    other: b,
                    before: true,
                    sure,
                }
            } else {
                Culprit {
                    version: b,
                    other: a,
                    before: false,
                    sure,
                }
            };
            if !culprits
                .iter()
                .any(|c| std::ptr::eq(c.version, culprit.version))
            {
                culprits.push(culprit);
            }
        }
        FolderOrder { versions, culprits }
    }

    /// How `version` is out of place, if it is.
    fn culprit(&self, version: &Version) -> Option<Culprit<'a>> {
        self.culprits
            .iter()
            .find(|c| std::ptr::eq(c.version, version))
            .copied()
    }

    /// Whether `version` taking effect on `date` keeps the folder order:
    /// after the versions whose folder names sort before it, before the others.
    fn allows(&self, version: &Version, date: Date) -> bool {
        let Some((key, _)) = self
            .versions
            .iter()
            .find(|(_, v)| std::ptr::eq(*v, version))
        else {
            return true;
        };
        self.versions.iter().all(|(other_key, other)| {
            std::ptr::eq(*other, version)
                || other_key == key
                || (other_key < key) == (other.effective < date)
        })
    }
}

/// The runs of digits in a folder name, as numbers: `[2024, 6]` for `2024-06`.
fn numbers(name: &str) -> Vec<u64> {
    name.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .map(|run| run.parse().unwrap_or(u64::MAX))
        .collect()
}

/// The day a folder name such as `2024-06` or `2024-06-15` names, when it
/// is a date (`2024-06` is its first day).
fn named_date(name: &str) -> Option<Date> {
    let mut parts = name.split('-');
    let year = parts.next().filter(|y| y.len() == 4)?.parse::<i16>().ok()?;
    let month = parts.next().map_or(Ok(1), str::parse::<i8>).ok()?;
    let day = parts.next().map_or(Ok(1), str::parse::<i8>).ok()?;
    if parts.next().is_some() {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// How far, in days, a version takes effect from the day its folder name
/// names (0 when the name is no date).
fn named_distance(version: &Version) -> i32 {
    named_date(version.id.as_str()).map_or(0, |named| (version.effective - named).get_days().abs())
}

#[cfg(test)]
mod tests;
