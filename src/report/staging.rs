//! A results folder replaced in one step: every file of a command goes into a hidden
//! sibling folder, which takes the out folder's place only once it is complete.
//!
//! A command writes several files (summary.json, runs.csv, monthly.csv, charts...), and
//! they only make sense together. Renaming each file into place would leave a mix of old
//! and new files if the process died half-way; here the folder is the unit. The out
//! folder holds either the previous complete results or the new complete ones; a process
//! killed by SIGKILL or a power cut at the one instant between the two renames of
//! [`Staged::commit`] leaves no out folder and the previous results in a hidden
//! `.NAME.leverage-old-*.tmp` sibling.
//!
//! Files in the out folder that the command does not write (a user's notes) are carried
//! into the new folder as hard links (copies where links fail), so that replacing the
//! folder never loses them. Nothing here prints.

use std::io;
use std::path::{Path, PathBuf};

/// Whether an entry of an existing out folder is an output the command writes again
/// (dropped when the folder is replaced) rather than a file to keep.
pub type IsOutput = dyn Fn(&Path) -> bool;

/// An out folder being written. Dropped without [`Staged::commit`], it removes everything
/// it wrote and leaves the out folder as it was.
#[derive(Debug)]
pub struct Staged {
    target: PathBuf,
    dir: tempfile::TempDir,
}

/// The prefix of the hidden folders of a target named `name`.
fn hidden_prefix(name: &str) -> String {
    format!(".{name}.leverage-")
}

impl Staged {
    /// Starts writing the out folder `target` (which need not exist). Entries of an
    /// existing `target` for which `is_output` is false are carried over.
    pub fn new(target: &Path, is_output: &IsOutput) -> io::Result<Staged> {
        let target = if target.exists() {
            // The folder itself, not a symbolic link to it, is what gets replaced.
            target.canonicalize()?
        } else {
            std::path::absolute(target)?
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "{} cannot be an out folder: name a folder inside it",
                        target.display()
                    ),
                )
            })?;
        if target.exists() && !target.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", target.display()),
            ));
        }
        let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
        std::fs::create_dir_all(&parent)?;
        let dir = tempfile::Builder::new()
            .prefix(&hidden_prefix(&name))
            .suffix(".tmp")
            .tempdir_in(&parent)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))?;
        }
        if target.is_dir() {
            for entry in std::fs::read_dir(&target)? {
                let entry = entry?;
                let from = entry.path();
                if !is_output(&from) {
                    link_tree(&from, &dir.path().join(entry.file_name()))?;
                }
            }
        }
        Ok(Staged { target, dir })
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The out folder this will become.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the written folder in the out folder's place and removes the previous one.
    pub fn commit(self) -> io::Result<()> {
        let Staged { target, dir } = self;
        sync_dir(dir.path())?;
        let staged = dir.keep();
        let parent = target.parent().unwrap_or(Path::new("/"));
        if target.exists() {
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // An empty directory that rename(2) may replace with the old out folder.
            let old = tempfile::Builder::new()
                .prefix(&format!("{}old-", hidden_prefix(&name)))
                .suffix(".tmp")
                .tempdir_in(parent)?
                .keep();
            if let Err(e) = std::fs::rename(&target, &old) {
                let _ = std::fs::remove_dir(&old);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(e);
            }
            if let Err(e) = std::fs::rename(&staged, &target) {
                // Put the previous results back.
                let _ = std::fs::rename(&old, &target);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(e);
            }
            std::fs::remove_dir_all(&old)?;
        } else if let Err(e) = std::fs::rename(&staged, &target) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
        sync_dir(parent)
    }
}

/// Hard links `from` (a file, or a folder recursively) at `to`; copies where a link
/// cannot be made (another file system, or one without links).
fn link_tree(from: &Path, to: &Path) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(from)?;
    if meta.is_dir() {
        std::fs::create_dir(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else if meta.file_type().is_symlink() {
        let link = std::fs::read_link(from)?;
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(link, to)
        }
        #[cfg(not(unix))]
        {
            let _ = link;
            std::fs::copy(from, to).map(|_| ())
        }
    } else {
        std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ()))
    }
}

/// Flushes a folder's entries to disk, where the platform allows it.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Hidden folders of `leverage` next to `target` (unfinished results, or previous ones a
/// killed process did not remove).
pub fn leftovers(target: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Vec::new();
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = hidden_prefix(&name.to_string_lossy());
    std::fs::read_dir(parent)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn outputs(p: &Path) -> bool {
        p.extension().is_some_and(|e| e == "json" || e == "csv")
    }

    #[test]
    fn a_new_folder_appears_only_on_commit() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        let s = Staged::new(&out, &outputs).unwrap();
        std::fs::write(s.path().join("summary.json"), "{}").unwrap();
        assert!(!out.exists(), "nothing in place before commit");
        s.commit().unwrap();
        assert_eq!(names(&out), ["summary.json"]);
        assert_eq!(names(root.path()), ["out"], "no hidden folder left");
    }

    #[test]
    fn commit_replaces_every_output_and_keeps_other_files() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("summary.json"), "old").unwrap();
        std::fs::write(out.join("runs.csv"), "old").unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        std::fs::create_dir(out.join("drafts")).unwrap();
        std::fs::write(out.join("drafts").join("a.md"), "draft").unwrap();
        let s = Staged::new(&out, &outputs).unwrap();
        std::fs::write(s.path().join("summary.json"), "new").unwrap();
        s.commit().unwrap();
        assert_eq!(names(&out), ["drafts", "notes.txt", "summary.json"]);
        assert_eq!(
            std::fs::read_to_string(out.join("summary.json")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("drafts").join("a.md")).unwrap(),
            "draft"
        );
        assert_eq!(names(root.path()), ["out"], "no hidden folder left");
    }

    #[test]
    fn dropping_without_commit_leaves_the_previous_folder_untouched() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("summary.json"), "old").unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        {
            let s = Staged::new(&out, &outputs).unwrap();
            std::fs::write(s.path().join("summary.json"), "half").unwrap();
            assert_eq!(leftovers(&out).len(), 1, "one hidden folder while writing");
        }
        assert_eq!(names(&out), ["notes.txt", "summary.json"]);
        assert_eq!(
            std::fs::read_to_string(out.join("summary.json")).unwrap(),
            "old"
        );
        assert!(leftovers(&out).is_empty());
    }

    #[test]
    fn a_file_in_place_of_the_folder_is_an_error() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        std::fs::write(&out, "a file").unwrap();
        let e = Staged::new(&out, &outputs).unwrap_err();
        assert!(e.to_string().contains("is not a folder"), "{e}");
        assert!(leftovers(&out).is_empty());
    }
}
