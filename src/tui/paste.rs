//! Pasted text (bracketed paste) made fit for the field that takes it.
//! A paste is text, never keys: it is inserted where text is typed and
//! ignored everywhere else, so it can never act or send a request.

/// `text` as a field takes it: line breaks as `\n` in a multi-line field
/// and spaces in a one-line one (a trailing break dropped there), tabs as
/// spaces in one-line fields, and every other control character dropped
/// so no escape sequence reaches the screen.
pub fn clean(text: &str, multiline: bool) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let body = if multiline { unified.as_str() } else { unified.trim_end_matches('\n') };
    body.chars()
        .filter_map(|c| match c {
            '\n' | '\t' if multiline => Some(c),
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn one_line_fields_get_one_line() {
        assert_eq!(clean("a\r\nb\tc\n", false), "a b c");
        assert_eq!(clean("id-1\n", false), "id-1");
    }

    #[test]
    fn multi_line_fields_keep_their_lines() {
        assert_eq!(clean("a\r\nb\rc\n", true), "a\nb\nc\n");
    }

    #[test]
    fn multi_line_fields_drop_escapes() {
        assert_eq!(clean("x\x1b[2Jy\x07", true), "x[2Jy");
    }
}
