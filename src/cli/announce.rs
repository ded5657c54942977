//! `privsite announce`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{SmtpTransport, Transport};

use super::Failure;
use crate::build::Project;
use crate::error::Error;
use crate::model::{Locale, Timeline};
use crate::outputs::{Outputs, email};

/// Print or send the announcement email of a material version.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite announce privacy                       Print the newest announcement (source locale)
  privsite announce privacy --version 2025-06 --locale fr
  privsite announce privacy --send --smtp smtps://smtp.example.com
                                                  Send it to the list in policy.yaml

The relay is --smtp or $PRIVSITE_SMTP_URL: smtp://host:port (STARTTLS is used
when the relay offers it), smtps://host (TLS), or smtp://host:port?tls=required.
The user name and password come from $PRIVSITE_SMTP_USER and
$PRIVSITE_SMTP_PASSWORD and are never printed. Each message sent is recorded in
announcements.sent.json in the project folder; the same version is never sent
twice to the same list unless --force is given.")]
pub(super) struct AnnounceArgs {
    /// The project folder, holding policies/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The policy id.
    policy: String,
    /// The version to announce [default: the newest announced one].
    #[arg(long, value_name = "V")]
    version: Option<String>,
    /// The locale [default: the policy's source locale; with --send, every locale].
    #[arg(long, value_name = "L")]
    locale: Option<String>,
    /// Deliver the message over SMTP instead of printing it.
    #[arg(long)]
    send: bool,
    /// The SMTP relay.
    #[arg(
        long,
        value_name = "URL",
        env = "PRIVSITE_SMTP_URL",
        hide_env_values = true
    )]
    smtp: Option<String>,
    /// Send even if this version was already sent to this list.
    #[arg(long)]
    force: bool,
    /// The day to build for (YYYY-MM-DD) [default: $SOURCE_DATE_EPOCH, else today].
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
}

/// The file recording what was sent.
const RECORD: &str = "announcements.sent.json";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Sent {
    policy: String,
    version: String,
    locale: String,
    to: String,
    message_id: String,
}

pub(super) fn run(args: AnnounceArgs) -> Result<(), Failure> {
    let today = super::today(args.today.as_deref())?;
    let project = Project::load(&args.root)?;
    let outputs = Outputs::new(&project, today, true);
    let timeline: &Timeline<'_> = outputs
        .timelines
        .iter()
        .find(|t| t.policy.id.as_str() == args.policy)
        .ok_or_else(|| Failure::Usage(format!("there is no policy `{}`", args.policy)))?;
    let policy = timeline.policy;
    let announce = policy.announce.as_ref().ok_or_else(|| {
        Failure::Usage(format!(
            "the policy `{}` has no `announce:` list in its policy.yaml",
            policy.id
        ))
    })?;
    let announced = email::announced(&outputs, timeline);
    let version = match &args.version {
        Some(id) => announced.iter().find(|v| v.id.as_str() == id).copied().ok_or_else(|| {
            let ids: Vec<&str> = announced.iter().map(|v| v.id.as_str()).collect();
            Failure::Usage(format!(
                "version `{id}` is not announced (only material versions are); announced versions: {}",
                if ids.is_empty() { "none".to_owned() } else { ids.join(", ") }
            ))
        })?,
        None => *announced.last().ok_or_else(|| Failure::Usage(format!("the policy `{}` has no material version to announce", policy.id)))?,
    };
    let locales: Vec<Locale> = match &args.locale {
        Some(tag) => vec![super::policy_locale(policy, tag)?],
        None if args.send => policy.locales.clone(),
        None => vec![policy.source_locale.clone()],
    };
    let messages = locales
        .iter()
        .map(|l| email::message(&outputs, timeline, version, l).map(|m| (l, m)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|d| Failure::Run(Error::Sources(vec![d])))?;
    if !args.send {
        let mut stdout = std::io::stdout().lock();
        for (_, message) in &messages {
            stdout
                .write_all(&message.formatted())
                .map_err(|e| Error::io("<stdout>", e))?;
        }
        return Ok(());
    }
    let url = args.smtp.ok_or_else(|| {
        Failure::Usage("--send needs a relay: --smtp URL or $PRIVSITE_SMTP_URL".to_owned())
    })?;
    let mut transport = SmtpTransport::from_url(&url).map_err(|e| {
        Failure::Usage(format!(
            "--smtp: `{}` is not a relay address: {e}",
            redact(&url)
        ))
    })?;
    if let (Ok(user), Ok(password)) = (
        std::env::var("PRIVSITE_SMTP_USER"),
        std::env::var("PRIVSITE_SMTP_PASSWORD"),
    ) {
        transport = transport.credentials(Credentials::new(user, password));
    }
    let transport = transport.build();
    let record_path = args.root.join(RECORD);
    let mut record = read_record(&record_path)?;
    for (locale, message) in messages {
        let entry = Sent {
            policy: policy.id.to_string(),
            version: version.id.to_string(),
            locale: locale.to_string(),
            to: announce.to.clone(),
            message_id: message
                .headers()
                .get_raw("Message-ID")
                .unwrap_or_default()
                .to_owned(),
        };
        let already = record.iter().any(|s| {
            (&s.policy, &s.version, &s.locale, &s.to)
                == (&entry.policy, &entry.version, &entry.locale, &entry.to)
        });
        if already && !args.force {
            eprintln!(
                "Skipped {} {} ({locale}): already sent to {} (use --force to send again)",
                policy.id, version.id, announce.to
            );
            continue;
        }
        transport.send(&message).map_err(|e| {
            Failure::Run(Error::Output(format!(
                "the relay {} did not accept the message for {}: {e}",
                redact(&url),
                announce.to
            )))
        })?;
        eprintln!(
            "Sent {} {} ({locale}) to {}",
            policy.id, version.id, announce.to
        );
        record.push(entry);
        write_record(&record_path, &record)?;
    }
    Ok(())
}

/// The relay address without any password in it, for messages.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => "(the address given)".to_owned(),
    }
}

fn read_record(path: &Path) -> Result<Vec<Sent>, Failure> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            Failure::Run(Error::Output(format!(
                "{} is damaged: {e}; fix or remove it",
                path.display()
            )))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Failure::Run(Error::io(path, e))),
    }
}

fn write_record(path: &Path, record: &[Sent]) -> Result<(), Failure> {
    let mut text = serde_json::to_string_pretty(record).expect("the record is plain data");
    text.push('\n');
    std::fs::write(path, text).map_err(|e| Failure::Run(Error::io(path, e)))
}
