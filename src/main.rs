//! The `leverage` binary: parse the command line, run it, map failures to exit codes
//! (0 ok, 1 runtime failure, 2 usage or scenario error).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = leverage::cli::Cli::parse();
    // Ctrl-C and SIGTERM remove the unfinished results and exit 130.
    if let Err(e) = leverage::cli::interrupt::install() {
        eprintln!("warning: interruptions will not be handled: {e}");
    }
    match leverage::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {:#}", failure.error);
            ExitCode::from(failure.code as u8)
        }
    }
}
