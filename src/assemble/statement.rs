//! An oral statement as its speaker reads it: numbered paragraphs, each with
//! the running time at its end, and the total against the time the speaker
//! has.
//!
//! The timing rule, written down so that a time can be checked by hand:
//! - a paragraph is a block of a section's body between blank lines; its
//!   text is what is read aloud: inline Markdown's marks and a link's
//!   address are not read, a link's text is;
//! - in most languages the unit is the word, as the submission's count has
//!   it (`render::words`): a run of characters between white space that
//!   holds a letter or digit (`A/HRC/41/7`, `2018`, `Việt` are one word
//!   each; a dash standing alone is none); the pace is `words_per_minute`,
//!   default [`WORDS_PER_MINUTE`] (120, a measured speaker's pace);
//! - Thai, Lao, Khmer and Burmese, written without spaces between words,
//!   count words as ICU4X's dictionary segmenter cuts them (the one that
//!   compares a redline's words, `doc::diff::words`), at the same pace;
//! - Chinese and Japanese (`zh`, `yue`, `ja`), where a character is a
//!   syllable, count characters: each Han, Hiragana or Katakana character
//!   is one, and so is each word of another script among them (`UPR`,
//!   `2024`); punctuation is none. The pace is then characters a minute:
//!   `words_per_minute` if given, else [`CHARACTERS_PER_MINUTE`] (250). That
//!   default is an assumption, stated: Mandarin read aloud runs at about
//!   four to five syllables a second, 240 to 300 characters a minute; 250 is
//!   the deliberate end of that range, as 120 words a minute is for English;
//! - the running time at the end of a paragraph is the units read so far
//!   (every earlier paragraph's and its own) divided by the pace, rounded up
//!   to the whole second and written `m:ss` (`0:45`, `7:20`): a speaker is
//!   never told there is more time than there is;
//! - a statement fits when its units are at most `minutes` × the pace; one
//!   longer runs over by the units beyond that and by the seconds beyond
//!   `minutes` (rounded up). At 120 words a minute, 880 words run 7:20,
//!   80 seconds and 160 words over 6 minutes.

use serde::Serialize;

use crate::normalize::{Campaign, Statement, StatementKind};

/// The pace of a statement in words, when it names none: a measured
/// speaker's 120 words a minute (two words a second).
pub const WORDS_PER_MINUTE: u32 = 120;

/// The pace of a statement in a language counted in characters, when it
/// names none: 250 characters a minute (see the rule above).
pub const CHARACTERS_PER_MINUTE: u32 = 250;

/// Languages (primary subtags) whose statements are counted in characters.
const CHARACTER_LANGUAGES: [&str; 3] = ["zh", "yue", "ja"];

/// Languages (primary subtags) written without spaces between words whose
/// words ICU4X's dictionaries cut.
const SEGMENTED_LANGUAGES: [&str; 4] = ["th", "lo", "km", "my"];

/// What a statement's length is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Words,
    Characters,
}

impl Unit {
    /// The unit statements in `lang` are counted in.
    pub fn of(lang: &str) -> Unit {
        if CHARACTER_LANGUAGES.contains(&primary(lang)) {
            Unit::Characters
        } else {
            Unit::Words
        }
    }

    /// The pace when a statement names none.
    pub fn default_pace(self) -> u32 {
        match self {
            Unit::Words => WORDS_PER_MINUTE,
            Unit::Characters => CHARACTERS_PER_MINUTE,
        }
    }

    /// Its English name, for diagnostics.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Words => "words",
            Unit::Characters => "characters",
        }
    }
}

fn primary(lang: &str) -> &str {
    lang.split('-').next().unwrap_or(lang)
}

/// A statement as its speaker's script shows it. Public: it holds only the
/// statement's own fields.
#[derive(Debug, Clone, Serialize)]
pub struct StatementView {
    pub id: String,
    /// Who delivers it: the coalition's members, named in its language
    /// where they give a name in it; the document's author.
    pub by: Vec<Signatory>,
    pub language: String,
    pub title: String,
    pub kind: StatementKind,
    /// The time the speaker has, `m:ss`.
    pub limit: String,
    /// The pace the times are reckoned at, in `unit`s a minute.
    pub pace: u32,
    pub unit: Unit,
    pub sections: Vec<TimedSection>,
    /// The running time at its end, `m:ss`.
    pub total: String,
    /// Its length in `unit`s.
    pub units: usize,
    /// How long it runs, in seconds (rounded up).
    pub seconds: u64,
    /// The most it may be, in `unit`s: `minutes` × the pace.
    #[serde(skip)]
    pub allowed: usize,
    /// The time the speaker has, in seconds.
    #[serde(skip)]
    pub limit_seconds: f64,
}

/// A member of the coalition, in whose name a statement is delivered.
#[derive(Debug, Clone, Serialize)]
pub struct Signatory {
    pub name: String,
    /// The language `name` is in: the statement's, or `en` standing in.
    pub name_language: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimedSection {
    pub title: String,
    pub paragraphs: Vec<TimedParagraph>,
    /// Its length in the statement's units.
    #[serde(skip)]
    pub length: u64,
}

/// A paragraph with its number in the statement and the running time at
/// its end.
#[derive(Debug, Clone, Serialize)]
pub struct TimedParagraph {
    pub n: usize,
    pub text: String,
    /// The running time at its end, `m:ss`.
    pub time: String,
}

/// How far a statement runs over its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overrun {
    pub seconds: u64,
    pub units: usize,
}

impl StatementView {
    /// Its author, as a document's properties name it: every member's name.
    pub fn author(&self) -> String {
        let names: Vec<&str> = self.by.iter().map(|m| m.name.as_str()).collect();
        names.join(", ")
    }

    /// How far it runs over, when it does.
    pub fn overrun(&self) -> Option<Overrun> {
        (self.units > self.allowed).then(|| Overrun {
            seconds: (seconds(self.units, self.pace) - self.limit_seconds)
                .ceil()
                .max(1.0) as u64,
            units: self.units - self.allowed,
        })
    }

    /// The index of its longest section: the one to shorten first.
    pub fn longest_section(&self) -> usize {
        let mut best = 0;
        for (i, s) in self.sections.iter().enumerate() {
            if s.length > self.sections[best].length {
                best = i;
            }
        }
        best
    }
}

/// The paragraphs of a section body: split at blank lines.
fn paragraphs(body: &str) -> impl Iterator<Item = &str> {
    body.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

/// `units` read at `pace` a minute, in seconds.
fn seconds(units: usize, pace: u32) -> f64 {
    units as f64 * 60.0 / f64::from(pace.max(1))
}

/// Seconds written `m:ss`, rounded up to the second.
pub fn clock(secs: f64) -> String {
    let s = secs.max(0.0).ceil() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// What is read aloud of a paragraph's inline Markdown: its text, without
/// marks or links' addresses.
fn spoken(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, TagEnd};
    let mut out = String::with_capacity(md.len());
    for event in Parser::new_ext(md, Options::empty()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// A run of non-space characters is a word when it holds a letter or digit
/// (the submission's word count has the same rule).
pub fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Whether `c` is counted as a character of its own in Chinese and Japanese.
fn is_syllable_character(c: char) -> bool {
    use unicode_script::{Script, UnicodeScript};
    matches!(
        c.script(),
        Script::Han | Script::Hiragana | Script::Katakana
    ) && c.is_alphanumeric()
}

/// The units of `text` read aloud in `lang`, by the rule above.
pub fn units(text: &str, lang: &str) -> usize {
    match Unit::of(lang) {
        Unit::Characters => {
            let mut n = 0;
            let mut in_word = false;
            for c in text.chars() {
                if is_syllable_character(c) {
                    n += 1;
                    in_word = false;
                } else if c.is_alphanumeric() {
                    n += usize::from(!in_word);
                    in_word = true;
                } else {
                    in_word = false;
                }
            }
            n
        }
        Unit::Words if SEGMENTED_LANGUAGES.contains(&primary(lang)) => (text.split_whitespace())
            .flat_map(crate::doc::diff::words)
            .filter(|w| is_word(w))
            .count(),
        Unit::Words => text.split_whitespace().filter(|w| is_word(w)).count(),
    }
}

/// The view of one statement, timed, delivered by `by`.
pub fn statement(s: &Statement, by: Vec<Signatory>) -> StatementView {
    let unit = Unit::of(&s.language);
    let pace = s.words_per_minute.unwrap_or(unit.default_pace()).max(1);
    let mut n = 0;
    let mut read = 0;
    let sections: Vec<TimedSection> = (s.sections.iter())
        .map(|sec| {
            let before = read;
            let paragraphs = paragraphs(&sec.body)
                .map(|p| {
                    n += 1;
                    read += units(&spoken(p), &s.language);
                    TimedParagraph {
                        n,
                        text: p.to_string(),
                        time: clock(seconds(read, pace)),
                    }
                })
                .collect();
            TimedSection {
                title: sec.title.clone(),
                paragraphs,
                length: (read - before) as u64,
            }
        })
        .collect();
    let limit_seconds = s.minutes * 60.0;
    StatementView {
        id: s.id.clone(),
        by,
        language: s.language.clone(),
        title: s.title.clone(),
        kind: s.kind,
        limit: clock(limit_seconds),
        pace,
        unit,
        sections,
        total: clock(seconds(read, pace)),
        units: read,
        seconds: seconds(read, pace).ceil() as u64,
        // A hair below the product guards against 6 × 120 landing just
        // under 720 in floating point.
        allowed: (s.minutes * f64::from(pace) + 1e-9).floor().max(0.0) as usize,
        limit_seconds,
    }
}

/// The view of every statement of the campaign, in its order.
pub fn statements(campaign: &Campaign) -> Vec<StatementView> {
    (campaign.statements.iter())
        .map(|s| {
            let lang = &s.language;
            let by = (campaign.coalition.iter())
                .map(|m| Signatory {
                    name: m.names.get(lang).unwrap_or(&m.name).clone(),
                    name_language: super::localize::shown_in(&m.names, lang),
                })
                .collect();
            statement(s, by)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Section;

    fn statement_of(s: &Statement) -> StatementView {
        statement(s, Vec::new())
    }

    fn make(language: &str, minutes: f64, pace: Option<u32>, bodies: &[&str]) -> Statement {
        Statement {
            id: "pre-session".into(),
            title: "Statement".into(),
            kind: StatementKind::PreSession,
            minutes,
            language: language.into(),
            words_per_minute: pace,
            sections: bodies
                .iter()
                .enumerate()
                .map(|(i, b)| Section {
                    title: format!("Section {}", i + 1),
                    body: b.to_string(),
                })
                .collect(),
            origin: Default::default(),
        }
    }

    #[test]
    fn a_paragraph_of_counted_words_takes_its_seconds() {
        // Counted by hand: Viet(1) Nam's(2) 2018(3) Law(4) on(5)
        // Cybersecurity(6) — not a word — see(7) A/HRC/41/7(8): the link's
        // address is not read, its text is; the marks are not words.
        let p =
            "Viet Nam's **2018** Law on Cybersecurity — see [A/HRC/41/7](https://example.org/a).";
        assert_eq!(units(&spoken(p), "en"), 8);
        // 8 words at 120 a minute: 4 seconds.
        let v = statement_of(&make("en", 1.0, None, &[p]));
        assert_eq!((v.units, v.seconds), (8, 4));
        assert_eq!(v.sections[0].paragraphs[0].time, "0:04");
        // At 100 a minute, 8 words are 4.8 seconds: rounded up, 0:05.
        let v = statement_of(&make("en", 1.0, Some(100), &[p]));
        assert_eq!(v.total, "0:05");
    }

    #[test]
    fn running_times_add_up_across_paragraphs_and_sections() {
        let words = |n: usize| vec!["word"; n].join(" ");
        // 90 words (0:45), then 30 (1:00), then in a second section 150
        // (2:15): numbered 1, 2, 3 across sections.
        let first = format!("{}\n\n{}", words(90), words(30));
        let v = statement_of(&make("en", 6.0, None, &[&first, &words(150)]));
        let times: Vec<(usize, &str)> = (v.sections.iter())
            .flat_map(|s| s.paragraphs.iter().map(|p| (p.n, p.time.as_str())))
            .collect();
        assert_eq!(times, [(1, "0:45"), (2, "1:00"), (3, "2:15")]);
        assert_eq!((v.total.as_str(), v.limit.as_str()), ("2:15", "6:00"));
        assert_eq!(v.overrun(), None);
        assert_eq!(v.longest_section(), 1);
    }

    #[test]
    fn a_statement_over_its_minutes_runs_over_by_seconds_and_words() {
        // 880 words at 120 a minute run 7:20: 80 seconds and 160 words
        // over 6 minutes.
        let body = vec!["word"; 880].join(" ");
        let v = statement_of(&make("en", 6.0, None, &[&body]));
        assert_eq!(v.total, "7:20");
        assert_eq!(
            v.overrun(),
            Some(Overrun {
                seconds: 80,
                units: 160
            })
        );
        // Exactly 720 words fit 6 minutes; 721 run one word over.
        let fits = vec!["word"; 720].join(" ");
        assert_eq!(
            statement_of(&make("en", 6.0, None, &[&fits])).overrun(),
            None
        );
        let over = vec!["word"; 721].join(" ");
        let o = statement_of(&make("en", 6.0, None, &[&over]))
            .overrun()
            .unwrap();
        assert_eq!((o.seconds, o.units), (1, 1));
        // A minute and a half at 120 words: 180 words.
        let v = statement_of(&make("en", 1.5, None, &[&vec!["w"; 181].join(" ")]));
        assert_eq!(
            (v.limit.as_str(), v.overrun().map(|o| o.units)),
            ("1:30", Some(1))
        );
    }

    #[test]
    fn chinese_is_timed_in_characters() {
        // Counted by hand: 越南(2) 的(1) 第四(2) 轮(1) UPR(1) 于(1)
        // 2024(1) 年(1) 举行(2) = 12; the full stop and comma are none.
        let p = "越南的第四轮UPR，于2024年举行。";
        assert_eq!(units(p, "zh"), 12);
        assert_eq!(Unit::of("zh"), Unit::Characters);
        // 12 characters at the default 250 a minute: 2.88 s, shown 0:03.
        let v = statement_of(&make("zh", 1.0, None, &[p]));
        assert_eq!((v.pace, v.units, v.total.as_str()), (250, 12, "0:03"));
        // 300 characters at 250 a minute: 1:12, 50 characters and 12
        // seconds over a minute.
        let v = statement_of(&make("zh", 1.0, None, &[&"字".repeat(300)]));
        assert_eq!(v.total, "1:12");
        assert_eq!(
            v.overrun(),
            Some(Overrun {
                seconds: 12,
                units: 50
            })
        );
    }

    #[test]
    fn thai_words_are_cut_by_the_dictionary() {
        // ภาษาไทย ง่าย นิดเดียว: "Thai is easy" — several words, no spaces.
        assert!(units("ภาษาไทยง่ายนิดเดียว", "th") > 1);
        assert_eq!(units("ภาษาไทยง่ายนิดเดียว", "en"), 1);
    }

    #[test]
    fn clocks_round_up_to_the_second() {
        assert_eq!(clock(0.0), "0:00");
        assert_eq!(clock(44.1), "0:45");
        assert_eq!(clock(440.0), "7:20");
        assert_eq!(clock(3600.0), "60:00");
    }
}
