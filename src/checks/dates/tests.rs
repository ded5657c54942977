use std::fs;

use jiff::civil::date;

use super::*;
use crate::build::Project;

/// A project whose policy `acme` has versions `(folder, header)`, loaded.
fn site(versions: &[(&str, &str)]) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "policies/site.yaml",
        "title: Acme\nbase_url: https://acme.example/\n",
    );
    write("policies/acme/policy.yaml", "title: Privacy\nowner: Acme\n");
    for (folder, header) in versions {
        write(
            &format!("policies/acme/{folder}/en.yaml"),
            &format!("{header}\nsections:\n  - id: a\n    title: A\n    body: Text.\n"),
        );
    }
    Project::load(dir.path()).unwrap().site
}

/// Each warning as `line:column: message (help)`.
fn warned(versions: &[(&str, &str)], today: Date) -> Vec<String> {
    warnings(&site(versions), today)
        .iter()
        .map(|d| {
            let pos = d.origin.pos.unwrap();
            format!(
                "{}:{}:{}: {} ({})",
                d.origin.file.display(),
                pos.line,
                pos.column,
                d.message,
                d.help.as_deref().unwrap_or_default()
            )
        })
        .collect()
}

const TODAY: Date = date(2026, 12, 1);

#[test]
fn a_year_typo_far_in_the_future_names_the_date_meant() {
    assert_eq!(
        warned(
            &[
                ("2025-06", "effective: 2025-07-01\npublished: 2025-06-01"),
                ("2026-12", "effective: 2206-12-20"),
            ],
            TODAY
        ),
        [
            "policies/acme/2026-12/en.yaml:1:12: version `2026-12` takes effect (and is published) on 2206-12-20, 180 years after today (2026-12-01) and after every date of the other versions: until that day it is a draft, which `privsite build` leaves out (if you meant 2026-12-20, write `effective: 2026-12-20`)"
        ]
    );
    assert_eq!(
        warned(
            &[
                ("2025-06", "effective: 2025-07-01"),
                ("2026-12", "effective: 2026-12-20\npublished: 2062-11-20"),
            ],
            TODAY
        ),
        [
            "policies/acme/2026-12/en.yaml:2:12: version `2026-12` is published on 2062-11-20, 36 years after today (2026-12-01) and after every date of the other versions: until that day it is a draft, which `privsite build` leaves out (if you meant 2026-11-20, write `published: 2026-11-20`)"
        ],
        "one warning: not also published after it takes effect"
    );
    assert_eq!(
        warned(
            &[
                ("2025-06", "effective: 2025-07-01"),
                ("2026-12", "effective: 2206-12-20\npublished: 2026-12-01"),
            ],
            TODAY
        ),
        [
            "policies/acme/2026-12/en.yaml:1:12: version `2026-12` takes effect on 2206-12-20, 180 years after today (2026-12-01) and after every date of the other versions: is the year mistyped? (if you meant 2026-12-20, write `effective: 2026-12-20`)"
        ],
        "one warning: not also published 180 years ahead"
    );
}

#[test]
fn a_today_before_every_version_says_nothing_about_the_future() {
    // `build` warns about such a day itself (a SOURCE_DATE_EPOCH of 0).
    let versions = [
        ("1", "effective: 2024-01-01"),
        ("2", "effective: 2025-01-01"),
    ];
    assert_eq!(warned(&versions, date(1970, 1, 1)), Vec::<String>::new());
}

#[test]
fn real_histories_have_no_date_warning() {
    // Versions months or years apart, announced the same day or a month ahead.
    let mozilla = [
        ("2008-04", "effective: 2008-04-01"),
        ("2008-11", "effective: 2008-11-05\npublished: 2008-10-06"),
        ("2011-01", "effective: 2011-01-24"),
        ("2013-09", "effective: 2013-09-04\npublished: 2013-08-05"),
        ("2016-05", "effective: 2016-05-27"),
        ("2018-05", "effective: 2018-05-25\npublished: 2018-04-25"),
        ("2021-01", "effective: 2021-01-13"),
        ("2024-06", "effective: 2024-06-17\npublished: 2024-05-17"),
    ];
    assert_eq!(warned(&mozilla, TODAY), Vec::<String>::new());
    // Folder names that are not dates, an upcoming version a year ahead.
    let numbered = [
        ("v1", "effective: 2017-04-01"),
        ("v2", "effective: 2020-12-19\npublished: 2020-11-19"),
        ("v10", "effective: 2024-02-01"),
        ("v11", "effective: 2027-11-01\npublished: 2026-11-25"),
    ];
    assert_eq!(warned(&numbered, TODAY), Vec::<String>::new());
    // Names whose numbers say nothing of their order.
    let seasons = [
        ("spring-2024", "effective: 2024-03-01"),
        ("fall-2024", "effective: 2024-09-01"),
    ];
    assert_eq!(warned(&seasons, TODAY), Vec::<String>::new());
}

#[test]
fn a_version_out_of_the_order_of_the_folder_names_is_the_one_blamed() {
    assert_eq!(
        warned(
            &[
                ("2024-01", "effective: 2024-01-15"),
                ("2024-06", "effective: 2014-06-01"),
                ("2025-01", "effective: 2025-01-15"),
            ],
            TODAY
        ),
        [
            "policies/acme/2024-06/en.yaml:1:12: version `2024-06` takes effect on 2014-06-01, before version `2024-01` (2024-01-15), though its folder name sorts after it (if you meant 2024-06-01, write `effective: 2024-06-01`; versions are shown in the order they take effect)"
        ]
    );
    assert_eq!(
        warned(
            &[
                ("v1", "effective: 2024-01-15"),
                ("v2", "effective: 2025-06-01"),
                ("v3", "effective: 2025-01-15"),
            ],
            TODAY
        ),
        [
            "policies/acme/v2/en.yaml:1:12: version `v2` takes effect on 2025-06-01, after version `v3` (2025-01-15), though its folder name sorts before it (if you meant 2024-06-01, write `effective: 2024-06-01`; versions are shown in the order they take effect)"
        ]
    );
    assert_eq!(
        warned(
            &[
                ("v1", "effective: 2024-01-15"),
                ("v2", "effective: 2023-01-15")
            ],
            TODAY
        ),
        [
            "policies/acme/v2/en.yaml:1:12: version `v2` takes effect on 2023-01-15, before version `v1` (2024-01-15), though its folder name sorts after it (check the `effective` dates of both versions for a typo; versions are shown in the order they take effect)"
        ],
        "two versions: nothing says which is wrong"
    );
}

#[test]
fn published_after_or_years_before_it_takes_effect_reads_naturally() {
    assert_eq!(
        warned(
            &[("2025-01", "effective: 2025-01-15\npublished: 2025-01-20")],
            TODAY
        ),
        [
            "policies/acme/2025-01/en.yaml:2:12: this version is published on 2025-01-20, 5 days after it takes effect on 2025-01-15 (readers get no notice before the change applies; publish before `effective`)"
        ]
    );
    assert_eq!(
        warned(
            &[("2025-01", "effective: 2015-01-15\npublished: 2025-01-05")],
            TODAY
        ),
        [
            "policies/acme/2025-01/en.yaml:2:12: this version is published on 2025-01-05, 9 years after it takes effect on 2015-01-15 (if you meant 2025-01-15, write `effective: 2025-01-15`; readers get no notice before the change applies; publish before `effective`)"
        ]
    );
    assert_eq!(
        warned(
            &[("2025-01", "effective: 2025-01-15\npublished: 2014-12-16")],
            TODAY
        ),
        [
            "policies/acme/2025-01/en.yaml:2:12: this version is published on 2014-12-16, 10 years before it takes effect on 2025-01-15: a change is announced days or months ahead, not years (if you meant 2024-12-16, write `published: 2024-12-16`)"
        ]
    );
}

#[test]
fn days_apart_are_said_the_same_way_round() {
    let (a, b) = (date(2025, 1, 15), date(2025, 1, 20));
    assert_eq!(apart(a, b), "5 days");
    assert_eq!(apart(b, a), "5 days");
    assert_eq!(apart(a, date(2025, 1, 16)), "1 day");
    assert_eq!(apart(a, date(2206, 1, 15)), "181 years");
}

#[test]
fn typos_are_one_digit_or_two_neighbours_swapped() {
    let found = typos(date(2206, 12, 20));
    for meant in [
        date(2026, 12, 20),
        date(2006, 12, 20),
        date(2206, 12, 2),
        date(2206, 11, 20),
    ] {
        assert!(found.contains(&meant), "{meant}");
    }
    assert!(!found.contains(&date(2206, 12, 20)), "not the date itself");
    assert!(!found.contains(&date(2026, 12, 2)), "two typos");
    let february: Vec<i8> = typos(date(2025, 2, 28))
        .iter()
        .filter(|d| d.month() == 2 && d.year() == 2025)
        .map(|d| d.day())
        .collect();
    assert_eq!(
        february,
        [8, 18, 20, 21, 22, 23, 24, 25, 26, 27],
        "not 29 (2025 is no leap year), 38 or 82"
    );
}
