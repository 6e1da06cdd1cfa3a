//! upr-brief: campaign YAML in, tailored UPR briefing packs out.

pub mod doc;
