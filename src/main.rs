//! The `leverage` binary: parse the command line, run it, map failures to exit codes
//! (0 ok, 1 runtime failure, 2 usage or scenario error, 141 quietly when standard output
//! is a closed pipe: see `cli::output`).

mod cli;

use clap::Parser;
use cli::output;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        // What clap's `exit` does, but a failure to print help or the version on standard
        // output counts as one (usage errors go to standard error, best effort).
        Err(e) => {
            let code = match e.print() {
                Err(io) if !e.use_stderr() => {
                    let failure = output::stdout_failure(io);
                    output::report_failure(&failure);
                    failure.code
                }
                _ => e.exit_code(),
            };
            return ExitCode::from(code as u8);
        }
    };
    // Ctrl-C and SIGTERM remove the unfinished results and exit 130.
    if let Err(e) = cli::interrupt::install() {
        crate::note!("warning: interruptions will not be handled: {e}");
    }
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            output::report_failure(&failure);
            ExitCode::from(failure.code as u8)
        }
    }
}
