use std::process::ExitCode;

use clap::Parser;
use upr_brief::cli::{self, Cli, exit};

/// Rendering allocates many small strings and JSON values from several
/// threads at once, which mimalloc serves better than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    restore_sigpipe();
    clean_up_when_stopped();
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

/// Rust ignores SIGPIPE, so printing into a closed pipe (`upr-brief list |
/// head -1`) would panic. Like any Unix filter, the program instead ends
/// quietly when its reader goes away.
#[allow(unsafe_code)]
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first in `main`, before any other thread exists;
    // setting a signal's action to its default has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Ctrl-C (SIGINT), SIGTERM or a closed terminal (SIGHUP) stop the program
/// as they would any other, but only once the files it was writing aside
/// and its lock on the output folder are removed: the process then ends by
/// the same signal (a shell reports 130 for Ctrl-C, 143 for SIGTERM).
/// signal-hook hands the signal to a thread, which may remove files, where a
/// handler of our own could not.
#[cfg(unix)]
fn clean_up_when_stopped() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return; // the signals keep their default action
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _stopping = upr_brief::output::stop();
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
}

#[cfg(not(unix))]
fn clean_up_when_stopped() {}
