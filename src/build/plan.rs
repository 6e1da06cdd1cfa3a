//! What a build writes, and exactly what each output depends on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::normalize::{Campaign, Party};
use crate::output::sha256;
use crate::source::Sources;

/// The inputs of one output: file (relative to the inputs folder, or
/// `templates/...`) → SHA-256 of its text.
pub type Inputs = BTreeMap<String, String>;

/// The SHA-256 of every source file, by path relative to the inputs folder
/// (templates as `templates/...`): hashed once per build, however many
/// outputs depend on a file. The coalition's logo files, which are no
/// sources, are hashed the first time an output asks for them.
pub struct Hashes {
    /// Every source file's hash.
    sources: Inputs,
    /// The logo files' hashes, once asked for.
    logos: OnceLock<Inputs>,
}

impl Hashes {
    pub fn of(sources: &Sources) -> Hashes {
        Hashes {
            sources: sources
                .iter()
                .map(|(_, f)| (rel(&f.rel), sha256(f.text.as_bytes())))
                .collect(),
            logos: OnceLock::new(),
        }
    }

    /// The handover file of meeting `id` (`handovers/<id>.yaml`).
    pub fn handover(&self, id: &str) -> Inputs {
        let name = format!("handovers/{id}.yaml");
        self.select(|rel| rel == name)
    }

    fn select(&self, wanted: impl Fn(&str) -> bool) -> Inputs {
        self.sources
            .iter()
            .filter(|(rel, _)| wanted(rel))
            .map(|(rel, hash)| (rel.clone(), hash.clone()))
            .collect()
    }

    /// Every member's logo file (drawn on the covers of packs and the
    /// submission) → the SHA-256 of its bytes, as read when the campaign
    /// was loaded.
    pub fn logos(&self, campaign: &Campaign) -> &Inputs {
        self.logos.get_or_init(|| {
            campaign
                .coalition
                .iter()
                .filter_map(|m| m.logo.as_ref())
                .map(|l| (rel(&l.path), sha256(&l.file.bytes)))
                .collect()
        })
    }
}

/// A path as the manifest writes it.
fn rel(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The files a meeting's pack is made from: campaign.yaml, the recommendation
/// files, the meeting, its counterpart's profile (for an organisation, also
/// its members' profiles), the profile of the state under review, the
/// coalition's logo files, the pack template and the pack's language file.
pub fn pack_inputs(campaign: &Campaign, hashes: &Hashes, meeting_id: &str, lang: &str) -> Inputs {
    let Some(meeting) = campaign.meetings.iter().find(|m| m.id == meeting_id) else {
        return Inputs::new();
    };
    let mut files: BTreeSet<String> = BTreeSet::new();
    match &meeting.counterpart.party {
        Party::State(code) => files.extend(campaign.states.get(code).map(|s| rel(&s.file))),
        Party::Organization(id) => {
            if let Some(o) = campaign.organizations.get(id) {
                files.insert(rel(&o.file));
                files.extend(
                    o.members
                        .iter()
                        .filter_map(|c| campaign.states.get(c))
                        .map(|s| rel(&s.file)),
                );
            }
        }
    }
    files.extend(
        campaign
            .states
            .get(&campaign.state_under_review)
            .map(|s| rel(&s.file)),
    );
    files.insert(rel(&meeting.file));
    files.insert("campaign.yaml".into());
    files.insert("templates/pack.md.hbs".into());
    files.insert(format!("templates/i18n/{lang}.yaml"));
    let mut inputs =
        hashes.select(|rel| rel.starts_with("recommendations/") || files.contains(rel));
    inputs.extend(hashes.logos(campaign).clone());
    inputs
}

/// The files the summary is made from: every input file, its template and
/// its language file, and the build date (which follow-ups are overdue).
pub fn summary_inputs(hashes: &Hashes, lang: &str, today: NaiveDate) -> Inputs {
    let language = format!("templates/i18n/{lang}.yaml");
    let mut inputs = hashes.select(|rel| {
        !rel.starts_with("templates/") || rel == "templates/summary.md.hbs" || rel == language
    });
    inputs.insert("build date".into(), today.to_string());
    inputs
}

/// The files the submission is made from: campaign.yaml, the recommendation
/// files, the state profile of the state under review, the coalition's logo
/// files, its template and language file.
pub fn submission_inputs(campaign: &Campaign, hashes: &Hashes, lang: &str) -> Inputs {
    let language = format!("templates/i18n/{lang}.yaml");
    let sur = campaign
        .states
        .get(&campaign.state_under_review)
        .map(|s| rel(&s.file));
    let mut inputs = hashes.select(|rel| {
        rel == "campaign.yaml"
            || rel.starts_with("recommendations/")
            || sur.as_deref() == Some(rel)
            || rel == "templates/submission.md.hbs"
            || rel == language
    });
    inputs.extend(hashes.logos(campaign).clone());
    inputs
}

/// The files the advance questions are made from: campaign.yaml, the
/// recommendation files (the questions), every state profile (who sent
/// questions before, and their names), every meeting (which ones asked
/// which question), its template and language file.
pub fn questions_inputs(hashes: &Hashes, lang: &str) -> Inputs {
    let language = format!("templates/i18n/{lang}.yaml");
    hashes.select(|rel| {
        rel == "campaign.yaml"
            || rel.starts_with("recommendations/")
            || (rel.starts_with("states/") && !rel.starts_with("states/imported/"))
            || rel.starts_with("meetings/")
            || rel == "templates/questions.md.hbs"
            || rel == language
    })
}

/// The files a statement is made from: campaign.yaml, its template and
/// its language file.
pub fn statement_inputs(hashes: &Hashes, lang: &str) -> Inputs {
    let language = format!("templates/i18n/{lang}.yaml");
    hashes.select(|rel| {
        rel == "campaign.yaml" || rel == "templates/statement.md.hbs" || rel == language
    })
}

/// What a document shows, for its fingerprint: the hash of its assembled
/// view (`view`, as JSON: every value the template can read), the template
/// that turns it into text, and its language file (and the English one,
/// which stands in for a label the language lacks). Input files that change
/// nothing the document shows (another meeting, the submission's text for a
/// pack, a meeting's internal notes for its pack) change none of these.
pub fn view_inputs(
    hashes: &Hashes,
    view: &impl serde::Serialize,
    template: &str,
    lang: &str,
) -> Inputs {
    let language = format!("templates/i18n/{lang}.yaml");
    let template = format!("templates/{template}");
    let mut inputs =
        hashes.select(|rel| rel == template || rel == language || rel == "templates/i18n/en.yaml");
    // A view always serializes: its values are strings, numbers and lists.
    let json = serde_json::to_vec(view).unwrap_or_default();
    inputs.insert("view".into(), sha256(&json));
    inputs
}

/// A fingerprint of everything an output depends on: the tool's version
/// (which fixes the built-in fonts and the writers), the output's name, its
/// input files, and any further facts (page size, build date, timestamp).
pub fn fingerprint(name: &str, inputs: &Inputs, facts: &[(&str, String)]) -> String {
    let mut text = format!("upr-brief {}\noutput {name}\n", env!("CARGO_PKG_VERSION"));
    for (rel, hash) in inputs {
        text.push_str(&format!("input {rel} {hash}\n"));
    }
    for (key, value) in facts {
        text.push_str(&format!("{key} {value}\n"));
    }
    sha256(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline;

    fn base() -> (Campaign, Sources) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let today = NaiveDate::from_ymd_opt(2024, 4, 20).unwrap();
        let loaded = pipeline::load(&root, None, today).unwrap();
        (loaded.campaign.unwrap(), loaded.inputs.sources)
    }

    fn files(inputs: &Inputs) -> Vec<&str> {
        inputs.keys().map(String::as_str).collect()
    }

    #[test]
    fn a_pack_depends_on_its_meeting_counterpart_members_and_shared_files_only() {
        let (campaign, sources) = base();
        let hashes = Hashes::of(&sources);
        // An organisation's pack: its profile and its members' profiles.
        let foc = pack_inputs(&campaign, &hashes, "2024-03-19-foc", "en");
        assert_eq!(
            files(&foc),
            [
                "campaign.yaml",
                "meetings/2024-03-19-foc.yaml",
                "organizations/foc.yaml",
                "recommendations/recs.yaml",
                "states/fr.yaml",
                "states/se.yaml",
                "states/vn.yaml",
                "templates/i18n/en.yaml",
                "templates/pack.md.hbs",
            ]
        );
        // A state's pack: that state's profile (and that of the state under
        // review) only, and its own language file.
        let france = pack_inputs(&campaign, &hashes, "2024-03-21-france", "fr");
        assert_eq!(
            files(&france),
            [
                "campaign.yaml",
                "meetings/2024-03-21-france.yaml",
                "recommendations/recs.yaml",
                "states/fr.yaml",
                "states/vn.yaml",
                "templates/i18n/fr.yaml",
                "templates/pack.md.hbs",
            ]
        );
        // Each with the file's hash, not a placeholder.
        assert_eq!(
            france["campaign.yaml"],
            sha256(
                std::fs::read(
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base/campaign.yaml")
                )
                .unwrap()
                .as_slice()
            )
        );
        assert!(pack_inputs(&campaign, &hashes, "no-such-meeting", "en").is_empty());
    }

    #[test]
    fn the_summary_depends_on_every_input_and_the_build_date() {
        let (_, sources) = base();
        let hashes = Hashes::of(&sources);
        let day = NaiveDate::from_ymd_opt(2024, 4, 20).unwrap();
        let summary = summary_inputs(&hashes, "en", day);
        assert_eq!(
            files(&summary),
            [
                "build date",
                "campaign.yaml",
                "meetings/2024-03-19-foc.yaml",
                "meetings/2024-03-21-france.yaml",
                "organizations/foc.yaml",
                "recommendations/recs.yaml",
                "states/fr.yaml",
                "states/se.yaml",
                "states/vn.yaml",
                "templates/i18n/en.yaml",
                "templates/summary.md.hbs",
            ]
        );
        assert_eq!(summary["build date"], "2024-04-20");
        // The next day, the same inputs make another fingerprint: follow-ups
        // may have become overdue.
        let next = summary_inputs(&hashes, "en", day.succ_opt().unwrap());
        assert_ne!(
            fingerprint("summary.pdf", &summary, &[]),
            fingerprint("summary.pdf", &next, &[])
        );
    }

    #[test]
    fn the_submission_depends_on_the_campaign_recommendations_and_its_template() {
        let (campaign, sources) = base();
        let hashes = Hashes::of(&sources);
        assert_eq!(
            files(&submission_inputs(&campaign, &hashes, "en")),
            [
                "campaign.yaml",
                "recommendations/recs.yaml",
                "states/vn.yaml",
                "templates/i18n/en.yaml",
                "templates/submission.md.hbs",
            ]
        );
    }

    #[test]
    fn a_view_fingerprint_covers_the_view_its_template_and_language_files() {
        let (_, sources) = base();
        let hashes = Hashes::of(&sources);
        #[derive(serde::Serialize)]
        struct View {
            title: &'static str,
        }
        let fr = view_inputs(&hashes, &View { title: "a" }, "pack.md.hbs", "fr");
        assert_eq!(
            files(&fr),
            [
                "templates/i18n/en.yaml",
                "templates/i18n/fr.yaml",
                "templates/pack.md.hbs",
                "view"
            ]
        );
        assert_eq!(fr["view"], sha256(br#"{"title":"a"}"#));
        let other = view_inputs(&hashes, &View { title: "b" }, "pack.md.hbs", "fr");
        assert_ne!(fr["view"], other["view"]);
        let summary = view_inputs(&hashes, &View { title: "a" }, "summary.md.hbs", "en");
        assert_eq!(
            files(&summary),
            ["templates/i18n/en.yaml", "templates/summary.md.hbs", "view"]
        );
    }

    #[test]
    fn the_profile_of_the_state_under_review_is_an_input_of_packs_and_the_submission() {
        // The example campaign has a profile of Viet Nam, the base fixture none.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
        let today = NaiveDate::from_ymd_opt(2024, 4, 20).unwrap();
        let loaded = pipeline::load(&root, None, today).unwrap();
        let (campaign, sources) = (loaded.campaign.unwrap(), loaded.inputs.sources);
        let hashes = Hashes::of(&sources);
        let sweden = pack_inputs(&campaign, &hashes, "2024-03-20-sweden", "en");
        assert!(sweden.contains_key("states/vn.yaml"), "{sweden:?}");
        assert!(!sweden.contains_key("states/fr.yaml"), "{sweden:?}");
        let submission = submission_inputs(&campaign, &hashes, "en");
        assert!(submission.contains_key("states/vn.yaml"), "{submission:?}");
        assert!(!submission.contains_key("states/se.yaml"), "{submission:?}");
    }

    #[test]
    fn logo_files_are_inputs_of_packs_and_the_submission_not_of_the_summary() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
        let today = NaiveDate::from_ymd_opt(2024, 4, 20).unwrap();
        let loaded = pipeline::load(&root, None, today).unwrap();
        let (campaign, sources) = (loaded.campaign.unwrap(), loaded.inputs.sources);
        let hashes = Hashes::of(&sources);
        let png = sha256(&std::fs::read(root.join("logos/liv.png")).unwrap());
        for inputs in [
            pack_inputs(&campaign, &hashes, "2024-03-20-sweden", "en"),
            submission_inputs(&campaign, &hashes, "en"),
        ] {
            assert_eq!(inputs.get("logos/liv.png"), Some(&png), "{inputs:?}");
            assert!(inputs.contains_key("logos/opennet.jpg"), "{inputs:?}");
        }
        let summary = summary_inputs(&hashes, "en", today);
        assert!(
            !summary.keys().any(|k| k.starts_with("logos/")),
            "{summary:?}"
        );
    }

    #[test]
    fn a_fingerprint_changes_with_each_thing_it_covers() {
        let inputs: Inputs = [("campaign.yaml".to_string(), "aa".to_string())].into();
        let facts = [("page", "A4".to_string())];
        let one = fingerprint("x.pdf", &inputs, &facts);
        assert_eq!(one, fingerprint("x.pdf", &inputs, &facts));
        assert_ne!(one, fingerprint("x.docx", &inputs, &facts));
        let edited: Inputs = [("campaign.yaml".to_string(), "ab".to_string())].into();
        assert_ne!(one, fingerprint("x.pdf", &edited, &facts));
        assert_ne!(
            one,
            fingerprint("x.pdf", &inputs, &[("page", "Letter".into())])
        );
        assert_ne!(one, fingerprint("x.pdf", &Inputs::new(), &facts));
    }
}
