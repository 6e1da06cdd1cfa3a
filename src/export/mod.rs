//! One writer per output format. Each takes a [`Document`](crate::doc::Document)
//! and returns the file's bytes; none of them touches the file system.

pub mod docx;
pub mod pdf;

use std::fmt;

pub use crate::doc::style::PageSize;

/// A writer could not produce its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    pub format: &'static str,
    pub message: String,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.format, self.message)
    }
}

impl std::error::Error for ExportError {}
