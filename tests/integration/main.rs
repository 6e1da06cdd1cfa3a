//! The integration tests: one binary (one link) with a module per subject.
//! Each module says what it guards; `common` holds the shared helpers.

mod common;

mod advance_questions;
mod build_command;
mod build_library;
mod campaign_warnings;
mod confidentiality;
mod docx_accessibility;
mod docx_writer;
mod endnotes;
mod example_campaign;
mod fonts;
mod handovers;
mod hardening;
mod import_uhri;
mod incremental;
mod init_command;
mod invalid_inputs;
mod layers;
mod list_columns;
mod logos;
mod mail_command;
mod never_panic;
mod one_look;
mod pdf_conformance;
mod pdf_writer;
mod redlines;
mod render_packs;
mod review_calendar;
mod schema_command;
mod scripts;
mod shell;
mod statements;
mod summary_submission;
mod tailoring;
