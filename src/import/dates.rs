//! The date a policy's text states about itself ("Effective date: July 20,
//! 2023", "This Privacy Statement was last amended on August 4, 2005",
//! "Last updated: 2021-03-04", "April, 2008").
//!
//! Finding the phrase is this module's; reading the date is jiff's
//! (`strtime` knows the month names and checks that the day exists).

use jiff::civil::Date;
use jiff::fmt::strtime;

/// Words that say a paragraph states the text's date. Matched in lower
/// case, before the date.
const STATEMENTS: &[&str] = &[
    "effective",
    "last updated",
    "last update",
    "last amended",
    "last modified",
    "last revised",
    "last changed",
    "updated",
    "revised",
    "amended",
    "in force",
    "valid from",
    "dated",
];

/// A paragraph with more words than this is text that happens to hold a
/// date ("... since January 1, 2020, we ..."), not a statement of the date.
const MAX_STATEMENT_WORDS: usize = 16;

/// The date `paragraph` (its text as a reader sees it) states, when it is
/// a statement of the text's date: a date after one of the words of
/// [`STATEMENTS`], or a date alone ("April, 2008"), in a short paragraph.
pub fn stated(paragraph: &str) -> Option<Date> {
    let words = paragraph.split_whitespace().count();
    if words == 0 || words > MAX_STATEMENT_WORDS {
        return None;
    }
    let lower = paragraph.to_lowercase();
    let (date, at) = find(paragraph)?;
    let before = &lower[..at];
    let alone = before.chars().all(|c| !c.is_alphanumeric()) && words <= 4;
    (alone || STATEMENTS.iter().any(|s| before.contains(s))).then_some(date)
}

/// The first date written in `text`, and the byte where it starts.
pub fn find(text: &str) -> Option<(Date, usize)> {
    let tokens = tokens(text);
    for (i, &(start, word)) in tokens.iter().enumerate() {
        if let Some(date) = iso(word) {
            return Some((date, start));
        }
        if !is_year(word) {
            continue;
        }
        // The longest reading ending at this year: "August 4 2005",
        // "4 August 2005", then "August 2005".
        for back in [2, 1] {
            let Some(first) = i.checked_sub(back) else {
                continue;
            };
            let phrase: Vec<&str> = tokens[first..=i].iter().map(|(_, w)| *w).collect();
            if let Some(date) = read(&phrase) {
                return Some((date, tokens[first].0));
            }
        }
    }
    None
}

/// The words of `text` with where each starts: runs of letters and digits,
/// with `-` kept inside them (for `2021-03-04`); ordinal endings dropped
/// (`4th` is `4`).
fn tokens(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let inside = c.is_alphanumeric() || (c == '-' && start.is_some());
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = text[s..i].trim_end_matches('-');
                out.push((s, ordinal(word)));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// `4th`, `1st`, `22nd`, `3rd` without their ending.
fn ordinal(word: &str) -> &str {
    for end in ["st", "nd", "rd", "th"] {
        if let Some(number) = word.strip_suffix(end)
            && !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
        {
            return number;
        }
    }
    word
}

/// Whether `text` holds a year (a number from 1990 to 2100).
pub fn mentions_year(text: &str) -> bool {
    tokens(text).iter().any(|(_, w)| is_year(w))
}

fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && (1990..=2100).contains(&word.parse::<u16>().unwrap_or(0))
}

/// `2021-03-04` (also `2020-09-8`, as a kramdown `datetime` may have it).
pub fn iso(word: &str) -> Option<Date> {
    let parts: Vec<&str> = word.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    if !is_year(year) || month.len() > 2 || day.len() > 2 {
        return None;
    }
    let text = format!("{year} {month} {day}");
    strtime::parse("%Y %m %d", &text).ok()?.to_date().ok()
}

/// A date in words: month and year, with the day before or after the month.
fn read(words: &[&str]) -> Option<Date> {
    let text = words.join(" ");
    let formats: &[&str] = match words.len() {
        3 => &["%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"],
        _ => &["%B %Y", "%b %Y"],
    };
    formats.iter().find_map(|format| {
        // A month and year is the month's first day.
        let (format, text) = if words.len() == 2 {
            (format!("{format} %d"), format!("{text} 1"))
        } else {
            ((*format).to_owned(), text.clone())
        };
        strtime::parse(&format, &text).ok()?.to_date().ok()
    })
}

#[cfg(test)]
mod tests;
