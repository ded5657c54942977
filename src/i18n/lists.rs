//! Lists joined the way each language joins them ("A, B and C", "A, B et C",
//! "A وB وC"), with ICU4X and CLDR's list patterns: no connector word is
//! written out here.

use std::fmt;

use icu_list::options::ListFormatterOptions;
use icu_list::{ListFormatter, parts};
use writeable::{Part, PartsWrite, Writeable};

use crate::model::Locale;

/// `items` joined as a list of `language` ("A, B and C"). With `html`, the
/// items are inserted as given (they are HTML already) and the connectors
/// are escaped; without it, everything is plain text.
pub fn join(language: &Locale, items: &[String], html: bool) -> String {
    let Ok(formatter) =
        ListFormatter::try_new_and(language.icu().into(), ListFormatterOptions::default())
    else {
        return items.join(", ");
    };
    let list = formatter.format(items.iter());
    if html {
        escape_literals(&list)
    } else {
        list.write_to_string().into_owned()
    }
}

/// Writes `list` with its literal parts (the connectors) escaped for HTML
/// and its elements as they are.
fn escape_literals(list: &impl Writeable) -> String {
    let mut sink = HtmlSink {
        out: String::new(),
        escape: true,
    };
    list.write_to_parts(&mut sink)
        .expect("writing to a String cannot fail");
    sink.out
}

/// A sink that escapes everything but the list's elements.
struct HtmlSink {
    out: String,
    escape: bool,
}

impl fmt::Write for HtmlSink {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.escape {
            self.out.push_str(&crate::render::escape_html(s));
        } else {
            self.out.push_str(s);
        }
        Ok(())
    }
}

impl PartsWrite for HtmlSink {
    type SubPartsWrite = HtmlSink;

    fn with_part(
        &mut self,
        part: Part,
        mut f: impl FnMut(&mut Self::SubPartsWrite) -> fmt::Result,
    ) -> fmt::Result {
        let outer = self.escape;
        self.escape = part != parts::ELEMENT;
        let result = f(self);
        self.escape = outer;
        result
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// An element and a literal, to test the sink with any literal text.
    struct Literal<'a>(&'a str, &'a str);

    impl Writeable for Literal<'_> {
        fn write_to_parts<S: PartsWrite + ?Sized>(&self, sink: &mut S) -> fmt::Result {
            sink.with_part(parts::ELEMENT, |e| e.write_str(self.0))?;
            sink.with_part(parts::LITERAL, |l| l.write_str(self.1))
        }
    }

    fn list(tag: &str, items: &[&str], html: bool) -> String {
        let items: Vec<String> = items.iter().map(|s| (*s).to_owned()).collect();
        join(&Locale::parse(tag).unwrap(), &items, html)
    }

    #[test]
    fn joins_lists_as_each_language_does() {
        assert_eq!(list("en", &["A", "B", "C"], false), "A, B, and C");
        assert_eq!(list("en", &["A", "B"], false), "A and B");
        assert_eq!(list("fr", &["A", "B", "C"], false), "A, B et C");
        assert_eq!(list("de", &["A", "B", "C"], false), "A, B und C");
        assert_eq!(list("ar", &["أ", "ب", "ج"], false), "أ وب وج");
        assert_eq!(list("en", &["A"], false), "A");
        assert_eq!(list("en", &[], false), "");
    }

    #[test]
    fn html_lists_keep_their_items_and_escape_their_connectors() {
        assert_eq!(
            list("en", &["<a href=\"#a\">A</a>", "<b>B</b>"], true),
            "<a href=\"#a\">A</a> and <b>B</b>"
        );
        // CLDR has no connector with markup characters; the sink itself shows
        // that literals are escaped and elements are not.
        assert_eq!(
            escape_literals(&Literal("<i>x</i>", " & ")),
            "<i>x</i> &amp; "
        );
    }
}
