//! Markdown footnotes in one narrative field, which documents show as
//! endnotes.
//!
//! A field refers to a note with `[^label]` anywhere in its text and defines
//! it on a line of its own that starts with `[^label]:`; the definition runs
//! to the next blank line or definition. Labels belong to their field: two
//! fields may both use `[^1]`. A field is read here, before any template
//! sees it, because its definitions must stay with it wherever a template
//! puts the field (one line of a table, a list item): normalize checks the
//! references with [`FieldNotes::problems`], and the `inline` and
//! `paragraphs` helpers put each note's text at its reference for the
//! Markdown parser to take out and number.
//!
//! A reference is `[^` not escaped by a backslash, a label of at most
//! [`MAX_LABEL`] characters that are neither white space nor brackets, and
//! `]`; anything else is text.

/// The longest label, in characters.
pub const MAX_LABEL: usize = 64;

/// A field read for notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNotes {
    /// The field without its definitions' lines.
    pub body: String,
    /// The definitions, in the order written.
    pub definitions: Vec<Definition>,
    /// The labels referred to in `body`, in order, each as often as it is.
    pub references: Vec<String>,
}

/// A note's definition: its label and its text (inline Markdown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    pub label: String,
    pub text: String,
}

/// What is wrong with a field's notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteProblem {
    /// `[^label]` with no definition in the field.
    Undefined(String),
    /// A definition no reference in the field uses.
    Unused(String),
    /// A label defined twice in the field.
    Duplicate(String),
}

impl std::fmt::Display for NoteProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoteProblem::Undefined(l) => {
                write!(f, "refers to the note [^{l}], which it does not define")
            }
            NoteProblem::Unused(l) => {
                write!(f, "defines the note [^{l}], which its text never refers to")
            }
            NoteProblem::Duplicate(l) => write!(f, "defines the note [^{l}] twice"),
        }
    }
}

impl FieldNotes {
    /// Whether the field has neither references nor definitions.
    pub fn is_empty(&self) -> bool {
        self.definitions.is_empty() && self.references.is_empty()
    }

    /// The text of the note `label`, if the field defines it.
    pub fn definition(&self, label: &str) -> Option<&str> {
        (self.definitions.iter())
            .find(|d| d.label == label)
            .map(|d| d.text.as_str())
    }

    /// Undefined references, then unused and twice-defined labels, each
    /// label once.
    pub fn problems(&self) -> Vec<NoteProblem> {
        let mut out = Vec::new();
        for r in &self.references {
            let p = NoteProblem::Undefined(r.clone());
            if self.definition(r).is_none() && !out.contains(&p) {
                out.push(p);
            }
        }
        for (i, d) in self.definitions.iter().enumerate() {
            if !self.references.contains(&d.label) {
                out.push(NoteProblem::Unused(d.label.clone()));
            }
            let p = NoteProblem::Duplicate(d.label.clone());
            if self.definitions[..i].iter().any(|e| e.label == d.label) && !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }
}

/// Reads `field`'s notes.
pub fn split(field: &str) -> FieldNotes {
    let mut body = String::with_capacity(field.len());
    let mut definitions: Vec<Definition> = Vec::new();
    // Whether the lines being read continue a definition.
    let mut in_definition = false;
    for line in field.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some((label, rest)) = definition_start(trimmed) {
            definitions.push(Definition {
                label: label.to_string(),
                text: rest.trim().to_string(),
            });
            in_definition = true;
        } else if trimmed.is_empty() {
            in_definition = false;
            body.push_str(line);
        } else if in_definition && let Some(d) = definitions.last_mut() {
            if !d.text.is_empty() {
                d.text.push(' ');
            }
            d.text.push_str(trimmed);
        } else {
            body.push_str(line);
        }
    }
    if definitions.is_empty() {
        // Nothing taken out: the field as it was, to the byte.
        body = field.to_string();
    }
    let references = references(&body).map(|(_, l)| l.to_string()).collect();
    FieldNotes {
        body,
        definitions,
        references,
    }
}

/// The label and the rest of a line that opens a definition.
fn definition_start(line: &str) -> Option<(&str, &str)> {
    let (end, label) = reference_at(line, 0)?;
    let rest = line[end..].strip_prefix(':')?;
    Some((label, rest))
}

/// The reference starting at byte `at` of `text`: where it ends and its label.
fn reference_at(text: &str, at: usize) -> Option<(usize, &str)> {
    let rest = text[at..].strip_prefix("[^")?;
    let close = rest.find(']')?;
    let label = &rest[..close];
    let ok = !label.is_empty()
        && label.chars().count() <= MAX_LABEL
        && label
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '[' | ']' | '^' | '\\'));
    ok.then_some((at + 2 + close + 1, label))
}

/// The references in `text`: each one's byte range and label, in order.
pub fn references(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(i) = text[at..].find("[^").map(|i| i + at) {
            let escaped = text[..i].chars().rev().take_while(|&c| c == '\\').count() % 2 == 1;
            if !escaped && let Some((end, label)) = reference_at(text, i) {
                at = end;
                return Some((i..end, label));
            }
            at = i + 2;
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_leave_the_body_and_references_stay() {
        let n = split(
            "Detained since 2020.[^wg] Again[^2] and [^wg].\n\n[^wg]: A/HRC/WGAD/2023/1,\n  para. 5.\n[^2]: *Second*.\n",
        );
        assert_eq!(n.body, "Detained since 2020.[^wg] Again[^2] and [^wg].\n\n");
        assert_eq!(
            n.definitions,
            [
                Definition {
                    label: "wg".into(),
                    text: "A/HRC/WGAD/2023/1, para. 5.".into()
                },
                Definition {
                    label: "2".into(),
                    text: "*Second*.".into()
                }
            ]
        );
        assert_eq!(n.references, ["wg", "2", "wg"]);
        assert!(n.problems().is_empty());
    }

    #[test]
    fn a_field_without_notes_is_kept_whole() {
        for s in [
            "plain text",
            "a [link](https://x.org) and [^ not] \\[^1]",
            "[^]: x",
        ] {
            let n = split(s);
            assert_eq!(n.body, s);
            assert!(n.is_empty(), "{s}");
        }
    }

    #[test]
    fn undefined_unused_and_twice_defined_notes_are_problems() {
        let n = split("a[^1] b[^1] c[^2]\n[^3]: x\n[^1]: y\n[^1]: z");
        assert_eq!(
            n.problems(),
            [
                NoteProblem::Undefined("2".into()),
                NoteProblem::Unused("3".into()),
                NoteProblem::Duplicate("1".into()),
            ]
        );
        assert_eq!(
            NoteProblem::Undefined("2".into()).to_string(),
            "refers to the note [^2], which it does not define"
        );
    }
}
