use std::collections::BTreeMap;

use icu_plurals::PluralCategory;

use super::*;

fn locale(tag: &str) -> Locale {
    Locale::parse(tag).unwrap()
}

fn plain(pairs: &[(&str, &str)]) -> BTreeMap<String, Text> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Text::Plain((*v).to_owned())))
        .collect()
}

fn forms(tag: &str, pairs: &[(PluralCategory, &str)]) -> Text {
    let forms = pairs.iter().map(|(c, f)| (*c, (*f).to_owned())).collect();
    Text::Plural(Forms::new(locale(tag), forms).unwrap())
}

fn theme() -> ThemeStrings {
    let mut en = plain(&[("a", "A"), ("b", "B"), ("c", "C")]);
    en.insert(
        "places".to_owned(),
        forms(
            "en",
            &[
                (PluralCategory::One, "{count} place"),
                (PluralCategory::Other, "{count} places"),
            ],
        ),
    );
    let mut fr = plain(&[("a", "A-fr")]);
    fr.insert(
        "places".to_owned(),
        forms(
            "fr",
            &[
                (PluralCategory::One, "{count} occurrence"),
                (PluralCategory::Other, "{count} occurrences"),
            ],
        ),
    );
    ThemeStrings::new(BTreeMap::from([
        ("en".to_owned(), en),
        ("pt".to_owned(), plain(&[("a", "A-pt"), ("b", "B-pt")])),
        ("pt-BR".to_owned(), plain(&[("a", "A-br")])),
        ("fr".to_owned(), fr),
    ]))
}

#[test]
fn falls_back_from_region_to_language_to_english() {
    let table = theme();
    let br = table.for_locale(&locale("pt-BR"));
    assert_eq!(br.text("a"), "A-br");
    assert_eq!(br.text("b"), "B-pt");
    assert_eq!(br.text("c"), "C");
    assert!(table.has_locale(&locale("pt-PT")));
    assert!(!table.has_locale(&locale("ja")));
}

#[test]
fn a_missing_key_reads_as_the_key_itself() {
    let en = theme().for_locale(&locale("en"));
    assert_eq!(en.text("no_such_key"), "no_such_key");
    assert_eq!(en.plural("no_such_key", 3), "no_such_key");
    assert!(!en.contains("no_such_key"));
}

#[test]
fn plural_forms_follow_the_rules_of_the_language_they_are_written_in() {
    let table = theme();
    let en = table.for_locale(&locale("en"));
    assert_eq!(en.plural("places", 1), "{count} place");
    assert_eq!(en.plural("places", 0), "{count} places");
    assert_eq!(
        en.text("places"),
        "{count} places",
        "text() is the `other` form"
    );
    // French puts 0 with 1.
    let fr = table.for_locale(&locale("fr"));
    assert_eq!(fr.plural("places", 0), "{count} occurrence");
    assert_eq!(fr.plural("places", 2), "{count} occurrences");
    // Japanese has only `other`, but a page in Japanese shows the English
    // fallback text, which English rules must choose: "1 place".
    let ja = table.for_locale(&locale("ja"));
    assert_eq!(ja.plural("places", 1), "{count} place");
    // A plain text is the same for every count.
    assert_eq!(en.plural("a", 1), "A");
    assert_eq!(en.plural("a", 7), "A");
}

#[test]
fn lists_are_joined_in_the_language_the_strings_are_written_in() {
    let table = theme();
    let items = ["x".to_owned(), "y".to_owned(), "z".to_owned()];
    assert_eq!(
        table.for_locale(&locale("fr")).list(&items, false),
        "x, y et z"
    );
    assert_eq!(
        table.for_locale(&locale("fr-CA")).list(&items, false),
        "x, y et z"
    );
    // No strings in Japanese: the page's sentences are English, so is the list.
    assert_eq!(
        table.for_locale(&locale("ja")).list(&items, false),
        "x, y, and z"
    );
}

#[test]
fn templates_see_plural_forms_as_a_mapping_with_their_language() {
    let fr = theme().for_locale(&locale("fr"));
    let json = serde_json::to_value(&fr).unwrap();
    assert_eq!(json["a"], "A-fr");
    assert_eq!(
        json["places"],
        serde_json::json!({"one": "{count} occurrence", "other": "{count} occurrences", "lang": "fr"})
    );
}

#[test]
fn the_terminal_counts_with_english_plurals() {
    let t = Strings::terminal();
    assert_eq!(
        t.counts(&[
            ("sections_changed", 1),
            ("words_added", 0),
            ("passages_moved", 1)
        ]),
        "1 section changed, 0 words added, 1 passage moved"
    );
    assert_eq!(t.counts(&[("words_removed", 2)]), "2 words removed");
}

#[test]
fn templates_read_the_strings_of_a_locale_as_they_serialize() {
    let fr = theme().for_locale(&locale("fr"));
    let value = fr.template_value().unwrap();
    // The same value as the strings made into one directly, and the same
    // again when asked again (made once, then shared).
    assert_eq!(value, tera::Value::try_from_serializable(&fr).unwrap());
    assert_eq!(fr.template_value().unwrap(), value);
    let mut context = tera::Context::new();
    context.insert_value("t", value);
    let page = tera::Tera::one_off(
        "{{ t.a }} {{ t.b }} {{ t.places.one }} ({{ t.places.lang }})",
        &context,
        false,
    )
    .unwrap();
    assert_eq!(page, "A-fr B {count} occurrence (fr)");
}
