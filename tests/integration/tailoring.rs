//! SPEC's tailoring rule and language precedence, on the base fixture campaign.

use crate::common;

use common::{Campaign, messages};
use upr_brief::assemble::PackView;
use upr_brief::assemble::pack::PartyView;

fn packs(c: &Campaign) -> Vec<PackView> {
    let loaded = c.load();
    assert!(!loaded.diags.has_errors(), "{:?}", messages(&loaded));
    loaded.assembled.unwrap().packs
}

fn ids(p: &PackView) -> Vec<&str> {
    p.recommendations.iter().map(|r| r.id.as_str()).collect()
}

fn pack<'a>(packs: &'a [PackView], id: &str) -> &'a PackView {
    packs.iter().find(|p| p.id == id).unwrap()
}

#[test]
fn explicit_first_then_theme_matches_by_priority_and_id() {
    let c = Campaign::base_with(&[]);
    let packs = packs(&c);
    // France: R02 explicitly; priorities [expression] match R03 (priority 1).
    assert_eq!(ids(pack(&packs, "2024-03-21-france")), ["R02", "R03"]);
    // FOC: priorities [cyber] match R01 (1) and R04 (3).
    assert_eq!(ids(pack(&packs, "2024-03-19-foc")), ["R01", "R04"]);
    let france = pack(&packs, "2024-03-21-france");
    assert!(france.recommendations[0].explicit);
    assert!(!france.recommendations[1].explicit);
}

#[test]
fn meeting_themes_add_to_the_counterparts_priorities_and_the_cap_holds() {
    let meeting = "date: 2024-03-21\nlocation: Seoul\ncounterpart: {state: FR, institution: Embassy}\ndelegation: [liv]\nthemes: [cyber, journalists]\n";
    let c = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", meeting)]);
    let packs = packs(&c);
    // Matches: R01 (p1), R03 (p1), R02 (p2), R04 (p3); cap 3 keeps the first three.
    assert_eq!(
        ids(pack(&packs, "2024-03-21-france")),
        ["R01", "R03", "R02"]
    );
}

#[test]
fn explicit_recommendations_are_never_dropped_past_the_cap() {
    let meeting = "date: 2024-03-21\nlocation: Seoul\ncounterpart: {state: FR, institution: Embassy}\ndelegation: [liv]\nrecommendations: [R04, R03, R02, R01]\n";
    let c = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", meeting)]);
    let loaded = c.load();
    let packs = &loaded.assembled.as_ref().unwrap().packs;
    assert_eq!(
        ids(pack(packs, "2024-03-21-france")),
        ["R04", "R03", "R02", "R01"]
    );
    let msgs = messages(&loaded);
    let over: Vec<&String> = msgs.iter().filter(|m| m.contains("[over-cap]")).collect();
    // One warning, at the meeting's list of recommendations (line 5, column 18).
    assert_eq!(over.len(), 1, "{msgs:?}");
    assert!(
        over[0].contains("/meetings/2024-03-21-france.yaml:5:18: warning[over-cap]"),
        "{msgs:?}"
    );
}

#[test]
fn ids_order_naturally() {
    let recs = "themes:\n  - { id: cyber, title: Cyber }\n  - { id: expression, title: Expression }\n  - { id: journalists, title: Journalists }\nitems:\n  - { id: R10, title: Ten, text: Ten, themes: [expression], priority: 1 }\n  - { id: R2, title: Two, text: Two, themes: [expression], priority: 1 }\n";
    let c = Campaign::base_with(&[
        ("recommendations/recs.yaml", recs),
        (
            "meetings/2024-03-21-france.yaml",
            "date: 2024-03-21\nlocation: Seoul\ncounterpart: {state: FR, institution: Embassy}\ndelegation: [liv]\n",
        ),
        (
            "organizations/foc.yaml",
            "id: foc\nname: FOC\nmembers: [FR]\n",
        ),
        (
            "states/fr.yaml",
            "code: FR\nname: France\nnames: {fr: France}\nlanguage: fr\npriorities: [expression]\n",
        ),
    ]);
    let loaded = c.load();
    let packs = &loaded.assembled.as_ref().unwrap().packs;
    assert_eq!(ids(pack(packs, "2024-03-21-france")), ["R2", "R10"]);
}

#[test]
fn prior_recommendations_that_share_a_theme_are_quoted_with_their_response() {
    let c = Campaign::base_with(&[]);
    let packs = packs(&c);
    let france = pack(&packs, "2024-03-21-france");
    // R02 (journalists, expression) and R03 (expression) share "expression".
    for r in &france.recommendations {
        assert_eq!(r.prior.len(), 1, "{}", r.id);
        assert_eq!(r.prior[0].cycle, 3);
        assert_eq!(format!("{:?}", r.prior[0].response), "Supported");
    }
    // The FOC is an organisation: it made no recommendations of its own.
    let foc = pack(&packs, "2024-03-19-foc");
    assert!(foc.recommendations.iter().all(|r| r.prior.is_empty()));
}

#[test]
fn council_membership_for_a_state_and_for_an_organisations_members() {
    let c = Campaign::base_with(&[]);
    let packs = packs(&c);
    match &pack(&packs, "2024-03-21-france").counterpart.party {
        PartyView::State(s) => {
            let term = s.council_term.unwrap();
            assert_eq!((term.from, term.to), (2024, 2026));
            assert_eq!(s.foc_member, Some(true));
        }
        other => panic!("{other:?}"),
    }
    match &pack(&packs, "2024-03-19-foc").counterpart.party {
        PartyView::Organization(o) => {
            // Members FR, SE, NL: only FR has a profile with a 2024 term.
            let seats: Vec<&str> = o
                .members_on_council
                .iter()
                .map(|s| s.code.as_str())
                .collect();
            assert_eq!(seats, ["FR"]);
            assert_eq!(o.member_count, 3);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn language_follows_meeting_then_state_then_campaign() {
    let c = Campaign::base_with(&[(
        "meetings/2024-03-20-sweden.yaml",
        "date: 2024-03-20\nlocation: Seoul\ncounterpart: {state: SE, institution: Embassy}\ndelegation: [liv]\nlanguage: es\n",
    )]);
    let loaded = c.load();
    let packs = &loaded.assembled.as_ref().unwrap().packs;
    assert_eq!(pack(packs, "2024-03-20-sweden").language, "es"); // the meeting's
    assert_eq!(pack(packs, "2024-03-21-france").language, "fr"); // the state's
    assert_eq!(pack(packs, "2024-03-19-foc").language, "en"); // the campaign's
}

#[test]
fn a_missing_translation_falls_back_to_english_with_a_warning() {
    let c = Campaign::base_with(&[]);
    let loaded = c.load();
    let packs = &loaded.assembled.as_ref().unwrap().packs;
    let r03 = pack(packs, "2024-03-21-france")
        .recommendations
        .iter()
        .find(|r| r.id == "R03")
        .unwrap();
    assert_eq!(r03.text, "Repeal article 117 of the Penal Code.");
    let r02 = &pack(packs, "2024-03-21-france").recommendations[0];
    assert_eq!(r02.text, "Libérer les blogueurs comme Nguyễn Văn Đài.");
    assert_eq!(r02.themes[0].title, "Journalistes et blogueurs");
    let msgs = messages(&loaded);
    assert!(
        msgs.iter().any(|m| m.contains("recommendations/recs.yaml:22:5: warning[missing-translation]: recommendation R03 has no \"fr\" translation")),
        "{msgs:?}"
    );
    assert!(!loaded.diags.has_errors());
}

#[test]
fn only_earlier_recommendations_sharing_a_theme_are_quoted_beside_each() {
    let profile = "code: FR\nname: France\nlanguage: fr\npriorities: [expression]\nprior_recommendations:\n  - { cycle: 3, text: On expression, response: supported, themes: [expression] }\n  - { cycle: 3, text: On journalists, response: noted, themes: [journalists] }\n  - { cycle: 2, text: On cyber, response: noted, themes: [cyber] }\n";
    let c = Campaign::base_with(&[("states/fr.yaml", profile)]);
    let packs = packs(&c);
    let france = pack(&packs, "2024-03-21-france");
    let quoted = |id: &str| -> Vec<(String, String)> {
        let r = france.recommendations.iter().find(|r| r.id == id).unwrap();
        r.prior
            .iter()
            .map(|p| (p.text.clone(), format!("{:?}", p.response)))
            .collect()
    };
    // R02 is on journalists and expression; R03 on expression only; no
    // recommendation of this pack is on cyber.
    assert_eq!(
        quoted("R02"),
        [
            ("On expression".to_string(), "Supported".to_string()),
            ("On journalists".to_string(), "Noted".to_string())
        ]
    );
    assert_eq!(
        quoted("R03"),
        [("On expression".to_string(), "Supported".to_string())]
    );
}

#[test]
fn as_many_explicit_recommendations_as_the_cap_is_no_warning() {
    // The cap is 3: three raised explicitly fill it exactly.
    let meeting = "date: 2024-03-21\nlocation: Seoul\ncounterpart: {state: FR, institution: Embassy}\ndelegation: [liv]\nrecommendations: [R04, R03, R02]\n";
    let c = Campaign::base_with(&[("meetings/2024-03-21-france.yaml", meeting)]);
    let loaded = c.load();
    let packs = &loaded.assembled.as_ref().unwrap().packs;
    assert_eq!(ids(pack(packs, "2024-03-21-france")), ["R04", "R03", "R02"]);
    let msgs = messages(&loaded);
    assert!(!msgs.iter().any(|m| m.contains("[over-cap]")), "{msgs:?}");
}

/// The campaign's title, an organisation's name and the state under review's
/// name are shown in the pack's language where the inputs translate them,
/// else in English with one warning at the untranslated value.
#[test]
fn titles_and_names_follow_the_pack_language() {
    let foc_meeting = "date: 2024-03-19\nlocation: Seoul\nformat: informal\ncounterpart:\n  organization: foc\n  institution: Freedom Online Coalition\ndelegation: [opennet]\nlanguage: fr\nstatus: held\noutcome: \"Noted.\"\n";
    let translated = Campaign::base_with(&[
        ("meetings/2024-03-19-foc.yaml", foc_meeting),
        (
            "organizations/foc.yaml",
            "id: foc\nname: Freedom Online Coalition\nnames: { fr: Coalition pour la liberté en ligne }\nmembers: [FR, SE, NL]\npriorities: [cyber]\n",
        ),
    ]);
    let campaign = std::fs::read_to_string(translated.inputs().join("campaign.yaml")).unwrap();
    let with_title = campaign.replacen("\n", "\ntitles: { fr: Titre en français }\n", 1);
    std::fs::write(translated.inputs().join("campaign.yaml"), with_title).unwrap();
    let loaded = translated.load();
    let msgs = messages(&loaded);
    let packs = &loaded.assembled.as_ref().unwrap().packs;
    let foc = pack(packs, "2024-03-19-foc");
    assert_eq!(foc.counterpart.name, "Coalition pour la liberté en ligne");
    assert_eq!(foc.campaign.title, "Titre en français");
    assert!(
        !msgs
            .iter()
            .any(|m| m.contains("title") || m.contains("organization foc")),
        "{msgs:?}"
    );

    // Untranslated: English, and one warning for each, at its value.
    let plain = Campaign::base_with(&[("meetings/2024-03-19-foc.yaml", foc_meeting)]);
    let loaded = plain.load();
    let msgs = messages(&loaded);
    let foc = pack(&loaded.assembled.as_ref().unwrap().packs, "2024-03-19-foc");
    assert_eq!(foc.counterpart.name, "Freedom Online Coalition");
    assert!(
        msgs.iter().any(|m| m.contains("organizations/foc.yaml:1:1: warning[missing-translation]: organization foc has no \"fr\" name")),
        "{msgs:?}"
    );
    assert_eq!(
        msgs.iter()
            .filter(|m| m.contains("the campaign has no \"fr\" title"))
            .count(),
        1,
        "{msgs:?}"
    );
}

/// The base campaign's two meetings in `lang`, with `files` on top.
fn meetings_in(lang: &str, files: &[(&str, &str)]) -> Campaign {
    let base = common::fixtures().join("base/meetings");
    let read = |name: &str| std::fs::read_to_string(base.join(name)).unwrap();
    let france = format!("{}language: {lang}\n", read("2024-03-21-france.yaml"));
    let foc = format!("{}language: {lang}\n", read("2024-03-19-foc.yaml"));
    let mut all = vec![
        ("meetings/2024-03-21-france.yaml", france.as_str()),
        ("meetings/2024-03-19-foc.yaml", foc.as_str()),
    ];
    all.extend_from_slice(files);
    Campaign::base_with(&all)
}

const FRANCE_IN_RUSSIAN: &str = "code: FR\nname: France\nnames: { fr: France, es: Francia, ru: Франция }\nlanguage: fr\nhrc_member: { from: 2024, to: 2026 }\nfoc_member: true\nregional_group: WEOG\npriorities: [expression]\n";
const VIET_NAM_IN_RUSSIAN: &str =
    "code: VN\nname: Viet Nam\nnames: { fr: Viet Nam, es: Viet Nam, ru: Вьетнам }\nlanguage: en\n";

/// A state's name is shown in the pack's language wherever the pack shows
/// it: the counterpart, the state under review, an organisation's members
/// on the Council. Where the profile lacks it, English, with one warning per
/// state and language however often the name is shown.
#[test]
fn state_names_follow_the_pack_language_with_one_warning_where_missing() {
    // The base profiles name France and Viet Nam in French and Spanish only.
    let loaded = meetings_in("ru", &[]).load();
    assert!(!loaded.diags.has_errors(), "{:?}", messages(&loaded));
    let msgs = messages(&loaded);
    for (state, line) in [("FR", "states/fr.yaml:1:1"), ("VN", "states/vn.yaml:1:1")] {
        let warnings: Vec<&String> = msgs
            .iter()
            .filter(|m| m.contains(&format!("state {state} has no \"ru\" name")))
            .collect();
        assert_eq!(warnings.len(), 1, "{msgs:?}");
        assert!(warnings[0].contains(line), "{warnings:?}");
        assert!(
            warnings[0].contains("warning[missing-translation]"),
            "{warnings:?}"
        );
    }
    let packs = &loaded.assembled.as_ref().unwrap().packs;
    let france = pack(packs, "2024-03-21-france");
    assert_eq!(france.counterpart.name, "France");
    assert_eq!(france.campaign.state_under_review.name, "Viet Nam");
    let PartyView::Organization(foc) = &pack(packs, "2024-03-19-foc").counterpart.party else {
        panic!("the FOC's pack is an organisation's");
    };
    assert_eq!(foc.members_on_council[0].name, "France");

    // Translated: Russian everywhere, and no warning about a state's name.
    let loaded = meetings_in(
        "ru",
        &[
            ("states/fr.yaml", FRANCE_IN_RUSSIAN),
            ("states/vn.yaml", VIET_NAM_IN_RUSSIAN),
        ],
    )
    .load();
    let msgs = messages(&loaded);
    assert!(!msgs.iter().any(|m| m.contains("state ")), "{msgs:?}");
    let packs = &loaded.assembled.as_ref().unwrap().packs;
    let france = pack(packs, "2024-03-21-france");
    assert_eq!(france.counterpart.name, "Франция");
    assert_eq!(france.campaign.state_under_review.name, "Вьетнам");
    let PartyView::Organization(foc) = &pack(packs, "2024-03-19-foc").counterpart.party else {
        panic!("the FOC's pack is an organisation's");
    };
    assert_eq!(foc.members_on_council[0].name, "Франция");
}

/// The summary, the calendar and the submission name the counterparts and
/// the state under review in the campaign's language, not in each pack's.
#[test]
fn the_summary_names_counterparts_in_its_own_language() {
    let campaign = std::fs::read_to_string(common::fixtures().join("base/campaign.yaml"))
        .unwrap()
        .replace("language: en", "language: ru");
    let c = Campaign::base_with(&[
        ("campaign.yaml", &campaign),
        ("states/fr.yaml", FRANCE_IN_RUSSIAN),
        ("states/vn.yaml", VIET_NAM_IN_RUSSIAN),
        (
            "organizations/foc.yaml",
            "id: foc\nname: Freedom Online Coalition\nnames: { ru: Коалиция за свободу в Интернете }\nmembers: [FR, SE, NL]\npriorities: [cyber]\n",
        ),
    ]);
    let loaded = c.load();
    assert!(!loaded.diags.has_errors(), "{:?}", messages(&loaded));
    let assembled = loaded.assembled.as_ref().unwrap();
    // France's pack is in French (France's language), and names it so.
    let france = pack(&assembled.packs, "2024-03-21-france");
    assert_eq!(france.language, "fr");
    assert_eq!(france.counterpart.name, "France");
    let summary = &assembled.summary;
    let named = |id: &str| {
        let m = summary.meetings.iter().find(|m| m.id == id).unwrap();
        m.counterpart.clone()
    };
    assert_eq!(named("2024-03-21-france"), "Франция");
    assert_eq!(named("2024-03-19-foc"), "Коалиция за свободу в Интернете");
    assert_eq!(summary.campaign.state_under_review.name, "Вьетнам");
    assert!(
        summary
            .follow_ups
            .iter()
            .all(|f| f.counterpart == "Франция"),
        "{:?}",
        summary.follow_ups
    );
    let columns = &summary.matrix.tables[0].columns;
    assert!(
        columns.contains(&"Франция (21/03)".to_string()),
        "{columns:?}"
    );
    let calendar = &assembled.calendar;
    assert_eq!(calendar.language, "ru");
    assert_eq!(calendar.state, "Вьетнам");
    let france = calendar
        .meetings
        .iter()
        .find(|m| m.id == "2024-03-21-france");
    assert_eq!(france.unwrap().counterpart, "Франция");
    if let Some(submission) = &assembled.submission {
        assert_eq!(submission.campaign.state_under_review.name, "Вьетнам");
    }
}

/// The base campaign whose theme `expression` covers the Index's "Freedom
/// of opinion and expression", with France's imported recommendations
/// `imported` (the entries of `states/imported/fr.uhri.yaml`).
fn with_imported_france(imported: &str) -> Campaign {
    let recs = std::fs::read_to_string(common::fixtures().join("base/recommendations/recs.yaml"))
        .unwrap()
        .replace(
            "{ id: expression, title:",
            "{ id: expression, uhri: [Freedom of opinion and expression], title:",
        );
    let file = format!("code: FR\nprior_recommendations:\n{imported}");
    Campaign::base_with(&[
        ("recommendations/recs.yaml", &recs),
        ("states/imported/fr.uhri.yaml", &file),
    ])
}

const PROFILE_REF: &str = "A/HRC/41/7 para 38.168";

#[test]
fn an_earlier_recommendation_in_the_profile_and_imported_counts_and_is_quoted_once() {
    // The profile's recommendation again (as the Index words it), and one
    // the profile does not have.
    let copy = format!(
        "  - cycle: 3\n    ref: {PROFILE_REF}\n    text: \"Take steps to guarantee freedom of opinion and expression.\"\n    response: supported\n    uhri_themes: [Freedom of opinion and expression]\n"
    );
    let other = "  - cycle: 3\n    ref: A/HRC/41/7 para 38.170\n    text: \"Release bloggers.\"\n    response: noted\n    uhri_themes: [Freedom of opinion and expression]\n";
    let c = with_imported_france(&format!("{copy}{other}"));
    let loaded = c.load();
    assert!(!loaded.diags.has_errors(), "{:?}", messages(&loaded));
    let warned: Vec<String> = messages(&loaded)
        .into_iter()
        .filter(|m| m.contains("warning[duplicate-prior]"))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    // At the imported copy, naming the profile's file and line.
    assert!(
        warned[0].contains("/states/imported/fr.uhri.yaml:3:5: warning[duplicate-prior]"),
        "{warned:?}"
    );
    assert!(warned[0].contains("/states/fr.yaml, line 10"), "{warned:?}");
    let campaign = loaded.campaign.as_ref().unwrap();
    let refs: Vec<_> = campaign.states["FR"]
        .prior_recommendations
        .iter()
        .map(|r| r.reference.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(refs, [PROFILE_REF, "A/HRC/41/7 para 38.170"]);
    // The profile's wording is the one quoted, once in full.
    let assembled = loaded.assembled.as_ref().unwrap();
    let france = pack(&assembled.packs, "2024-03-21-france");
    let quoted: Vec<_> = france
        .recommendations
        .iter()
        .flat_map(|r| &r.prior)
        .filter(|p| p.reference.as_deref() == Some(PROFILE_REF))
        .collect();
    assert_eq!(
        quoted.iter().filter(|p| p.quoted_under.is_none()).count(),
        1,
        "{quoted:?}"
    );
    assert!(
        quoted
            .iter()
            .all(|p| p.text.contains("including on the Internet"))
    );

    // The lobbying targets score France as with the profile's one alone.
    let score = |c: &Campaign| {
        let a = c.load().assembled.unwrap();
        a.summary
            .targets
            .iter()
            .find(|t| t.code == "FR")
            .unwrap()
            .score
    };
    assert_eq!(score(&c), score(&with_imported_france(other)));

    // Without a reference, the same text in the same cycle is the same one.
    let unreferenced = "  - cycle: 3\n    text: \"Take steps to guarantee freedom of opinion and freedom of expression, including on the  Internet\"\n    response: supported\n";
    let loaded = with_imported_france(unreferenced).load();
    assert_eq!(
        loaded.campaign.unwrap().states["FR"]
            .prior_recommendations
            .len(),
        1
    );
}

/// The text of each paragraph of a DOCX file's body.
fn docx_paragraphs(path: &std::path::Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            p.descendants()
                .filter(|n| n.tag_name().name() == "t")
                .filter_map(|n| n.text())
                .collect()
        })
        .collect()
}

#[test]
fn a_coalition_member_is_named_in_the_pack_s_language_where_it_gives_that_name() {
    let out = tempfile::tempdir().unwrap();
    let only = [
        "2024-03-25-eg",
        "2024-03-24-cn",
        "2024-03-23-ru",
        "2024-03-21-fr",
    ];
    let mut flags = vec!["--quiet"];
    for id in only {
        flags.extend(["--only", id]);
    }
    if common::build_scripts(out.path(), &flags).is_none() {
        return;
    }
    let english = "Legal Initiatives for Vietnam";
    for (id, name) in [
        ("2024-03-25-eg", "المبادرات القانونية من أجل فيتنام"),
        ("2024-03-24-cn", "越南法律倡议"),
        ("2024-03-23-ru", "Правовые инициативы для Вьетнама"),
        ("2024-03-21-fr", english),
    ] {
        let paragraphs = docx_paragraphs(&out.path().join(format!("{id}.docx")));
        // On the cover's coalition line and in the list of who we are.
        let naming = paragraphs.iter().filter(|p| p.contains(name)).count();
        assert!(
            naming >= 2,
            "{id}: {name:?} in {naming} paragraphs: {paragraphs:#?}"
        );
        if name != english {
            assert!(
                !paragraphs.iter().any(|p| p.contains(english)),
                "{id}: {paragraphs:#?}"
            );
        }
        // A member without the name in that language keeps its own.
        assert!(paragraphs.iter().any(|p| p.contains("OpenNet")), "{id}");
        let pdf = common::pdf_text(&out.path().join(format!("{id}.pdf")));
        let flat: String = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
        if id != "2024-03-25-eg" {
            assert!(flat.contains(name), "{id}: {name:?} not in {flat}");
        }
    }
}

/// The rows of every table of a DOCX file, each as its cells' texts.
fn docx_table_rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let text = |n: roxmltree::Node| -> String {
        n.descendants()
            .filter(|t| t.tag_name().name() == "t")
            .filter_map(|t| t.text())
            .collect()
    };
    doc.descendants()
        .filter(|n| n.tag_name().name() == "tr")
        .map(|row| {
            row.children()
                .filter(|c| c.tag_name().name() == "tc")
                .map(text)
                .collect()
        })
        .collect()
}

#[test]
fn a_pack_lists_the_meeting_s_delegation_not_the_whole_coalition() {
    // The base coalition is LIV and OpenNet; only OpenNet meets the FOC.
    let c = Campaign::base_with(&[]);
    let packs = packs(&c);
    let foc = pack(&packs, "2024-03-19-foc");
    let ids: Vec<&str> = foc.delegation.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["opennet"]);
    let france = pack(&packs, "2024-03-21-france");
    let ids: Vec<&str> = france.delegation.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["liv", "opennet"]);

    // The written pack's meeting table says the same, in both formats.
    let out = c.dir.path().join("out");
    let (code, log) = common::build(&c.inputs(), &out, &["--only", "2024-03-19-foc"]);
    assert_eq!(code, 0, "{log}");
    let rows = docx_table_rows(&out.join("2024-03-19-foc.docx"));
    let header = rows
        .iter()
        .position(|r| r.last().is_some_and(|c| c == "Delegation"))
        .unwrap_or_else(|| panic!("no meeting table in {rows:?}"));
    assert_eq!(rows[header + 1].last().map(String::as_str), Some("OpenNet"));
    let pdf = common::pdf_text(&out.join("2024-03-19-foc.pdf"));
    // The table's cells, one a line: the header's four, then the row's.
    let lines: Vec<&str> = pdf.lines().map(str::trim).collect();
    let at = lines
        .iter()
        .position(|l| *l == "Delegation")
        .unwrap_or_else(|| panic!("no meeting table in {pdf}"));
    assert_eq!(
        lines[at + 1..at + 5],
        ["19 March 2024", "Seoul", "informal meeting", "OpenNet"],
        "{pdf}"
    );
}
