//! `privsite announce`: shows an announcement the way a proofreader reads it
//! (or as the exact message, or its HTML part), or sends it through
//! [`crate::deliver`] to the list and the newsgroups, once per version. It
//! must not build messages (that is `outputs::email`) nor talk to a server
//! itself; it reads the addresses and passwords, and says what happened.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Failure;
use super::scope::Scope;
use crate::deliver::record::{self, Record, Sent, Status, Via};
use crate::deliver::{self, Endpoint, Login, Protocol};
use crate::error::Error;
use crate::model::{Locale, Timeline, Version};
use crate::outputs::email::{self, Announcement};
use crate::outputs::{Outputs, PagePath};

/// Print or send the announcement email of a material version.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite announce privacy                       Show the newest announcement for proofreading
  privsite announce privacy --version 2025-06 --locale fr
  privsite announce privacy --format html > mail.html
                                                  The HTML part, to open in a browser
  privsite announce privacy --format eml          The exact message (RFC 5322), as sent
  privsite announce privacy --send --smtp smtps://smtp.example.com
                                                  Send it to the list in policy.yaml

Sending. The relay is --smtp or $PRIVSITE_SMTP_URL: smtps://host[:port] (TLS),
or smtp://host[:port] (STARTTLS when the relay offers it; add ?tls=required to
insist on it). The user name and password come from $PRIVSITE_SMTP_USER and
$PRIVSITE_SMTP_PASSWORD (or the address) and are never printed. A password is
only ever sent encrypted: with one, a relay that cannot do TLS or STARTTLS is
refused. ?insecure_plaintext_auth=yes sends it unencrypted anyway: unsafe,
anyone on the network can read it; only for a relay on a network you trust.

With `newsgroups:` in policy.yaml, --send also posts the announcement to the
news server of $PRIVSITE_NNTP_URL (nntps://host[:port] for TLS, or
nntp://host[:port]), logging in with $PRIVSITE_NNTP_USER and
$PRIVSITE_NNTP_PASSWORD if set, under the same rule.

Servers' certificates are checked against the usual public authorities;
$PRIVSITE_TLS_CA_FILE names a PEM file of further ones to trust (a company's
own certificate authority).

Each delivery is recorded in announcements.sent.json in the project folder;
the same version is never sent twice to the same list or newsgroups unless
--force is given. Two runs at once take turns. If a connection broke after a
message was handed over, it may have been delivered: the next run says so and
sends it again only with --force.")]
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
    /// What to print without --send: a preview to proofread (the headers and
    /// the plain text, decoded), the exact message, or its HTML or text part.
    #[arg(long, value_enum, default_value_t = Format::Preview)]
    format: Format,
    /// Deliver the message (SMTP, and NNTP for newsgroups) instead of printing it.
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
    /// Send even if this version was already sent (or may have been) to this list.
    #[arg(long)]
    force: bool,
    /// The day to build for (YYYY-MM-DD) [default: $SOURCE_DATE_EPOCH, else today].
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
}

/// How `announce` prints a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The headers and the decoded plain text, for proofreading.
    Preview,
    /// The exact RFC 5322 message.
    Eml,
    /// The HTML part alone.
    Html,
    /// The plain-text part alone.
    Text,
}

pub(super) fn run(args: AnnounceArgs) -> Result<(), Failure> {
    let today = super::today(args.today.as_deref())?;
    let project = Scope::policy(&args.policy).load(&args.root)?;
    let policy = super::find_policy(&project.site, &args.policy)?;
    let outputs = project.outputs(today, true);
    let timeline: &Timeline<'_> = outputs
        .timelines
        .iter()
        .find(|t| t.policy.id == policy.id)
        .ok_or_else(|| Failure::Usage(format!("the policy `{}` has no version", policy.id)))?;
    if policy.announce.is_none() {
        return Err(Failure::Usage(format!(
            "the policy `{}` has no `announce:` list in its policy.yaml",
            policy.id
        )));
    }
    let version = chosen_version(&outputs, timeline, args.version.as_deref())?;
    Scope::versions(policy.id.as_str(), [version.id.as_str()]).print(&project.warnings);
    let locales: Vec<Locale> = match &args.locale {
        Some(tag) => vec![super::policy_locale(policy, tag)?],
        None if args.send => policy.locales.clone(),
        None => vec![policy.source_locale.clone()],
    };
    let announcements = locales
        .iter()
        .map(|l| email::announcement(&outputs, timeline, version, l).map(|m| (l.clone(), m)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|d| Failure::Run(Error::Sources(vec![d])))?;
    if args.send {
        return send(&args, timeline, version, &announcements);
    }
    let mut stdout = std::io::stdout().lock();
    for (locale, announcement) in &announcements {
        let bytes = match args.format {
            Format::Eml => announcement.message.formatted(),
            Format::Html => announcement.html.clone().into_bytes(),
            Format::Text => announcement.text.clone().into_bytes(),
            Format::Preview => preview(&policy.id, version, locale, announcement).into_bytes(),
        };
        stdout
            .write_all(&bytes)
            .map_err(|e| Error::io("<stdout>", e))?;
    }
    Ok(())
}

fn chosen_version<'a>(
    outputs: &Outputs<'_>,
    timeline: &Timeline<'a>,
    wanted: Option<&str>,
) -> Result<&'a Version, Failure> {
    let announced = email::announced(outputs, timeline);
    match wanted {
        Some(id) => announced.iter().find(|v| v.id.as_str() == id).copied().ok_or_else(|| {
            let ids: Vec<&str> = announced.iter().map(|v| v.id.as_str()).collect();
            Failure::Usage(format!(
                "version `{id}` is not announced (only material versions are); announced versions: {}",
                if ids.is_empty() { "none".to_owned() } else { ids.join(", ") }
            ))
        }),
        None => announced.last().copied().ok_or_else(|| {
            Failure::Usage(format!(
                "the policy `{}` has no material version to announce",
                timeline.policy.id
            ))
        }),
    }
}

/// The announcement as a proofreader reads it: the headers that matter and
/// the plain text, decoded, then where the HTML part is.
fn preview(
    policy: &crate::model::PolicyId,
    version: &Version,
    locale: &Locale,
    announcement: &Announcement,
) -> String {
    let width = announcement
        .headers
        .iter()
        .map(|(name, _)| name.len() + 1)
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (name, value) in &announcement.headers {
        out.push_str(&format!("{:width$} {value}\n", format!("{name}:")));
    }
    let rule = "-".repeat(72);
    out.push_str(&format!("{rule}\n{}", announcement.text));
    if !announcement.text.ends_with('\n') {
        out.push('\n');
    }
    let file = PagePath::announcement(policy, &version.id, locale).file();
    out.push_str(&format!(
        "{rule}\n\
         The message also has an HTML part, which most mail programs show\n\
         instead of the text above. To see it in a browser, run\n\
         \x20 privsite announce {policy} --version {version} --locale {locale} --format html > announcement.html\n\
         and open announcement.html. `privsite build` writes the whole message\n\
         to site/{file}.\n",
        version = version.id,
    ));
    out
}

/// One delivery to make: where, and how.
struct Channel {
    via: Via,
    to: String,
    endpoint: Endpoint,
    login: Option<Login>,
}

/// A user name and password from two environment variables, if both are set.
fn env_login(user: &str, password: &str) -> Result<Option<Login>, Failure> {
    match (std::env::var(user), std::env::var(password)) {
        (Ok(user), Ok(password)) => Ok(Some(Login { user, password })),
        (Err(_), Err(_)) => Ok(None),
        (Ok(_), Err(_)) => Err(Failure::Usage(format!(
            "${user} is set but ${password} is not: set both to log in, or neither"
        ))),
        (Err(_), Ok(_)) => Err(Failure::Usage(format!(
            "${password} is set but ${user} is not: set both to log in, or neither"
        ))),
    }
}

fn send(
    args: &AnnounceArgs,
    timeline: &Timeline<'_>,
    version: &Version,
    announcements: &[(Locale, Announcement)],
) -> Result<(), Failure> {
    let policy = timeline.policy;
    let announce = policy.announce.as_ref().expect("checked by the caller");
    // Every secret this run knows, so that no message can print one.
    let mut secrets: Vec<String> = ["PRIVSITE_SMTP_PASSWORD", "PRIVSITE_NNTP_PASSWORD"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .collect();
    let hide = |secrets: &[String], text: String| {
        deliver::redact(
            &text,
            &secrets.iter().map(String::as_str).collect::<Vec<_>>(),
        )
    };
    let smtp_url = args.smtp.clone().ok_or_else(|| {
        Failure::Usage("--send needs a relay: --smtp URL or $PRIVSITE_SMTP_URL".to_owned())
    })?;
    let endpoint = |url: &str, protocol| {
        Endpoint::parse(url, protocol).map_err(|e| Failure::Usage(hide(&secrets, e)))
    };
    let mut channels = vec![Channel {
        via: Via::Email,
        to: announce.to.clone(),
        endpoint: endpoint(&smtp_url, Protocol::Smtp)?,
        login: env_login("PRIVSITE_SMTP_USER", "PRIVSITE_SMTP_PASSWORD")?,
    }];
    if !announce.newsgroups.is_empty() {
        let url = std::env::var("PRIVSITE_NNTP_URL").map_err(|_| {
            Failure::Usage(format!(
                "the policy `{}` lists newsgroups, so --send needs a news server: set $PRIVSITE_NNTP_URL \
                 (for example nntps://news.example.com)",
                policy.id
            ))
        })?;
        let names: Vec<&str> = announce.newsgroups.iter().map(|g| g.as_str()).collect();
        channels.push(Channel {
            via: Via::News,
            to: names.join(","),
            endpoint: endpoint(&url, Protocol::Nntp)?,
            login: env_login("PRIVSITE_NNTP_USER", "PRIVSITE_NNTP_PASSWORD")?,
        });
    }
    let extra_roots = match std::env::var_os("PRIVSITE_TLS_CA_FILE") {
        Some(path) => Some(
            std::fs::read(&path).map_err(|e| Failure::Run(Error::io(PathBuf::from(path), e)))?,
        ),
        None => None,
    };
    for channel in &mut channels {
        channel.endpoint.extra_roots.clone_from(&extra_roots);
        if let Some(login) = &channel.endpoint.login {
            secrets.push(login.password.clone());
        }
    }
    let fail = |secrets: &[String], text: String| Failure::Run(Error::Output(hide(secrets, text)));
    let mut record = Record::open(&args.root, || {
        eprintln!("Waiting for another `privsite announce --send` to finish...");
    })
    .map_err(Failure::Run)?;
    let mut doubts = 0;
    for (locale, announcement) in announcements {
        for channel in &channels {
            let entry = Sent {
                policy: policy.id.to_string(),
                version: version.id.to_string(),
                locale: locale.to_string(),
                via: channel.via,
                to: channel.to.clone(),
                message_id: announcement
                    .message
                    .headers()
                    .get_raw("Message-ID")
                    .unwrap_or_default()
                    .to_owned(),
                status: Status::Sent,
            };
            let what = format!("{} {} ({locale}) to {}", policy.id, version.id, channel.to);
            match record.status(&entry) {
                Some(Status::Sent) if !args.force => {
                    eprintln!("Skipped {what}: already sent (use --force to send again)");
                    continue;
                }
                Some(Status::MayHaveBeenSent) if !args.force => {
                    eprintln!(
                        "error: {what} may already have been delivered: an earlier run handed the message over, \
                         then lost the connection before the server confirmed it (see {}). Check whether it \
                         arrived (the list's archive, the newsgroup, a subscriber's inbox). If it did not, run \
                         again with --force to send it; if it did, there is nothing to do.",
                        record::FILE
                    );
                    doubts += 1;
                    continue;
                }
                _ => {}
            }
            let result = match channel.via {
                Via::Email => deliver::smtp::send(
                    &channel.endpoint,
                    channel.login.as_ref(),
                    &announcement.message,
                ),
                Via::News => deliver::nntp::post(
                    &channel.endpoint,
                    channel.login.as_ref(),
                    &announcement.message.formatted(),
                ),
            };
            match result {
                Ok(()) => {
                    record.add(entry).map_err(Failure::Run)?;
                    eprintln!("Sent {what}");
                }
                Err(deliver::Failure::NotSent(why)) => {
                    return Err(fail(&secrets, format!("{what} was not sent: {why}")));
                }
                Err(deliver::Failure::MaybeSent(why)) => {
                    record
                        .add(Sent {
                            status: Status::MayHaveBeenSent,
                            ..entry
                        })
                        .map_err(Failure::Run)?;
                    return Err(fail(
                        &secrets,
                        format!(
                            "{what} may have been delivered: {why}. This is recorded in {}; check whether it \
                             arrived before running again (a new run asks for --force to send it again)",
                            record::FILE
                        ),
                    ));
                }
            }
        }
    }
    if doubts > 0 {
        return Err(Failure::Silent);
    }
    Ok(())
}
