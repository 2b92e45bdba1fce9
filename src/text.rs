//! Server text made safe to show: a name or message from a service reaches
//! a terminal only through [`clean`], so it cannot move the cursor, set the
//! window title or hide what is printed after it.

use std::borrow::Cow;

/// What stands in for a control character that has no harmless look.
pub const MARK: char = '\u{FFFD}';

/// True for the characters a terminal may act on: C0 controls, DEL and C1 controls.
pub fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// `s` with every control character replaced: white space (tab, line
/// breaks) by a space, the rest (ESC, BEL, BS, DEL, C1) by [`MARK`]. Every
/// other character is kept; text without controls is returned as it is.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' => ' ',
                c if is_control(c) => MARK,
                c => c,
            })
            .collect(),
    )
}

/// `s` with its first letter upper-case (`delete` → `Delete`).
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// [`clean`] into an owned string, for values kept in rows and messages.
pub fn cleaned(s: String) -> String {
    match clean(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(o) => o,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_become_marks() {
        assert_eq!(clean("evil\u{1b}]0;pwned\u{7}\u{1b}[2J name"), "evil\u{FFFD}]0;pwned\u{FFFD}\u{FFFD}[2J name");
        assert_eq!(clean("a\tb\r\nc\u{8}\u{7f}\u{9b}"), "a b  c\u{FFFD}\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn korean_text_is_kept_without_a_copy() {
        assert!(matches!(clean("반려동물 사료 v2"), Cow::Borrowed("반려동물 사료 v2")));
    }

    proptest! {
        #[test]
        fn output_has_no_control_char(s in any::<String>()) {
            let out = clean(&s);
            prop_assert!(!out.chars().any(is_control), "{:?}", out);
            prop_assert_eq!(out.chars().count(), s.chars().count());
        }

        #[test]
        fn printable_input_is_unchanged(s in any::<String>()) {
            let printable: String = s.chars().filter(|c| !is_control(*c)).collect();
            prop_assert!(matches!(clean(&printable), Cow::Borrowed(_)));
            prop_assert_eq!(clean(&printable), printable.as_str());
        }
    }
}
