//! One writer per output format. Each takes a [`Document`](crate::doc::Document)
//! and returns the file's bytes; none of them touches the file system.

pub mod docx;
pub mod pdf;

use std::fmt;

/// The paper size a campaign asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageSize {
    #[default]
    A4,
    Letter,
}

impl PageSize {
    /// Width and height in millimetres.
    pub fn mm(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (210.0, 297.0),
            PageSize::Letter => (215.9, 279.4),
        }
    }
}

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
