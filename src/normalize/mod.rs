//! Stage 2: check every rule of the input format and resolve every reference,
//! producing the typed [`Campaign`]. All problems are collected in one pass:
//! every kind's ids are defined first, then every file is checked and its
//! references resolved.

mod campaign;
mod check;
mod handovers;
mod meetings;
pub mod model;
mod organizations;
mod recommendations;
mod states;
mod symbols;
mod themes;

pub use model::*;
pub use themes::{uhri_key, uhri_map};

use std::collections::BTreeSet;

use check::Checker;
use symbols::{SymbolKind, SymbolTable};

use crate::diag::Diagnostics;
use crate::ingest::Inputs;

/// Checks and resolves `inputs`; `languages` are those packs can be written
/// in. Returns the campaign when `campaign.yaml`
/// parsed; the caller decides what to do when `diags` holds errors.
pub fn normalize(
    inputs: &Inputs,
    languages: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Option<Campaign> {
    let mut c = Checker {
        sources: &inputs.sources,
        diags,
        languages,
    };
    let mut symbols = SymbolTable::new(&inputs.sources);

    // Declarations first, so that references can be checked in one pass.
    if let Some(p) = &inputs.campaign {
        campaign::declare(&mut c, &mut symbols, p);
    }
    let themes = themes::declare(&mut c, &mut symbols, &inputs.recommendations);
    recommendations::declare(&mut c, &mut symbols, &inputs.recommendations);
    states::declare(&mut c, &mut symbols, &inputs.states);
    organizations::declare(&mut c, &mut symbols, &inputs.organizations);
    // A kind with a file that did not parse is not checked against: every
    // reference into it would be reported, burying the one real error.
    for kind in SymbolKind::ALL {
        if !inputs.is_complete(kind.defined_in()) {
            symbols.leave_unchecked(kind);
        }
    }

    let recommendations = recommendations::resolve(&mut c, &symbols, &inputs.recommendations);
    let states = states::resolve(&mut c, &symbols, &inputs.states);
    let organizations = organizations::resolve(&mut c, &symbols, &inputs.organizations);
    let campaign = inputs
        .campaign
        .as_ref()
        .map(|p| campaign::resolve(&mut c, &inputs.root, p));
    let review_date = campaign.as_ref().map(|k| k.review.date);
    let meetings = meetings::resolve(&mut c, &mut symbols, &inputs.meetings, review_date);

    let handovers = handovers::resolve(
        &mut c,
        &inputs.handovers,
        &meetings,
        inputs.is_complete(crate::ingest::InputKind::Meeting),
    );

    let mut campaign = campaign?;
    states::check_prior_cycles(&mut c, &inputs.states, &states, campaign.review.cycle);
    states::check_advance_cycles(&mut c, &inputs.states, &states, campaign.review.cycle);
    let mut states = states;
    states::merge_imported(
        &mut c,
        &inputs.imported,
        &mut states,
        &themes,
        campaign.review.cycle,
    );
    campaign.states = states;
    campaign.organizations = organizations;
    campaign.themes = themes;
    campaign.recommendations = recommendations;
    campaign.meetings = meetings;
    campaign.handovers = handovers;
    Some(campaign)
}

/// A campaign for unit tests: the base fixture (`tests/fixtures/base`)
/// with `files` written over it, ingested and normalized in the six
/// official languages; the campaign, its sources and every diagnostic.
#[cfg(test)]
pub(crate) fn test_campaign(
    files: &[(&str, &str)],
) -> (Option<Campaign>, crate::source::Sources, Diagnostics) {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    copy(&base, dir.path());
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut diags = Diagnostics::default();
    let inputs = crate::ingest::ingest(dir.path(), &mut diags).unwrap();
    let languages: BTreeSet<String> = ["ar", "en", "es", "fr", "ru", "zh"]
        .map(String::from)
        .into();
    let campaign = normalize(&inputs, &languages, &mut diags);
    (campaign, inputs.sources, diags)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::test_campaign;

    /// Two themes with advance questions, Q1 translated into French.
    pub(crate) const QUESTIONS: &str = "\
themes:
  - id: privacy
    title: Privacy
    questions:
      - { id: Q1, text: \"Who authorises *access* to users' data?\", translations: { fr: \"Qui autorise l'accès aux données ?\" } }
      - { id: Q2, text: \"  Is a judge involved?  \" }
  - id: penal
    title: Penal Code
    questions:
      - { id: Q3, text: How many were prosecuted? }
";

    fn messages(files: &[(&str, &str)]) -> Vec<String> {
        let (_, _, diags) = test_campaign(files);
        diags.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn questions_are_read_by_theme_and_a_meeting_refers_to_them() {
        let meeting = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/base/meetings/2024-03-21-france.yaml"),
        )
        .unwrap()
            + "questions: [Q3, Q1]\n";
        let (campaign, _, diags) = test_campaign(&[
            ("recommendations/questions.yaml", QUESTIONS),
            ("meetings/2024-03-21-france.yaml", &meeting),
            (
                "states/se.yaml",
                "code: SE\nname: Sweden\nadvance_questions: [3, 1]\n",
            ),
        ]);
        assert!(!diags.has_errors(), "{diags:?}");
        let campaign = campaign.unwrap();
        let privacy = &campaign.themes["privacy"];
        let ids: Vec<&str> = privacy.questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["Q1", "Q2"]);
        // Trimmed like every text; the translation kept by language.
        assert_eq!(privacy.questions[1].text, "Is a judge involved?");
        assert_eq!(
            privacy.questions[0].translations["fr"],
            "Qui autorise l'accès aux données ?"
        );
        assert_eq!(campaign.question("Q3").unwrap().0.id, "penal");
        let france = campaign
            .meetings
            .iter()
            .find(|m| m.id == "2024-03-21-france");
        assert_eq!(france.unwrap().questions, ["Q3", "Q1"]);
        // Cycles sorted.
        assert_eq!(campaign.states["SE"].advance_questions, [1, 3]);
        assert!(campaign.has_questions());
    }

    #[test]
    fn an_unknown_question_is_an_error_with_the_nearest_id() {
        let meeting = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/base/meetings/2024-03-21-france.yaml"),
        )
        .unwrap()
            + "questions: [Q1, Q11, Q1]\n";
        let found = messages(&[
            ("recommendations/questions.yaml", QUESTIONS),
            ("meetings/2024-03-21-france.yaml", &meeting),
        ]);
        assert!(
            found
                .iter()
                .any(|m| m.contains("meetings/2024-03-21-france.yaml:17:17")
                    && m.contains(
                        "error[unknown-reference]: unknown question id \"Q11\" (known: Q1, Q2, Q3)"
                    )
                    && m.contains("did you mean \"Q1\"?")),
            "{found:#?}"
        );
        assert!(
            found
                .iter()
                .any(|m| m.contains(":17:22") && m.contains("question id \"Q1\" is listed twice")),
            "{found:#?}"
        );
        assert_eq!(found.len(), 2, "{found:#?}");
    }

    #[test]
    fn a_question_id_is_unique_across_files_and_well_formed() {
        let other = "\
themes:
  - id: other
    title: Other
    questions:
      - { id: Q2, text: Again? }
      - { id: \"Q 4\", text: Spaced? }
      - { id: Q5, text: \"  \", translations: { xx: Quoi ? } }
";
        let found = messages(&[
            ("recommendations/questions.yaml", QUESTIONS),
            ("recommendations/zother.yaml", other),
        ]);
        let has = |needle: &str| found.iter().any(|m| m.contains(needle));
        assert!(
            has(
                "zother.yaml:5:15: error[duplicate-id]: duplicate question id \"Q2\" (first defined at "
            ) && has("questions.yaml:6:15)"),
            "{found:#?}"
        );
        assert!(has("question id \"Q 4\" is not a valid id"), "{found:#?}");
        assert!(has("themes[0].questions[2].text is empty"), "{found:#?}");
        assert!(has("unsupported language \"xx\""), "{found:#?}");
    }

    #[test]
    fn advance_question_cycles_are_upr_cycles_listed_once_up_to_the_review() {
        let found = messages(&[(
            "states/se.yaml",
            "code: SE\nname: Sweden\nadvance_questions: [0, 3, 3, 4, 5]\n",
        )]);
        let has = |needle: &str| found.iter().any(|m| m.contains(needle));
        assert!(
            has("se.yaml:3:21: error[out-of-range]: cycle 0 is not a UPR cycle"),
            "{found:#?}"
        );
        assert!(
            has("se.yaml:3:27: error[duplicate-reference]: cycle 3 is listed twice"),
            "{found:#?}"
        );
        assert!(
            has("se.yaml:3:33: error[out-of-range]: cycle 5 is after this review's cycle 4"),
            "{found:#?}"
        );
        // The review's own cycle is allowed.
        assert_eq!(found.len(), 3, "{found:#?}");
    }
}
