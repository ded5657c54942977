//! What "today" is for a build: `--today`, else `SOURCE_DATE_EPOCH`, else the
//! system date. The same sources and the same today give a byte-identical site.
//!
//! Both ways of naming a day reach the same days and refuse the same ones
//! with the same sentence: the last day is 9999-12-31 ([`LAST_DAY`], the end
//! of the calendar privsite computes with), whether written as
//! `--today 9999-12-31` or as `SOURCE_DATE_EPOCH=253402300799` (its last
//! second). `SOURCE_DATE_EPOCH` counts seconds since 1970-01-01 00:00 UTC, so
//! it cannot name a day before 1970 (`--today` can). This module only reads
//! the values; whether today makes sense for the sources is the build's
//! concern.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan, tz::TimeZone};

/// The last day a site can be built for.
pub const LAST_DAY: Date = Date::MAX;

/// The first day `SOURCE_DATE_EPOCH` counts from.
const EPOCH: Date = Date::constant(1970, 1, 1);

const SECONDS_PER_DAY: u64 = 86_400;

/// Resolves today from the command-line value and the `SOURCE_DATE_EPOCH`
/// value (either may be absent). Errors are written for the user.
pub fn resolve(flag: Option<&str>, source_date_epoch: Option<&str>) -> Result<Date, String> {
    if let Some(text) = flag {
        return from_flag(text.trim());
    }
    if let Some(epoch) = source_date_epoch.map(str::trim).filter(|e| !e.is_empty()) {
        return from_epoch(epoch);
    }
    Ok(Timestamp::now()
        .to_zoned_datetime(TimeZone::system())
        .date())
}

/// Today for a build that runs again and again (`watch`, `serve`): `fixed`
/// (from `--today`) when given, else `SOURCE_DATE_EPOCH`, else the system
/// date, asked anew at each call, so a watch left running past midnight
/// builds the new day.
pub fn at_each_build(fixed: Option<Date>) -> Result<Date, String> {
    match fixed {
        Some(day) => Ok(day),
        None => resolve(None, std::env::var("SOURCE_DATE_EPOCH").ok().as_deref()),
    }
}

fn from_flag(text: &str) -> Result<Date, String> {
    // A year of five digits or more is a real day, after the last one.
    if let Some((year, rest)) = text.split_once('-')
        && year.len() > 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && rest.len() == 5
    {
        return Err(after_last_day(&format!("--today `{text}`")));
    }
    crate::model::parse_date(text).map_err(|e| format!("--today: {e}; write it as YYYY-MM-DD"))
}

fn from_epoch(epoch: &str) -> Result<Date, String> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(epoch) {
        return Err(match epoch.strip_prefix('-') {
            Some(rest) if digits(rest) => format!(
                "SOURCE_DATE_EPOCH is `{epoch}`, a time before 1970: it counts seconds since \
                 1970-01-01 00:00 UTC and cannot be negative; for a day before 1970, use --today"
            ),
            _ => format!(
                "SOURCE_DATE_EPOCH is `{epoch}`, not a number of seconds since 1970 \
                 (a whole number, 0 or more)"
            ),
        });
    }
    let last_second = last_second();
    let seconds = epoch
        .parse::<u64>()
        .ok()
        .filter(|s| *s <= last_second)
        .ok_or_else(|| {
            after_last_day(&format!(
                "SOURCE_DATE_EPOCH `{epoch}` (its last second is {last_second})"
            ))
        })?;
    let days = i64::try_from(seconds / SECONDS_PER_DAY).expect("bounded by the last second");
    Ok(EPOCH
        .checked_add(days.days())
        .expect("bounded by the last day"))
}

/// `SOURCE_DATE_EPOCH` of the last second of [`LAST_DAY`].
fn last_second() -> u64 {
    let days = EPOCH.until(LAST_DAY).expect("both in range").get_days();
    (u64::try_from(days).expect("after 1970") + 1) * SECONDS_PER_DAY - 1
}

/// The one sentence for a day past the end, whichever way it was given.
fn after_last_day(what: &str) -> String {
    format!("{what} is after {LAST_DAY}, the last day privsite can build a site for")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_over_the_environment() {
        assert_eq!(
            resolve(Some("2005-08-04"), Some("0")).unwrap(),
            Date::new(2005, 8, 4).unwrap()
        );
    }

    #[test]
    fn source_date_epoch_is_a_utc_day() {
        // 2006-01-02T23:59:59Z
        assert_eq!(
            resolve(None, Some("1136246399")).unwrap(),
            Date::new(2006, 1, 2).unwrap()
        );
        assert_eq!(resolve(None, Some("0")).unwrap(), EPOCH);
    }

    #[test]
    fn bad_values_are_explained() {
        assert!(
            resolve(Some("04/08/2005"), None)
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(
            resolve(None, Some("yesterday"))
                .unwrap_err()
                .contains("SOURCE_DATE_EPOCH")
        );
        assert!(
            resolve(None, Some("-1"))
                .unwrap_err()
                .contains("cannot be negative; for a day before 1970, use --today")
        );
        assert!(
            resolve(None, Some("+5"))
                .unwrap_err()
                .contains("not a number of seconds")
        );
    }

    #[test]
    fn both_ways_reach_the_last_day_and_refuse_the_next_alike() {
        assert_eq!(last_second(), 253_402_300_799);
        assert_eq!(resolve(Some("9999-12-31"), None).unwrap(), LAST_DAY);
        assert_eq!(resolve(None, Some("253402300799")).unwrap(), LAST_DAY);
        assert_eq!(
            resolve(None, Some("253402214400")).unwrap(),
            LAST_DAY,
            "its first second"
        );
        let past = "is after 9999-12-31, the last day privsite can build a site for";
        for (flag, epoch) in [
            (Some("10000-01-01"), None),
            (None, Some("253402300800")),
            (None, Some("18446744073709551615")),
            (None, Some("99999999999999999999999999")),
        ] {
            let err = resolve(flag, epoch).unwrap_err();
            assert!(err.ends_with(past), "{flag:?} {epoch:?}: {err}");
        }
    }
}
