//! The historical record (`data/belarus/`): typed rows of its CSV files, read with errors
//! that name the file, the line, the column and what is allowed.
//!
//! This module reads files; it never simulates, writes or prints. How dated figures meet
//! the monthly model (a count dated on the 15th or later is the end of its month, earlier
//! the end of the month before) is here too, so that `backtest` and `calibrate` score the
//! same points. `data/belarus/README.md` describes every file and column.

use crate::calendar::YearMonth;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A calendar day, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year and month.
    pub month: YearMonth,
    /// Day of the month, from 1 to the month's last (checked when parsed).
    pub day: u32,
}

fn days_in(month: YearMonth) -> u32 {
    match month.month() {
        4 | 6 | 9 | 11 => 30,
        2 => {
            let y = month.year();
            if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
                29
            } else {
                28
            }
        }
        _ => 31,
    }
}

impl Date {
    /// The model month whose end-of-month stock a count on this day is compared with: its
    /// own month from the 15th, the month before otherwise.
    pub fn stock_month(self) -> YearMonth {
        if self.day >= 15 {
            self.month
        } else {
            self.month.plus(-1)
        }
    }

    /// The first model month of a period starting on this day: its own month up to the
    /// 14th, the next month from the 15th (2023-12-31 starts in 2024-01).
    pub fn first_month_from(self) -> YearMonth {
        if self.day >= 15 {
            self.month.plus(1)
        } else {
            self.month
        }
    }

    /// The last model month of a period ending on this day: its own month from the 15th,
    /// the month before otherwise.
    pub fn last_month_to(self) -> YearMonth {
        self.stock_month()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("expected a date as YYYY-MM-DD (e.g. 2024-06-30), got {s:?}");
        if s.len() != 10 || s.as_bytes()[7] != b'-' {
            return Err(bad());
        }
        let month: YearMonth = s[..7].parse().map_err(|_| bad())?;
        let day: u32 = s[8..].parse().map_err(|_| bad())?;
        if day == 0 || day > days_in(month) {
            return Err(format!(
                "{s:?} is not a day of {month}: the day must be 1 to {}",
                days_in(month)
            ));
        }
        Ok(Date { month, day })
    }
}

/// Why a data file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file could not be read: missing, not a regular file, or too large.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A cell, a row or the header is wrong. `line` is 1-based (the header is line 1);
    /// `column` is empty for a problem with the whole row or file.
    #[error("{}", format_invalid(path, *line, column, message))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The line the row starts on, from 1; 0 when no line applies (a file that is
        /// not UTF-8).
        line: u64,
        /// The column at fault, as the header names it; empty for the whole row or file.
        column: String,
        /// What is wrong and what is allowed, to follow the column's name.
        message: String,
    },
}

fn format_invalid(path: &Path, line: u64, column: &str, message: &str) -> String {
    let mut out = path.display().to_string();
    if line > 0 {
        out.push_str(&format!(":{line}"));
    }
    if column.is_empty() {
        out.push_str(&format!(": {message}"));
    } else {
        out.push_str(&format!(": column `{column}` {message}"));
    }
    out
}

/// One count of political prisoners held on a day (`prisoner_counts.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockPoint {
    /// The day of the count ([`Date::stock_month`] gives the model month it is compared
    /// with).
    pub date: Date,
    /// Political prisoners held that day, people.
    pub count: u64,
    /// URL of the report; empty if the file gives none.
    pub source: String,
    /// Caveats (`UNCERTAIN DATE`, `APPROXIMATE`, other counts for the same day); may be
    /// empty.
    pub note: String,
}

/// One release wave (`release_waves.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseWave {
    /// The day of the release.
    pub date: Date,
    /// People released in the wave.
    pub count: u64,
    /// `no`, or `yes` with details.
    pub deported: String,
    /// Who the release was for, or `none (unilateral...)`.
    pub counterpart: String,
    /// URL of the report.
    pub source: String,
    /// Caveats; may be empty.
    pub note: String,
}

/// Flows over a period (`flows.csv`); a figure the sources do not give is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// First day of the period.
    pub period_start: Date,
    /// Last day of the period; it ends at least half a month after the start (see
    /// [`Flow::months`]).
    pub period_end: Date,
    /// People newly recognised as political prisoners in the period.
    pub new_recognitions: Option<u64>,
    /// People pardoned or amnestied in the period.
    pub pardons: Option<u64>,
    /// People released otherwise, mostly at the end of their sentence.
    pub other_releases: Option<u64>,
    /// Deaths in custody in the period, people.
    pub deaths_in_custody: Option<u64>,
    /// Political prisoners held at the start of the period, people.
    pub stock_start: Option<u64>,
    /// Political prisoners held at the end of the period, people.
    pub stock_end: Option<u64>,
    /// URL of the report; may be empty.
    pub source: String,
    /// How the figures were derived; may be empty.
    pub note: String,
}

impl Flow {
    /// The model months the period covers, first and last (see [`Date::first_month_from`]).
    pub fn months(&self) -> (YearMonth, YearMonth) {
        (
            self.period_start.first_month_from(),
            self.period_end.last_month_to(),
        )
    }
}

/// New political prisoners recognised in one month (`monthly_recognitions.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyRecognition {
    /// The month.
    pub month: YearMonth,
    /// People newly recognised as political prisoners in it.
    pub new_recognitions: u64,
    /// URL of the report; may be empty.
    pub source: String,
}

/// A sanctions event (`sanctions_events.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SanctionsEvent {
    /// The day of the event.
    pub date: Date,
    /// Who acted, as the file writes it (the record uses `EU`, `US`, `EU+US`,
    /// `Lithuania`, `Poland`; not checked).
    pub actor: String,
    /// What was imposed, suspended or lifted, in words.
    pub event: String,
    /// The stated justification, checked to be one of `repression`, `relief`,
    /// `aviation`, `migration`, `security`, `war`.
    pub justification: String,
    /// URL of the report.
    pub source: String,
}

/// A death in custody (`deaths_in_custody.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Death {
    /// The day of the death.
    pub date: Date,
    /// The prisoner's name.
    pub name: String,
    /// URL of the report.
    pub source: String,
    /// Circumstances; may be empty.
    pub note: String,
}

/// The whole record of a data folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// Where it was read from, for provenance.
    pub path: String,
    /// `prisoner_counts.csv` (or the single file given), dates in order.
    pub counts: Vec<StockPoint>,
    /// `release_waves.csv`, in file order.
    pub waves: Vec<ReleaseWave>,
    /// `flows.csv`, in file order.
    pub flows: Vec<Flow>,
    /// `monthly_recognitions.csv`, in file order.
    pub monthly: Vec<MonthlyRecognition>,
    /// `sanctions_events.csv`, in file order.
    pub sanctions: Vec<SanctionsEvent>,
    /// `deaths_in_custody.csv`, in file order.
    pub deaths: Vec<Death>,
}

/// The files of a data folder, in the order they are read.
pub const FILES: [&str; 6] = [
    "prisoner_counts.csv",
    "release_waves.csv",
    "flows.csv",
    "monthly_recognitions.csv",
    "sanctions_events.csv",
    "deaths_in_custody.csv",
];

impl Record {
    /// Reads every file of [`FILES`] in `dir`.
    pub fn load_dir(dir: &Path) -> Result<Record, DataError> {
        let file = |name: &str| dir.join(name);
        Ok(Record {
            path: dir.display().to_string(),
            counts: read_counts(&file("prisoner_counts.csv"))?,
            waves: read_waves(&file("release_waves.csv"))?,
            flows: read_flows(&file("flows.csv"))?,
            monthly: read_monthly(&file("monthly_recognitions.csv"))?,
            sanctions: read_sanctions(&file("sanctions_events.csv"))?,
            deaths: read_deaths(&file("deaths_in_custody.csv"))?,
        })
    }

    /// A folder as [`Record::load_dir`], or a single CSV of counts (the shape of
    /// `prisoner_counts.csv`) as a record with counts only: a user's forecast to score.
    pub fn load(path: &Path) -> Result<Record, DataError> {
        if path.is_dir() {
            Record::load_dir(path)
        } else {
            Ok(Record {
                path: path.display().to_string(),
                counts: read_counts(path)?,
                ..Record::default()
            })
        }
    }
}

/// The 1-based line where a record starts. The csv reader's own line count is one short
/// after `\r\n` line ends (it counts `\n` only, and the record's position is taken
/// before the line end of the record before it is consumed). So the line is counted here
/// from the byte offset, past any line ends there (a record never starts with one), with
/// `\r\n`, `\n` and a lone `\r` each ending one line, as the reader splits rows.
fn line_of(text: &str, position: &csv::Position) -> u64 {
    let bytes = text.as_bytes();
    let mut at = (position.byte() as usize).min(bytes.len());
    while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    let before = &bytes[..at];
    let ends = before
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n')))
        .count();
    1 + ends as u64
}

/// The rows of one CSV file with its columns checked: every required column present,
/// none unknown.
struct Table {
    path: PathBuf,
    columns: BTreeMap<String, usize>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(path: &Path, required: &[&str], optional: &[&str]) -> Result<Table, DataError> {
        let bytes =
            crate::files::read(path, &crate::files::DATA).map_err(|source| DataError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        let invalid = |line: u64, column: &str, message: String| DataError::Invalid {
            path: path.to_path_buf(),
            line,
            column: column.to_string(),
            message,
        };
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| invalid(0, "", format!("is not UTF-8 text: {e}")))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let allowed = || {
            required
                .iter()
                .map(|c| format!("{c} (required)"))
                .chain(optional.iter().map(|c| c.to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let headers = reader
            .headers()
            .map_err(|e| invalid(1, "", format!("has an unreadable header line: {e}")))?
            .clone();
        let mut columns = BTreeMap::new();
        for (i, h) in headers.iter().enumerate() {
            let h = h.trim();
            if !required.contains(&h) && !optional.contains(&h) {
                return Err(invalid(
                    1,
                    h,
                    format!("is not a column of this file; allowed: {}", allowed()),
                ));
            }
            if columns.insert(h.to_string(), i).is_some() {
                return Err(invalid(1, h, "appears twice in the header".into()));
            }
        }
        for c in required {
            if !columns.contains_key(*c) {
                return Err(invalid(
                    1,
                    c,
                    format!("is missing from the header; the columns are: {}", allowed()),
                ));
            }
        }
        let mut rows = Vec::new();
        for result in reader.records() {
            let record = result.map_err(|e| {
                let line = e.position().map_or(0, |p| line_of(text, p));
                invalid(line, "", format!("is not a valid CSV row: {e}"))
            })?;
            let line = record.position().map_or(0, |p| line_of(text, p));
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if record.len() != headers.len() {
                return Err(invalid(
                    line,
                    "",
                    format!(
                        "has {} fields but the header has {}",
                        record.len(),
                        headers.len()
                    ),
                ));
            }
            rows.push((line, record));
        }
        Ok(Table {
            path: path.to_path_buf(),
            columns,
            rows,
        })
    }

    fn invalid(&self, line: u64, column: &str, message: String) -> DataError {
        DataError::Invalid {
            path: self.path.clone(),
            line,
            column: column.to_string(),
            message,
        }
    }

    /// The trimmed cell of `column` (empty when the column is optional and absent).
    fn cell<'r>(&self, row: &'r csv::StringRecord, column: &str) -> &'r str {
        self.columns
            .get(column)
            .and_then(|i| row.get(*i))
            .map_or("", str::trim)
    }

    fn text(&self, row: &csv::StringRecord, column: &str) -> String {
        self.cell(row, column).to_string()
    }

    fn required_text(
        &self,
        line: u64,
        row: &csv::StringRecord,
        column: &str,
    ) -> Result<String, DataError> {
        let s = self.cell(row, column);
        if s.is_empty() {
            return Err(self.invalid(line, column, "is empty; it is required".into()));
        }
        Ok(s.to_string())
    }

    fn date(&self, line: u64, row: &csv::StringRecord, column: &str) -> Result<Date, DataError> {
        self.cell(row, column)
            .parse()
            .map_err(|m: String| self.invalid(line, column, m))
    }

    fn month(
        &self,
        line: u64,
        row: &csv::StringRecord,
        column: &str,
    ) -> Result<YearMonth, DataError> {
        self.cell(row, column)
            .parse()
            .map_err(|m: String| self.invalid(line, column, m))
    }

    fn count(&self, line: u64, row: &csv::StringRecord, column: &str) -> Result<u64, DataError> {
        self.optional_count(line, row, column)?.ok_or_else(|| {
            self.invalid(
                line,
                column,
                "is empty; it must be a whole number of people, 0 or more".into(),
            )
        })
    }

    fn optional_count(
        &self,
        line: u64,
        row: &csv::StringRecord,
        column: &str,
    ) -> Result<Option<u64>, DataError> {
        let s = self.cell(row, column);
        if s.is_empty() {
            return Ok(None);
        }
        s.parse().map(Some).map_err(|_| {
            self.invalid(
                line,
                column,
                format!("must be a whole number of people, 0 or more, got {s:?}"),
            )
        })
    }
}

/// Reads a file of counts: `date`, `count` required; `source`, `note` optional. Dates must
/// be in order (the same day twice is allowed: two sources).
pub fn read_counts(path: &Path) -> Result<Vec<StockPoint>, DataError> {
    let t = Table::read(path, &["date", "count"], &["source", "note"])?;
    let mut out: Vec<StockPoint> = Vec::with_capacity(t.rows.len());
    for (line, row) in &t.rows {
        let date = t.date(*line, row, "date")?;
        if let Some(prev) = out.last()
            && date < prev.date
        {
            return Err(t.invalid(
                *line,
                "date",
                format!(
                    "{date} is before the row above ({}): dates must be in order",
                    prev.date
                ),
            ));
        }
        out.push(StockPoint {
            date,
            count: t.count(*line, row, "count")?,
            source: t.text(row, "source"),
            note: t.text(row, "note"),
        });
    }
    Ok(out)
}

/// Reads `release_waves.csv`.
pub fn read_waves(path: &Path) -> Result<Vec<ReleaseWave>, DataError> {
    let t = Table::read(
        path,
        &["date", "count", "deported", "counterpart", "source"],
        &["note"],
    )?;
    let mut out = Vec::with_capacity(t.rows.len());
    for (line, row) in &t.rows {
        let deported = t.required_text(*line, row, "deported")?;
        if deported != "no" && !deported.starts_with("yes") {
            return Err(t.invalid(
                *line,
                "deported",
                format!("must be `no` or start with `yes`, got {deported:?}"),
            ));
        }
        out.push(ReleaseWave {
            date: t.date(*line, row, "date")?,
            count: t.count(*line, row, "count")?,
            deported,
            counterpart: t.required_text(*line, row, "counterpart")?,
            source: t.required_text(*line, row, "source")?,
            note: t.text(row, "note"),
        });
    }
    Ok(out)
}

/// Reads `flows.csv`.
pub fn read_flows(path: &Path) -> Result<Vec<Flow>, DataError> {
    let t = Table::read(
        path,
        &["period_start", "period_end"],
        &[
            "new_recognitions",
            "pardons",
            "other_releases",
            "deaths_in_custody",
            "stock_start",
            "stock_end",
            "source",
            "note",
        ],
    )?;
    let mut out = Vec::with_capacity(t.rows.len());
    for (line, row) in &t.rows {
        let flow = Flow {
            period_start: t.date(*line, row, "period_start")?,
            period_end: t.date(*line, row, "period_end")?,
            new_recognitions: t.optional_count(*line, row, "new_recognitions")?,
            pardons: t.optional_count(*line, row, "pardons")?,
            other_releases: t.optional_count(*line, row, "other_releases")?,
            deaths_in_custody: t.optional_count(*line, row, "deaths_in_custody")?,
            stock_start: t.optional_count(*line, row, "stock_start")?,
            stock_end: t.optional_count(*line, row, "stock_end")?,
            source: t.text(row, "source"),
            note: t.text(row, "note"),
        };
        let (first, last) = flow.months();
        if last < first {
            return Err(t.invalid(
                *line,
                "period_end",
                format!(
                    "{} must end at least half a month after period_start {}",
                    flow.period_end, flow.period_start
                ),
            ));
        }
        out.push(flow);
    }
    Ok(out)
}

/// Reads `monthly_recognitions.csv`.
pub fn read_monthly(path: &Path) -> Result<Vec<MonthlyRecognition>, DataError> {
    let t = Table::read(path, &["month", "new_recognitions"], &["source"])?;
    let mut out = Vec::with_capacity(t.rows.len());
    for (line, row) in &t.rows {
        out.push(MonthlyRecognition {
            month: t.month(*line, row, "month")?,
            new_recognitions: t.count(*line, row, "new_recognitions")?,
            source: t.text(row, "source"),
        });
    }
    Ok(out)
}

/// The justifications `sanctions_events.csv` may give.
pub const JUSTIFICATIONS: [&str; 6] = [
    "repression",
    "relief",
    "aviation",
    "migration",
    "security",
    "war",
];

/// Reads `sanctions_events.csv`.
pub fn read_sanctions(path: &Path) -> Result<Vec<SanctionsEvent>, DataError> {
    let t = Table::read(
        path,
        &["date", "actor", "event", "justification", "source"],
        &[],
    )?;
    let mut out = Vec::with_capacity(t.rows.len());
    for (line, row) in &t.rows {
        let justification = t.required_text(*line, row, "justification")?;
        if !JUSTIFICATIONS.contains(&justification.as_str()) {
            return Err(t.invalid(
                *line,
                "justification",
                format!(
                    "must be one of {}, got {justification:?}",
                    JUSTIFICATIONS.join(", ")
                ),
            ));
        }
        out.push(SanctionsEvent {
            date: t.date(*line, row, "date")?,
            actor: t.required_text(*line, row, "actor")?,
            event: t.required_text(*line, row, "event")?,
            justification,
            source: t.required_text(*line, row, "source")?,
        });
    }
    Ok(out)
}

/// Reads `deaths_in_custody.csv`.
pub fn read_deaths(path: &Path) -> Result<Vec<Death>, DataError> {
    let t = Table::read(path, &["date", "name", "source"], &["note"])?;
    let mut out = Vec::with_capacity(t.rows.len());
    for (line, row) in &t.rows {
        out.push(Death {
            date: t.date(*line, row, "date")?,
            name: t.required_text(*line, row, "name")?,
            source: t.required_text(*line, row, "source")?,
            note: t.text(row, "note"),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_reject_impossible_days() {
        let d: Date = "2024-02-29".parse().unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        for s in [
            "2023-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-1-01",
            "2024-01-1",
            "",
        ] {
            assert!(s.parse::<Date>().is_err(), "{s} should be rejected");
        }
    }

    #[test]
    fn a_count_before_the_15th_is_the_end_of_the_month_before() {
        let m = |s: &str| s.parse::<Date>().unwrap().stock_month().to_string();
        assert_eq!(m("2022-01-01"), "2021-12");
        assert_eq!(m("2022-01-14"), "2021-12");
        assert_eq!(m("2022-01-15"), "2022-01");
        assert_eq!(m("2024-12-31"), "2024-12");
    }

    #[test]
    fn a_period_covers_whole_months() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let flow = |a: &str, b: &str| Flow {
            period_start: d(a),
            period_end: d(b),
            new_recognitions: None,
            pardons: None,
            other_releases: None,
            deaths_in_custody: None,
            stock_start: None,
            stock_end: None,
            source: String::new(),
            note: String::new(),
        };
        let months = |a, b| {
            let (x, y) = flow(a, b).months();
            (x.to_string(), y.to_string())
        };
        assert_eq!(
            months("2021-01-01", "2021-12-31"),
            ("2021-01".into(), "2021-12".into())
        );
        assert_eq!(
            months("2023-12-31", "2024-06-30"),
            ("2024-01".into(), "2024-06".into())
        );
        assert_eq!(
            months("2024-06-30", "2024-12-31"),
            ("2024-07".into(), "2024-12".into())
        );
    }
}
