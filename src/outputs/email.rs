//! The announcement email of each material version, per locale
//! (`<p>/announcements/<v>.<l>.eml`): an RFC 5322 message built with
//! lettre, multipart/alternative with a wrapped plain-text part (links as
//! numbered footnotes) and an HTML part with inline styles. Every header is
//! derived from the sources (the Date is the publication day, the
//! Message-ID is made from the policy, version and locale), so the same
//! sources give the same bytes.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use lettre::Message;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};

use super::changes::{ReasonStyle, reason};
use super::{Artifact, Outputs, PagePath};
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

/// Every announcement of `timeline`'s policy, in every locale.
pub(super) fn render(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
) -> Result<Vec<Artifact>, Diagnostic> {
    let mut artifacts = Vec::new();
    for version in announced(out, timeline) {
        for locale in &timeline.policy.locales {
            let message = message(out, timeline, version, locale)?;
            let path = PagePath::announcement(&timeline.policy.id, &version.id, locale);
            artifacts.push(Artifact::new(&path, message.formatted()));
        }
    }
    Ok(artifacts)
}

/// `Content-Language`, which lettre does not define.
#[derive(Debug, Clone)]
struct ContentLanguage(String);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ContentLanguage(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe` (RFC 2369), which lettre does not define.
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// The announcement of `version` in `locale`.
pub fn message(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    version: &Version,
    locale: &Locale,
) -> Result<Message, Diagnostic> {
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
    let (title, _) = super::pages::localized_title(version, locale, &policy.title);
    let date = out.dates.view(locale, version.effective);
    let base = &out.site.base_url;
    let url = PagePath::version(&policy.id, locale, &version.id).url(base);
    let changes_url = PagePath::changes(&policy.id, locale, &version.id).url(base);
    let upcoming = version.effective > version.published;
    let intro_key = if upcoming {
        "email_intro_upcoming"
    } else {
        "email_intro"
    };
    let plain_fill =
        |key: &str| fill_text(&string(key), &[("policy", title), ("date", &date.text)]);
    let subject = plain_fill("email_subject");
    let intro = plain_fill(intro_key);
    let summary = version.summary_in(locale).map(|(s, _)| s);
    let diff: Option<&VersionDiff> = out.diff(&policy.id, &version.id);
    let source = policy.source_locale.as_str();
    // The reasons come from the source locale's comparison; the section
    // titles they name, from this locale's texts.
    let titles = match (timeline.previous(version), diff) {
        (Some(previous), _) if *locale != policy.source_locale => {
            crate::diff::compared_titles(previous, version, locale)
        }
        (_, Some(d)) => super::changes::titles(&d.comparison),
        _ => BTreeMap::new(),
    };
    let material = |style| -> Vec<String> {
        diff.map(|d| {
            d.comparison
                .changes
                .iter()
                .filter(|c| c.level == Level::Material)
                .map(|c| reason(c, t, &titles, source, style))
                .collect()
        })
        .unwrap_or_default()
    };
    let text = plain_text(
        t,
        &[title, &intro],
        summary,
        &material(ReasonStyle::Plain),
        [&url, &changes_url],
    );
    let html = html_part(
        t,
        locale,
        (title, &intro),
        summary,
        &material(ReasonStyle::Html {
            page_lang: locale.as_str(),
        }),
        (&url, &changes_url),
    );

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
    let mut builder = Message::builder()
        .from(mailbox(&announce.from)?)
        .to(mailbox(&announce.to)?)
        .subject(subject)
        .date(published)
        .message_id(Some(format!(
            "<{}.{}.{}@{host}>",
            version.id, locale, policy.id
        )))
        .header(ContentLanguage(locale.to_string()));
    if let Some(reply_to) = &announce.reply_to {
        builder = builder.reply_to(mailbox(reply_to)?);
    }
    if let Some(unsubscribe) = &announce.unsubscribe {
        builder = builder.header(ListUnsubscribe(unsubscribe.clone()));
    }
    let body = MultiPart::alternative()
        .boundary(format!("privsite-{}-{}-{}", policy.id, version.id, locale))
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(text),
        )
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_HTML)
                .body(html),
        );
    builder.multipart(body).map_err(|e| fail("the message", &e))
}

/// The text part: paragraphs wrapped at 72 columns, links as footnotes.
fn plain_text(
    t: &Strings,
    head: &[&str; 2],
    summary: Option<&str>,
    changes: &[String],
    links: [&str; 2],
) -> String {
    let string = |key: &str| t.text(key).to_owned();
    let wrap = |text: &str, indent: &str| {
        textwrap::fill(text, textwrap::Options::new(72).subsequent_indent(indent))
    };
    let mut out = String::new();
    out.push_str(head[0]);
    out.push('\n');
    out.push_str(&"=".repeat(head[0].chars().count().min(72)));
    out.push_str("\n\n");
    out.push_str(&wrap(head[1], ""));
    out.push_str("\n\n");
    if let Some(summary) = summary {
        out.push_str(&wrap(&markdown::to_plain_text(summary), ""));
        out.push_str("\n\n");
    }
    if !changes.is_empty() {
        out.push_str(&string("email_changes"));
        out.push('\n');
        for change in changes {
            out.push_str(&wrap(&format!("- {change}"), "  "));
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{} [1]\n{} [2]\n\n[1] {}\n[2] {}\n",
        string("notice_read"),
        string("view_changes"),
        links[0],
        links[1]
    ));
    out
}

/// The HTML part: one column, inline styles, as mail clients need.
fn html_part(
    t: &Strings,
    locale: &Locale,
    (title, intro): (&str, &str),
    summary: Option<&str>,
    changes: &[String],
    (url, changes_url): (&str, &str),
) -> String {
    let string = |key: &str| t.text(key).to_owned();
    let dir = locale.dir();
    let mut body = format!(
        "<h1 style=\"font-size:22px;line-height:1.3;margin:0 0 12px\">{}</h1>\n<p style=\"margin:0 0 12px\">{}</p>\n",
        escape_html(title),
        escape_html(intro)
    );
    if let Some(summary) = summary {
        body.push_str(&format!(
            "<div style=\"margin:0 0 12px\">{}</div>\n",
            markdown::summary_to_html(summary)
        ));
    }
    if !changes.is_empty() {
        body.push_str(&format!("<p style=\"margin:16px 0 6px;font-weight:bold\">{}</p>\n<ul style=\"margin:0 0 12px;padding-inline-start:20px\">\n", escape_html(&string("email_changes"))));
        for change in changes {
            body.push_str(&format!("<li style=\"margin:0 0 4px\">{change}</li>\n"));
        }
        body.push_str("</ul>\n");
    }
    let button = "display:inline-block;background:#1a5cab;color:#ffffff;text-decoration:none;padding:8px 14px;border-radius:4px;margin:4px 8px 4px 0";
    body.push_str(&format!(
        "<p style=\"margin:16px 0 0\"><a href=\"{}\" style=\"{button}\">{}</a> <a href=\"{}\" style=\"color:#1a5cab\">{}</a></p>\n",
        escape_html(url),
        escape_html(&string("notice_read")),
        escape_html(changes_url),
        escape_html(&string("view_changes")),
    ));
    // Section links in the reasons point into the change page.
    let body = body.replace("href=\"#", &format!("href=\"{}#", escape_html(changes_url)));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n<body style=\"margin:0;padding:24px;background:#ffffff;color:#1a1e23;font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.55\">\n<div style=\"max-width:600px;margin:0 auto\">\n{body}</div>\n</body>\n</html>\n",
        lang = escape_html(locale.as_str()),
        title = escape_html(title),
    )
}
