//! `upr-brief completions SHELL` and `upr-brief man`: generated from the same
//! clap definitions as the command line itself.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, exit};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    pub shell: Shell,
}

/// Prints a completion script for the shell.
pub fn run(args: &Args) -> u8 {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "upr-brief", &mut std::io::stdout());
    exit::OK
}

/// Prints the man page (roff) to standard output.
pub fn man() -> u8 {
    let page = clap_mangen::Man::new(Cli::command());
    match page.render(&mut std::io::stdout()) {
        Ok(()) => exit::OK,
        Err(e) => super::failure("cannot write the man page", &e),
    }
}
