//! The kinds of input file: where each lives, what it is called, and the name of its schema.

use std::path::Path;

/// One kind of input file. Ingest reads, normalize resolves and the schema
/// generator describes each kind by this name, so a misspelt kind does not
/// compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputKind {
    /// `campaign.yaml`, at the top of the inputs folder.
    Campaign,
    /// A state profile in `states/`.
    State,
    /// An organisation's profile in `organizations/`.
    Organization,
    /// Themes and recommendations in `recommendations/`.
    Recommendations,
    /// One meeting in `meetings/`.
    Meeting,
    /// The handovers of one meeting's pack in `handovers/`, written by
    /// `upr-brief handover`.
    Handover,
}

/// The one file of [`InputKind::Campaign`], at the top of the inputs folder.
pub const CAMPAIGN_FILE: &str = "campaign.yaml";

impl InputKind {
    /// Every kind, in the order the files are read and the schemas listed.
    pub const ALL: [InputKind; 6] = [
        InputKind::Campaign,
        InputKind::State,
        InputKind::Organization,
        InputKind::Recommendations,
        InputKind::Meeting,
        InputKind::Handover,
    ];

    /// The name users and the schema know the kind by, e.g. `meeting`.
    pub const fn name(self) -> &'static str {
        match self {
            InputKind::Campaign => "campaign",
            InputKind::State => "state",
            InputKind::Organization => "organization",
            InputKind::Recommendations => "recommendations",
            InputKind::Meeting => "meeting",
            InputKind::Handover => "handover",
        }
    }

    /// The folder under the inputs folder that holds the kind's files, or
    /// `None` for the campaign, which is [`CAMPAIGN_FILE`].
    pub const fn folder(self) -> Option<&'static str> {
        match self {
            InputKind::Campaign => None,
            InputKind::State => Some("states"),
            InputKind::Organization => Some("organizations"),
            InputKind::Recommendations => Some("recommendations"),
            InputKind::Meeting => Some("meetings"),
            InputKind::Handover => Some(super::handover::FOLDER),
        }
    }

    /// The file name of the kind's JSON Schema: `meeting.schema.json`.
    pub fn schema_file(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// The kind named `name` (see [`InputKind::name`]).
    pub fn from_name(name: &str) -> Option<InputKind> {
        InputKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind of the input file at `rel` (relative to the inputs folder):
    /// [`CAMPAIGN_FILE`], or a `.yaml` file directly in one of the kinds' folders.
    pub fn of_path(rel: &Path) -> Option<InputKind> {
        let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
        match parts.as_slice() {
            [file] if *file == CAMPAIGN_FILE => Some(InputKind::Campaign),
            [folder, file] if file.ends_with(".yaml") => InputKind::ALL
                .into_iter()
                .find(|k| k.folder() == Some(*folder)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_round_trips_through_its_name_folder_and_schema_file() {
        for kind in InputKind::ALL {
            assert_eq!(InputKind::from_name(kind.name()), Some(kind));
            let file = match kind.folder() {
                Some(folder) => Path::new(folder).join("x.yaml"),
                None => Path::new(CAMPAIGN_FILE).to_path_buf(),
            };
            assert_eq!(InputKind::of_path(&file), Some(kind), "{}", file.display());
            let schema = kind.schema_file();
            let stem = schema.strip_suffix(".schema.json").unwrap();
            assert_eq!(InputKind::from_name(stem), Some(kind), "{schema}");
        }
        assert_eq!(InputKind::Meeting.folder(), Some("meetings"));
        assert_eq!(InputKind::State.schema_file(), "state.schema.json");
        assert_eq!(InputKind::Campaign.folder(), None);
    }

    #[test]
    fn other_names_and_paths_are_no_kind() {
        assert_eq!(InputKind::from_name("meetings"), None);
        assert_eq!(InputKind::from_name("metting"), None);
        assert_eq!(InputKind::of_path(Path::new("meetings/x.yml")), None);
        assert_eq!(InputKind::of_path(Path::new("meetings/a/x.yaml")), None);
        assert_eq!(InputKind::of_path(Path::new("notes.yaml")), None);
        assert_eq!(
            InputKind::of_path(Path::new("states/campaign.yaml")),
            Some(InputKind::State)
        );
    }
}
