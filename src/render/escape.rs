//! Markdown escaping: data never changes a document's structure.
//!
//! Plain values (names, titles) are escaped whole: every character Markdown
//! gives a meaning to is backslash-escaped and line breaks become spaces.
//! Narrative fields keep inline Markdown (emphasis, strong, links) but lose
//! every way to start a block: they are joined into single-line paragraphs
//! whose first character is escaped where it could open a heading, list,
//! quote, fence or rule, and `|`, `<` and `&` are escaped everywhere.

/// Escapes a plain value for use anywhere in a Markdown template.
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '<' | '>' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | '{' | '}' | ':' | '&' | '"' | '\'' | '=' | '$' | '^' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The paragraphs of a narrative field, each on one line and unable to open a block.
fn safe_paragraphs(s: &str) -> Vec<String> {
    let s = if s.contains('\r') {
        std::borrow::Cow::Owned(s.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    let mut out = Vec::new();
    for p in s.split("\n\n") {
        let mut joined = String::with_capacity(p.len() + 8);
        let mut lines = 0;
        for line in p.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if lines > 0 {
                joined.push(' ');
            }
            inline_escapes(line, &mut joined);
            lines += 1;
        }
        if lines > 0 {
            guard_block_start(&mut joined);
            out.push(joined);
        }
    }
    out
}

/// A narrative field as one line of inline Markdown, for lists and tables.
pub fn inline(s: &str) -> String {
    with_notes(s, |body| safe_paragraphs(body).join(" "))
}

/// A narrative field as paragraphs separated by blank lines.
pub fn paragraphs(s: &str) -> String {
    with_notes(s, |body| safe_paragraphs(body).join("\n\n"))
}

/// A narrative field escaped by `escape`, each of its notes' references
/// replaced by the note's text between the note marks
/// ([`NOTE_OPEN`](super::markdown::NOTE_OPEN), one line of inline Markdown,
/// [`NOTE_CLOSE`](super::markdown::NOTE_CLOSE)), its definitions taken
/// out. A reference the field does not define stays as it was written
/// (normalize has reported it).
fn with_notes(s: &str, escape: impl Fn(&str) -> String) -> String {
    use super::markdown::{NOTE_CLOSE, NOTE_OPEN};
    let notes = crate::doc::notes::split(s);
    if notes.is_empty() {
        return escape(s);
    }
    let escaped = escape(&notes.body);
    let mut out = String::with_capacity(escaped.len() + 64);
    let mut at = 0;
    for (range, label) in crate::doc::notes::references(&escaped) {
        let Some(text) = notes.definition(label) else {
            continue;
        };
        out.push_str(&escaped[at..range.start]);
        out.push(NOTE_OPEN);
        out.push_str(&safe_paragraphs(text).join(" "));
        out.push(NOTE_CLOSE);
        at = range.end;
    }
    out.push_str(&escaped[at..]);
    out
}

/// Appends `p` to `out` with what is structural anywhere in a line
/// escaped: table pipes, raw HTML, entities, and control characters.
fn inline_escapes(p: &str, out: &mut String) {
    let structural = |c: char| matches!(c, '|' | '<' | '>' | '&') || c.is_control();
    if !p.chars().any(structural) {
        out.push_str(p);
        return;
    }
    for c in p.chars() {
        match c {
            '|' | '<' | '>' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// Escapes the first character of a paragraph where it would open a block.
fn guard_block_start(p: &mut String) {
    let first = p.chars().next().unwrap_or(' ');
    let rest_after = |n: usize| p[n..].chars().next();
    let spaced = |n: usize| matches!(rest_after(n), None | Some(' '));
    // A thematic break: three or more of one of `*`, `-`, `_` and nothing
    // else but spaces.
    let rule = || {
        matches!(first, '*' | '-' | '_') && {
            let mut marks = 0;
            p.chars().filter(|c| !c.is_whitespace()).all(|c| {
                marks += 1;
                c == first
            }) && marks >= 3
        }
    };
    let digits = p.bytes().take_while(u8::is_ascii_digit).count();
    let ordered = (1..=9).contains(&digits)
        && matches!(p.as_bytes().get(digits), Some(b'.' | b')'))
        && spaced(digits + 1);
    let needs = match first {
        '#' => {
            let hashes = p.chars().take_while(|&c| c == '#').count();
            hashes <= 6 && spaced(hashes)
        }
        '*' | '-' | '+' => spaced(1) || rule(),
        '_' => rule(),
        '`' | '~' => p.starts_with("```") || p.starts_with("~~~"),
        ':' | '=' => true,
        _ => false,
    };
    if ordered {
        p.insert(digits, '\\');
    } else if needs {
        p.insert(0, '\\');
    }
}

/// A link destination that cannot end the link early.
pub fn url(s: &str) -> String {
    let mut out = String::from("<");
    for c in s.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_escape_everything_structural() {
        assert_eq!(
            plain("Phạm | *Đoan* [x](y)"),
            "Phạm \\| \\*Đoan\\* \\[x\\]\\(y\\)"
        );
        assert_eq!(plain("# title\nnext"), "\\# title next");
    }

    #[test]
    fn narrative_keeps_inline_markdown_but_never_opens_a_block() {
        assert_eq!(
            inline("*Luật* and [a](https://x.org)"),
            "*Luật* and [a](https://x.org)"
        );
        assert_eq!(inline("# not a heading"), "\\# not a heading");
        assert_eq!(inline("- not a list"), "\\- not a list");
        assert_eq!(inline("12. not a list"), "12\\. not a list");
        assert_eq!(inline("> not a quote"), "\\> not a quote");
        assert_eq!(inline("---"), "\\---");
        assert_eq!(inline("a | b <tag>"), "a \\| b \\<tag\\>");
        assert_eq!(
            inline("line one\nline two\n\npara two"),
            "line one line two para two"
        );
        assert_eq!(paragraphs("one\n\n# two"), "one\n\n\\# two");
    }

    #[test]
    fn a_note_goes_to_its_reference_between_marks() {
        use crate::render::markdown::{NOTE_CLOSE, NOTE_OPEN};
        assert_eq!(
            paragraphs("One[^a] two.\n\n[^a]: See *A/HRC/1*.\n\n# Three[^b]"),
            format!("One{NOTE_OPEN}See *A/HRC/1*.{NOTE_CLOSE} two.\n\n\\# Three[^b]")
        );
        // A definition cannot open a block either.
        assert_eq!(
            inline("x[^1]\n[^1]: # no"),
            format!("x{NOTE_OPEN}\\# no{NOTE_CLOSE}")
        );
        // Data cannot write a mark.
        assert_eq!(inline(&format!("{NOTE_OPEN}x{NOTE_CLOSE}")), "x");
    }

    #[test]
    fn thematic_breaks_control_characters_and_line_ends() {
        assert_eq!(inline("* * *"), "\\* * *");
        assert_eq!(inline("***"), "\\***");
        assert_eq!(inline("_ _ _"), "\\_ _ _");
        assert_eq!(inline("__"), "__");
        assert_eq!(inline("+++"), "+++");
        assert_eq!(inline("-*-"), "-*-");
        assert_eq!(inline("a\r\nb"), "a b");
        assert_eq!(inline("x\u{1}y\tz"), "xy z");
        assert_eq!(inline("\u{1}# h"), "\\# h");
        assert_eq!(inline("3) x"), "3\\) x");
        assert_eq!(inline("1234567890. x"), "1234567890. x");
        assert_eq!(paragraphs("\u{1}\n\nb"), "\n\nb");
    }
}
