//! Writing an out folder without touching anything `leverage` did not write.
//!
//! A command writes several files (summary.json, runs.csv, monthly.csv, charts...) that
//! only make sense together. They are written into a hidden staging folder *inside* the
//! out folder, `.leverage-stage-*.tmp`, and put in place by renames once all are complete.
//! The out folder itself is never replaced or rebuilt: its mode, owner, sticky and setgid
//! bits, and every entry the tool did not write (a user's notes, a `.ssh`, a mount point)
//! stay as they were.
//!
//! What the tool owns is written down: `.leverage-manifest.json` in the out folder lists
//! every file a command put there (and the folders it created for them). Only those files
//! are ever replaced or removed; a file of the same name that no manifest lists is never
//! overwritten (the command refuses, naming it). Results written before the manifest
//! existed are recognised by the caller and their files passed as the legacy set.
//!
//! Putting the files in place is journalled: the staging folder receives a `.commit.json`
//! (the new manifest and what to remove) before the first rename, and the files being
//! replaced move into the staging folder's `.old/` first, so a commit that fails puts the
//! previous results back whole. A process killed during the renames leaves the journal;
//! the next command on that folder finishes the commit (the new results were complete)
//! before anything else. A staging folder without a journal is an unfinished command's,
//! and is removed. Both are reported in [`Staged::new`]'s notes.
//!
//! One command at a time: the out folder is locked (`flock` on the folder) from
//! [`Staged::new`] until the staged folder is committed or dropped. Removal never follows
//! a symbolic link nor crosses into another file system. Nothing here prints.

use crate::results::names;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

/// The manifest of the files `leverage` wrote in an out folder.
pub const MANIFEST: &str = ".leverage-manifest.json";
/// The prefix of staging folders inside an out folder.
pub const STAGE_PREFIX: &str = ".leverage-stage-";
/// The journal of a commit in progress, inside the staging folder.
const JOURNAL: &str = ".commit.json";
/// Where the files being replaced wait during a commit, inside the staging folder.
const OLD: &str = ".old";

/// Whether an entry of an out folder is a file `leverage` writes (by its name). Used to
/// refuse early, before a command simulates, an out folder holding a file of that name
/// that no manifest lists; and for results written before manifests existed.
pub type IsOutput = dyn Fn(&Path) -> bool;

/// Why an out folder cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    /// Another command holds the folder's lock.
    #[error(
        "{} is in use by another leverage command: wait until it ends, or give another \
         out folder with -o",
        .0.display()
    )]
    InUse(PathBuf),
    /// A file the command writes exists and is not listed in the folder's manifest.
    #[error(
        "{} was not written by leverage (the folder's {MANIFEST} does not list it), and \
         leverage would write a file of that name: move it away, or give another out \
         folder with -o",
        .0.display()
    )]
    NotOurs(PathBuf),
    /// The folder, or an entry where the command writes, is of the wrong kind.
    #[error("{}: {why}", .path.display())]
    Invalid {
        /// The entry.
        path: PathBuf,
        /// What is wrong, and what is allowed.
        why: String,
    },
    /// An operation on the file system failed.
    #[error("cannot {what} {}", .path.display())]
    Io {
        /// What was being done ("create", "rename", ...).
        what: &'static str,
        /// The entry.
        path: PathBuf,
        /// The system's reason.
        #[source]
        source: io::Error,
    },
}

impl StageError {
    fn io(what: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StageError {
        let path = path.to_path_buf();
        move |source| StageError::Io { what, path, source }
    }

    /// Whether the user can fix it by choosing or clearing a folder (exit 2), rather than
    /// a failure of the machine (exit 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            StageError::NotOurs(_) | StageError::Invalid { .. } | StageError::InUse(_)
        )
    }
}

/// `.leverage-manifest.json`: what `leverage` wrote in an out folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// What this file is, for a person who finds it.
    pub about: String,
    /// Files written, relative to the out folder, `/`-separated, sorted.
    pub files: BTreeSet<String>,
    /// Folders created for them (removed once empty when no longer written), sorted.
    pub folders: BTreeSet<String>,
}

const ABOUT: &str = "The files leverage wrote in this folder: only these are ever replaced \
                     or removed by a later leverage command.";

impl Manifest {
    fn new(files: BTreeSet<String>, folders: BTreeSet<String>) -> Self {
        Manifest {
            about: ABOUT.to_string(),
            files,
            folders,
        }
    }

    /// The manifest of `dir`, `None` if it has none.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, StageError> {
        let path = dir.join(MANIFEST);
        let text = match crate::files::read_to_string(&path, &crate::files::RESULTS) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StageError::io("read", &path)(e)),
        };
        let invalid = |why: String| StageError::Invalid {
            path: path.clone(),
            why: format!(
                "{why}; it is not a manifest leverage wrote: remove it only if no results \
                 of leverage are in this folder"
            ),
        };
        let m: Manifest = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        for entry in m.files.iter().chain(&m.folders) {
            if !is_plain_relative(entry) {
                return Err(invalid(format!(
                    "{entry:?} is not a plain path inside the folder"
                )));
            }
        }
        Ok(Some(m))
    }

    fn write(&self, dir: &Path) -> Result<(), StageError> {
        let mut text = serde_json::to_string_pretty(self).expect("a manifest serialises");
        text.push('\n');
        write_synced(&dir.join(MANIFEST), text.as_bytes())
    }
}

/// The journal of a commit: the manifest it leads to and the old entries it removes.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    manifest: Manifest,
    remove_files: Vec<String>,
    remove_folders: Vec<String>,
}

/// Whether `rel` is a `/`-separated relative path of plain names (no `.`, `..`, root,
/// or empty component).
fn is_plain_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\\')
        && !rel.contains('\0')
        && rel
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

/// `dir/rel` for a plain relative `rel`.
fn under(dir: &Path, rel: &str) -> PathBuf {
    rel.split('/').fold(dir.to_path_buf(), |p, c| p.join(c))
}

/// Joins a single plain name (a scenario's name, a folder name) to `parent`, refusing a
/// name that would leave it: empty, `.`, `..`, or holding a path separator.
pub fn join_name(parent: &Path, name: &str) -> Result<PathBuf, StageError> {
    let mut parts = Path::new(name).components();
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(_)), None) if !name.contains(['/', '\\']) => Ok(parent.join(name)),
        _ => Err(StageError::Invalid {
            path: parent.join(name),
            why: format!(
                "{name:?} is not a plain folder name (one name: no path separators, not \
                 empty, not `.` or `..`)"
            ),
        }),
    }
}

/// The exclusive lock of an out folder, held while a command writes it.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Locks `dir` (an existing folder) for this process, or fails with
    /// [`StageError::InUse`] if another process holds its lock (it cannot say which).
    pub fn take(dir: &Path) -> Result<Lock, StageError> {
        let file = File::open(dir).map_err(StageError::io("open", dir))?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(StageError::InUse(dir.to_path_buf())),
            Err(std::fs::TryLockError::Error(e)) => Err(StageError::io("lock", dir)(e)),
        }
    }
}

/// An out folder being written. Dropped without [`Staged::commit`], it removes what it
/// wrote (and the out folder, if it created it and nothing else is there).
#[derive(Debug)]
pub struct Staged {
    target: PathBuf,
    stage: Option<PathBuf>,
    created: bool,
    owned: Manifest,
    _lock: Lock,
}

impl Staged {
    /// Starts writing the out folder `target` (which need not exist): locks it, finishes
    /// or removes what a stopped command left there, and makes the staging folder.
    ///
    /// `names` tells the files commands write by name: one of them in `target` that the
    /// manifest does not list is refused now, before any work. `legacy`, for a folder of
    /// results written before manifests existed, tells which of its files (at the top,
    /// and in the folders of results in it) are the tool's own.
    ///
    /// Returns the staged folder and notes on what was recovered, for the user.
    pub fn new(
        target: &Path,
        names: &IsOutput,
        legacy: Option<&IsOutput>,
    ) -> Result<(Staged, Vec<String>), StageError> {
        let exists = std::fs::symlink_metadata(target).is_ok();
        let target = if exists {
            // The folder a symbolic link names is the one written.
            target
                .canonicalize()
                .map_err(StageError::io("resolve", target))?
        } else {
            std::path::absolute(target).map_err(StageError::io("resolve", target))?
        };
        if exists && !target.is_dir() {
            return Err(StageError::Invalid {
                path: target,
                why: "exists and is not a folder: give a folder with -o".into(),
            });
        }
        let created = !exists;
        if created {
            std::fs::create_dir_all(&target).map_err(StageError::io("create", &target))?;
        }
        let undo = |e: StageError| {
            if created {
                let _ = std::fs::remove_dir(&target);
            }
            e
        };
        // Another command's folder, which it may have just made: never removed here.
        let lock = Lock::take(&target)?;
        let notes = recover(&target).map_err(undo)?;
        let owned = match Manifest::read(&target).map_err(undo)? {
            Some(m) => m,
            None => match legacy {
                Some(legacy) => legacy_manifest(&target, legacy).map_err(undo)?,
                None => Manifest::default(),
            },
        };
        let foreign = std::fs::read_dir(&target)
            .map_err(StageError::io("read", &target))
            .map_err(undo)?
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                name != MANIFEST && names(p) && !owned.files.contains(name.as_ref())
            });
        if let Some(path) = foreign {
            return Err(undo(StageError::NotOurs(path)));
        }
        let stage = tempfile::Builder::new()
            .prefix(STAGE_PREFIX)
            .suffix(".tmp")
            .tempdir_in(&target)
            .map_err(StageError::io("create a staging folder in", &target))
            .map_err(undo)?
            .keep();
        Ok((
            Staged {
                target,
                stage: Some(stage),
                created,
                owned,
                _lock: lock,
            },
            notes,
        ))
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        self.stage.as_deref().unwrap_or(Path::new(""))
    }

    /// The out folder this will become.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Whether the out folder did not exist before this command.
    pub fn created_target(&self) -> bool {
        self.created
    }

    /// Puts every written file in place, removes the files of the previous results that
    /// were not written again, and writes the new manifest. On failure the previous
    /// results are as they were.
    pub fn commit(mut self) -> Result<(), StageError> {
        let Some(stage) = self.stage.take() else {
            return Ok(());
        };
        let result = prepare(&self.target, &stage, &self.owned)
            .and_then(|journal| apply(&self.target, &stage, &journal, true));
        if result.is_err() {
            let _ = remove_tree(&stage);
            if self.created {
                let _ = std::fs::remove_dir(&self.target);
            }
        }
        result
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(stage) = self.stage.take() {
            let _ = remove_tree(&stage);
            if self.created {
                let _ = std::fs::remove_dir(&self.target);
            }
        }
    }
}

/// The files and folders under `dir`, relative and `/`-separated, skipping the entries
/// named in `skip` at the top. Symbolic links count as files.
fn walk(dir: &Path, skip: &[&str]) -> io::Result<(BTreeSet<String>, BTreeSet<String>)> {
    let mut files = BTreeSet::new();
    let mut folders = BTreeSet::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((d, rel)) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if rel.is_empty() && skip.contains(&name.as_str()) {
                continue;
            }
            let r = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if entry.file_type()?.is_dir() {
                folders.insert(r.clone());
                stack.push((entry.path(), r));
            } else {
                files.insert(r);
            }
        }
    }
    Ok((files, folders))
}

/// The manifest of results written before manifests existed: the files `names` matches
/// at the top, and inside the folders that hold a `summary.json` (a comparison's).
fn legacy_manifest(target: &Path, names: &IsOutput) -> Result<Manifest, StageError> {
    let mut m = Manifest::new(BTreeSet::new(), BTreeSet::new());
    let entries = std::fs::read_dir(target).map_err(StageError::io("read", target))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_file() && name != MANIFEST && names(&path) {
            m.files.insert(name);
        } else if kind.is_dir() && path.join(names::SUMMARY_JSON).is_file() {
            let inner = std::fs::read_dir(&path).map_err(StageError::io("read", &path))?;
            for e in inner.flatten() {
                if e.file_type().is_ok_and(|k| k.is_file()) && names(&e.path()) {
                    m.files
                        .insert(format!("{name}/{}", e.file_name().to_string_lossy()));
                }
            }
        }
    }
    Ok(m)
}

/// Checks that the staged files may go in place and writes the commit's journal.
fn prepare(target: &Path, stage: &Path, owned: &Manifest) -> Result<Journal, StageError> {
    let (files, folders) = walk(stage, &[]).map_err(StageError::io("read", stage))?;
    let device = device(target).map_err(StageError::io("read", target))?;
    let mut kept_folders = BTreeSet::new();
    for d in &folders {
        let at = under(target, d);
        match std::fs::symlink_metadata(&at) {
            Err(_) => {
                kept_folders.insert(d.clone());
            }
            Ok(meta) if meta.is_dir() && !meta.file_type().is_symlink() => {
                if device_of(&meta) != device {
                    return Err(StageError::Invalid {
                        path: at,
                        why: "is on another file system (a mount point), where leverage \
                              writes a folder of results: give another out folder with -o"
                            .into(),
                    });
                }
                if owned.folders.contains(d) {
                    kept_folders.insert(d.clone());
                }
            }
            Ok(_) => {
                return Err(StageError::Invalid {
                    path: at,
                    why: "is a file or a symbolic link where leverage writes a folder of \
                          results: move it away, or give another out folder with -o"
                        .into(),
                });
            }
        }
    }
    for f in &files {
        let at = under(target, f);
        if let Ok(meta) = std::fs::symlink_metadata(&at) {
            if meta.is_dir() {
                return Err(StageError::Invalid {
                    path: at,
                    why: "is a folder where leverage writes a file: move it away, or give \
                          another out folder with -o"
                        .into(),
                });
            }
            if !owned.files.contains(f) {
                return Err(StageError::NotOurs(at));
            }
        }
    }
    let journal = Journal {
        remove_files: owned.files.difference(&files).cloned().collect(),
        // Deepest first (a sorted set puts a folder before the folders inside it).
        remove_folders: {
            let mut gone: Vec<String> = owned.folders.difference(&folders).cloned().collect();
            gone.reverse();
            gone
        },
        manifest: Manifest::new(files, kept_folders),
    };
    let text = serde_json::to_string_pretty(&journal).expect("a journal serialises");
    write_synced(&stage.join(JOURNAL), text.as_bytes())?;
    sync_dir(stage).map_err(StageError::io("write", stage))?;
    Ok(journal)
}

/// Carries out a journal: old files aside, new files in, old folders out, the manifest.
/// With `undo`, a failure puts everything back (a live commit); without, it goes on as
/// far as it can (finishing a stopped commit, whose new files are complete).
fn apply(target: &Path, stage: &Path, journal: &Journal, undo: bool) -> Result<(), StageError> {
    let old = stage.join(OLD);
    let mut aside: Vec<&str> = Vec::new();
    let mut placed: Vec<&str> = Vec::new();
    let mut made: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<(), StageError> {
        let home = device(target).map_err(StageError::io("read", target))?;
        // The files being replaced or removed wait in the staging folder.
        let replaced = journal
            .manifest
            .files
            .iter()
            .filter(|f| stage_has(stage, f));
        for f in journal.remove_files.iter().chain(replaced) {
            let at = under(target, f);
            let Ok(meta) = std::fs::symlink_metadata(&at) else {
                continue;
            };
            let parent = at.parent().unwrap_or(target);
            if meta.is_dir() || device(parent).is_ok_and(|d| d != home) {
                continue;
            }
            let to = under(&old, f);
            if let Some(p) = to.parent() {
                std::fs::create_dir_all(p).map_err(StageError::io("create", p))?;
            }
            std::fs::rename(&at, &to).map_err(StageError::io("move aside", &at))?;
            aside.push(f);
        }
        for f in &journal.manifest.files {
            if let Some((parent, _)) = f.rsplit_once('/') {
                let mut at = target.to_path_buf();
                for c in parent.split('/') {
                    at.push(c);
                    if std::fs::symlink_metadata(&at).is_err() {
                        std::fs::create_dir(&at).map_err(StageError::io("create", &at))?;
                        made.push(at.clone());
                    }
                }
            }
            let from = under(stage, f);
            if std::fs::symlink_metadata(&from).is_err() {
                continue; // put in place before the stop
            }
            let at = under(target, f);
            std::fs::rename(&from, &at).map_err(StageError::io("put in place", &at))?;
            placed.push(f);
        }
        for d in &journal.remove_folders {
            // Only an empty folder goes: a user's file in it keeps it.
            let _ = std::fs::remove_dir(under(target, d));
        }
        journal.manifest.write(target)?;
        sync_dir(target).map_err(StageError::io("write", target))
    })();
    match result {
        Ok(()) => {
            let _ = std::fs::remove_file(stage.join(JOURNAL));
            remove_tree(stage).map_err(StageError::io("remove", stage))
        }
        Err(e) if undo => {
            for f in placed.iter().rev() {
                let _ = std::fs::remove_file(under(target, f));
            }
            for d in made.iter().rev() {
                let _ = std::fs::remove_dir(d);
            }
            for f in aside.iter().rev() {
                let _ = std::fs::rename(under(&old, f), under(target, f));
            }
            let _ = std::fs::remove_file(stage.join(JOURNAL));
            Err(e)
        }
        Err(e) => Err(e),
    }
}

fn stage_has(stage: &Path, rel: &str) -> bool {
    std::fs::symlink_metadata(under(stage, rel)).is_ok()
}

/// Finishes or removes what stopped commands left in `target` (whose lock is held):
/// returns a note for each.
fn recover(target: &Path) -> Result<Vec<String>, StageError> {
    let mut notes = Vec::new();
    // Staging folders of stopped commands, and temporary files of commands stopped
    // while writing in place (`plot`, `report`).
    let mut stages = Vec::new();
    let mut temps = Vec::new();
    for entry in std::fs::read_dir(target)
        .map_err(StageError::io("read", target))?
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(STAGE_PREFIX) && entry.file_type().is_ok_and(|k| k.is_dir()) {
            stages.push(entry.path());
        } else if name.starts_with(".leverage-") && name.ends_with(".tmp") {
            temps.push(entry.path());
        }
    }
    stages.sort();
    for stage in stages {
        let journal = crate::files::read_to_string(&stage.join(JOURNAL), &crate::files::RESULTS)
            .ok()
            .and_then(|text| serde_json::from_str::<Journal>(&text).ok())
            .filter(|j| {
                j.manifest
                    .files
                    .iter()
                    .chain(&j.manifest.folders)
                    .chain(&j.remove_files)
                    .chain(&j.remove_folders)
                    .all(|r| is_plain_relative(r))
            });
        match journal {
            Some(journal) => {
                apply(target, &stage, &journal, false)?;
                notes.push(format!(
                    "finished putting in place the results of a leverage command that \
                     stopped while doing so, in {}",
                    target.display()
                ));
            }
            None => {
                remove_tree(&stage).map_err(StageError::io("remove", &stage))?;
                notes.push(format!(
                    "removed {}, the unfinished results of a leverage command that stopped",
                    stage.display()
                ));
            }
        }
    }
    temps.sort();
    for p in temps {
        notes.push(format!(
            "{} looks like a temporary file of a leverage command that stopped: remove it \
             if you do not need it",
            p.display()
        ));
    }
    // Earlier versions staged beside the out folder: say so, but leave them.
    if let (Some(parent), Some(name)) = (target.parent(), target.file_name()) {
        let prefix = format!(".{}.leverage-", name.to_string_lossy());
        if let Ok(entries) = std::fs::read_dir(parent) {
            let mut old: Vec<PathBuf> = entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .map(|e| e.path())
                .collect();
            old.sort();
            for p in old {
                notes.push(format!(
                    "{} was left by an earlier version of leverage that stopped while \
                     writing {}: remove it if you do not need it",
                    p.display(),
                    target.display()
                ));
            }
        }
    }
    Ok(notes)
}

/// Removes `dir` and everything under it, never following a symbolic link and never
/// entering another file system (a mount point under it is left, and is an error).
pub fn remove_tree(dir: &Path) -> io::Result<()> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return std::fs::remove_file(dir);
    }
    let device = device_of(&meta);
    remove_within(dir, device)
}

fn remove_within(dir: &Path, device: u64) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let meta = std::fs::symlink_metadata(&path)?;
        if meta.is_dir() {
            if device_of(&meta) != device {
                return Err(io::Error::other(format!(
                    "{} is another file system mounted inside a folder leverage is \
                     removing: left as it is",
                    path.display()
                )));
            }
            remove_within(&path, device)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    std::fs::remove_dir(dir)
}

fn device(path: &Path) -> io::Result<u64> {
    std::fs::symlink_metadata(path).map(|m| device_of(&m))
}

#[cfg(unix)]
fn device_of(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.dev()
}

#[cfg(not(unix))]
fn device_of(_: &std::fs::Metadata) -> u64 {
    0
}

/// Writes `bytes` to `path` through a synced temporary file and a rename.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), StageError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".leverage-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(StageError::io("write", path))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(StageError::io("write", path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(path)
        .map_err(|e| StageError::io("write", path)(e.error))?;
    Ok(())
}

/// Adds files written in place in `dir` (charts redrawn by `plot`, a report) to its
/// manifest, if it has one.
pub fn adopt(dir: &Path, paths: &[PathBuf]) -> Result<(), StageError> {
    let Some(mut m) = Manifest::read(dir)? else {
        return Ok(());
    };
    let dir = dir.canonicalize().map_err(StageError::io("resolve", dir))?;
    for p in paths {
        let p = p.canonicalize().unwrap_or_else(|_| p.clone());
        if let Ok(rel) = p.strip_prefix(&dir) {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            m.files.insert(rel.join("/"));
        }
    }
    m.write(&dir)
}

/// Flushes a folder's entries to disk, where the platform allows it.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
