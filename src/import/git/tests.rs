use super::*;

#[test]
fn a_locale_segment_must_be_a_whole_folder() {
    let p = Pattern::parse("{locale}/firefox_privacy_notice.md").unwrap();
    assert_eq!(p.path("fr"), "fr/firefox_privacy_notice.md");
    assert!(p.has_locales());
    let p = Pattern::parse("legal/{locale}/privacy.md").unwrap();
    assert_eq!(p.path("pt-BR"), "legal/pt-BR/privacy.md");
    let p = Pattern::parse("Policies/github-privacy-statement.md").unwrap();
    assert_eq!(p.path("en"), "Policies/github-privacy-statement.md");
    assert!(!p.has_locales());
    assert!(Pattern::parse("privacy.{locale}.md").is_err());
    assert!(Pattern::parse("{locale}/{locale}/x.md").is_err());
}

#[test]
fn locale_folders_map_to_privsite_locales_or_say_why_not() {
    assert_eq!(locale_of("pt-BR").unwrap().as_str(), "pt-BR");
    assert_eq!(locale_of("pt_BR").unwrap().as_str(), "pt-BR");
    assert_eq!(locale_of("zh-TW").unwrap().as_str(), "zh-TW");
    assert_eq!(locale_of("es-ES").unwrap().as_str(), "es-ES");
    assert!(locale_of("en_b").is_err());
    assert!(locale_of("images").is_err());
}
