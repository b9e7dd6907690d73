//! What the XML formats (GraphML, GEXF) share: escaping text for quick-xml
//! to write as is, and turning a reader's events back into text.

use std::borrow::Cow;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::Writer;

/// Escapes `s` for XML 1.0: `&`, `<` and `>`, and in (double-quoted)
/// attribute values also `"`, tab and newline, which a parser would
/// otherwise turn into spaces; carriage returns always, as a parser drops
/// them. Control characters XML 1.0 cannot carry at all become U+FFFD.
pub(crate) fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// An element start with attributes escaped by [`escape`].
pub(crate) fn start<'a>(name: &'a str, attrs: &[(&'a str, &str)]) -> BytesStart<'a> {
    let mut e = BytesStart::new(name);
    for (k, v) in attrs {
        e.push_attribute(Attribute {
            key: QName(k),
            value: Cow::Owned(escape(v, true)),
        });
    }
    e
}

/// Writes `<name attrs…>text</name>`, text escaped by [`escape`].
pub(crate) fn text_element(
    w: &mut Writer<Vec<u8>>,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> std::io::Result<()> {
    let s = start(name, attrs);
    let end = s.to_end().into_owned();
    w.write_event(Event::Start(s))?;
    w.write_event(Event::Text(BytesText::from_escaped(escape(text, false))))?;
    w.write_event(Event::End(end))
}

/// A new writer indenting by two spaces, after the XML declaration.
pub(crate) fn writer() -> std::io::Result<Writer<Vec<u8>>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.get_mut()
        .extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    Ok(w)
}

/// The text a writer holds, with a final newline.
pub(crate) fn finish(w: Writer<Vec<u8>>) -> String {
    let mut s = String::from_utf8_lossy(&w.into_inner()).into_owned();
    s.push('\n');
    s
}

/// Text from an entity or character reference (`&amp;`, `&#10;`), or
/// `None` when it is not one XML defines.
pub(crate) fn resolve_ref(name: &str) -> Option<String> {
    let predefined = match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => "",
    };
    if !predefined.is_empty() {
        return Some(predefined.to_string());
    }
    let code = if let Some(hex) = name.strip_prefix("#x") {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse::<u32>().ok()
    } else {
        None
    };
    code.and_then(char::from_u32).map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_xml_needs() {
        assert_eq!(escape("a<&>\"'b", false), "a&lt;&amp;&gt;\"'b");
        assert_eq!(escape("a\"'b", true), "a&quot;'b");
        assert_eq!(escape("x\ny\tz\r", true), "x&#10;y&#9;z&#13;");
        assert_eq!(escape("x\ny", false), "x\ny");
        assert_eq!(escape("한국\u{1}", false), "한국\u{fffd}");
        assert_eq!(resolve_ref("#10").as_deref(), Some("\n"));
        assert_eq!(resolve_ref("#x D55C").as_deref(), None);
        assert_eq!(resolve_ref("#xD55C").as_deref(), Some("한"));
        assert_eq!(resolve_ref("nbsp"), None);
    }
}
