//! `upr-brief schema`: the JSON Schema of each kind of input file, for
//! editors to complete and check YAML as people type.

use std::fs;
use std::path::PathBuf;

use super::{exit, failure};
use crate::ingest::schema;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the schema files are written: the `schema` folder next to
    /// `inputs/`, which the first line of every input file points to.
    #[arg(long, value_name = "DIR", default_value = "schema")]
    pub out: PathBuf,
}

pub fn run(args: &Args) -> u8 {
    let out = &args.out;
    if let Err(e) = fs::create_dir_all(out) {
        return failure(&format!("cannot create {}", out.display()), &e);
    }
    for (name, text) in schema::schemas() {
        // A file that already says this is left as it is (editors and
        // build tools watching the folder see no change).
        let path = out.join(&name);
        if fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            println!("unchanged {}", path.display());
            continue;
        }
        if let Err(e) = output::write_atomic(out, &name, text.as_bytes()) {
            return failure(&format!("cannot write {name}"), &e);
        }
        println!("wrote {}", path.display());
    }
    exit::OK
}
