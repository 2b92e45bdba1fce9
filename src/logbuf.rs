//! A container log held in memory, pure: the bytes read so far cut into
//! cleaned lines, at most a cap of them (the oldest go first, counted), and
//! the search that keeps the lines around each match. The dashboard's log
//! view and the CLI's `apps logs --fetch` both read server text through it.

use std::borrow::Cow;
use std::collections::VecDeque;

/// Lines the dashboard keeps of one log.
pub const LOG_LINES_MAX: usize = 20_000;

/// One log line as it may be shown: escape sequences (colours, titles)
/// dropped whole, a trailing `\r` dropped, every other control character
/// replaced (`text::clean`).
pub fn clean_line(raw: &str) -> String {
    let raw = raw.strip_suffix('\r').unwrap_or(raw);
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            // CSI: parameters and intermediates, up to a final byte in @..~.
            Some('[') => {
                chars.next();
                for d in chars.by_ref() {
                    if ('@'..='~').contains(&d) {
                        break;
                    }
                }
            }
            // OSC: up to BEL or ESC \.
            Some(']') => {
                chars.next();
                while let Some(d) = chars.next() {
                    if d == '\u{7}' || (d == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            _ => out.push(c),
        }
    }
    crate::text::clean(&out).into_owned()
}

/// A log read so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogBuffer {
    lines: VecDeque<String>,
    /// Bytes of a last line not ended yet (it may end inside a character).
    partial: Vec<u8>,
    cap: usize,
    trimmed: u64,
    read: u64,
}

impl LogBuffer {
    /// An empty log keeping at most `cap` lines (at least one).
    pub fn new(cap: usize) -> LogBuffer {
        LogBuffer { lines: VecDeque::new(), partial: Vec::new(), cap: cap.max(1), trimmed: 0, read: 0 }
    }

    /// Takes in the next bytes of the page.
    pub fn push(&mut self, bytes: &[u8]) {
        self.read += bytes.len() as u64;
        self.partial.extend_from_slice(bytes);
        let Some(last) = self.partial.iter().rposition(|b| *b == b'\n') else { return };
        let rest = self.partial.split_off(last + 1);
        let done = std::mem::replace(&mut self.partial, rest);
        for line in String::from_utf8_lossy(&done[..done.len() - 1]).split('\n') {
            self.lines.push_back(clean_line(line));
        }
        while self.lines.len() > self.cap {
            self.lines.pop_front();
            self.trimmed += 1;
        }
    }

    /// Forgets everything read (the page started over); the trimmed count stays.
    pub fn restart(&mut self) {
        self.trimmed += self.lines.len() as u64;
        self.lines.clear();
        self.partial.clear();
        self.read = 0;
    }

    /// Bytes of the page read so far (where the next fetch starts).
    pub fn read(&self) -> u64 {
        self.read
    }

    /// The most lines kept.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Lines dropped to keep within the cap.
    pub fn trimmed(&self) -> u64 {
        self.trimmed
    }

    /// The lines kept, the unfinished last one included.
    pub fn lines(&self) -> Vec<String> {
        self.iter().map(Cow::into_owned).collect()
    }

    /// The lines kept, the unfinished last one included, borrowed where
    /// they can be: a frame reads them without copying 20,000 lines.
    pub fn iter(&self) -> impl Iterator<Item = Cow<'_, str>> {
        let partial =
            (!self.partial.is_empty()).then(|| Cow::Owned(clean_line(&String::from_utf8_lossy(&self.partial))));
        self.lines.iter().map(|l| Cow::Borrowed(l.as_str())).chain(partial)
    }

    /// How many lines [`LogBuffer::iter`] gives.
    pub fn len(&self) -> usize {
        self.lines.len() + usize::from(!self.partial.is_empty())
    }

    /// True when no line was kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Line `i` of [`LogBuffer::iter`].
    pub fn line(&self, i: usize) -> Cow<'_, str> {
        match self.lines.get(i) {
            Some(l) => Cow::Borrowed(l.as_str()),
            None => self.iter().nth(i).unwrap_or_default(),
        }
    }

    /// Takes out the whole lines kept, oldest first (a reader that prints
    /// them as they come); the unfinished last one stays.
    pub fn take_lines(&mut self) -> impl Iterator<Item = String> + '_ {
        self.lines.drain(..)
    }

    /// The lines kept, as text to save (each ended by a line break).
    pub fn text(&self) -> String {
        self.lines().into_iter().map(|l| l + "\n").collect()
    }
}

/// What a search shows: a line (by index), or a break between groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The line at this index; `true` when it matches.
    Line(usize, bool),
    /// Lines left out between two groups.
    Gap,
}

/// The lines matching `query`, each with `context` lines before and after,
/// overlapping groups merged and a [`Shown::Gap`] between the others. The
/// match ignores case unless the query has a capital letter (smart case).
/// An empty query shows every line.
pub fn search<S: AsRef<str>>(lines: impl IntoIterator<Item = S>, query: &str, context: usize) -> Vec<Shown> {
    if query.is_empty() {
        return (0..lines.into_iter().count()).map(|i| Shown::Line(i, false)).collect();
    }
    let exact = query.chars().any(char::is_uppercase);
    let q = if exact { query.to_string() } else { query.to_lowercase() };
    let hit = |l: &str| if exact { l.contains(&q) } else { l.to_lowercase().contains(&q) };
    let hits: Vec<bool> = lines.into_iter().map(|l| hit(l.as_ref())).collect();
    let mut out = Vec::new();
    let mut next = 0usize; // first line not yet shown
    for (i, _) in hits.iter().enumerate().filter(|(_, h)| **h) {
        let from = i.saturating_sub(context).max(next);
        if from > next && !out.is_empty() {
            out.push(Shown::Gap);
        }
        let to = (i + context).min(hits.len().saturating_sub(1));
        out.extend((from..=to).zip(&hits[from..=to]).map(|(j, h)| Shown::Line(j, *h)));
        next = next.max(to + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buf(text: &str, cap: usize) -> LogBuffer {
        let mut b = LogBuffer::new(cap);
        b.push(text.as_bytes());
        b
    }

    #[test]
    fn lines_are_cut_at_line_breaks_across_pushes() {
        let mut b = buf("one\ntw", 10);
        assert_eq!(b.lines(), ["one", "tw"]);
        b.push(b"o\nthree\n");
        assert_eq!(b.lines(), ["one", "two", "three"]);
        assert_eq!(b.read(), 14);
    }

    #[test]
    fn a_character_split_between_pushes_is_kept_whole() {
        let mut b = LogBuffer::new(10);
        let bytes = "é\n".as_bytes();
        b.push(&bytes[..1]);
        b.push(&bytes[1..]);
        assert_eq!(b.lines(), ["é"]);
    }

    #[test]
    fn the_oldest_lines_go_past_the_cap_and_are_counted() {
        let b = buf("1\n2\n3\n4\n5\n", 3);
        assert_eq!(b.lines(), ["3", "4", "5"]);
        assert_eq!(b.trimmed(), 2);
    }

    #[test]
    fn escapes_are_dropped_and_controls_replaced() {
        assert_eq!(clean_line("\u{1b}[33mWARN\u{1b}[0m x\r"), "WARN x");
        assert_eq!(clean_line("a\u{1b}]0;pwned\u{7}b"), "ab");
        assert_eq!(clean_line("bell\u{7}"), format!("bell{}", crate::text::MARK));
    }

    #[test]
    fn a_restart_forgets_the_lines_read() {
        let mut b = buf("a\nb\n", 10);
        b.restart();
        assert!(b.lines().is_empty());
        assert_eq!((b.read(), b.trimmed()), (0, 2));
    }

    fn lines(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("line {i}")).collect()
    }

    #[test]
    fn a_search_keeps_the_lines_around_each_match() {
        let l = lines(20);
        let shown = search(&l, "line 10", 2);
        let want: Vec<Shown> = (8..=12).map(|i| Shown::Line(i, i == 10)).collect();
        assert_eq!(shown, want);
    }

    #[test]
    fn groups_apart_are_split_by_a_gap() {
        let l = lines(30);
        let shown = search(&l, "line 2", 1);
        // "line 2" and "line 20".."line 29": two groups.
        assert_eq!(&shown[..3], &[Shown::Line(1, false), Shown::Line(2, true), Shown::Line(3, false)]);
        assert_eq!(shown[3], Shown::Gap);
        assert_eq!(shown[4], Shown::Line(19, false));
    }

    #[test]
    fn overlapping_groups_are_merged() {
        let l = vec!["x".to_string(), "a".into(), "x".into(), "b".into(), "x".into()];
        let shown = search(&l, "x", 1);
        assert_eq!(shown.len(), 5);
        assert!(!shown.contains(&Shown::Gap));
    }

    #[test]
    fn a_capital_letter_makes_the_search_exact() {
        let l = vec!["WARN a".to_string(), "warn b".into()];
        assert_eq!(search(&l, "warn", 0).len(), 2);
        assert_eq!(search(&l, "WARN", 0), [Shown::Line(0, true)]);
    }
}
