use std::process::ExitCode;

use clap::Parser;
use upr_brief::cli::{self, Cli, exit};

/// Rendering allocates many small strings and JSON values from several
/// threads at once, where mimalloc is much faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
