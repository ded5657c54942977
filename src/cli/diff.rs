//! `privsite diff`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anstyle::{AnsiColor, Effects, Style};
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::Failure;
use super::scope::Scope;
use crate::diagnostics::printable;
use crate::diff::{
    self, BlockStatus, Comparison, Level, PlaceKind, SectionStatus, VersionDiff, words::Tag,
};
use crate::markdown::BlockKind;
use crate::model::{Policy, Version};

/// Compare two versions of a policy: classification, reasons and a redline.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite diff zimbra                      The newest version against the one before it
  privsite diff zimbra 2006-02              That version against the one before it
  privsite diff zimbra 2005-08 2006-02      Any two versions, oldest first
  privsite diff zimbra --locale fr          The redline of the French texts
  privsite diff zimbra --format json        For tools: classification, changes, redline

The classification always comes from the source locale. In a terminal, inserted
text is green and underlined, deleted text red and struck through; otherwise
they are written {+like this+} and [-like this-].")]
pub(super) struct DiffArgs {
    /// The project folder, holding policies/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The policy id.
    policy: String,
    /// The earlier version (or, alone, the version to compare with the one before it).
    from: Option<String>,
    /// The later version.
    to: Option<String>,
    /// Show the redline of this locale's texts.
    #[arg(long, value_name = "L")]
    locale: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

pub(super) fn run(args: DiffArgs) -> Result<(), Failure> {
    let project = Scope::policy(&args.policy).load(&args.root)?;
    let policy = super::find_policy(&project.site, &args.policy)?;
    let (old, new) = pick_versions(policy, args.from.as_deref(), args.to.as_deref())?;
    Scope::versions(policy.id.as_str(), [old.id.as_str(), new.id.as_str()])
        .print(&project.warnings);
    let locale = match &args.locale {
        Some(tag) => super::policy_locale(policy, tag)?,
        None => policy.source_locale.clone(),
    };
    let computed;
    let comparison = match project.history.get(&policy.id, &old.id, &new.id) {
        Some(found) => found,
        None => {
            computed = diff::compare_versions(policy, old, new);
            &computed
        }
    };
    let redline = diff::redline(
        policy,
        (old, new),
        comparison,
        &locale,
        None,
        &diff::Splits::default(),
    );
    let mut stdout = std::io::stdout().lock();
    let written = match args.format {
        Format::Json => {
            let report = JsonReport {
                policy: policy.id.as_str(),
                from: &comparison.from,
                to: &comparison.to,
                locale: locale.as_str(),
                classification: comparison.classification,
                automatic: comparison.automatic,
                declared: comparison.declared,
                changes: &comparison.comparison.changes,
                stats: &redline.stats,
                sections: &redline.sections,
            };
            serde_json::to_writer_pretty(&mut stdout, &report)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(stdout))
        }
        Format::Text => {
            let color = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            write_text(&mut stdout, policy, comparison, &redline, color)
        }
    };
    // A closed pipe (`privsite diff ... | head`) is not an error.
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Run(crate::Error::io("<stdout>", e)))
        }
        _ => Ok(()),
    }
}

/// Which two versions to compare, from the arguments.
fn pick_versions<'a>(
    policy: &'a Policy,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(&'a Version, &'a Version), Failure> {
    let find = |id: &str| super::version_index(policy, id);
    let (old, new) = match (from, to) {
        (Some(a), Some(b)) => (find(a)?, find(b)?),
        (Some(one), None) => {
            let new = find(one)?;
            (
                new.checked_sub(1).ok_or_else(|| {
                    Failure::Usage(format!(
                        "`{one}` is the first version; there is nothing before it to compare with"
                    ))
                })?,
                new,
            )
        }
        (None, _) => {
            let newest = policy.versions.len().saturating_sub(1);
            (
                newest.checked_sub(1).ok_or_else(|| {
                    Failure::Usage(format!("the policy `{}` has only one version", policy.id))
                })?,
                newest,
            )
        }
    };
    Ok((&policy.versions[old], &policy.versions[new]))
}

/// What `--format json` prints. The classification and changes come from the
/// source locale; the counts and the redline (`sections`) from `locale`.
#[derive(Serialize)]
struct JsonReport<'a> {
    policy: &'a str,
    from: &'a str,
    to: &'a str,
    locale: &'a str,
    classification: Level,
    automatic: Level,
    declared: Option<crate::model::DeclaredKind>,
    changes: &'a [diff::Change],
    stats: &'a diff::Stats,
    sections: &'a [diff::SectionDiff],
}

fn style(color: bool, style: Style) -> (String, String) {
    if color {
        (style.render().to_string(), style.render_reset().to_string())
    } else {
        (String::new(), String::new())
    }
}

fn write_text(
    out: &mut impl Write,
    policy: &Policy,
    diff: &VersionDiff,
    redline: &Comparison,
    color: bool,
) -> std::io::Result<()> {
    let bold = style(color, Style::new().effects(Effects::BOLD));
    let level_style = |level: Level| match level {
        Level::Material => Style::new()
            .fg_color(Some(AnsiColor::Red.into()))
            .effects(Effects::BOLD),
        Level::Minor => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        _ => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
    };
    let level = |l: Level| {
        let (on, off) = style(color, level_style(l));
        format!("{on}{l}{off}")
    };
    writeln!(
        out,
        "{}{} {} -> {}{}: {}",
        bold.0,
        policy.id,
        diff.from,
        diff.to,
        bold.1,
        level(diff.classification)
    )?;
    if diff.classification != diff.automatic {
        writeln!(
            out,
            "  (declared in change.kind; the comparison finds {})",
            level(diff.automatic)
        )?;
    }
    let stats = &redline.stats;
    writeln!(
        out,
        "  {}",
        crate::i18n::Strings::terminal().counts(&[
            ("sections_changed", stats.sections_changed),
            ("words_added", stats.words_added),
            ("words_removed", stats.words_removed),
            ("passages_moved", stats.blocks_moved),
        ])
    )?;
    if !diff.comparison.changes.is_empty() {
        writeln!(out, "\n{}Changes{}", bold.0, bold.1)?;
        for group in diff::for_reading(&diff.comparison.changes) {
            writeln!(
                out,
                "  {:<9} {}",
                level(group.level),
                printable(&group.describe())
            )?;
        }
    }
    let (ins_on, ins_off) = style(
        color,
        Style::new()
            .fg_color(Some(AnsiColor::Green.into()))
            .effects(Effects::UNDERLINE),
    );
    let (del_on, del_off) = style(
        color,
        Style::new()
            .fg_color(Some(AnsiColor::Red.into()))
            .effects(Effects::STRIKETHROUGH),
    );
    // Source text is written through `printable`: a control character that
    // reached it (a character reference in raw HTML, say) is shown, never
    // obeyed by the terminal.
    let text = |segments: &[diff::words::Segment]| -> String {
        segments
            .iter()
            .map(|s| (s.tag, printable(&s.text)))
            .map(|(tag, text)| match (tag, color) {
                (Tag::Equal, _) => text.into_owned(),
                (Tag::Insert, true) => format!("{ins_on}{text}{ins_off}"),
                (Tag::Delete, true) => format!("{del_on}{text}{del_off}"),
                (Tag::Insert, false) => format!("{{+{text}+}}"),
                (Tag::Delete, false) => format!("[-{text}-]"),
            })
            .collect()
    };
    for section in redline
        .sections
        .iter()
        .filter(|s| s.status != SectionStatus::Unchanged)
    {
        let what = match section.status {
            SectionStatus::Added => "added".to_owned(),
            SectionStatus::Removed => "removed".to_owned(),
            _ if section.moved && section.level <= Level::Cosmetic => "moved".to_owned(),
            _ => section.level.to_string(),
        };
        writeln!(
            out,
            "\n{}== {}{} (#{}, {what})",
            bold.0,
            text(&section.title_segments),
            bold.1,
            section.id
        )?;
        write_blocks(out, &section.blocks, &text)?;
    }
    Ok(())
}

/// The blocks of a section's redline that changed, each where the text has
/// it: list items indented by their depth and marked as in Markdown, table
/// rows as `| cell | cell |` under their table's header row, quotes after
/// `> `.
fn write_blocks(
    out: &mut impl Write,
    blocks: &[diff::BlockDiff],
    text: &dyn Fn(&[diff::words::Segment]) -> String,
) -> std::io::Result<()> {
    let changed = |b: &diff::BlockDiff| {
        b.status != BlockStatus::Unchanged
            || b.reformatted
            || b.segments.len() > 1
            || b.cells.iter().any(|c| c.changed)
    };
    // Words the same and nothing to mark: say what changed.
    let note = |b: &diff::BlockDiff| {
        let marked = b.segments.iter().any(|s| s.tag != Tag::Equal)
            || b.cells
                .iter()
                .any(|c| c.segments.iter().any(|s| s.tag != Tag::Equal));
        if b.reformatted && !marked {
            "  (formatting changed)"
        } else {
            ""
        }
    };
    // The header row shown for each table that has a changed row.
    let mut headed: Vec<u32> = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if !changed(block) {
            continue;
        }
        let mut prefix = String::from("  ");
        let mut lists: usize = 0;
        let own = block.place.len().checked_sub(1);
        for (i, place) in block.place.iter().enumerate() {
            match &place.kind {
                PlaceKind::Quote => prefix.push_str("> "),
                PlaceKind::List { .. } => lists += 1,
                // The item the block is the text of: its marker.
                PlaceKind::Item { number }
                    if Some(i) == own && block.kind == BlockKind::ListItem =>
                {
                    prefix.push_str(&"  ".repeat(lists.saturating_sub(1)));
                    match number {
                        Some(n) => prefix.push_str(&format!("{n}. ")),
                        None => prefix.push_str("- "),
                    }
                }
                // An item the block is nested in: indented under it.
                PlaceKind::Item { .. } if Some(i) == own => {
                    prefix.push_str(&"  ".repeat(lists));
                }
                PlaceKind::Item { .. } | PlaceKind::Table { .. } => {}
            }
        }
        let row = |b: &diff::BlockDiff| -> String {
            let cells: Vec<String> = b.cells.iter().map(|c| text(&c.segments)).collect();
            format!("| {} |", cells.join(" | "))
        };
        if block.kind.is_row() {
            let table = block.place.last().map(|p| p.key);
            if let Some(table) = table.filter(|t| !headed.contains(t)) {
                headed.push(table);
                let header = blocks[..i].iter().find(|b| {
                    b.kind == BlockKind::TableHeader && b.place.last().map(|p| p.key) == Some(table)
                });
                if let Some(header) = header {
                    writeln!(out, "{prefix}{}", row(header))?;
                }
            }
        }
        match (&block.status, &block.moved) {
            (BlockStatus::MovedAway, Some(to)) => {
                let plain = |segments: &[diff::words::Segment]| -> String {
                    segments.iter().map(|s| printable(&s.text)).collect()
                };
                let all = if block.kind.is_row() {
                    let cells: Vec<String> =
                        block.cells.iter().map(|c| plain(&c.segments)).collect();
                    cells.join(" | ")
                } else {
                    plain(&block.segments)
                };
                let words: Vec<&str> = all.split_whitespace().collect();
                let excerpt = words.iter().take(8).copied().collect::<Vec<_>>().join(" ");
                let more = if words.len() > 8 { " ..." } else { "" };
                writeln!(out, "{prefix}(moved to #{}: \"{excerpt}{more}\")", to.id)?
            }
            (BlockStatus::MovedHere, Some(from)) if block.kind.is_row() => {
                writeln!(out, "{prefix}(moved here from #{}) {}", from.id, row(block))?
            }
            (BlockStatus::MovedHere, Some(from)) => writeln!(
                out,
                "{prefix}(moved here from #{}) {}",
                from.id,
                text(&block.segments)
            )?,
            _ if block.kind.is_row() => writeln!(out, "{prefix}{}{}", row(block), note(block))?,
            _ => writeln!(out, "{prefix}{}{}", text(&block.segments), note(block))?,
        }
    }
    Ok(())
}
