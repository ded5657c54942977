//! Which characters source text may hold. YAML escapes (`"\e"`, `"\a"`,
//! `"\u202E"`) can put any character into a title or a body; the invisible
//! ones do harm downstream: a control character makes `feed.xml` ill-formed
//! XML (feed readers refuse it) and the pages invalid HTML, and printed by
//! `privsite diff` it can clear a terminal or retitle its window; a
//! direction override makes a title display differently from what it says.
//! So the model refuses them, at the place they are written.
//!
//! This module only decides and explains; [`super::load`] applies it to
//! every text field and attaches the file and position. It knows nothing of
//! YAML beyond how its escapes are written (to point at one).

use crate::diagnostics::Pos;

/// How much of a line a field may span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lines {
    /// A title, a name, an address: one line, without tabs.
    One,
    /// A body or a summary (Markdown): line breaks and tabs are part of it.
    Many,
}

/// A character a field may not hold, and where in the field's text it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refused {
    /// The character.
    pub(super) found: char,
    /// The message, after "`field` ": what the character is and does.
    pub(super) what: String,
    /// How to fix it.
    pub(super) help: String,
}

/// The first character of `text` that a field of this kind may not hold.
pub(super) fn refused(text: &str, lines: Lines) -> Option<Refused> {
    let found = first_refused(text, lines)?;
    let name = name(found);
    let (what, help) = match found {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' if lines == Lines::One => (
            "must be one line, but it has a line break".to_owned(),
            "write it on one line; a text written as a block (`|`) keeps its line breaks, so leave out the `|`".to_owned(),
        ),
        '\t' => (
            "has a tab character".to_owned(),
            "this is one line of text: replace the tab with a space".to_owned(),
        ),
        c if is_bidi_control(c) => (
            format!("contains {name}, an invisible character that changes the order in which the letters after it are shown"),
            "delete it: it can make the text read differently from what it says. Pages already give each language its direction; for a word in another direction inside a body, write `<bdi>word</bdi>`".to_owned(),
        ),
        c if is_noncharacter(c) => (
            format!("contains {name}, which is not a character"),
            "delete it; it usually comes from damaged or converted text".to_owned(),
        ),
        _ => (
            format!("contains the control character {name}"),
            "delete it: control characters are invisible, make the feed unreadable and can take over a terminal; they often come along when text is copied from another program".to_owned(),
        ),
    };
    Some(Refused { found, what, help })
}

/// The first numeric character reference of a body or summary (`&#27;`,
/// `&#x1B;`, `&#146;`) that stands for a character a body may not hold:
/// Markdown and HTML turn it into that character, so it is refused like the
/// character itself. Returned with the reference as written. References in
/// code are found too (the scan does not parse Markdown): a text that must
/// show one writes `&amp;#27;`.
pub(super) fn refused_reference(text: &str) -> Option<(String, Refused)> {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        if rest.as_bytes().get(amp + 1) != Some(&b'#') {
            rest = &rest[amp + 1..];
            continue;
        }
        let at = amp;
        let after = &rest[at + 2..];
        let hex = after.starts_with(['x', 'X']);
        let digits_from = usize::from(hex);
        let digits = after[digits_from..]
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        let end = digits_from + digits;
        let end = end + usize::from(digits > 0 && after[end..].starts_with(';'));
        let written = &rest[at..at + 2 + end];
        rest = &rest[at + 2..];
        if digits == 0 {
            continue;
        }
        let value = after[digits_from..digits_from + digits]
            .bytes()
            .fold(0u32, |n, b| {
                let digit = char::from(b).to_digit(16).unwrap_or(0);
                n.saturating_mul(if hex { 16 } else { 10 })
                    .saturating_add(digit)
            });
        // What a browser and Markdown make of the number: nothing for 0,
        // a surrogate or a number past Unicode (U+FFFD is shown).
        let Some(c) = char::from_u32(value).filter(|&c| c != '\0') else {
            continue;
        };
        if allowed(c, Lines::Many) {
            continue;
        }
        let mut buffer = [0; 4];
        let mut refused = refused(c.encode_utf8(&mut buffer), Lines::Many)?;
        refused.what = format!("has `{written}`, a reference to {}", refused.what_it_is());
        if let Some(meant) = windows_1252(c) {
            refused.help = format!(
                "`{written}` is how old web pages wrote `{meant}` (in the Windows-1252 encoding); write `{meant}` itself"
            );
        }
        return Some((written.to_owned(), refused));
    }
    None
}

/// The character a C1 code point stood for in Windows-1252, the encoding
/// whose numbers old web pages used in references such as `&#146;` (`’`).
fn windows_1252(c: char) -> Option<char> {
    let byte = u8::try_from(u32::from(c))
        .ok()
        .filter(|b| (0x80..=0x9f).contains(b))?;
    let bytes = [byte];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    text.chars().next().filter(|meant| !meant.is_control())
}

impl Refused {
    /// What the character is, from the message: "the control character
    /// U+001B (escape)".
    fn what_it_is(&self) -> String {
        let name = name(self.found);
        if is_bidi_control(self.found) {
            format!(
                "{name}, an invisible character that changes the order in which the letters after it are shown"
            )
        } else if is_noncharacter(self.found) {
            format!("{name}, which is not a character")
        } else {
            format!("the control character {name}")
        }
    }
}

/// The first character of `text` a field of this kind may not hold, found
/// byte by byte: in UTF-8, every such character is an ASCII control or
/// starts with one of the bytes C2 (C1 controls), E2 (line separators,
/// direction controls), EF or F0 to F4 (noncharacters); only those
/// characters are decoded. Texts are long, and this runs on all of them.
fn first_refused(text: &str, lines: Lines) -> Option<char> {
    let suspect = |b: u8| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2 || b >= 0xef;
    let bytes = text.as_bytes();
    // Whole chunks are cleared without a branch per byte (the compiler
    // makes this a vector loop); a chunk with a suspect byte is looked at.
    const CHUNK: usize = 64;
    for (index, chunk) in bytes.chunks(CHUNK).enumerate() {
        if !chunk.iter().fold(false, |any, &b| any | suspect(b)) {
            continue;
        }
        let start = index * CHUNK;
        for (i, &b) in chunk.iter().enumerate() {
            let at = start + i;
            // A suspect byte starts its character (ASCII, or a lead byte).
            if suspect(b)
                && text.is_char_boundary(at)
                && let Some(c) = text[at..].chars().next()
                && !allowed(c, lines)
            {
                return Some(c);
            }
        }
    }
    None
}

/// Whether a field of this kind may hold `c`.
fn allowed(c: char, lines: Lines) -> bool {
    match c {
        '\n' | '\t' => lines == Lines::Many,
        '\u{2028}' | '\u{2029}' => lines == Lines::Many,
        _ => !(c.is_control() || is_bidi_control(c) || is_noncharacter(c)),
    }
}

/// The embeddings, overrides and isolates of the Unicode bidirectional
/// algorithm (the characters of the "Trojan Source" attacks, which Rust and
/// GitHub flag too). The marks (U+200E, U+200F, U+061C) are allowed: they
/// change no order, and right-to-left texts need them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Code points that Unicode sets aside as never being characters: HTML
/// calls them a parse error, and U+FFFE and U+FFFF cannot be in XML at all.
fn is_noncharacter(c: char) -> bool {
    let c = u32::from(c);
    (0xfdd0..=0xfdef).contains(&c) || c & 0xfffe == 0xfffe
}

/// `U+001B (escape)`: the code point, and its name where it has a short one.
pub(super) fn name(c: char) -> String {
    const C0: [&str; 32] = [
        "null",
        "start of heading",
        "start of text",
        "end of text",
        "end of transmission",
        "enquiry",
        "acknowledge",
        "bell",
        "backspace",
        "tab",
        "line feed",
        "vertical tab",
        "form feed",
        "carriage return",
        "shift out",
        "shift in",
        "data link escape",
        "device control one",
        "device control two",
        "device control three",
        "device control four",
        "negative acknowledge",
        "synchronous idle",
        "end of transmission block",
        "cancel",
        "end of medium",
        "substitute",
        "escape",
        "file separator",
        "group separator",
        "record separator",
        "unit separator",
    ];
    let code = u32::from(c);
    let name = match c {
        '\0'..='\u{1f}' => Some(C0[code as usize]),
        '\u{7f}' => Some("delete"),
        '\u{85}' => Some("next line"),
        '\u{9b}' => Some("control sequence introducer"),
        '\u{2028}' => Some("line separator"),
        '\u{2029}' => Some("paragraph separator"),
        '\u{202a}' => Some("left-to-right embedding"),
        '\u{202b}' => Some("right-to-left embedding"),
        '\u{202c}' => Some("pop directional formatting"),
        '\u{202d}' => Some("left-to-right override"),
        '\u{202e}' => Some("right-to-left override"),
        '\u{2066}' => Some("left-to-right isolate"),
        '\u{2067}' => Some("right-to-left isolate"),
        '\u{2068}' => Some("first strong isolate"),
        '\u{2069}' => Some("pop directional isolate"),
        _ => None,
    };
    match name {
        Some(name) => format!("U+{code:04X} ({name})"),
        None => format!("U+{code:04X}"),
    }
}

/// Where `c` is written in `file`, at or after `from` (the start of the
/// value that holds it): the character itself, or the YAML escape that
/// stands for it, with that escape as written (`\e`, `\u202E`).
pub(super) fn locate(file: &str, from: Pos, c: char) -> Option<(Pos, Option<String>)> {
    let mut pos = from;
    let mut rest = file[offset(file, from)..].chars();
    while let Some(here) = rest.next() {
        if here == c {
            return Some((pos, None));
        }
        let mut width = 1;
        if here == '\\' {
            let (decoded, written) = escape(rest.as_str());
            if decoded == Some(c) {
                return Some((pos, Some(format!("\\{written}"))));
            }
            for _ in written.chars() {
                rest.next();
            }
            if written == "\n" {
                // `\` at the end of a line of a quoted text: the text goes
                // on at the next line.
                pos.line = pos.line.saturating_add(1);
                pos.column = 1;
                continue;
            }
            width += written.chars().count();
        }
        if here == '\n' {
            pos.line = pos.line.saturating_add(1);
            pos.column = 1;
        } else {
            pos.column = pos
                .column
                .saturating_add(u32::try_from(width).unwrap_or(u32::MAX));
        }
    }
    None
}

/// Where `needle` is first written in `file`, at or after `from`.
pub(super) fn locate_text(file: &str, from: Pos, needle: &str) -> Option<Pos> {
    let start = offset(file, from);
    let found = file[start..].find(needle)?;
    let before = &file[start..start + found];
    let pos = match before.rfind('\n') {
        Some(newline) => Pos {
            line: from
                .line
                .saturating_add(count(before.matches('\n').count())),
            column: count(before[newline + 1..].chars().count()).saturating_add(1),
        },
        None => Pos {
            line: from.line,
            column: from.column.saturating_add(count(before.chars().count())),
        },
    };
    Some(pos)
}

/// Where the byte `offset` of a value (the text YAML read, starting at
/// `from` in `file`) is written. In a block written with `|`, each line of
/// the value is a line of the file (YAML gives the position of its first
/// line); elsewhere the line of the value is looked for from `from` on.
pub(super) fn locate_offset(file: &str, from: Pos, value: &str, offset: usize) -> Option<Pos> {
    let offset = (0..=offset.min(value.len()))
        .rev()
        .find(|&i| value.is_char_boundary(i))?;
    let line_start = value[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = value[line_start..].split('\n').next().unwrap_or_default();
    let column = value[line_start..offset].chars().count();
    let lines: Vec<&str> = file.lines().collect();
    let at = from.line.saturating_sub(1) as usize;
    let header = |index: usize| {
        let text = lines.get(index)?;
        let text = text.split(" #").next().unwrap_or(text).trim_end();
        Some(text.rsplit(' ').next().unwrap_or(text).starts_with('|'))
    };
    // The value starts on the line after its `|`, or (as some readers
    // report it) at the `|` itself.
    let first = if at > 0 && header(at - 1) == Some(true) {
        Some(at)
    } else if header(at) == Some(true) {
        Some(at + 1)
    } else {
        None
    };
    if let Some(first) = first {
        let index = first + value[..line_start].matches('\n').count();
        if let Some(written) = lines.get(index).filter(|w| w.ends_with(line)) {
            let indent = written.chars().count() - line.chars().count();
            return Some(Pos {
                line: count(index + 1),
                column: count(indent + column + 1),
            });
        }
    }
    let found = locate_text(file, from, line.trim())?;
    let skipped = line.chars().count() - line.trim_start().chars().count();
    Some(Pos {
        line: found.line,
        column: found
            .column
            .saturating_add(count(column.saturating_sub(skipped))),
    })
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The byte offset of a position (1-based line, column in characters).
fn offset(file: &str, at: Pos) -> usize {
    let start = file
        .split_inclusive('\n')
        .take(at.line.saturating_sub(1) as usize)
        .map(str::len)
        .sum::<usize>();
    let line = &file[start..];
    start
        + line
            .char_indices()
            .nth(at.column.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i)
}

/// The character a YAML double-quoted escape stands for, given the text
/// after its backslash, and the escape's text after the backslash.
fn escape(after: &str) -> (Option<char>, &str) {
    let Some(first) = after.chars().next() else {
        return (None, "");
    };
    let hex = |digits: usize| {
        let text = after.get(1..=digits)?;
        let code = u32::from_str_radix(text, 16).ok()?;
        Some((char::from_u32(code)?, &after[..=digits]))
    };
    let simple = match first {
        '0' => Some('\0'),
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        't' | '\t' => Some('\t'),
        'n' => Some('\n'),
        'v' => Some('\u{b}'),
        'f' => Some('\u{c}'),
        'r' => Some('\r'),
        'e' => Some('\u{1b}'),
        'N' => Some('\u{85}'),
        '_' => Some('\u{a0}'),
        'L' => Some('\u{2028}'),
        'P' => Some('\u{2029}'),
        _ => None,
    };
    let digits = match first {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => return (simple, &after[..first.len_utf8()]),
    };
    match hex(digits) {
        Some((c, written)) => (Some(c), written),
        None => (None, &after[..1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, column: u32) -> Pos {
        Pos { line, column }
    }

    #[test]
    fn one_line_fields_refuse_line_breaks_and_tabs_bodies_keep_them() {
        assert!(refused("Privacy\tPolicy", Lines::Many).is_none());
        assert!(refused("a\n\nb\n", Lines::Many).is_none());
        assert!(refused("Données — ™ “ok” عربى \u{200f}", Lines::One).is_none());
        let line = refused("Privacy\nPolicy", Lines::One).unwrap();
        assert!(line.what.contains("one line"), "{line:?}");
        assert!(
            refused("cr\r", Lines::One)
                .unwrap()
                .what
                .contains("line break")
        );
        let cr = refused("cr\r", Lines::Many).unwrap();
        assert!(cr.what.contains("U+000D (carriage return)"), "{cr:?}");
        assert!(refused("a\tb", Lines::One).unwrap().what.contains("tab"));
    }

    #[test]
    fn control_bidi_and_noncharacters_are_refused_everywhere() {
        for (text, found, words) in [
            ("a\u{1b}[2Jb", '\u{1b}', "U+001B (escape)"),
            ("bell\u{7}", '\u{7}', "U+0007 (bell)"),
            ("nul\0", '\0', "U+0000 (null)"),
            ("del\u{7f}", '\u{7f}', "U+007F (delete)"),
            (
                "csi\u{9b}31m",
                '\u{9b}',
                "U+009B (control sequence introducer)",
            ),
            ("nel\u{85}", '\u{85}', "U+0085 (next line)"),
            ("txt\u{202e}exe", '\u{202e}', "right-to-left override"),
            ("iso\u{2066}x\u{2069}", '\u{2066}', "left-to-right isolate"),
            ("not\u{ffff}", '\u{ffff}', "not a character"),
            ("not\u{fdd0}", '\u{fdd0}', "not a character"),
            ("not\u{10fffe}", '\u{10fffe}', "not a character"),
        ] {
            for lines in [Lines::One, Lines::Many] {
                let refused = refused(text, lines).expect(text);
                assert_eq!(refused.found, found, "{text:?}");
                assert!(refused.what.contains(words), "{text:?}: {}", refused.what);
                assert!(!refused.help.is_empty());
            }
        }
    }

    proptest::proptest! {
        /// The byte scan finds what reading every character would find.
        #[test]
        fn the_byte_scan_agrees_with_reading_each_character(text in "\\PC*|[\\x00-\\x{ffff}]{0,40}|.{0,20}[\\x{80}-\\x{9f}\\x{2028}-\\x{206f}\\x{fdd0}-\\x{fdef}\\x{fff0}-\\x{ffff}\\x{1fffe}\\x{10ffff}].{0,5}") {
            for lines in [Lines::One, Lines::Many] {
                proptest::prop_assert_eq!(
                    first_refused(&text, lines),
                    text.chars().find(|&c| !allowed(c, lines))
                );
            }
        }
    }

    #[test]
    fn character_references_to_refused_characters_are_refused() {
        for (text, written, words) in [
            (
                "a &#27;[2J b",
                "&#27;",
                "the control character U+001B (escape)",
            ),
            ("&#x1B;", "&#x1B;", "U+001B"),
            ("<p>&#x7</p>", "&#x7", "U+0007 (bell)"),
            ("&#0000000027;", "&#0000000027;", "U+001B"),
            ("txt&#x202e;exe", "&#x202e;", "right-to-left override"),
            ("&#65535;", "&#65535;", "not a character"),
        ] {
            let (found, refused) = refused_reference(text).expect(text);
            assert_eq!(found, written);
            assert!(
                refused
                    .what
                    .starts_with(&format!("has `{written}`, a reference to")),
                "{}",
                refused.what
            );
            assert!(refused.what.contains(words), "{text}: {}", refused.what);
        }
        let (_, quote) = refused_reference("It&#146;s").unwrap();
        assert!(quote.help.contains("write `’` itself"), "{}", quote.help);
        // Line breaks, tabs, ordinary characters, U+0000 (shown as U+FFFD),
        // a number past Unicode and a lone `&#` are no harm.
        for text in [
            "&#10;&#9;&#xA;",
            "&#233; &#x2019; &amp; &#8207;",
            "&#0; &#99999999999;",
            "&# x &#x;",
        ] {
            assert_eq!(refused_reference(text), None, "{text}");
        }
    }

    #[test]
    fn finds_the_escape_that_wrote_the_character() {
        let file = "effective: 2024-01-01\ntitle: \"Bad \\e[2J title\"\n";
        assert_eq!(
            locate(file, at(2, 8), '\u{1b}'),
            Some((at(2, 13), Some("\\e".to_owned())))
        );
        // An escaped backslash is not the start of an escape; the later
        // `\u202E` is.
        let file = "title: \"a\\\\e \\u202Eb\"\n";
        assert_eq!(
            locate(file, at(1, 8), '\u{202e}'),
            Some((at(1, 14), Some("\\u202E".to_owned())))
        );
        // A character written as itself, on a later line of a block.
        let file = "body: |\n  one\n  two \u{202e}three\n";
        assert_eq!(locate(file, at(1, 7), '\u{202e}'), Some((at(3, 7), None)));
        // Escapes in every form YAML has.
        for (written, c) in [
            ("\\a", '\u{7}'),
            ("\\x1b", '\u{1b}'),
            ("\\u0007", '\u{7}'),
            ("\\U0000009b", '\u{9b}'),
            ("\\N", '\u{85}'),
            ("\\0", '\0'),
        ] {
            let file = format!("x: \"é {written}\"");
            assert_eq!(
                locate(&file, at(1, 4), c),
                Some((at(1, 7), Some(written.to_owned()))),
                "{written}"
            );
        }
        assert_eq!(locate("x: y", at(1, 4), '\u{1b}'), None);
        let file = "body: |\n  It&#146;s\n  x &#27; y\n";
        assert_eq!(locate_text(file, at(1, 7), "&#146;"), Some(at(2, 5)));
        assert_eq!(locate_text(file, at(1, 7), "&#27;"), Some(at(3, 5)));
        assert_eq!(
            locate_text("a: \"é &#27;\"", at(1, 4), "&#27;"),
            Some(at(1, 7))
        );
        // An offset in a block: the line after the `|`, past its indent.
        let file = "    body: |\n      one\n\n        - two\n";
        let value = "one\n\n  - two\n";
        for from in [at(1, 11), at(2, 7)] {
            assert_eq!(locate_offset(file, from, value, 7), Some(at(4, 9)));
            assert_eq!(locate_offset(file, from, value, 0), Some(at(2, 7)));
        }
        let file = "    body: |-  # a comment\n      - a\n      - a\n";
        assert_eq!(locate_offset(file, at(2, 7), "- a\n- a", 6), Some(at(3, 9)));
        // Elsewhere, the line is looked for.
        let file = "body: \"a\\n\\n- b\"\n";
        assert_eq!(
            locate_offset(file, at(1, 7), "a\n\n- b", 3),
            Some(at(1, 13))
        );
    }
}
