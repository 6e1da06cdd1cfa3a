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
    let s = s.replace("\r\n", "\n");
    s.split("\n\n")
        .map(|p| {
            let joined: Vec<&str> = p.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            joined.join(" ")
        })
        .filter(|p| !p.is_empty())
        .map(|p| guard_block_start(&inline_escapes(&p)))
        .collect()
}

/// A narrative field as one line of inline Markdown, for lists and tables.
pub fn inline(s: &str) -> String {
    safe_paragraphs(s).join(" ")
}

/// A narrative field as paragraphs separated by blank lines.
pub fn paragraphs(s: &str) -> String {
    safe_paragraphs(s).join("\n\n")
}

/// Escapes what is structural anywhere in a line: table pipes, raw HTML,
/// entities, and control characters.
fn inline_escapes(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 8);
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
    out
}

/// Escapes the first character of a paragraph where it would open a block.
fn guard_block_start(p: &str) -> String {
    let first = p.chars().next().unwrap_or(' ');
    let rest_after = |n: usize| p[n..].chars().next();
    let spaced = |n: usize| matches!(rest_after(n), None | Some(' '));
    let rule = {
        let t: String = p.chars().filter(|c| !c.is_whitespace()).collect();
        t.len() >= 3
            && ["*", "-", "_"]
                .iter()
                .any(|m| t.chars().all(|c| c.to_string() == *m))
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
        '*' | '-' | '+' => spaced(1) || rule,
        '_' => rule,
        '`' | '~' => p.starts_with("```") || p.starts_with("~~~"),
        ':' | '=' => true,
        _ => false,
    };
    if ordered {
        format!("{}\\{}", &p[..digits], &p[digits..])
    } else if needs {
        format!("\\{p}")
    } else {
        p.to_string()
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
}
