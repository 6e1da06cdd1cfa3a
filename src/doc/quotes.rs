//! Quotation marks, as both writers need them: the marks that enclose a
//! span in another direction go with it (into its bidi isolate in the
//! PDF's layout, into its run in the DOCX), so they read in its direction.

/// Whether `c` opens a quotation.
pub fn opens_quote(c: char) -> bool {
    matches!(
        c,
        '“' | '‘' | '„' | '‚' | '«' | '‹' | '「' | '『' | '《' | '〈'
    )
}

/// Whether `c` closes a quotation.
pub fn closes_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '»' | '›' | '」' | '』' | '》' | '〉')
}

/// The spaces French and others put inside quotation marks.
pub fn is_quote_space(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}')
}
