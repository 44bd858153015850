//! The out folder of a command: staging it, putting it in place when finished, locking a
//! finished results folder that `plot` or `report` writes in place and listing what they
//! wrote in its manifest, and which of its files are the tool's.
//!
//! Owns the meeting of the commands with [`leverage::report::staging`] and the exit code of a
//! folder that cannot be written. Must not decide what goes into a folder: the command
//! handlers write its files.

use super::{Failure, guard, interrupt};
use crate::note;
use leverage::results::names;
use std::path::{Path, PathBuf};

/// Starts writing the out folder `dir` of a command (see [`interrupt::OutFolder`]): its
/// files are the tool's only where the folder's manifest lists them (or, in results
/// written before manifests existed, the files [`is_output_file`] matches). Says what
/// stopped commands had left there.
pub(crate) fn out_folder(dir: &Path) -> Result<interrupt::OutFolder, Failure> {
    let legacy = matches!(guard::Results::found_in(dir), Ok(Some(_)));
    let legacy: Option<&leverage::report::staging::IsOutput> = legacy.then_some(&is_output_file);
    let (out, notes) = interrupt::OutFolder::new(dir, &is_named_output, legacy)
        .map_err(|e| stage_failure(e, dir))?;
    for note in notes {
        note!("note: {note}");
    }
    Ok(out)
}

/// Puts a finished out folder in place.
pub(crate) fn commit(out: interrupt::OutFolder, dir: &Path) -> Result<(), Failure> {
    out.commit().map_err(|e| {
        let usage = e.is_usage();
        let error = anyhow::Error::new(e).context(format!(
            "cannot put the results in place in {}",
            dir.display()
        ));
        Failure {
            code: if usage { 2 } else { 1 },
            error,
        }
    })
}

/// An out folder that cannot be written: the user's to fix (exit 2) or the machine's (1).
fn stage_failure(e: leverage::report::staging::StageError, dir: &Path) -> Failure {
    if e.is_usage() {
        Failure::usage(e)
    } else {
        Failure::from(
            anyhow::Error::new(e)
                .context(format!("cannot write to the out folder {}", dir.display())),
        )
    }
}

/// Whether an entry of an out folder is named as a file the commands write (charts
/// aside): one that the folder's manifest does not list makes the command refuse before
/// it starts (see [`leverage::report::staging`]).
fn is_named_output(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| names::OUTPUT_FILES.iter().any(|o| n == *o))
}

/// Whether an entry of a results folder written before manifests existed was the tool's:
/// a file of [`is_named_output`], or a chart (any PNG or SVG).
fn is_output_file(path: &Path) -> bool {
    is_named_output(path)
        || (path.is_file() && path.extension().is_some_and(|e| e == "png" || e == "svg"))
}

/// Locks a results folder that `plot` or `report` writes in place.
pub(super) fn lock_results(dir: &Path) -> Result<leverage::report::staging::Lock, Failure> {
    leverage::report::staging::Lock::take(dir).map_err(|e| stage_failure(e, dir))
}

/// Lists files `plot` or `report` wrote in place in the folder's manifest.
pub(super) fn adopt(dir: &Path, paths: &[PathBuf]) -> Result<(), Failure> {
    leverage::report::staging::adopt(dir, paths).map_err(|e| stage_failure(e, dir))
}
