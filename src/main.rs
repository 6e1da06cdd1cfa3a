use std::process::ExitCode;

use clap::Parser;
use upr_brief::cli::{self, Cli, exit};

fn main() -> ExitCode {
    match Cli::try_parse() {
        Ok(parsed) => cli::run(parsed),
        Err(e) => {
            let _ = e.print();
            // Help and version requests are not usage errors.
            if e.use_stderr() {
                ExitCode::from(exit::USAGE)
            } else {
                ExitCode::from(exit::OK)
            }
        }
    }
}
