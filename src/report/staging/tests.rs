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
    p.is_file() && p.extension().is_some_and(|e| e == "json" || e == "csv")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

/// Writes `files` (name, text) into a new staged folder of `out` and commits it.
fn write_results(out: &Path, files: &[(&str, &str)]) -> Result<(), StageError> {
    let (s, _) = Staged::new(out, &outputs, None)?;
    for (name, text) in files {
        let p = under(s.path(), name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    s.commit()
}

#[test]
fn a_new_folder_appears_only_on_commit_with_its_manifest() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let (s, notes) = Staged::new(&out, &outputs, None).unwrap();
    assert!(notes.is_empty());
    std::fs::write(s.path().join("summary.json"), "{}").unwrap();
    assert!(
        !out.join("summary.json").exists(),
        "nothing in place before commit"
    );
    s.commit().unwrap();
    assert_eq!(names(&out), [MANIFEST, "summary.json"]);
    let m = Manifest::read(&out).unwrap().unwrap();
    assert_eq!(m.files.iter().collect::<Vec<_>>(), ["summary.json"]);
    assert_eq!(names(root.path()), ["out"], "no hidden folder beside it");
}

#[test]
fn commit_replaces_its_own_files_and_keeps_every_other_entry() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    write_results(&out, &[("summary.json", "old"), ("runs.csv", "old")]).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::create_dir(out.join("drafts")).unwrap();
    std::fs::write(out.join("drafts").join("a.md"), "draft").unwrap();
    write_results(&out, &[("summary.json", "new")]).unwrap();
    assert_eq!(
        names(&out),
        [MANIFEST, "drafts", "notes.txt", "summary.json"]
    );
    assert_eq!(read(&out.join("summary.json")), "new");
    assert_eq!(read(&out.join("notes.txt")), "mine");
    assert_eq!(read(&out.join("drafts").join("a.md")), "draft");
}

#[test]
fn a_file_named_like_an_output_that_no_manifest_lists_is_never_replaced() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("runs.csv"), "the user's").unwrap();
    // Refused at the start, by name...
    let e = Staged::new(&out, &outputs, None).unwrap_err();
    assert!(
        matches!(e, StageError::NotOurs(ref p) if p.ends_with("runs.csv")),
        "{e}"
    );
    // ... and at commit, whatever the name.
    std::fs::write(out.join("chart.png"), "the user's").unwrap();
    let (s, _) = Staged::new(&out, &|p: &Path| p.ends_with("x"), None).unwrap();
    std::fs::write(s.path().join("chart.png"), "new").unwrap();
    let e = s.commit().unwrap_err();
    assert!(
        matches!(e, StageError::NotOurs(ref p) if p.ends_with("chart.png")),
        "{e}"
    );
    assert_eq!(read(&out.join("chart.png")), "the user's");
    assert_eq!(read(&out.join("runs.csv")), "the user's");
    assert_eq!(
        names(&out),
        ["chart.png", "runs.csv"],
        "no staging folder left"
    );
}

#[test]
fn legacy_results_without_a_manifest_are_replaced_by_name() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    std::fs::create_dir_all(out.join("a")).unwrap();
    std::fs::write(out.join("summary.json"), "old").unwrap();
    std::fs::write(out.join("a").join("summary.json"), "old").unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let (s, _) = Staged::new(&out, &outputs, Some(&outputs)).unwrap();
    std::fs::write(s.path().join("summary.json"), "new").unwrap();
    s.commit().unwrap();
    assert_eq!(read(&out.join("summary.json")), "new");
    assert!(
        !out.join("a").join("summary.json").exists(),
        "a stale output"
    );
    assert_eq!(read(&out.join("notes.txt")), "mine");
}

#[test]
fn dropping_without_commit_leaves_the_folder_as_it_was() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    write_results(&out, &[("summary.json", "old")]).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    {
        let (s, _) = Staged::new(&out, &outputs, None).unwrap();
        std::fs::write(s.path().join("summary.json"), "half").unwrap();
    }
    assert_eq!(names(&out), [MANIFEST, "notes.txt", "summary.json"]);
    assert_eq!(read(&out.join("summary.json")), "old");
    // A folder the command created goes again.
    let fresh = root.path().join("fresh").join("out");
    drop(Staged::new(&fresh, &outputs, None).unwrap());
    assert!(!fresh.exists());
}

#[test]
fn stale_outputs_and_emptied_folders_go_but_a_folder_with_a_user_file_stays() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    write_results(
        &out,
        &[
            ("a/summary.json", "1"),
            ("b/summary.json", "1"),
            ("c.csv", "1"),
        ],
    )
    .unwrap();
    std::fs::write(out.join("b").join("notes.txt"), "mine").unwrap();
    write_results(&out, &[("a/summary.json", "2")]).unwrap();
    assert_eq!(names(&out), [MANIFEST, "a", "b"]);
    assert_eq!(names(&out.join("b")), ["notes.txt"]);
    let m = Manifest::read(&out).unwrap().unwrap();
    assert_eq!(m.folders.iter().collect::<Vec<_>>(), ["a"]);
    assert_eq!(m.files.iter().collect::<Vec<_>>(), ["a/summary.json"]);
}

#[test]
fn a_second_writer_is_told_the_folder_is_in_use() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let (first, _) = Staged::new(&out, &outputs, None).unwrap();
    let e = Staged::new(&out, &outputs, None).unwrap_err();
    assert!(matches!(e, StageError::InUse(_)), "{e}");
    assert!(
        e.to_string().contains("in use by another leverage command"),
        "{e}"
    );
    drop(first);
    assert!(
        Staged::new(&out, &outputs, None).is_ok(),
        "free once dropped"
    );
}

#[test]
fn a_failed_commit_puts_the_previous_results_back_whole() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    write_results(&out, &[("summary.json", "old"), ("gone.csv", "old")]).unwrap();
    let owned = Manifest::read(&out).unwrap().unwrap();
    let (s, _) = Staged::new(&out, &outputs, None).unwrap();
    std::fs::write(s.path().join("summary.json"), "new").unwrap();
    std::fs::create_dir(s.path().join("sub")).unwrap();
    std::fs::write(s.path().join("sub").join("x.csv"), "new").unwrap();
    let journal = prepare(&out, s.path(), &owned).unwrap();
    // Something takes the place of the folder between the check and the renames.
    std::fs::write(out.join("sub"), "in the way").unwrap();
    let e = apply(&out, s.path(), &journal, true).unwrap_err();
    assert!(e.to_string().contains("put in place"), "{e}");
    assert_eq!(read(&out.join("summary.json")), "old");
    assert_eq!(read(&out.join("gone.csv")), "old");
    assert_eq!(Manifest::read(&out).unwrap().unwrap(), owned);
}

#[test]
fn a_commit_stopped_half_way_is_finished_by_the_next_command() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    write_results(&out, &[("summary.json", "old"), ("gone.csv", "old")]).unwrap();
    let owned = Manifest::read(&out).unwrap().unwrap();
    let (s, _) = Staged::new(&out, &outputs, None).unwrap();
    std::fs::write(s.path().join("summary.json"), "new").unwrap();
    std::fs::write(s.path().join("added.csv"), "new").unwrap();
    prepare(&out, s.path(), &owned).unwrap();
    // The process dies after the journal and the first rename: nothing removes it.
    std::fs::rename(s.path().join("added.csv"), out.join("added.csv")).unwrap();
    let mut s = s;
    let stage = s.stage.take().unwrap();
    drop(s); // its lock goes, as a dead process's does, and its staging folder stays
    let (again, notes) = Staged::new(&out, &outputs, None).unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("finished putting in place"), "{notes:?}");
    assert!(!stage.exists());
    assert_eq!(read(&out.join("summary.json")), "new");
    assert_eq!(read(&out.join("added.csv")), "new");
    assert!(!out.join("gone.csv").exists());
    drop(again);
    assert_eq!(names(&out), [MANIFEST, "added.csv", "summary.json"]);
}

#[test]
fn an_unfinished_staging_folder_is_removed_and_reported() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    write_results(&out, &[("summary.json", "old")]).unwrap();
    let stale = out.join(".leverage-stage-dead.tmp");
    std::fs::create_dir_all(stale.join("deep")).unwrap();
    std::fs::write(stale.join("deep").join("runs.csv"), "half").unwrap();
    let (s, notes) = Staged::new(&out, &outputs, None).unwrap();
    assert!(!stale.exists());
    assert!(notes.iter().any(|n| n.contains("unfinished")), "{notes:?}");
    drop(s);
    assert_eq!(read(&out.join("summary.json")), "old");
}

#[test]
fn a_manifest_naming_a_path_outside_the_folder_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(root.path().join("precious"), "keep").unwrap();
    std::fs::write(
        out.join(MANIFEST),
        r#"{"about": "", "files": ["../precious"], "folders": []}"#,
    )
    .unwrap();
    let e = Staged::new(&out, &outputs, None).unwrap_err();
    assert!(e.to_string().contains("not a plain path"), "{e}");
    assert_eq!(read(&root.path().join("precious")), "keep");
}

#[test]
fn names_that_would_leave_their_folder_are_refused() {
    let p = Path::new("/r");
    assert_eq!(join_name(p, "baseline").unwrap(), Path::new("/r/baseline"));
    for bad in ["", ".", "..", "a/b", "/abs", "a\\b"] {
        assert!(join_name(p, bad).is_err(), "{bad:?}");
    }
    for bad in ["", ".", "..", "a/../b", "/a", "a//b", "a\\b"] {
        assert!(!is_plain_relative(bad), "{bad:?}");
    }
    assert!(is_plain_relative("a/b.json"));
}

#[cfg(unix)]
#[test]
fn removal_does_not_follow_symbolic_links() {
    let root = tempfile::tempdir().unwrap();
    let kept = root.path().join("kept");
    std::fs::create_dir(&kept).unwrap();
    std::fs::write(kept.join("file"), "keep").unwrap();
    let doomed = root.path().join("doomed");
    std::fs::create_dir(&doomed).unwrap();
    std::os::unix::fs::symlink(&kept, doomed.join("link")).unwrap();
    remove_tree(&doomed).unwrap();
    assert!(!doomed.exists());
    assert_eq!(read(&kept.join("file")), "keep");
}

#[cfg(unix)]
#[test]
fn the_out_folder_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o1770)).unwrap();
    write_results(&out, &[("summary.json", "1")]).unwrap();
    write_results(&out, &[("summary.json", "2")]).unwrap();
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o1770);
}
