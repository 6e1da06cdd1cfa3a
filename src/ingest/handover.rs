//! `handovers/<meeting-id>.yaml`: what each embassy was given. `upr-brief
//! handover` appends an entry each time a meeting's pack is handed over;
//! staff commit the file with the campaign and may edit an entry's `note`.
//! An entry holds only what the pack showed: its text block by block
//! (`document`) and, in the domain's terms, what a later build compares
//! (`pack`), so that no earlier file is needed to say what changed since.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::doc::text::TextBlock;

/// The folder of handover files, under the inputs folder.
pub const FOLDER: &str = "handovers";

/// One handover file: the handovers of one meeting's pack, oldest first.
pub type HandoverFile = Vec<Handover>;

/// One handover of a meeting's pack.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Handover {
    /// The day the pack was handed over or sent, `YYYY-MM-DD`.
    pub date: String,
    /// The names of the people it was given to.
    #[serde(default)]
    pub to: Vec<String>,
    /// The pack's language.
    pub language: String,
    /// The formats handed over.
    #[serde(default)]
    pub formats: Vec<HandedFormat>,
    /// The SHA-256 of the pack's text (`document`), serialized canonically:
    /// the same text, whatever the tool's version draws, has the same one.
    pub fingerprint: String,
    /// A note of the coalition's own (kept as written).
    #[serde(default)]
    pub note: Option<String>,
    /// What the pack said, in the domain's terms: what a later build
    /// compares with the current pack.
    pub pack: PackRecord,
    /// The pack's text, block by block.
    #[serde(default)]
    pub document: Vec<TextBlock>,
}

/// A format a pack was handed over in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum HandedFormat {
    Pdf,
    Docx,
}

impl HandedFormat {
    /// The format's name, as written in a handover file.
    pub fn name(self) -> &'static str {
        match self {
            HandedFormat::Pdf => "pdf",
            HandedFormat::Docx => "docx",
        }
    }
}

/// What a pack said, in the domain's terms, in the pack's language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackRecord {
    /// The counterpart's name as the pack wrote it.
    pub counterpart: String,
    /// The meeting's date, `YYYY-MM-DD`.
    pub date: String,
    /// The meeting's time, when the pack gave one.
    #[serde(default)]
    pub time: Option<String>,
    /// The meeting's place.
    pub place: String,
    /// The Council seats the pack stated: the counterpart's own
    /// (`SE 2024-2026`), or those of an organisation's members.
    #[serde(default)]
    pub council: Vec<String>,
    /// The recommendations, in the pack's order.
    #[serde(default)]
    pub recommendations: Vec<RecordedRecommendation>,
    /// What the coalition asked, in order.
    #[serde(default)]
    pub asks: Vec<String>,
    /// The counterpart's earlier recommendations the pack quoted.
    #[serde(default)]
    pub earlier: Vec<RecordedEarlier>,
}

/// A recommendation as the pack showed it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordedRecommendation {
    /// The recommendation's id.
    pub id: String,
    /// Its title, in the pack's language (or English standing in).
    pub title: String,
    /// Its text, as the pack showed it.
    pub text: String,
}

/// An earlier recommendation as the pack quoted it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordedEarlier {
    /// The review cycle it was made in.
    pub cycle: u32,
    /// Its document reference, when it has one.
    #[serde(rename = "ref", default)]
    pub reference: Option<String>,
    /// Its text, as made.
    pub text: String,
    /// The response it got: `supported` or `noted`.
    pub response: String,
}
