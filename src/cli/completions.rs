//! `upr-brief completions SHELL` and `upr-brief man`: generated from the same
//! clap definitions as the command line itself.

use std::io::Write;

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
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "upr-brief", &mut script);
    let mut script = String::from_utf8_lossy(&script).into_owned();
    if args.shell == Shell::Bash {
        script = bash_labels(&script);
    }
    match std::io::stdout().write_all(script.as_bytes()) {
        Ok(()) => exit::OK,
        Err(e) => super::failure("cannot write the completion script", &e),
    }
}

/// clap_complete (4.6) spells a hyphenated program name one way in the bash
/// script's loop that finds the subcommand (`upr__brief__subcmd__build`) and
/// another in the case arms that complete it (`upr__subcmd__brief__subcmd__build`),
/// so no subcommand's options ever complete (clap-rs/clap#6421). The arms are
/// renamed to the loop's spelling.
fn bash_labels(script: &str) -> String {
    script.replace("upr__subcmd__brief__", "upr__brief__")
}

/// Prints the man page (roff) to standard output.
pub fn man() -> u8 {
    let page = clap_mangen::Man::new(Cli::command());
    match page.render(&mut std::io::stdout()) {
        Ok(()) => exit::OK,
        Err(e) => super::failure("cannot write the man page", &e),
    }
}
