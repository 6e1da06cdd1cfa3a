//! Any bytes, read as any kind of input file: parsing, locating and printing
//! the diagnostic never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upr_brief::ingest::{raw, yaml};
use upr_brief::source::{Sources, YPath};

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut sources = Sources::default();
    let file = sources.add("f.yaml".into(), "inputs/f.yaml".into(), text);
    let result = match kind % 5 {
        0 => yaml::parse::<raw::Campaign>(&sources, file).err(),
        1 => yaml::parse::<raw::State>(&sources, file).err(),
        2 => yaml::parse::<raw::Organization>(&sources, file).err(),
        3 => yaml::parse::<raw::RecommendationFile>(&sources, file).err(),
        _ => yaml::parse::<raw::Meeting>(&sources, file).err(),
    };
    if let Some(d) = result {
        let _ = d.render(&sources);
    }
    for path in [
        YPath::root().key("items").idx(0).key("id"),
        YPath::root().key("counterpart").key("people").idx(1),
        YPath::root().idx(3),
    ] {
        let _ = sources.locate(file, &path);
        let _ = sources.locate_key(file, &path);
    }
});
