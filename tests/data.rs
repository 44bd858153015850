//! The historical record in `data/belarus/`: it reads, it says what the sources say, and
//! a bad file is refused with its name, line, column and what is allowed.

use leverage::data::{DataError, Record, read_counts, read_flows, read_sanctions, read_waves};
use std::path::{Path, PathBuf};

fn belarus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/belarus")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn message(e: DataError) -> String {
    e.to_string()
}

#[test]
fn the_belarus_record_reads_whole() {
    let r = Record::load(&belarus()).unwrap();
    assert_eq!(r.counts.len(), 31);
    assert_eq!(r.waves.len(), 13);
    assert_eq!(r.flows.len(), 6);
    assert_eq!(r.monthly.len(), 15);
    assert_eq!(r.sanctions.len(), 25);
    assert_eq!(r.deaths.len(), 5);
    assert!(r.counts.iter().all(|c| c.source.starts_with("http")));
}

#[test]
fn the_record_holds_the_hump() {
    let r = Record::load(&belarus()).unwrap();
    let on = |d: &str| {
        r.counts
            .iter()
            .find(|c| c.date.to_string() == d)
            .map(|c| c.count)
    };
    assert_eq!(on("2020-12-31"), Some(169));
    assert_eq!(on("2022-12-31"), Some(1448));
    assert_eq!(on("2024-06-30"), Some(1413));
    assert_eq!(on("2024-12-31"), Some(1265));
    let max = r.counts.iter().map(|c| c.count).max().unwrap();
    assert_eq!(max, 1500);
}

#[test]
fn the_2024_waves_add_up_to_the_2024_pardons() {
    let r = Record::load(&belarus()).unwrap();
    let waves_2024: u64 = r
        .waves
        .iter()
        .filter(|w| w.date.month.year() == 2024 && w.deported == "no")
        .map(|w| w.count)
        .sum();
    let pardons_2024 = r
        .flows
        .iter()
        .find(|f| f.period_start.to_string() == "2024-01-01")
        .and_then(|f| f.pardons);
    assert_eq!(Some(waves_2024), pardons_2024);
    assert_eq!(waves_2024, 227);
}

#[test]
fn deaths_by_year_are_those_of_the_flows() {
    let r = Record::load(&belarus()).unwrap();
    let yearly: Vec<Option<u64>> = r
        .flows
        .iter()
        .filter(|f| f.period_start.month.month() == 1 && f.period_end.month.month() == 12)
        .map(|f| f.deaths_in_custody)
        .collect();
    assert_eq!(yearly, vec![Some(1), Some(0), Some(2), Some(4)]);
}

#[test]
fn a_single_counts_file_is_a_record_of_counts() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "mine.csv",
        "date,count\n2025-06-30,1150\n2025-12-31,1100\n",
    );
    let r = Record::load(&p).unwrap();
    assert_eq!(r.counts.len(), 2);
    assert!(r.flows.is_empty());
    assert_eq!(r.counts[1].count, 1100);
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let e = message(Record::load(dir.path()).unwrap_err());
    assert!(e.contains("prisoner_counts.csv"), "{e}");
    let e = message(Record::load(Path::new("/nonexistent/leverage-data")).unwrap_err());
    assert!(e.contains("/nonexistent/leverage-data"), "{e}");
}

#[test]
fn rejects_a_count_that_is_not_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "c.csv",
        "date,count,source\n2024-01-31,1429,x\n2024-02-29,about 1400,y\n",
    );
    let e = message(read_counts(&p).unwrap_err());
    assert!(e.contains("c.csv:3"), "{e}");
    assert!(e.contains("column `count`"), "{e}");
    assert!(e.contains("whole number"), "{e}");
    assert!(e.contains("about 1400"), "{e}");
}

#[test]
fn rejects_an_impossible_date() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "c.csv", "date,count\n2023-02-29,1452\n");
    let e = message(read_counts(&p).unwrap_err());
    assert!(e.contains("c.csv:2: column `date`"), "{e}");
    assert!(e.contains("1 to 28"), "{e}");
}

#[test]
fn rejects_dates_out_of_order() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "c.csv",
        "date,count\n2024-06-30,1413\n2024-05-21,1374\n",
    );
    let e = message(read_counts(&p).unwrap_err());
    assert!(e.contains(":3: column `date`"), "{e}");
    assert!(e.contains("in order"), "{e}");
}

#[test]
fn rejects_a_missing_required_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "c.csv", "date,held\n2024-06-30,1413\n");
    let e = message(read_counts(&p).unwrap_err());
    assert!(e.contains(":1: column `held` is not a column"), "{e}");
    assert!(e.contains("count (required)"), "{e}");
    let p = write(dir.path(), "d.csv", "date,source\n2024-06-30,x\n");
    let e = message(read_counts(&p).unwrap_err());
    assert!(e.contains(":1: column `count` is missing"), "{e}");
}

#[test]
fn rejects_a_ragged_row() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "c.csv", "date,count\n2024-06-30,1413,extra\n");
    let e = message(read_counts(&p).unwrap_err());
    assert!(e.contains("c.csv:2"), "{e}");
}

#[test]
fn rejects_a_period_that_ends_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "f.csv",
        "period_start,period_end,pardons\n2024-12-31,2024-01-01,5\n",
    );
    let e = message(read_flows(&p).unwrap_err());
    assert!(e.contains("f.csv:2: column `period_end`"), "{e}");
}

#[test]
fn rejects_an_unknown_justification() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "s.csv",
        "date,actor,event,justification,source\n2024-08-09,US,listings,spite,http://x\n",
    );
    let e = message(read_sanctions(&p).unwrap_err());
    assert!(e.contains("column `justification`"), "{e}");
    assert!(e.contains("repression, relief"), "{e}");
}

#[test]
fn rejects_a_deported_value_that_is_neither_yes_nor_no() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "w.csv",
        "date,count,deported,counterpart,source\n2024-07-03,18,maybe,none,http://x\n",
    );
    let e = message(read_waves(&p).unwrap_err());
    assert!(e.contains("column `deported`"), "{e}");
}

/// Issue 20: with `\r\n` line ends every row was reported one line early.
#[test]
fn crlf_files_report_the_same_lines_as_lf_files() {
    let dir = tempfile::tempdir().unwrap();
    // A bad cell on line 5, after a blank line and a quoted field spanning two lines.
    let rows = [
        "date,count,source",
        "2024-01-31,1429,x",
        "",
        "2024-02-29,1400,\"two",
        "lines\"",
        "2024-03-31,about 1400,y",
    ];
    for (name, end) in [("lf.csv", "\n"), ("crlf.csv", "\r\n"), ("cr.csv", "\r")] {
        let text = rows.join(end) + end;
        let p = write(dir.path(), name, &text);
        let e = message(read_counts(&p).unwrap_err());
        assert!(e.contains(&format!("{name}:6: column `count`")), "{e}");
    }
    // A ragged row.
    for (name, end) in [("lf2.csv", "\n"), ("crlf2.csv", "\r\n")] {
        let text = ["date,count", "2024-06-30,1413", "2024-07-31,1400,extra"].join(end) + end;
        let p = write(dir.path(), name, &text);
        let e = message(read_counts(&p).unwrap_err());
        assert!(e.contains(&format!("{name}:3: ")), "{e}");
    }
}
