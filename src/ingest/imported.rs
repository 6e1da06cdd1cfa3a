//! `states/imported/<code>.uhri.yaml`: the earlier recommendations that
//! `upr-brief import uhri` brought in for one recommending state. The tool
//! writes these files whole and normalize adds their entries to the state's
//! profile, after its own; people edit the profile, not these files.

use serde::{Deserialize, Serialize};

use super::raw::Response;

/// The folder of imported files, under the inputs folder.
pub const FOLDER: &str = "states/imported";
/// How an imported file's name ends, after the state's code in lower case.
pub const SUFFIX: &str = ".uhri.yaml";

/// One imported file: a recommending state and its recommendations to the
/// state under review.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImportedFile {
    /// The recommending state's ISO 3166-1 alpha-2 code.
    pub code: String,
    #[serde(default)]
    pub prior_recommendations: Vec<ImportedRecommendation>,
}

/// One recommendation as the Index records it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImportedRecommendation {
    pub cycle: i64,
    /// The Working Group session of the review.
    #[serde(default)]
    pub session: Option<i64>,
    /// The document symbol and paragraph, e.g. `A/HRC/41/7 para 38.168`.
    #[serde(rename = "ref", default)]
    pub reference: Option<String>,
    pub text: String,
    pub response: Response,
    /// The language of `text`.
    #[serde(default = "english")]
    pub language: String,
    /// The Index's themes, verbatim; the campaign's themes that declare
    /// them (`uhri:`) become the recommendation's themes when it is read.
    #[serde(default)]
    pub uhri_themes: Vec<String>,
}

fn english() -> String {
    "en".into()
}
