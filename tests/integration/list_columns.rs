//! `upr-brief list` lines its columns up as a terminal shows them, whatever
//! the script of a counterpart's name.

use crate::common;

use std::fs;

use unicode_width::UnicodeWidthStr;

#[test]
fn columns_line_up_after_chinese_and_arabic_names() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    common::copy_dir(&common::fixtures().join("scripts"), &inputs);
    // Egypt's Arabic name with its vowel marks, which take no column.
    let egypt = inputs.join("states/eg.yaml");
    let text = fs::read_to_string(&egypt).unwrap();
    assert!(text.contains("ar: مصر"), "{text}");
    fs::write(&egypt, text.replace("ar: مصر", "ar: مِصْر")).unwrap();
    let (code, log) = common::run(common::tool().arg("list").arg("--inputs").arg(&inputs));
    if code != 0
        && log.contains("no-glyph")
        && std::env::var_os("UPR_BRIEF_REQUIRE_TOOLS").is_none()
    {
        eprintln!("the fonts for these scripts are not installed: skipping\n{log}");
        return;
    }
    assert_eq!(code, 0, "{log}");
    let rows: Vec<&str> = log.lines().filter(|l| l.starts_with("2024-")).collect();
    assert_eq!(rows.len(), 6, "{log}");
    assert!(rows.iter().any(|r| r.contains("  中国  ")), "{log}");
    assert!(rows.iter().any(|r| r.contains("  مِصْر  ")), "{log}");
    // Where each row's language column starts, in terminal columns: the
    // language is the word before the count of recommendations.
    let starts: Vec<usize> = rows
        .iter()
        .map(|row| {
            let words: Vec<&str> = row.split_whitespace().collect();
            let count = (2..words.len())
                .find(|&i| words[i].bytes().all(|b| b.is_ascii_digit()))
                .unwrap();
            let at = row.find(&format!("  {}  ", words[count - 1])).unwrap();
            row[..at].width()
        })
        .collect();
    assert!(starts.iter().all(|&s| s == starts[0]), "{starts:?}\n{log}");
}
