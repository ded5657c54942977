//! What "today" is for a build: `--today`, else `SOURCE_DATE_EPOCH`, else the
//! system date. The same sources and the same today give a byte-identical site.

use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};

/// Resolves today from the command-line value and the `SOURCE_DATE_EPOCH`
/// value (either may be absent). Errors are written for the user.
pub fn resolve(flag: Option<&str>, source_date_epoch: Option<&str>) -> Result<Date, String> {
    if let Some(text) = flag {
        return crate::model::parse_date(text)
            .map_err(|e| format!("--today: {e}; write it as YYYY-MM-DD"));
    }
    if let Some(epoch) = source_date_epoch.map(str::trim).filter(|e| !e.is_empty()) {
        let seconds: i64 = epoch.parse().map_err(|_| {
            format!("SOURCE_DATE_EPOCH is `{epoch}`, not a number of seconds since 1970")
        })?;
        let timestamp = Timestamp::from_second(seconds)
            .map_err(|_| format!("SOURCE_DATE_EPOCH `{epoch}` is out of range"))?;
        return Ok(timestamp.to_zoned_datetime(TimeZone::UTC).date());
    }
    Ok(Timestamp::now()
        .to_zoned_datetime(TimeZone::system())
        .date())
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
    }
}
