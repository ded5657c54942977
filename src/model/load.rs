//! Turning the raw source tree into a [`Site`]: every check that makes the
//! model's guarantees true happens here, and every failure is a diagnostic
//! that points at the value responsible.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;

use super::{
    Announce, DeclaredKind, Locale, Newsgroup, Policy, PolicyId, Section, SectionId, SectionText,
    Site, TranslatedFrom, Translation, Version, VersionId, VersionText,
};
use crate::diagnostics::{Diagnostic, Diagnostics, Origin, Pos, line_at};
use crate::source::raw::{self, ChangeKind};
use crate::source::yaml::Spanned;
use crate::source::{Loaded, PolicySource, SourceFile, SourceTree, VersionFolder, VersionSource};

mod aliases;
mod shared;

use super::text::{self, Lines};
use crate::markdown;
use aliases::{Seen, Taken};
use shared::SharedTexts;

/// Builds the validated model from what was read. Returns `None` when any
/// error was found; all problems are added to `diagnostics`.
pub fn load(tree: SourceTree<'_>, diagnostics: &mut Diagnostics) -> Option<Site> {
    load_with(tree, &mut VersionCache::default(), diagnostics)
}

/// Like [`load`], taking each version from `cache` when its folder has not
/// changed since it was loaded, and keeping what is loaded there.
pub fn load_with(
    tree: SourceTree<'_>,
    cache: &mut VersionCache,
    diagnostics: &mut Diagnostics,
) -> Option<Site> {
    let site_file = tree.site?;
    let mut ctx = Ctx {
        file: &site_file.file,
        diagnostics,
    };
    let site = site_settings(&mut ctx, &site_file.data);
    let mut policies = Vec::new();
    let mut seen = HashSet::new();
    for source in &tree.policies {
        seen.extend(source.versions.iter().map(|v| v.dir.clone()));
        if let Some(policy) = policy(ctx.diagnostics, cache, &site, source) {
            policies.push(policy);
        }
    }
    cache.entries.retain(|dir, _| seen.contains(dir));
    let mut site = site?;
    for policy in &mut policies {
        policy.locales.sort_by_key(|l| site.locale_rank(l));
    }
    site.policies = policies;
    (!diagnostics.has_errors()).then_some(site)
}

/// `announce.newsgroups`: each name valid (RFC 5536) and listed once.
fn newsgroups(ctx: &mut Ctx<'_>, names: &[Spanned<String>]) -> Option<Vec<Newsgroup>> {
    let mut groups: Vec<Newsgroup> = Vec::new();
    let mut ok = true;
    for name in names {
        match Newsgroup::parse(name.value.trim()) {
            Ok(group) if groups.contains(&group) => {
                ctx.error(
                    name.pos,
                    format!("the newsgroup `{group}` is listed twice"),
                    Some("list each newsgroup once".to_owned()),
                );
                ok = false;
            }
            Ok(group) => groups.push(group),
            Err((message, help)) => {
                ctx.error(name.pos, message, Some(help));
                ok = false;
            }
        }
    }
    ok.then_some(groups)
}

/// The file being checked and where its problems go.
struct Ctx<'a> {
    file: &'a SourceFile,
    diagnostics: &'a mut Diagnostics,
}

/// The most blocks (paragraphs, list items, headings, table rows, ...) one
/// version file may hold, all sections together: the comparison of two
/// versions matches them one by one.
pub const MAX_BLOCKS: usize = 10_000;

/// The most raw HTML elements one version file may open, all sections
/// together: a change page draws each of them, at a cost far above that of
/// a word.
pub const MAX_HTML_ELEMENTS: usize = 10_000;

impl Ctx<'_> {
    fn origin(&self, pos: Option<Pos>) -> Origin {
        Origin::at(&self.file.path, pos)
    }

    fn error(&mut self, pos: Option<Pos>, message: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::error(self.origin(pos), message).with_source(&self.file.text);
        d.help = help;
        self.diagnostics.push(d);
    }

    fn warning(&mut self, pos: Option<Pos>, message: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::warning(self.origin(pos), message).with_source(&self.file.text);
        d.help = help;
        self.diagnostics.push(d);
    }

    /// A required one-line text that must not be blank.
    fn text(&mut self, value: &Spanned<String>, field: &str) -> Option<String> {
        let text = value.value.trim();
        if !self.characters(value, text, field, Lines::One) {
            return None;
        }
        if text.is_empty() {
            self.error(
                value.pos,
                format!("`{field}` is empty"),
                Some(format!("write a {field}")),
            );
            return None;
        }
        Some(text.to_owned())
    }

    /// An optional text (a title, a body, a summary), trimmed (a body only
    /// at its end, where YAML leaves a line break), `Some(None)` when absent
    /// or blank; `None` when it holds a character its kind of field may not
    /// (reported).
    fn optional(
        &mut self,
        value: Option<&Spanned<String>>,
        field: &str,
        lines: Lines,
    ) -> Option<Option<String>> {
        let Some(value) = value else {
            return Some(None);
        };
        let text = match lines {
            Lines::One => value.value.trim(),
            Lines::Many => value.value.trim_end(),
        };
        if !self.characters(value, text, field, lines) {
            return None;
        }
        Some((!text.trim().is_empty()).then(|| text.to_owned()))
    }

    /// Whether `text` (the used part of `value`) holds only characters a
    /// field of this kind may hold; if not, reports the first other one at
    /// the place it is written, naming it and the escape that wrote it.
    fn characters(
        &mut self,
        value: &Spanned<String>,
        text: &str,
        field: &str,
        lines: Lines,
    ) -> bool {
        let reference = (lines == Lines::Many)
            .then(|| text::refused_reference(text))
            .flatten();
        let Some(refused) = text::refused(text, lines) else {
            let Some((written, refused)) = reference else {
                return true;
            };
            let pos = value
                .pos
                .and_then(|from| text::locate_text(&self.file.text, from, &written))
                .or(value.pos);
            self.error(
                pos,
                format!("`{field}` {}", refused.what),
                Some(refused.help),
            );
            return false;
        };
        let found = value
            .pos
            .and_then(|from| text::locate(&self.file.text, from, refused.found));
        let (pos, written) = match found {
            Some((pos, written)) => (Some(pos), written),
            None => (value.pos, None),
        };
        let written = written.map_or_else(String::new, |w| format!(", written `{w}` here"));
        self.error(
            pos,
            format!("`{field}` {}{written}", refused.what),
            Some(refused.help),
        );
        false
    }

    fn locale(&mut self, value: &Spanned<String>) -> Option<Locale> {
        Locale::parse(&value.value)
            .map_err(|problem| self.error(value.pos, problem, None))
            .ok()
    }

    fn date(&mut self, value: &Spanned<String>, field: &str) -> Option<Date> {
        parse_date(&value.value)
            .map_err(|problem| {
                self.error(
                    value.pos,
                    format!("`{field}` is not a valid date: {problem}"),
                    Some("write dates as YYYY-MM-DD, for example 2005-08-04".to_owned()),
                )
            })
            .ok()
    }
}

/// The SHA-256 of a text, in lowercase hexadecimal.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `owner` `privsite import` writes into a new `policy.yaml` when it
/// is not told who issues the policy (`--owner`); `check` warns about it.
pub const PLACEHOLDER_OWNER: &str = "Owner not set yet (privsite import)";

/// Parses a `YYYY-MM-DD` date, and nothing else.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(format!("`{text}` is not in the form YYYY-MM-DD"));
    }
    text.parse::<Date>()
        .map_err(|_| format!("`{text}` is not a day of the calendar"))
}

fn site_settings(ctx: &mut Ctx<'_>, raw: &raw::SiteFile) -> Option<Site> {
    let title = ctx.text(&raw.title, "title");
    let base_url = base_url(ctx, &raw.base_url);
    let default_locale = match &raw.default_locale {
        Some(tag) => ctx.locale(tag),
        None => Some(Locale::parse("en").expect("`en` is a valid locale")),
    };
    let theme = match &raw.theme {
        Some(name) => match super::id_problem(&name.value) {
            None => Some(name.value.clone()),
            Some(problem) => {
                ctx.error(
                    name.pos,
                    format!("the theme name is not valid: {problem}"),
                    None,
                );
                None
            }
        },
        None => Some("default".to_owned()),
    };
    let mut locale_names: Vec<(Locale, String)> = Vec::new();
    if let Some(names) = &raw.locales {
        for (tag, name) in &names.value.0 {
            let Ok(locale) = Locale::parse(tag) else {
                ctx.error(
                    names.pos,
                    format!("`locales` lists `{tag}`, which is not a valid locale tag"),
                    Some("use BCP 47 tags such as `en`, `fr`, `pt-BR`".to_owned()),
                );
                continue;
            };
            if locale_names.iter().any(|(l, _)| *l == locale) {
                ctx.error(names.pos, format!("`locales` lists `{locale}` twice"), None);
                continue;
            }
            let shown = Spanned {
                value: name.clone(),
                pos: names.pos,
            };
            let field = format!("locales: {locale}");
            if ctx.characters(&shown, name.trim(), &field, Lines::One) {
                locale_names.push((locale, name.trim().to_owned()));
            }
        }
    }
    Some(Site {
        title: title?,
        base_url: base_url?,
        default_locale: default_locale?,
        theme: theme?,
        locale_names,
        policies: Vec::new(),
    })
}

fn base_url(ctx: &mut Ctx<'_>, value: &Spanned<String>) -> Option<String> {
    let help = Some(
        "write the full address the site is published at, e.g. https://www.example.com/legal/"
            .to_owned(),
    );
    if !ctx.characters(value, value.value.trim(), "base_url", Lines::One) {
        return None;
    }
    match url::Url::parse(value.value.trim()) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            if url.query().is_some() || url.fragment().is_some() {
                ctx.error(
                    value.pos,
                    "`base_url` cannot have a query or a fragment",
                    help,
                );
                return None;
            }
            let mut text = url.to_string();
            if !text.ends_with('/') {
                text.push('/');
            }
            Some(text)
        }
        _ => {
            ctx.error(
                value.pos,
                format!(
                    "`base_url` must be an absolute http(s) address, not `{}`",
                    value.value
                ),
                help,
            );
            None
        }
    }
}

/// The days a notice stays up when `notice_days` is not given.
const DEFAULT_NOTICE_DAYS: u32 = 30;

/// The longest notice window: a hundred years. Longer ones are a typo, and
/// a window must end on a day the calendar has (the year 9999 at most).
const MAX_NOTICE_DAYS: u32 = 36_525;

/// `notice_days`: the default, or the value given if it is at most
/// [`MAX_NOTICE_DAYS`]. Over ten years is allowed, with a warning.
fn notice_days(ctx: &mut Ctx<'_>, value: Option<&Spanned<u32>>) -> Option<u32> {
    let Some(value) = value else {
        return Some(DEFAULT_NOTICE_DAYS);
    };
    let days = value.value;
    if days > MAX_NOTICE_DAYS {
        ctx.error(
            value.pos,
            format!("`notice_days` is {days}: a homepage notice can stay up at most {MAX_NOTICE_DAYS} days (a hundred years)"),
            Some("write how many days the notice stays up after a material change, such as 30".to_owned()),
        );
        return None;
    }
    if days > 3650 {
        ctx.warning(
            value.pos,
            format!(
                "`notice_days` is {days}: the homepage notice would stay up for over ten years"
            ),
            None,
        );
    }
    Some(days)
}

fn policy(
    diagnostics: &mut Diagnostics,
    cache: &mut VersionCache,
    site: &Option<Site>,
    source: &PolicySource<'_>,
) -> Option<Policy> {
    let id = match PolicyId::parse(&source.name) {
        Ok(_) if crate::outputs::paths::PagePath::is_taken_at_the_top(&source.name) => {
            diagnostics.push(
                Diagnostic::error(
                    Origin::file(&source.dir),
                    format!(
                        "the policy folder name `{}` is taken: privsite writes a file or folder of that name at the top of the site",
                        source.name
                    ),
                )
                .with_help(format!(
                    "rename the folder, e.g. to `{}-policy`",
                    source.name.split('.').next().unwrap_or(&source.name)
                )),
            );
            None
        }
        Ok(id) => Some(id),
        Err(problem) => {
            diagnostics.push(
                Diagnostic::error(
                    Origin::file(&source.dir),
                    format!("the policy folder name is not a valid id: {problem}"),
                )
                .with_help(format!(
                    "rename the folder to `{}`",
                    super::suggest_id(&source.name)
                )),
            );
            None
        }
    };
    let Some(loaded) = source.policy.as_ref() else {
        // policy.yaml is missing or unreadable (already reported): still check
        // the versions, with the site's default locale as the source locale.
        if let Some(locale) = site.as_ref().map(|s| &s.default_locale) {
            cache.versions(
                diagnostics,
                (locale, Some(DEFAULT_NOTICE_DAYS)),
                &source.versions,
            );
        }
        return None;
    };
    let mut ctx = Ctx {
        file: &loaded.file,
        diagnostics,
    };
    let raw = &loaded.data;
    let title = ctx.text(&raw.title, "title");
    let owner = ctx.text(&raw.owner, "owner");
    if owner.as_deref() == Some(PLACEHOLDER_OWNER) {
        ctx.warning(
            raw.owner.pos,
            "the policy's `owner` is still the placeholder `privsite import` wrote",
            Some(
                "write who issues the policy, such as `owner: Acme, Inc.`: every page shows it above the title"
                    .to_owned(),
            ),
        );
    }
    let source_locale = match &raw.source_locale {
        Some(tag) => ctx.locale(tag),
        None => site.as_ref().map(|s| s.default_locale.clone()),
    };
    let notice_days = notice_days(&mut ctx, raw.notice_days.as_ref());
    let material_words: Vec<String> = raw
        .material_words
        .iter()
        .filter_map(|w| {
            if !ctx.characters(w, w.value.trim(), "material_words", Lines::One) {
                return None;
            }
            let word = w.value.trim().to_lowercase();
            if word.is_empty() || word.contains(char::is_whitespace) {
                ctx.error(
                    w.pos,
                    "each entry of `material_words` must be a single word",
                    None,
                );
                None
            } else {
                Some(word)
            }
        })
        .collect();
    let announce = raw.announce.as_ref().and_then(|a| {
        let a = &a.value;
        let mut address = |value: &Spanned<String>, field: &str| -> Option<String> {
            let text = ctx.text(value, field)?;
            match text.parse::<lettre::message::Mailbox>() {
                Ok(_) => Some(text),
                Err(_) => {
                    ctx.error(
                        value.pos,
                        format!("`{field}` is not an email address: `{}`", text.escape_debug()),
                        Some("write an address such as `privacy@example.com` or `Example Privacy <privacy@example.com>`".to_owned()),
                    );
                    None
                }
            }
        };
        let from = address(&a.from, "from");
        let to = address(&a.to, "to");
        let reply_to = a.reply_to.as_ref().map(|r| address(r, "reply_to"));
        let unsubscribe = a.unsubscribe.as_ref().and_then(|u| {
            if !ctx.characters(u, u.value.trim(), "unsubscribe", Lines::One) {
                return None;
            }
            let text = u.value.trim().to_owned();
            let ok = (text.starts_with("mailto:") || text.starts_with("https://") || text.starts_with("http://"))
                && !text.contains(|c: char| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
            if !ok {
                ctx.error(
                    u.pos,
                    format!("`unsubscribe` must be a `mailto:` or `https://` address without spaces, not `{}`", text.escape_debug()),
                    Some("for example `mailto:announce-leave@lists.example.com` or `https://lists.example.com/leave`".to_owned()),
                );
            }
            ok.then_some(text)
        });
        let newsgroups = newsgroups(&mut ctx, &a.newsgroups);
        Some(Announce {
            from: from?,
            to: to?,
            reply_to: match reply_to {
                Some(r) => Some(r?),
                None => None,
            },
            unsubscribe,
            newsgroups: newsgroups?,
        })
    });
    let policy_origin = ctx.origin(None);
    let source_locale = source_locale?;

    let mut versions: Vec<Arc<Version>> =
        cache.versions(diagnostics, (&source_locale, notice_days), &source.versions);
    versions.sort_by(|a, b| a.effective.cmp(&b.effective).then_with(|| a.id.cmp(&b.id)));
    for pair in versions.windows(2) {
        if pair[0].effective == pair[1].effective {
            diagnostics.push(
                Diagnostic::error(
                    pair[1].origin.clone(),
                    format!(
                        "versions `{}` and `{}` both take effect on {}",
                        pair[0].id, pair[1].id, pair[1].effective
                    ),
                )
                .with_help("two versions of one policy cannot have the same `effective` date; change one of them"),
            );
        }
    }
    translated_from_known(diagnostics, &versions);
    if source.versions.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                Origin::file(&source.dir),
                format!("the policy `{}` has no versions", source.name),
            )
            .with_help(format!(
                "add a version folder with the policy text, e.g. `{}/2024-01/{}.yaml`",
                source.dir.display(),
                source_locale
            )),
        );
    }
    let mut locales: Vec<Locale> = vec![source_locale.clone()];
    for v in &versions {
        for l in v.translations.keys() {
            if !locales.contains(l) {
                locales.push(l.clone());
            }
        }
    }
    Some(Policy {
        id: id?,
        title: title?,
        owner: owner?,
        source_locale,
        locales,
        notice_days: notice_days?,
        material_words,
        announce,
        versions,
        origin: policy_origin,
    })
}

/// Every `translated_from` names a version of the policy no later than the
/// translation's own.
fn translated_from_known(diagnostics: &mut Diagnostics, versions: &[Arc<Version>]) {
    for (n, version) in versions.iter().enumerate() {
        for translation in version.translations.values() {
            let Some(from) = &translation.translated_from else {
                continue;
            };
            let id = &from.version;
            let problem = match versions.iter().position(|v| v.id == *id) {
                Some(at) if at <= n => continue,
                Some(_) => Diagnostic::error(
                    from.origin.clone(),
                    format!(
                        "`translated_from: {id}` names a later version than this one (`{}`)",
                        version.id
                    ),
                )
                .with_help("a translation can only have been checked against this version or an earlier one"),
                None => {
                    let known: Vec<&str> = versions.iter().map(|v| v.id.as_str()).collect();
                    Diagnostic::error(
                        from.origin.clone(),
                        format!("`translated_from: {id}` names no version of this policy"),
                    )
                    .with_help(format!("the versions are {}", known.join(", ")))
                }
            };
            diagnostics.push(Diagnostic {
                source_line: from.line.clone(),
                ..problem
            });
        }
    }
}

/// The versions loaded so far, by folder, with what loading them reported:
/// a version whose folder has not changed (the same files, the same bytes)
/// and whose policy gives the same source locale and notice days is taken
/// from here instead of being read and checked again.
#[derive(Debug, Default)]
pub struct VersionCache {
    entries: HashMap<PathBuf, CachedVersion>,
}

#[derive(Debug)]
struct CachedVersion {
    key: u64,
    version: Option<Arc<Version>>,
    diagnostics: Vec<Diagnostic>,
}

impl VersionCache {
    /// The versions in `folders`, in order, each from the cache or read and
    /// checked now (in parallel: each folder is read on its own); their
    /// problems are added to `diagnostics` either way, in folder order.
    fn versions(
        &mut self,
        diagnostics: &mut Diagnostics,
        (source_locale, notice_days): (&Locale, Option<u32>),
        folders: &[VersionFolder<'_>],
    ) -> Vec<Arc<Version>> {
        use rayon::prelude::*;
        let keys: Vec<u64> = folders
            .iter()
            .map(|f| crate::fingerprint::of(&(f.stamp, source_locale, notice_days)))
            .collect();
        // The versions read now share their texts (the cached ones keep
        // theirs: an edit reads one version again, whose copy costs little).
        let texts = SharedTexts::default();
        let fresh: Vec<Option<CachedVersion>> = folders
            .par_iter()
            .zip(&keys)
            .map(|(folder, key)| {
                if self.entries.get(&folder.dir).is_some_and(|c| c.key == *key) {
                    return None;
                }
                let mut found = Diagnostics::new();
                let source = folder.read(&mut found);
                let version = version(&mut found, (source_locale, notice_days), &source).map(
                    |mut version| {
                        texts.share(&mut version);
                        Arc::new(version)
                    },
                );
                Some(CachedVersion {
                    key: *key,
                    version,
                    diagnostics: found.into_vec(),
                })
            })
            .collect();
        let mut out = Vec::new();
        for (folder, fresh) in folders.iter().zip(fresh) {
            if let Some(fresh) = fresh {
                self.entries.insert(folder.dir.clone(), fresh);
            }
            let cached = &self.entries[&folder.dir];
            for d in &cached.diagnostics {
                diagnostics.push(d.clone());
            }
            out.extend(cached.version.clone());
        }
        out
    }
}

/// Reads one version folder. `notice_days` is the policy's (`None` when it
/// is itself wrong, already reported): the notice window of the version must
/// end on a day of the calendar.
fn version(
    diagnostics: &mut Diagnostics,
    (source_locale, notice_days): (&Locale, Option<u32>),
    source: &VersionSource,
) -> Option<Version> {
    let id = match VersionId::parse(&source.name) {
        Ok(id) => Some(id),
        Err(problem) => {
            diagnostics.push(
                Diagnostic::error(
                    Origin::file(&source.dir),
                    format!("the version folder name is not a valid id: {problem}"),
                )
                .with_help(format!(
                    "rename the folder to `{}`",
                    super::suggest_id(&source.name)
                )),
            );
            None
        }
    };
    // Locale of each file, from its name.
    let mut files: Vec<(Locale, &Loaded<raw::VersionFile>)> = Vec::new();
    for (stem, loaded) in &source.files {
        match Locale::parse(stem) {
            Ok(locale) if files.iter().any(|(l, _)| *l == locale) => diagnostics.push(
                Diagnostic::error(Origin::file(&loaded.file.path), format!("a second file for locale `{locale}`"))
                    .with_help("keep one file per locale"),
            ),
            Ok(locale) => files.push((locale, loaded)),
            Err(problem) => diagnostics.push(
                Diagnostic::error(
                    Origin::file(&loaded.file.path),
                    format!("the file name does not name a locale: {problem}"),
                )
                .with_help("name version files after their locale, e.g. `en.yaml`, `fr.yaml`, `pt-BR.yaml`"),
            ),
        }
    }
    let Some(position) = files.iter().position(|(l, _)| l == source_locale) else {
        let unreadable = source
            .unreadable
            .iter()
            .any(|stem| Locale::parse(stem).is_ok_and(|l| &l == source_locale));
        if unreadable {
            // Its problem is already reported; a second message would only add noise.
            return None;
        }
        diagnostics.push(
            Diagnostic::error(
                Origin::file(&source.dir),
                format!("the version `{}` has no `{source_locale}.yaml`, the policy's source locale", source.name),
            )
            .with_help(format!(
                "every version needs its text in the source locale `{source_locale}`; add `{}/{source_locale}.yaml`",
                source.dir.display()
            )),
        );
        return None;
    };
    let (_, source_file) = files.remove(position);
    let mut ctx = Ctx {
        file: &source_file.file,
        diagnostics,
    };
    let raw = &source_file.data;
    let effective = match &raw.effective {
        Some(d) => ctx.date(d, "effective"),
        None => {
            let name = source_file.file.path.file_name().unwrap_or_default();
            ctx.error(
                Some(Pos { line: 1, column: 1 }),
                format!("`{}` has no `effective`", name.to_string_lossy()),
                Some("add `effective: YYYY-MM-DD`, the day this version takes effect".to_owned()),
            );
            None
        }
    };
    let published = match &raw.published {
        Some(d) => ctx.date(d, "published"),
        None => effective,
    };
    if let (Some(p), Some(days)) = (published, notice_days)
        && super::notice_end(p, days).is_none()
    {
        let at = raw.published.as_ref().or(raw.effective.as_ref());
        ctx.error(
            at.and_then(|d| d.pos),
            format!(
                "the homepage notice of this version would run past {}, the last day of the calendar (it is published on {p} and stays up {days} days)",
                Date::MAX
            ),
            Some("check the year of `published` (or `effective`), and `notice_days` in policy.yaml".to_owned()),
        );
    }
    let declared = raw.change.as_ref().and_then(|c| c.value.kind.as_ref());
    let declared_kind = declared.map(|k| match k.value {
        ChangeKind::Material => DeclaredKind::Material,
        ChangeKind::Minor => DeclaredKind::Minor,
    });
    let declared_origin = declared.map(|k| ctx.origin(k.pos));
    let published_origin = raw.published.as_ref().map(|d| ctx.origin(d.pos));
    let summary = summary(&mut ctx, raw);
    let title = ctx.optional(raw.title.as_ref(), "title", Lines::One);
    if let Some(from) = &raw.translated_from {
        ctx.error(
            from.pos,
            "`translated_from` belongs in a translation file, not the source text",
            Some(format!(
                "remove it here; in a translation (not {source_locale}.yaml) it names the version of this text the translation was checked against"
            )),
        );
    }
    shapes(&mut ctx, raw);
    let mut seen = Seen::new();
    let sections = sections(&mut ctx, &raw.sections, (&mut seen, 1));
    if raw.sections.is_empty() {
        ctx.error(
            None,
            "this version has no sections",
            Some("add `sections:` with at least one section (`id`, `title`, `body`)".to_owned()),
        );
    }
    let origin = ctx.origin(raw.effective.as_ref().and_then(|e| e.pos));
    let digest = sha256_hex(source_file.file.text.as_bytes());
    let text = VersionText {
        locale: source_locale.clone(),
        title: title?,
        summary: summary?,
        sections: sections?,
    };
    let source_sections: HashMap<&str, &Section> = flatten(&text.sections)
        .into_iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let mut translations = BTreeMap::new();
    for (locale, loaded) in files {
        let translation = translation(
            &mut Ctx {
                file: &loaded.file,
                diagnostics,
            },
            &loaded.data,
            &source_sections,
            (effective, published, declared_kind, source_locale),
        );
        if let Some(t) = translation {
            translations.insert(locale, t);
        }
    }
    Some(Version {
        id: id?,
        effective: effective?,
        published: published?,
        published_origin,
        declared_kind,
        declared_origin,
        digest,
        source: text,
        translations,
        origin,
    })
}

/// Checks the shape of every Markdown text of a version file (its summary
/// and its section bodies, at any depth) against [`markdown::limits`], and
/// their blocks and raw HTML elements together against [`MAX_BLOCKS`] and
/// [`MAX_HTML_ELEMENTS`]; each problem is reported
/// at its line. This is the one check that may parse Markdown while
/// loading; most texts need only the quick look.
fn shapes(ctx: &mut Ctx<'_>, raw: &raw::VersionFile) {
    fn bodies<'r>(
        sections: &'r [raw::Section],
        out: &mut Vec<(&'r Spanned<String>, &'static str)>,
    ) {
        for s in sections {
            if let Some(body) = &s.body {
                out.push((body, "body"));
            }
            bodies(&s.sections, out);
        }
    }
    let mut texts = Vec::new();
    if let Some(summary) = raw.change.as_ref().and_then(|c| c.value.summary.as_ref()) {
        texts.push((summary, "change.summary"));
    }
    bodies(&raw.sections, &mut texts);
    // The text as the model keeps it: a summary trimmed, a body at its end.
    fn used<'v>(value: &'v Spanned<String>, field: &str) -> &'v str {
        if field == "change.summary" {
            value.value.trim()
        } else {
            value.value.trim_end()
        }
    }
    // A quick look clears most texts; the others are parsed. The quick
    // look gives at most as many blocks as there are: if the total is over
    // the limit, every text is counted exactly before anything is said.
    let shape = |(value, field): &(&Spanned<String>, &str), exact: bool| {
        let text = used(value, field);
        match markdown::limits::quick(text) {
            Some(shape) if !exact => Ok(shape),
            _ => markdown::limits::check(text),
        }
    };
    let mut shapes: Vec<_> = texts.iter().map(|t| shape(t, false)).collect();
    let total: usize = shapes.iter().flatten().map(|s| s.blocks).sum();
    if total > MAX_BLOCKS {
        shapes = texts.iter().map(|t| shape(t, true)).collect();
    }
    let (mut blocks, mut elements) = (0usize, 0usize);
    let help = "no policy needs this many; split the text into several policies, or publish long data (lists of partners, cookie tables) as a file and link to it";
    for ((value, field), shape) in texts.iter().zip(shapes) {
        let exceeded = match shape {
            Ok(shape) => {
                let before = (blocks, elements);
                blocks += shape.blocks;
                elements += shape.elements;
                let message = if before.0 <= MAX_BLOCKS && blocks > MAX_BLOCKS {
                    format!(
                        "with this `{field}`, the file holds more than {MAX_BLOCKS} paragraphs, list items, headings and table rows"
                    )
                } else if before.1 <= MAX_HTML_ELEMENTS && elements > MAX_HTML_ELEMENTS {
                    format!(
                        "with this `{field}`, the file holds more than {MAX_HTML_ELEMENTS} raw HTML elements"
                    )
                } else {
                    continue;
                };
                markdown::limits::Exceeded {
                    at: 0,
                    message,
                    help: help.to_owned(),
                }
            }
            Err(exceeded) => exceeded,
        };
        // Offsets count from the start of the text used, a part of the value.
        let start = used(value, field).as_ptr() as usize - value.value.as_ptr() as usize;
        let pos = value
            .pos
            .and_then(|from| {
                text::locate_offset(&ctx.file.text, from, &value.value, start + exceeded.at)
            })
            .or(value.pos);
        ctx.error(pos, exceeded.message, Some(exceeded.help));
    }
}

fn flatten(sections: &[Section]) -> Vec<&Section> {
    let mut out = Vec::new();
    for s in sections {
        out.push(s);
        out.extend(flatten(&s.sections));
    }
    out
}

/// How deep sections may nest (a top-level section is at depth 1). Pages
/// draw each level with a template component, and the template engine
/// allows 20 levels of them; headings stop at `<h6>` long before.
pub const MAX_SECTION_DEPTH: usize = 16;

/// The sections `raw` at `depth` (1 for the top level), and their subsections.
fn sections(
    ctx: &mut Ctx<'_>,
    raw: &[raw::Section],
    (seen, depth): (&mut Seen, usize),
) -> Option<Vec<Section>> {
    if depth > MAX_SECTION_DEPTH
        && let Some(first) = raw.first()
    {
        ctx.error(
            first.id.pos,
            format!("sections are nested more than {MAX_SECTION_DEPTH} levels deep here"),
            Some(
                "a policy needs only a few levels of sections; move the deeper sections up a level"
                    .to_owned(),
            ),
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for s in raw {
        let id = section_id(ctx, &s.id, seen);
        let aliases = aliases::source(ctx, &s.aliases, seen);
        let title = match &s.title {
            Some(t) => ctx.text(t, "title"),
            None => {
                ctx.error(
                    s.id.pos,
                    format!("the section `{}` has no `title`", s.id.value),
                    Some("every section of the source locale needs a title".to_owned()),
                );
                None
            }
        };
        let body = ctx.optional(s.body.as_ref(), "body", Lines::Many);
        let children = sections(ctx, &s.sections, (&mut *seen, depth + 1));
        if body == Some(None) && s.sections.is_empty() {
            ctx.warning(
                s.id.pos,
                format!("the section `{}` is empty", s.id.value),
                Some("write a `body`, add subsections, or remove the section".to_owned()),
            );
        }
        match (id, aliases, title, body, children) {
            (Some(id), Some(aliases), Some(title), Some(body), Some(children)) => {
                out.push(Section {
                    id,
                    aliases,
                    title,
                    body: body.unwrap_or_default().into(),
                    material: s.material.as_ref().is_none_or(|m| m.value),
                    sections: children,
                    origin: ctx.origin(s.id.pos),
                })
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn section_id(ctx: &mut Ctx<'_>, raw: &Spanned<String>, seen: &mut Seen) -> Option<SectionId> {
    let id = match SectionId::parse(&raw.value) {
        Ok(id) => id,
        Err(problem) => {
            ctx.error(
                raw.pos,
                format!("the section id is not valid: {problem}"),
                Some(super::id_help(&raw.value)),
            );
            return None;
        }
    };
    if let Some(first) = seen.get(id.as_str()) {
        aliases::taken_twice(ctx, raw.pos, &id, first, "section id");
        return None;
    }
    seen.insert(id.as_str().to_owned(), Taken::id(raw.pos));
    Some(id)
}

/// What a translation must agree on with its source: effective, published, kind and locale.
type SourceFacts<'a> = (Option<Date>, Option<Date>, Option<DeclaredKind>, &'a Locale);

fn translation(
    ctx: &mut Ctx<'_>,
    raw: &raw::VersionFile,
    source: &HashMap<&str, &Section>,
    (effective, published, kind, source_locale): SourceFacts<'_>,
) -> Option<Translation> {
    let from_source = |field: &str| {
        Some(format!(
            "`{field}` comes from the source locale ({source_locale}.yaml); remove it here or make it the same"
        ))
    };
    if let (Some(d), Some(e)) = (&raw.effective, effective)
        && ctx.date(d, "effective").is_some_and(|t| t != e)
    {
        ctx.error(
            d.pos,
            format!("`effective` differs from the source locale's ({e})"),
            from_source("effective"),
        );
    }
    if let (Some(d), Some(p)) = (&raw.published, published)
        && ctx.date(d, "published").is_some_and(|t| t != p)
    {
        ctx.error(
            d.pos,
            format!("`published` differs from the source locale's ({p})"),
            from_source("published"),
        );
    }
    if let Some(k) = raw.change.as_ref().and_then(|c| c.value.kind.as_ref()) {
        let declared = match k.value {
            ChangeKind::Material => DeclaredKind::Material,
            ChangeKind::Minor => DeclaredKind::Minor,
        };
        if Some(declared) != kind {
            ctx.error(
                k.pos,
                "`change.kind` differs from the source locale's",
                from_source("change.kind"),
            );
        }
    }
    shapes(ctx, raw);
    let mut sections = BTreeMap::new();
    let mut seen = HashMap::new();
    let mut ok = true;
    translated_sections(
        ctx,
        &raw.sections,
        source,
        &mut seen,
        &mut sections,
        &mut ok,
    );
    let title = ctx.optional(raw.title.as_ref(), "title", Lines::One);
    let summary = summary(ctx, raw);
    let translated_from = match &raw.translated_from {
        None => Some(None),
        Some(from) => match VersionId::parse(from.value.trim()) {
            Ok(version) => Some(Some(TranslatedFrom {
                version,
                origin: ctx.origin(from.pos),
                line: from.pos.and_then(|pos| line_at(&ctx.file.text, pos)),
            })),
            Err(problem) => {
                ctx.error(
                    from.pos,
                    format!("`translated_from` is not a version id: {problem}"),
                    Some(
                        "write the name of a version folder of this policy, such as `2024-01`"
                            .to_owned(),
                    ),
                );
                None
            }
        },
    };
    match (title, summary, translated_from) {
        (Some(title), Some(summary), Some(translated_from)) if ok => Some(Translation {
            title,
            summary,
            translated_from,
            sections,
            origin: ctx.origin(None),
            fingerprint: crate::fingerprint::of(&ctx.file.text),
        }),
        _ => None,
    }
}

/// `change.summary`, trimmed at both ends (see [`Ctx::optional`]).
fn summary(ctx: &mut Ctx<'_>, raw: &raw::VersionFile) -> Option<Option<String>> {
    let summary = raw.change.as_ref().and_then(|c| c.value.summary.as_ref());
    ctx.optional(summary, "change.summary", Lines::Many)
        .map(|s| s.map(|s| s.trim_start().to_owned()))
}

fn translated_sections(
    ctx: &mut Ctx<'_>,
    raw: &[raw::Section],
    source: &HashMap<&str, &Section>,
    seen: &mut Seen,
    out: &mut BTreeMap<SectionId, SectionText>,
    ok: &mut bool,
) {
    for s in raw {
        let Some(id) = section_id(ctx, &s.id, seen) else {
            *ok = false;
            continue;
        };
        *ok &= aliases::not_in_translation(ctx, &s.aliases);
        let Some(original) = source.get(id.as_str()) else {
            let known: Vec<String> = source.keys().map(|k| (*k).to_owned()).collect();
            let help = match crate::source::suggest(id.as_str(), &known) {
                Some(near) => format!("did you mean `{near}`? A translation can only translate sections of the source"),
                None => "a translation can only translate sections the source locale has; remove it or add it to the source first".to_owned(),
            };
            ctx.error(
                s.id.pos,
                format!("the source locale has no section `{id}`"),
                Some(help),
            );
            *ok = false;
            continue;
        };
        if let Some(m) = &s.material
            && m.value != original.material
        {
            ctx.error(
                m.pos,
                format!(
                    "`material` differs from the source locale's ({})",
                    original.material
                ),
                Some(
                    "`material` comes from the source locale; remove it from translations"
                        .to_owned(),
                ),
            );
            *ok = false;
        }
        let title = ctx.optional(s.title.as_ref(), "title", Lines::One);
        let body = ctx.optional(s.body.as_ref(), "body", Lines::Many);
        let (Some(title), Some(body)) = (title, body) else {
            *ok = false;
            translated_sections(ctx, &s.sections, source, seen, out, ok);
            continue;
        };
        out.insert(
            id,
            SectionText {
                title,
                body: body.map(super::Text::from),
                origin: ctx.origin(s.id.pos),
            },
        );
        translated_sections(ctx, &s.sections, source, seen, out, ok);
    }
}
