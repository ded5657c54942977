use jiff::civil::date;

use super::*;

#[test]
fn statements_of_the_date_in_the_forms_policies_write_them() {
    let cases = [
        (
            "This Privacy Statement was last amended on August 4, 2005.",
            date(2005, 8, 4),
        ),
        ("April, 2008", date(2008, 4, 1)),
        ("Effective date: July 20, 2023", date(2023, 7, 20)),
        ("Last updated: 2021-03-04", date(2021, 3, 4)),
        ("Effective May 4, 2026", date(2026, 5, 4)),
        ("Last updated 4 August 2005", date(2005, 8, 4)),
        ("Updated: Jan 2nd, 2019", date(2019, 1, 2)),
        ("Effective as of September 8th, 2020", date(2020, 9, 8)),
    ];
    for (text, want) in cases {
        assert_eq!(stated(text), Some(want), "{text}");
    }
}

#[test]
fn a_date_inside_ordinary_text_is_not_a_statement() {
    // A long paragraph that mentions a date.
    let long = "Since January 1, 2020, we have offered every user of our services in \
                the European Union a way to download all the data we keep about them.";
    assert_eq!(stated(long), None);
    // A short one without the words of a statement.
    assert_eq!(stated("We moved offices on March 3, 2019."), None);
    // No date at all.
    assert_eq!(stated("Last updated recently"), None);
}

#[test]
fn days_the_calendar_does_not_have_are_no_dates() {
    assert_eq!(stated("Effective February 30, 2021"), None);
    assert_eq!(iso("2021-02-30"), None);
    assert_eq!(iso("2021-13-01"), None);
}

#[test]
fn iso_dates_may_leave_out_leading_zeros() {
    assert_eq!(iso("2020-09-8"), Some(date(2020, 9, 8)));
    assert_eq!(iso("2020-09-08"), Some(date(2020, 9, 8)));
    assert_eq!(iso("20-09-08"), None);
}

#[test]
fn find_says_where_the_date_starts() {
    let text = "Effective date: July 20, 2023";
    let (day, at) = find(text).unwrap();
    assert_eq!(day, date(2023, 7, 20));
    assert_eq!(&text[at..], "July 20, 2023");
}
