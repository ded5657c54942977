use super::*;

#[test]
fn github_lowercases_drops_punctuation_and_makes_spaces_dashes() {
    let cases = [
        (
            "What information GitHub collects",
            "what-information-github-collects",
        ),
        ("How We Share Your Info?", "how-we-share-your-info"),
        ("Children's Privacy", "childrens-privacy"),
        ("Cookies & Tracking", "cookies--tracking"),
        ("snake_case and-dash", "snake_case-and-dash"),
        ("  Trimmed  ", "trimmed"),
        ("GDPR (EU) / UK", "gdpr-eu--uk"),
        ("Version 2.0: “quoted”", "version-20-quoted"),
    ];
    for (text, want) in cases {
        assert_eq!(slug(Rule::GitHub, text), want, "{text}");
    }
}

#[test]
fn github_keeps_letters_of_every_script_and_drops_emoji() {
    assert_eq!(
        slug(Rule::GitHub, "Données personnelles"),
        "données-personnelles"
    );
    assert_eq!(slug(Rule::GitHub, "隐私 声明"), "隐私-声明");
    assert_eq!(slug(Rule::GitHub, "हिन्दी नीति"), "हिन्दी-नीति");
    assert_eq!(slug(Rule::GitHub, "Privacy 🔒 first"), "privacy--first");
}

#[test]
fn kramdown_keeps_ascii_only_and_starts_at_the_first_letter() {
    let cases = [
        ("Cookies & Tracking", "cookies--tracking"),
        ("1. Scope of This Notice", "scope-of-this-notice"),
        ("Données personnelles", "donnes-personnelles"),
        ("snake_case", "snakecase"),
        ("2024", "section"),
        ("隐私", "section"),
    ];
    for (text, want) in cases {
        assert_eq!(slug(Rule::Kramdown, text), want, "{text}");
    }
}

#[test]
fn repeated_anchors_get_numbered_suffixes() {
    let mut slugger = Slugger::new(Rule::GitHub);
    let ids: Vec<String> = ["Cookies", "Cookies", "Cookies-1", "Cookies"]
        .iter()
        .map(|t| slugger.next(t))
        .collect();
    // The third heading is literally "cookies-1", taken by the second one,
    // so it counts on; github-slugger does the same.
    assert_eq!(ids, ["cookies", "cookies-1", "cookies-1-1", "cookies-2"]);
    let mut slugger = Slugger::new(Rule::Kramdown);
    assert_eq!(slugger.next("Scope"), "scope");
    assert_eq!(slugger.next("Scope"), "scope-1");
}

#[test]
fn a_reserved_explicit_id_pushes_a_made_anchor_on() {
    let mut slugger = Slugger::new(Rule::GitHub);
    slugger.reserve("contact");
    assert_eq!(slugger.next("Contact"), "contact-1");
}

#[test]
fn anchors_that_are_not_privsite_ids_are_made_ones() {
    assert_eq!(privsite_id("cookies--tracking"), "cookies--tracking");
    assert_eq!(privsite_id("snake_case-and-dash"), "snake-case-and-dash");
    assert_eq!(privsite_id("données-personnelles"), "donn-es-personnelles");
    assert_eq!(privsite_id("隐私-声明"), "section");
    assert_eq!(privsite_id("-leading"), "leading");
    assert!(privsite_id(&"long-".repeat(20)).len() <= 64);
}
