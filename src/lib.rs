//! upr-brief: campaign YAML in, tailored UPR briefing packs out.
//!
//! The pipeline: [`ingest`] reads and parses the files, [`normalize`] checks
//! and resolves them into a typed [`normalize::Campaign`], [`assemble`] turns
//! that into one view per pack; [`build`] renders and writes them, and
//! [`mail`] writes the draft e-mails that attach them.

pub mod assemble;
pub mod build;
pub mod cli;
pub mod coverage;
pub mod diag;
pub mod doc;
pub mod export;
pub mod fonts;
pub mod handover;
pub mod import;
pub mod ingest;
pub mod layout;
pub mod mail;
pub mod nfc;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod source;
