//! `privsite status`.

use std::path::PathBuf;

use clap::Args;

use super::Failure;
use super::scope::Scope;
use crate::checks::translation_status;
use crate::model::{Status, Timeline};

/// Show each policy's versions and how complete each translation is.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite status                   Every policy, on today's date
  privsite status --today 2026-01-01

For the current and upcoming versions of each policy, lists per locale the
sections not yet translated and the sections whose translation fell behind a
change of the original (shown to readers in the original, marked).")]
pub(super) struct StatusArgs {
    /// The project folder, holding policies/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Report as on this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
}

pub(super) fn run(args: StatusArgs) -> Result<(), Failure> {
    let today = super::today(args.today.as_deref())?;
    // The versions and translations are the report; source warnings are `check`'s.
    let scope = Scope::nothing();
    let project = scope.load(&args.root)?;
    scope.print(&project.warnings);
    for policy in &project.site.policies {
        let timeline = Timeline::new(policy, today, true);
        println!(
            "{} ({}), source locale {}",
            policy.id, policy.title, policy.source_locale
        );
        for version in &timeline.versions {
            let status = timeline.status(version);
            let label = match status {
                Status::Current => "current",
                Status::Upcoming => "upcoming",
                Status::Draft => "draft",
                Status::Superseded => "replaced",
            };
            println!(
                "  {} effective {}, published {}: {label}",
                version.id, version.effective, version.published
            );
            if status == Status::Superseded {
                continue;
            }
            for locale in translation_status(&timeline, version, &project.history) {
                // A section whose translation is out of date is translated,
                // but not current: counted apart.
                let current = locale.sections - locale.missing.len() - locale.stale.len();
                let mut line = format!(
                    "    {:<6} {current} of {} sections translated and current",
                    locale.locale, locale.sections
                );
                if !locale.missing.is_empty() {
                    line.push_str(&format!("; not yet: {}", locale.missing.join(", ")));
                }
                if !locale.stale.is_empty() {
                    line.push_str(&format!("; out of date: {}", locale.stale.join(", ")));
                }
                println!("{line}");
            }
        }
    }
    Ok(())
}
