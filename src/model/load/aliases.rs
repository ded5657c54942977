//! A section's `aliases`: former ids that keep old links (`page#old-id`)
//! working. Each alias is an id (same syntax) and is reserved like one:
//! unique within the version among every id and alias. Only the source
//! locale sets them; a translation follows the source.

use std::collections::HashMap;

use super::Ctx;
use crate::diagnostics::Pos;
use crate::model::SectionId;
use crate::source::yaml::Spanned;

/// The ids and aliases already used in a version, with where.
pub(super) type Seen = HashMap<String, Taken>;

/// Where an id or alias was first used, and which of the two it is.
#[derive(Debug, Clone, Copy)]
pub(super) struct Taken {
    pos: Option<Pos>,
    alias: bool,
}

impl Taken {
    /// A section id written at `pos`.
    pub(super) fn id(pos: Option<Pos>) -> Taken {
        Taken { pos, alias: false }
    }
}

/// The aliases of a source-locale section, each checked and reserved.
/// `None` when one of them is wrong (each problem is reported).
pub(super) fn source(
    ctx: &mut Ctx<'_>,
    raw: &[Spanned<String>],
    seen: &mut Seen,
) -> Option<Vec<SectionId>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut ok = true;
    for alias in raw {
        let id = match SectionId::parse(&alias.value) {
            Ok(id) => id,
            Err(problem) => {
                ctx.error(
                    alias.pos,
                    format!("the alias is not a valid section id: {problem}"),
                    Some(format!(
                        "an alias is a former id of the section, written like an id: use `{}`",
                        crate::model::suggest_id(&alias.value)
                    )),
                );
                ok = false;
                continue;
            }
        };
        if let Some(first) = seen.get(id.as_str()) {
            taken_twice(ctx, alias.pos, &id, first, "alias");
            ok = false;
            continue;
        }
        seen.insert(
            id.as_str().to_owned(),
            Taken {
                pos: alias.pos,
                alias: true,
            },
        );
        out.push(id);
    }
    ok.then_some(out)
}

/// Reports `id`, written at `pos` as a `what` ("section id" or "alias"),
/// which the version already uses as `first`.
pub(super) fn taken_twice(
    ctx: &mut Ctx<'_>,
    pos: Option<Pos>,
    id: &SectionId,
    first: &Taken,
    what: &str,
) {
    let line = |text: &str| {
        first
            .pos
            .map(|p| format!(" ({text} line {})", p.line))
            .unwrap_or_default()
    };
    let (message, help) = match (what, first.alias) {
        ("alias", false) => (
            format!(
                "the alias `{id}` is already a section id in this version{}",
                line("on")
            ),
            "an alias must be a former id that no section of this version uses; remove it, or rename the section that has this id",
        ),
        ("alias", true) => (
            format!(
                "the alias `{id}` is used twice in this version{}",
                line("first on")
            ),
            "a former id can lead to only one section; keep it in the `aliases` of one section",
        ),
        (_, true) => (
            format!(
                "the section id `{id}` is already an alias in this version{}",
                line("on")
            ),
            "an alias keeps a former id for links; a section cannot have it as its id at the same time: remove the alias or choose another id",
        ),
        (_, false) => (
            format!(
                "the section id `{id}` is used twice in this version{}",
                line("first used on")
            ),
            "section ids must be unique within a version, across all nesting levels",
        ),
    };
    ctx.error(pos, message, Some(help.to_owned()));
}

/// A translation may not set aliases: they come from the source locale.
/// Reports it once per section and says whether all is well.
pub(super) fn not_in_translation(ctx: &mut Ctx<'_>, raw: &[Spanned<String>]) -> bool {
    let Some(first) = raw.first() else {
        return true;
    };
    ctx.error(
        first.pos,
        "a translation cannot set `aliases`",
        Some(
            "aliases come from the source locale's file, like the section ids; remove `aliases` here"
                .to_owned(),
        ),
    );
    false
}
