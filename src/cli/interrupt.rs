//! Ctrl-C (SIGINT) and SIGTERM: a command stops at once, removes the results folder it
//! was writing, says so and exits 130. The out folder keeps the previous complete results,
//! or nothing if there were none: never half of them.
//!
//! The commands write into a [`Staged`] folder registered here as an [`OutFolder`]. The
//! handler (installed by `main`, on its own thread) removes every registered folder and
//! ends the process. Putting a finished folder in place takes the same lock, so a signal
//! that arrives then waits until the new results are complete, and the process still exits
//! 130 with them in place.

use leverage::report::staging::{IsOutput, StageError, Staged, remove_tree};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The exit code of an interrupted command (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

/// A folder being written: its staging folder, the out folder, and whether this command
/// created the out folder (removed again, if empty, on an interruption).
type Writing = (PathBuf, PathBuf, bool);

/// Folders being written.
static WRITING: Mutex<Vec<Writing>> = Mutex::new(Vec::new());

fn writing() -> MutexGuard<'static, Vec<Writing>> {
    WRITING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Handles SIGINT and SIGTERM for the rest of the process. Call once, from `main`.
pub fn install() -> Result<(), ctrlc::Error> {
    ctrlc::set_handler(on_signal)
}

fn on_signal() {
    // Held until exit: no folder can be put in place, or registered, after this point.
    let folders = writing();
    let mut lines = Vec::new();
    for (staged, target, created) in folders.iter() {
        remove_all(staged);
        if *created {
            let _ = std::fs::remove_dir(target);
        }
        lines.push(if target.is_dir() {
            format!("{} keeps its previous results", target.display())
        } else {
            format!("nothing was written to {}", target.display())
        });
    }
    let what = if lines.is_empty() {
        String::new()
    } else {
        format!(": {}", lines.join("; "))
    };
    // Not eprintln!: a panic here, on a closed stderr, would keep the process alive.
    crate::note!("\ninterrupted{what}");
    std::process::exit(EXIT_INTERRUPTED);
}

/// Removes a folder that another thread may still be writing into: a file created during
/// the removal makes it fail with "not empty", so try again.
fn remove_all(dir: &Path) {
    for _ in 0..50 {
        match remove_tree(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            _ => return,
        }
    }
}

/// An out folder being written, removed if the command fails or is interrupted.
#[derive(Debug)]
pub struct OutFolder {
    staged: Option<Staged>,
}

impl OutFolder {
    /// Starts writing `target` (see [`Staged::new`]); returns notes on what stopped
    /// commands had left there.
    pub fn new(
        target: &Path,
        names: &IsOutput,
        legacy: Option<&IsOutput>,
    ) -> Result<(Self, Vec<String>), StageError> {
        let mut folders = writing();
        let (staged, notes) = Staged::new(target, names, legacy)?;
        folders.push((
            staged.path().to_path_buf(),
            staged.target().to_path_buf(),
            staged.created_target(),
        ));
        Ok((
            OutFolder {
                staged: Some(staged),
            },
            notes,
        ))
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        self.staged
            .as_ref()
            .map_or(Path::new(""), |staged| staged.path())
    }

    /// Puts the written folder in place of the out folder.
    pub fn commit(mut self) -> Result<(), StageError> {
        let mut folders = writing();
        let Some(staged) = self.staged.take() else {
            return Ok(());
        };
        let path = staged.path().to_path_buf();
        let result = staged.commit();
        folders.retain(|(p, _, _)| *p != path);
        result
    }
}

impl Drop for OutFolder {
    fn drop(&mut self) {
        if let Some(staged) = self.staged.take() {
            let mut folders = writing();
            let path = staged.path().to_path_buf();
            drop(staged);
            folders.retain(|(p, _, _)| *p != path);
        }
    }
}
