//! The announcement email of each material version, per locale
//! (`<p>/announcements/<v>.<l>.eml`): an RFC 5322 message built with
//! lettre, multipart/alternative with a plain-text part (`email.txt`,
//! wrapped at 72 columns, links as numbered footnotes) and an HTML part
//! (`email.html`, inline styles), both theme templates rendered with
//! [`EmailView`]. With `announce.newsgroups` the same message carries a
//! `Newsgroups:` header, so one text serves the list and the newsgroups.
//!
//! Every header is derived from the sources (the Date is the publication
//! day, the Message-ID is made from the policy, version and locale, the
//! multipart boundary is a digest of the parts, checked absent from them), so
//! the same sources give the same bytes and no author text can forge a part.
//! This module builds messages; it never sends them (see [`crate::deliver`]).

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use lettre::Message;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::changes::{ReasonStyle, reason};
use super::{Outputs, PagePath};
use crate::diagnostics::Diagnostic;
use crate::diff::{Level, VersionDiff};
use crate::i18n::Strings;
use crate::markdown;
use crate::model::{Locale, Timeline, Version};
use crate::render::{escape_html, fill_text};

/// The versions of `timeline` that are announced: material ones, when the
/// policy has an announcement list.
pub fn announced<'a>(out: &Outputs<'_>, timeline: &Timeline<'a>) -> Vec<&'a Version> {
    if timeline.policy.announce.is_none() {
        return Vec::new();
    }
    timeline
        .versions
        .iter()
        .copied()
        .filter(|v| {
            out.diff(&timeline.policy.id, &v.id)
                .is_some_and(VersionDiff::is_material)
        })
        .collect()
}

/// A header lettre does not define, written as given.
macro_rules! text_header {
    ($type:ident, $name:literal, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone)]
        struct $type(String);

        impl Header for $type {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($name)
            }
            fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok($type(s.to_owned()))
            }
            fn display(&self) -> HeaderValue {
                HeaderValue::new(Self::name(), self.0.clone())
            }
        }
    };
}

text_header!(ContentLanguage, "Content-Language", "`Content-Language`.");
text_header!(
    ListUnsubscribe,
    "List-Unsubscribe",
    "`List-Unsubscribe` (RFC 2369), its value in angle brackets."
);
text_header!(
    Newsgroups,
    "Newsgroups",
    "`Newsgroups` (RFC 5536): the names, separated by commas."
);

/// One announcement: the message, and its parts as readable text for a
/// preview (never encoded).
#[derive(Debug, Clone)]
pub struct Announcement {
    /// The message, ready to format or send.
    pub message: Message,
    /// The headers a reader checks, in order: `(name, value)`, decoded.
    pub headers: Vec<(&'static str, String)>,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
}

/// What `email.txt` and `email.html` receive (documented in `docs/THEMES.md`).
#[derive(Debug, Serialize)]
struct EmailView<'a> {
    #[serde(skip)]
    t: &'a Strings,
    lang: &'a str,
    dir: &'static str,
    /// The policy's title in this locale.
    title: &'a str,
    /// How many `=` underline the title in plain text.
    title_width: usize,
    /// The opening sentence, plain text.
    intro: String,
    /// Who sends it: the policy's `owner`.
    owner: &'a str,
    summary_text: Option<String>,
    summary_html: Option<String>,
    summary_lang: Option<&'a str>,
    /// The material changes.
    changes: Vec<EmailChange>,
    url: String,
    changes_url: String,
    /// Where to ask: the address of `reply_to`, else of `from`.
    reply_to: String,
    unsubscribe: Option<Unsubscribe>,
}

/// One material change, in both forms.
#[derive(Debug, Serialize)]
struct EmailChange {
    text: String,
    /// Escaped HTML, safe to print.
    html: String,
}

/// How to leave the list.
#[derive(Debug, Serialize)]
struct Unsubscribe {
    /// The `mailto:` or `https:` address as written.
    url: String,
    /// For `mailto:`, the email address alone.
    mail: Option<String>,
}

/// The announcement of `version` in `locale`.
pub fn announcement(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    version: &Version,
    locale: &Locale,
) -> Result<Announcement, Diagnostic> {
    let policy = timeline.policy;
    let announce = policy
        .announce
        .as_ref()
        .expect("only policies with `announce` are announced");
    let fail = |what: &str, err: &dyn std::fmt::Display| {
        Diagnostic::error(
            policy.origin.clone(),
            format!(
                "the announcement of {} ({locale}) cannot be built: {what}: {err}",
                version.id
            ),
        )
    };
    let mailbox = |text: &str| text.parse::<Mailbox>().map_err(|e| fail("an address", &e));
    let t = out.strings(locale);
    let string = |key: &str| t.text(key).to_owned();
    let (title, _) = super::frame::localized_title(version, locale, &policy.title);
    let date = out.dates.view(locale, version.effective);
    let base = &out.site.base_url;
    let url = PagePath::version(&policy.id, locale, &version.id).url(base);
    let changes_url = PagePath::changes(&policy.id, locale, &version.id).url(base);
    let intro_key = if version.effective > version.published {
        "email_intro_upcoming"
    } else {
        "email_intro"
    };
    let plain_fill =
        |key: &str| fill_text(&string(key), &[("policy", title), ("date", &date.text)]);
    let subject = plain_fill("email_subject");
    let summary = version.summary_in(locale);
    let from = mailbox(&announce.from)?;
    let to = mailbox(&announce.to)?;
    let reply_to = announce.reply_to.as_deref().map(mailbox).transpose()?;
    let view = EmailView {
        t,
        lang: locale.as_str(),
        dir: locale.dir(),
        title,
        title_width: title.chars().count().min(72),
        intro: plain_fill(intro_key),
        owner: &policy.owner,
        summary_text: summary.map(|(s, _)| markdown::to_plain_text(s)),
        summary_html: summary.map(|(s, _)| markdown::summary_to_html(s)),
        summary_lang: summary
            .and_then(|(_, fallback)| fallback.then_some(policy.source_locale.as_str())),
        changes: material_changes(out, timeline, version, locale, &changes_url),
        reply_to: reply_to.as_ref().unwrap_or(&from).email.to_string(),
        unsubscribe: announce.unsubscribe.as_ref().map(|u| Unsubscribe {
            url: u.clone(),
            mail: u
                .strip_prefix("mailto:")
                .map(|m| m.split('?').next().unwrap_or(m).to_owned()),
        }),
        url,
        changes_url,
    };
    let text = wrap(&out.engine.render("email.txt", &view)?);
    let html = out.engine.render("email.html", &view)?;

    let host = url::Url::parse(base)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "privsite.invalid".into());
    let published = SystemTime::UNIX_EPOCH
        + Duration::from_secs(
            u64::try_from(
                version
                    .published
                    .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                    .map_err(|e| fail("the date", &e))?
                    .timestamp()
                    .as_second(),
            )
            .unwrap_or(0),
        );
    let mut headers = vec![("From", from.to_string()), ("To", to.to_string())];
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(subject.clone())
        .date(published)
        .message_id(Some(format!(
            "<{}.{}.{}@{host}>",
            version.id, locale, policy.id
        )))
        .header(ContentLanguage(locale.to_string()));
    if let Some(reply_to) = reply_to {
        headers.push(("Reply-To", reply_to.to_string()));
        builder = builder.reply_to(reply_to);
    }
    if !announce.newsgroups.is_empty() {
        let names: Vec<&str> = announce.newsgroups.iter().map(|g| g.as_str()).collect();
        headers.push(("Newsgroups", names.join(", ")));
        builder = builder.header(Newsgroups(names.join(",")));
    }
    if let Some(unsubscribe) = &announce.unsubscribe {
        builder = builder.header(ListUnsubscribe(format!("<{unsubscribe}>")));
    }
    headers.push(("Subject", subject));
    let text_part = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(text.clone());
    let html_part = SinglePart::builder()
        .header(ContentType::TEXT_HTML)
        .body(html.clone());
    let body = MultiPart::alternative()
        .boundary(boundary(&[&text_part.formatted(), &html_part.formatted()]))
        .singlepart(text_part)
        .singlepart(html_part);
    let message = builder
        .multipart(body)
        .map_err(|e| fail("the message", &e))?;
    if let Some(date) = message.headers().get_raw("Date") {
        headers.push(("Date", date.to_owned()));
    }
    Ok(Announcement {
        message,
        headers,
        text,
        html,
    })
}

/// The material changes of `version`, named as `locale` names its sections.
fn material_changes(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    version: &Version,
    locale: &Locale,
    changes_url: &str,
) -> Vec<EmailChange> {
    let policy = timeline.policy;
    let Some(diff) = out.diff(&policy.id, &version.id) else {
        return Vec::new();
    };
    let t = out.strings(locale);
    let source = policy.source_locale.as_str();
    // The reasons come from the source locale's comparison; the section
    // titles they name, from this locale's texts.
    let titles = match timeline.previous(version) {
        Some(previous) if *locale != policy.source_locale => {
            crate::diff::compared_titles(previous, version, locale)
        }
        _ => super::changes::titles(&diff.comparison),
    };
    let titles: BTreeMap<&str, &str> = titles;
    // Section links in the reasons point into the change page.
    let anchor = format!("href=\"{}#", escape_html(changes_url));
    let html_style = ReasonStyle::Html {
        page_lang: locale.as_str(),
    };
    let text_style = ReasonStyle::Plain {
        isolate: locale.dir() == "rtl",
    };
    crate::diff::for_reading(&diff.comparison.changes)
        .iter()
        .filter(|g| g.level == Level::Material)
        .map(|g| EmailChange {
            text: reason(g, t, &titles, source, text_style),
            html: reason(g, t, &titles, source, html_style).replace("href=\"#", &anchor),
        })
        .collect()
}

/// A multipart boundary made from the parts' own bytes (so the same parts
/// give the same message), and absent from every one of them: a part cannot
/// hold text that ends it early, whatever the author wrote.
fn boundary(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    let mut digest = hasher.finalize();
    loop {
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        let candidate = format!("=_privsite_{hex}");
        if !parts.iter().any(|p| {
            p.windows(candidate.len())
                .any(|w| w == candidate.as_bytes())
        }) {
            return candidate;
        }
        digest = Sha256::digest(digest);
    }
}

/// Wraps every line of the plain-text part at 72 columns, without breaking
/// words (links stay whole); a list item (`- `) or footnote (`[1] `) keeps its
/// text aligned on the lines that follow.
fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let indent = if line.starts_with("- ") {
            2
        } else if line.starts_with('[') {
            line.find("] ").map_or(0, |i| i + 2)
        } else {
            0
        };
        let options = textwrap::Options::new(72)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .subsequent_indent(&"          "[..indent.min(10)]);
        out.push_str(&textwrap::fill(line, options));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{boundary, wrap};

    #[test]
    fn the_boundary_follows_the_content_and_never_occurs_in_it() {
        let a = boundary(&[b"one", b"two"]);
        assert_eq!(a, boundary(&[b"one", b"two"]), "deterministic");
        assert_ne!(a, boundary(&[b"one", b"three"]));
        // A part that holds the boundary its content would get gets another.
        let holding = format!("text {a} text");
        let other = boundary(&[holding.as_bytes(), b"two"]);
        assert!(!holding.contains(&other));
    }

    #[test]
    fn wraps_lines_with_hanging_indents_and_keeps_links_whole() {
        let long = "word ".repeat(30);
        let url = format!("[1] https://example.com/{}", "a".repeat(90));
        let text = wrap(&format!("{long}\n- {long}\n{url}\n"));
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[..3].iter().all(|l| l.chars().count() <= 72), "{text}");
        assert!(text.contains("\n- word"));
        assert!(text.contains("\n  word"), "list items hang: {text}");
        assert!(text.contains(&url), "links are never broken: {text}");
    }
}

crate::render::view_with_strings!(EmailView);
