//! Folding text for comparison: lower case, common Latin accents taken
//! off, white space collapsed, so that "Placé" matches "place".
//!
//! A leaf of the model: the graph's name index, the packed name column,
//! regions and name search ([`super::search`]) all compare folded text.

/// Lower-cases, folds common Latin accents and collapses white space, so
/// that "Placé" matches "place".
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // The same, a byte at a time (most names): no accents to fold.
        let mut out = String::with_capacity(s.len());
        for b in s.trim().bytes() {
            let c = if (b as char).is_whitespace() {
                ' '
            } else {
                b.to_ascii_lowercase() as char
            };
            if c == ' ' && out.ends_with(' ') {
                continue;
            }
            out.push(c);
        }
        return out;
    }
    fold_chars(s)
}

/// [`fold`], a character at a time.
fn fold_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        let base = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'ç' | 'č' | 'ć' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' | 'ń' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
            'ý' | 'ÿ' => 'y',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'đ' => 'd',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if base == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(base);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn folding_ascii_a_byte_at_a_time_agrees(s in "[ -~\t\n\r\x0b\x0c]{0,24}") {
            proptest::prop_assert_eq!(fold(&s), fold_chars(&s));
        }
    }
}
