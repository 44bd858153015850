//! The README against what the commands print now (issue 18): its generated blocks, its
//! example charts and the figures its prose quotes from commands.
//!
//! A generated block sits between two markers that name the command, as the README shows
//! it (`leverage` and its arguments, with the default runs and seed), and how its output is
//! cut to the block:
//!
//! ```text
//! <!-- generated: leverage compare a b; cut: comparison.md table 1 -->
//! ...the block...
//! <!-- end generated -->
//! ```
//!
//! A cut is `stdout` (everything the command prints, in a `text` fence) or `FILE table N`
//! (the N-th Markdown table of a file in its out folder), optionally followed by
//! `rows V,V,...` (the header and the rows whose first cell is one of these) and
//! `columns A-B` (those columns, counted from 1). A chart marker,
//! `<!-- chart: leverage ARGS; copy: FILE to results/examples/NAME.png -->`, names the file
//! of the out folder that an example chart is a copy of.
//!
//! Each command runs once, in the repository (so relative paths print as the README shows
//! them), with `-o` into a temporary folder. The test fails naming every block that differs,
//! with a line diff, every chart that is not byte-identical, and every prose figure whose
//! sentence no longer reads as the command's output says. With `LEVERAGE_README=write`
//! (`scripts/readme.sh`) it rewrites the blocks and copies the charts instead; prose is
//! never rewritten: the message says what the sentence should now read.
//!
//! Not checked: the speed table and the wall times, which are measurements, and the
//! figures of the long calibrations (`calibration_figures_match_the_commands`, ignored:
//! about two minutes on two idle cores).

use assert_cmd::Command;
use leverage::scenario::BUNDLED;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use tempfile::TempDir;

const START: &str = "<!-- generated: leverage ";
const END: &str = "<!-- end generated -->";
const CHART: &str = "<!-- chart: leverage ";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn writing() -> bool {
    std::env::var("LEVERAGE_README").is_ok_and(|v| v == "write")
}

// ---------------------------------------------------------------------------------------
// Markers
// ---------------------------------------------------------------------------------------

/// How a command's output is cut to a block.
enum Cut {
    Stdout,
    Table {
        file: String,
        index: usize,
        rows: Option<Vec<String>>,
        columns: Option<(usize, usize)>,
    },
}

struct Block {
    /// 1-based line of the start marker.
    line: usize,
    command: String,
    cut: Cut,
    /// The cut as the marker writes it.
    cut_text: String,
    /// Byte range of the text between the markers.
    body: std::ops::Range<usize>,
}

struct Chart {
    line: usize,
    command: String,
    file: String,
    dest: String,
}

fn parse_cut(text: &str, line: usize) -> Cut {
    let words: Vec<&str> = text.split_whitespace().collect();
    let bad = || -> ! { panic!("README.md:{line}: cannot read the cut `{text}`") };
    match words.as_slice() {
        ["stdout"] => Cut::Stdout,
        [file, "table", n, rest @ ..] => {
            let index = n.parse().unwrap_or_else(|_| bad());
            let (mut rows, mut columns) = (None, None);
            let mut rest = rest;
            while let [key, value, tail @ ..] = rest {
                match *key {
                    "rows" => rows = Some(value.split(',').map(str::to_string).collect()),
                    "columns" => {
                        let (a, b) = value.split_once('-').unwrap_or_else(|| bad());
                        let a = a.parse().unwrap_or_else(|_| bad());
                        let b = b.parse().unwrap_or_else(|_| bad());
                        columns = Some((a, b));
                    }
                    _ => bad(),
                }
                rest = tail;
            }
            if !rest.is_empty() {
                bad();
            }
            Cut::Table {
                file: file.to_string(),
                index,
                rows,
                columns,
            }
        }
        _ => bad(),
    }
}

/// `ARGS; KEY: VALUE -->` after a marker's prefix.
fn split_marker<'a>(rest: &'a str, key: &str, line: usize) -> (&'a str, &'a str) {
    let rest = rest
        .strip_suffix("-->")
        .unwrap_or_else(|| panic!("README.md:{line}: a marker ends with `-->` on its line"))
        .trim();
    let (command, value) = rest
        .split_once(&format!("; {key}:"))
        .unwrap_or_else(|| panic!("README.md:{line}: the marker has no `; {key}:`"));
    (command.trim(), value.trim())
}

fn parse_markers(readme: &str) -> (Vec<Block>, Vec<Chart>) {
    let (mut blocks, mut charts) = (Vec::new(), Vec::new());
    let mut open: Option<(usize, String, String, usize)> = None;
    let mut offset = 0;
    for (i, line) in readme.split_inclusive('\n').enumerate() {
        let n = i + 1;
        let text = line.trim_end();
        if let Some(rest) = text.strip_prefix(START) {
            assert!(
                open.is_none(),
                "README.md:{n}: a block opens inside a block"
            );
            let (command, cut) = split_marker(rest, "cut", n);
            open = Some((n, command.to_string(), cut.to_string(), offset + line.len()));
        } else if text == END {
            let (line, command, cut_text, start) = open
                .take()
                .unwrap_or_else(|| panic!("README.md:{n}: `{END}` closes no block"));
            blocks.push(Block {
                line,
                command,
                cut: parse_cut(&cut_text, line),
                cut_text,
                body: start..offset,
            });
        } else if let Some(rest) = text.strip_prefix(CHART) {
            let (command, copy) = split_marker(rest, "copy", n);
            let (file, dest) = copy
                .split_once(" to ")
                .unwrap_or_else(|| panic!("README.md:{n}: `copy: FILE to DEST`"));
            charts.push(Chart {
                line: n,
                command: command.to_string(),
                file: file.trim().to_string(),
                dest: dest.trim().to_string(),
            });
        }
        offset += line.len();
    }
    if let Some((line, ..)) = open {
        panic!("README.md:{line}: the block is never closed with `{END}`");
    }
    (blocks, charts)
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

/// What one command printed and wrote.
struct Ran {
    stdout: String,
    out: PathBuf,
}

impl Ran {
    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.out.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", self.out.join(name).display()))
    }
}

/// Runs `leverage ARGS -o DIR` in the repository, each command once.
struct Runner {
    tmp: TempDir,
    done: BTreeMap<String, Ran>,
}

impl Runner {
    fn new() -> Self {
        Runner {
            tmp: TempDir::new().expect("a temporary folder"),
            done: BTreeMap::new(),
        }
    }

    fn run(&mut self, command: &str) -> &Ran {
        if !self.done.contains_key(command) {
            let args: Vec<&str> = command.split_whitespace().collect();
            let out = self.tmp.path().join(format!("out{}", self.done.len()));
            let t = std::time::Instant::now();
            let got = Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
                .current_dir(repo())
                .args(&args)
                .arg("-o")
                .arg(&out)
                .output()
                .expect("leverage starts");
            assert!(
                got.status.success(),
                "`leverage {command}` failed ({}):\n{}",
                got.status,
                String::from_utf8_lossy(&got.stderr)
            );
            eprintln!("leverage {command}: {:.1} s", t.elapsed().as_secs_f64());
            let stdout = String::from_utf8(got.stdout).expect("stdout is UTF-8");
            self.done.insert(command.to_string(), Ran { stdout, out });
        }
        &self.done[command]
    }
}

/// The `index`-th (from 1) run of lines starting with `|` in `text`.
fn nth_table(text: &str, index: usize) -> Option<Vec<&str>> {
    let mut tables: Vec<Vec<&str>> = Vec::new();
    let mut in_table = false;
    for line in text.lines() {
        if line.starts_with('|') {
            if !in_table {
                tables.push(Vec::new());
            }
            tables.last_mut().expect("pushed").push(line);
            in_table = true;
        } else {
            in_table = false;
        }
    }
    tables.into_iter().nth(index.checked_sub(1)?)
}

fn cells(row: &str) -> Vec<&str> {
    let inner = row.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').collect()
}

/// What the block should hold now.
fn generate(block: &Block, ran: &Ran) -> Result<String, String> {
    match &block.cut {
        Cut::Stdout => Ok(format!(
            "```text\n{}\n```\n",
            ran.stdout.trim_end_matches('\n')
        )),
        Cut::Table {
            file,
            index,
            rows,
            columns,
        } => {
            let text = ran.file(file);
            let table =
                nth_table(&text, *index).ok_or_else(|| format!("{file} has no table {index}"))?;
            let mut out = String::new();
            for (i, row) in table.iter().enumerate() {
                let cs = cells(row);
                let keep = i < 2
                    || rows
                        .as_ref()
                        .is_none_or(|rows| rows.iter().any(|r| r == cs[0].trim()));
                if !keep {
                    continue;
                }
                let cs = match columns {
                    Some((a, b)) if *a >= 1 && *b <= cs.len() => &cs[a - 1..*b],
                    Some(_) => {
                        return Err(format!("{file}: table {index} has {} columns", cs.len()));
                    }
                    None => &cs[..],
                };
                writeln!(out, "|{}|", cs.join("|")).expect("a String");
            }
            if let Some(rows) = rows {
                let found = out.lines().count() - 2;
                if found != rows.len() {
                    return Err(format!(
                        "{file}: table {index} has {found} of the rows {}",
                        rows.join(",")
                    ));
                }
            }
            Ok(out)
        }
    }
}

/// A line diff of `old` (the README) against `new` (the command), longest common
/// subsequence first: `-` lines are the README's, `+` lines the command's.
fn diff(old: &str, new: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            writeln!(out, "  - {}", a[i]).expect("a String");
            i += 1;
        } else {
            writeln!(out, "  + {}", b[j]).expect("a String");
            j += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Figures in the prose
// ---------------------------------------------------------------------------------------

/// A number as the tool prints it: `1,052`, `-105.9`, `96%`.
fn num(text: &str) -> f64 {
    let t = text.trim().trim_end_matches('%').replace(',', "");
    t.parse()
        .unwrap_or_else(|_| panic!("`{text}` is not a number"))
}

/// An integer as the tool prints it, with thousands separators.
fn int(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// "about 1,050": the nearest ten.
fn about(x: f64) -> String {
    int((x / 10.0).round() * 10.0)
}

fn word(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// The rows of a Markdown table keyed by their first cell, cells trimmed.
fn md_rows(table: &[&str]) -> BTreeMap<String, Vec<String>> {
    table
        .iter()
        .skip(2)
        .map(|r| {
            let cs: Vec<String> = cells(r).iter().map(|c| c.trim().to_string()).collect();
            (cs[0].clone(), cs)
        })
        .collect()
}

/// The rows of a printed table (columns separated by two or more spaces) whose first
/// field is `kind`: every field, trimmed.
fn printed_rows<'a>(text: &'a str, kind: &str) -> Vec<Vec<&'a str>> {
    text.lines()
        .filter(|l| l.split_whitespace().next() == Some(kind))
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .collect()
        })
        .collect()
}

/// The sentences the README must hold, from what `command` printed; or why the prose
/// cannot be right whatever its wording.
type Phrases = Result<Vec<String>, String>;

struct Prose {
    command: &'static str,
    phrases: fn(&Ran) -> Phrases,
}

/// The bounds of a difference's interval, "4.0 (3.9 to 4.1)": `[3.9, 4.1]`, or fewer
/// numbers if the cell has none.
fn bounds(cell: &str) -> Vec<f64> {
    cell.split(['(', ')'])
        .nth(1)
        .unwrap_or("")
        .split(" to ")
        .map(num)
        .collect()
}

/// The cell of column 5 (the difference) of `metric`'s row.
fn difference(rows: &BTreeMap<String, Vec<String>>, metric: &str) -> Result<String, String> {
    rows.get(metric)
        .map(|r| r[4].to_string())
        .ok_or(format!("{metric} missing"))
}

fn ensure(ok: bool, why: &str) -> Result<(), String> {
    if ok { Ok(()) } else { Err(why.to_string()) }
}

const PROSE: &[Prose] = &[
    Prose {
        command: "run",
        phrases: |ran| {
            // "baseline: 10000 runs, seed 20240701, 60 months from 2024-07"
            let first: Vec<&str> = ran
                .stdout
                .lines()
                .next()
                .unwrap_or("")
                .split([' ', ','])
                .filter(|w| !w.is_empty())
                .collect();
            let [_, runs, "runs", "seed", seed, months, "months", ..] = first[..] else {
                return Err(format!("cannot read the first line {first:?}"));
            };
            Ok(vec![
                format!("Each metric is a total over the {months} months"),
                format!("Defaults: {} runs, seed {seed}", int(num(runs))),
            ])
        },
    },
    Prose {
        command: "compare pressure-works pressure-works-sanctions-first",
        phrases: |ran| {
            let md = ran.file("comparison.md");
            let rows = md_rows(&nth_table(&md, 1).ok_or("no table")?);
            let diff = |m: &str| {
                rows.get(m)
                    .map(|r| num(r[4].split(" (").next().unwrap_or("")))
            };
            let (rel, arr, stock) = (diff("released"), diff("new_arrests"), diff("final_stock"));
            let (Some(rel), Some(arr), Some(stock)) = (rel, arr, stock) else {
                return Err("released, new_arrests or final_stock missing".into());
            };
            ensure(stock < 0.0, "the prose says the stock ends lower")?;
            Ok(vec![format!(
                "sanctions-first buys about {} more releases but, through the hostage \
                 incentive, about {} more arrests, and the stock ends about {} lower",
                about(rel),
                about(arr),
                about(-stock)
            )])
        },
    },
    Prose {
        command: "compare best-response both-choose",
        phrases: |ran| {
            let md = ran.file("comparison.md");
            let rows = md_rows(&nth_table(&md, 1).ok_or("no table")?);
            let cell = |m: &str| difference(&rows, m);
            // "4.0 (3.9 to 4.1)": the interval must lie above 0 for "more" to hold.
            let above = |c: &str| {
                let b = bounds(c);
                b.len() == 2 && b[0] > 0.0
            };
            let (deals, released, relief) =
                (cell("deals")?, cell("released")?, cell("relief_granted")?);
            ensure(
                above(&deals) && above(&released) && above(&relief),
                "the prose says a choosing West strikes more deals, frees more and grants \
                 more relief",
            )?;
            // The US's utility is in comparison.json (the table shows the EU's).
            let json: serde_json::Value = serde_json::from_str(&ran.file("comparison.json"))
                .map_err(|e| format!("comparison.json: {e}"))?;
            let us = &json["metrics"]["utility_us"]["differences"][0];
            let (mean, lo, hi) = (
                us["mean"].as_f64().ok_or("no US mean")?,
                us["ci95"][0].as_f64().ok_or("no US interval")?,
                us["ci95"][1].as_f64().ok_or("no US interval")?,
            );
            ensure(
                hi < 0.0,
                "the prose says the choosing US does worse than release-first",
            )?;
            Ok(vec![
                format!(
                    "it strikes {deals} more deals a run, frees {released} more people and \
                     grants {relief} USD m more relief; the EU's utility moves by {}",
                    cell("utility_eu")?
                ),
                format!("the US's by {mean:.1} ({lo:.1} to {hi:.1})"),
            ])
        },
    },
    Prose {
        command: "sweep divided --set bargaining.protocol.power=0,0.5,1 --metric relief_granted,released,deals",
        phrases: |ran| {
            let md = ran.file("sweep.md");
            let rows = md_rows(&nth_table(&md, 1).ok_or("no table")?);
            // "437.6 [434.2, 441.0]": the mean and its interval.
            let cell = |power: &str, column: usize| {
                rows.get(power)
                    .map(|r| r[column].clone())
                    .ok_or(format!("no row for power {power}"))
            };
            let interval = |c: &str| -> Vec<f64> {
                c.split(['[', ']'])
                    .nth(1)
                    .unwrap_or("")
                    .split(", ")
                    .map(num)
                    .collect()
            };
            let mean = |c: &str| num(c.split(" [").next().unwrap_or(""));
            let (weak, strong) = (cell("0", 1)?, cell("1", 1)?);
            // The intervals apart: the relief granted rises with the regime's power.
            let (w, st) = (interval(&weak), interval(&strong));
            ensure(
                w.len() == 2 && st.len() == 2 && w[1] < st[0],
                "the prose says the relief granted rises with the regime's power",
            )?;
            let (released0, released1) = (mean(&cell("0", 2)?), mean(&cell("1", 2)?));
            let (deals0, deals1) = (mean(&cell("0", 3)?), mean(&cell("1", 3)?));
            ensure(
                released1 < released0 && deals1 < deals0,
                "the prose says deals get fewer and fewer are freed",
            )?;
            Ok(vec![format!(
                "raises the relief granted from {weak} to {strong} USD m"
            )])
        },
    },
    Prose {
        command: "compare best-response best-response-sanctions-first",
        phrases: |ran| {
            let md = ran.file("comparison.md");
            let rows = md_rows(&nth_table(&md, 1).ok_or("no table")?);
            let cell = |m: &str| difference(&rows, m);
            let released = cell("released")?;
            // "-4.9 (-6.1 to -3.6)": the interval must exclude 0 for the prose to hold.
            let bounds = bounds(&released);
            ensure(
                bounds.len() == 2 && bounds[0] * bounds[1] > 0.0,
                "the prose says the interval of the difference in released excludes 0",
            )?;
            Ok(vec![
                format!("sanctions-first minus release-first is {released} people released"),
                format!("and {} USD m of relief granted", cell("relief_granted")?),
            ])
        },
    },
    Prose {
        command: "compare pressure-fails pressure-fails-sanctions-first",
        phrases: |ran| {
            let md = ran.file("comparison.md");
            let rows = md_rows(&nth_table(&md, 1).ok_or("no table")?);
            let diff = |m: &str| {
                rows.get(m)
                    .map(|r| num(r[4].split(" (").next().unwrap_or("")))
            };
            ensure(
                diff("released") == Some(0.0),
                "the prose says sanctions-first frees no one more where pressure fails",
            )?;
            ensure(
                diff("new_arrests").is_some_and(|d| d > 0.0),
                "the prose says sanctions-first adds arrests where pressure fails",
            )?;
            Ok(vec![
                "where it fails, sanctions-first frees no one more and adds arrests".into(),
            ])
        },
    },
    Prose {
        command: "tournament",
        phrases: |ran| {
            let md = ran.file("tournament.md");
            let table = nth_table(&md, 1).ok_or("no payoff table")?;
            let regimes = table.len() - 2;
            let wests = cells(table[0]).len() - 1;
            let runs = md
                .lines()
                .find_map(|l| {
                    l.split(" runs per cell")
                        .next()
                        .filter(|_| l.contains(" runs per cell"))
                })
                .ok_or("no runs per cell")?;
            let against = |who: &str| -> Vec<(String, Vec<String>)> {
                md.lines()
                    .filter_map(|l| l.strip_prefix(&format!("- the {who} against ")))
                    .filter_map(|l| l.split_once(": "))
                    .map(|(a, b)| (a.to_string(), b.split(", ").map(str::to_string).collect()))
                    .collect()
            };
            let regime_best = against("regime");
            ensure(
                regime_best.len() == wests
                    && regime_best.iter().all(|(_, b)| b == &["best-response"]),
                "the prose says the regime's best response to every Western strategy is \
                 `best-response`",
            )?;
            let dominated = md
                .lines()
                .find_map(|l| l.strip_prefix("Strictly dominated (by a pure strategy): regime "))
                .ok_or("no line of dominated strategies")?;
            let dominated = dominated
                .split(';')
                .next()
                .unwrap_or("")
                .split(", ")
                .count();
            ensure(
                dominated == regimes - 1,
                "the prose says `best-response` strictly dominates every other regime strategy",
            )?;
            let west_vs = |row: &str| {
                against("West")
                    .into_iter()
                    .find(|(a, _)| a == row)
                    .map(|(_, b)| b)
                    .filter(|b| b.len() == 1)
                    .ok_or(format!(
                        "the prose says the West has one best response to `{row}`"
                    ))
            };
            let west_vs_best = west_vs("best-response")?;
            let west_vs_hold = west_vs("hold")?;
            let equilibria = md
                .split("## Nash equilibria of the meta-game")
                .nth(1)
                .and_then(|rest| rest.split("## ").next())
                .ok_or("no equilibria section")?;
            ensure(
                equilibria.lines().filter(|l| l.starts_with("- ")).count() == 1
                    && !md.contains("The game is degenerate"),
                "the prose says the game has one equilibrium",
            )?;
            Ok(vec![
                format!(
                    "plays the {} regime strategies against the {} Western ones",
                    word(regimes),
                    word(wests)
                ),
                format!("({} runs per cell", int(num(runs))),
                format!("strictly dominates the {} scripts", word(regimes - 1)),
                format!("Against it the West does best with `{}`", west_vs_best[0]),
                format!(
                    "(`best-response`, `{}`) is the one equilibrium",
                    west_vs_best[0]
                ),
                format!(
                    "Against the scripted `hold`, the West's best response is `{}`",
                    west_vs_hold[0]
                ),
            ])
        },
    },
    Prose {
        command: "sweep --set prisoners.arrests_per_month=20..80:10",
        phrases: |ran| {
            let md = ran.file("sweep.md");
            let line = md
                .lines()
                .find(|l| l.contains(" cells, "))
                .ok_or("no count of cells")?;
            let words: Vec<&str> = line.split_whitespace().collect();
            let cells = words[0].parse::<usize>().map_err(|e| e.to_string())?;
            Ok(vec![format!(
                "of the {} rows; {} runs a cell",
                word(cells),
                int(num(words[2]))
            )])
        },
    },
    Prose {
        command: "sensitivity --metric final_stock",
        phrases: |ran| {
            let md = &ran.stdout;
            let params = md
                .lines()
                .find_map(|l| {
                    l.split(" parameters varied")
                        .next()
                        .filter(|_| l.contains(" parameters varied"))
                })
                .ok_or("no count of parameters")?;
            let table = nth_table(md, 1).ok_or("no table")?;
            let ranked: Vec<(String, f64)> = table[2..]
                .iter()
                .map(|r| {
                    let cs = cells(r);
                    (
                        cs[0].trim().to_string(),
                        num(cs[6].split(" [").next().unwrap_or("")),
                    )
                })
                .collect();
            let names: Vec<&str> = ranked.iter().take(4).map(|(p, _)| p.as_str()).collect();
            ensure(
                names
                    == [
                        "prisoners.arrests_per_month",
                        "prisoners.sentence.median",
                        "prisoners.sentence.sigma",
                        "prisoners.initial_remaining.sigma",
                    ],
                "the prose ranks first the arrest rate, the sentence length, its spread and the \
                 spread of the sentences left at the start",
            )?;
            let oat = ran.file("oat.csv");
            let moved: Vec<&str> = oat
                .lines()
                .filter(|l| l.contains(",bargaining."))
                .filter(|l| l.split(',').nth(7).is_none_or(|c| num(c) != 0.0))
                .collect();
            ensure(
                moved.is_empty(),
                "the prose says the bargaining parameters do not move the final stock",
            )?;
            Ok(vec![
                format!("# {params} parameters, about"),
                format!(
                    "each ±20% moves it by about {} and {} people",
                    about(ranked[0].1),
                    about(ranked[1].1)
                ),
            ])
        },
    },
    Prose {
        command: "backtest belarus-2020 --data data/belarus",
        phrases: |ran| {
            let stock: BTreeMap<&str, Vec<&str>> = printed_rows(&ran.stdout, "stock")
                .into_iter()
                .filter(|r| r.len() == 9)
                .map(|r| (r[1], r))
                .collect();
            let at = |date: &str| stock.get(date).ok_or(format!("no count on {date}"));
            // Fields: kind, observed at, observed, p05, p50, p95, percentile, in 50%, in 90%.
            let (end21, end22) = (at("2022-01-01")?, at("2022-12-31")?);
            let (jun24, dec24) = (at("2024-06-30")?, at("2024-12-31")?);
            let y2023: Vec<&Vec<&str>> = stock
                .iter()
                .filter(|(d, _)| d.starts_with("2023"))
                .map(|(_, r)| r)
                .collect();
            let lo = y2023
                .iter()
                .map(|r| num(r[2]))
                .fold(f64::INFINITY, f64::min);
            let hi = y2023
                .iter()
                .map(|r| num(r[2]))
                .fold(f64::NEG_INFINITY, f64::max);
            let off = y2023
                .iter()
                .map(|r| (num(r[2]) - num(r[4])).abs())
                .fold(0.0, f64::max);
            let coverage = printed_rows(&ran.stdout, "stock")
                .into_iter()
                .find(|r| r.len() == 4)
                .ok_or("no coverage of the counts")?;
            let outside: Vec<&Vec<&str>> = stock.values().filter(|r| r[8] == "no").collect();
            let mut phrases = vec![
                format!(
                    "median {} at the end of 2021 and {} at the end of 2022 against {} and {} observed",
                    int(num(end21[4])),
                    int(num(end22[4])),
                    int(num(end21[2])),
                    int(num(end22[2]))
                ),
                format!(
                    "the 2023 counts of {}-{} within {} of the medians",
                    int(lo),
                    int(hi),
                    int(off)
                ),
                format!(
                    "{} in June and {} in December against {} and {}, which sits at the {}th percentile",
                    int(num(jun24[4])),
                    int(num(dec24[4])),
                    int(num(jun24[2])),
                    int(num(dec24[2])),
                    dec24[6].trim_end_matches('%')
                ),
                format!(
                    "{} of the {} observed counts lie inside the 90% band of the scenario alone",
                    coverage[3].split(' ').next().unwrap_or(""),
                    coverage[1]
                ),
            ];
            ensure(
                outside.len() == 1,
                "the prose names the one count outside the 90% band",
            )?;
            let (date, observed) = (outside[0][1], int(num(outside[0][2])));
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            let month = MONTHS[date[5..7].parse::<usize>().map_err(|e| e.to_string())? - 1];
            phrases.push(format!(
                "(the one outside is {month} {}'s dip to {observed})",
                &date[..4]
            ));
            Ok(phrases)
        },
    },
    Prose {
        command: "backtest baseline --data data/belarus",
        phrases: |ran| {
            let all = printed_rows(&ran.stdout, "all")
                .into_iter()
                .next()
                .ok_or("no coverage")?;
            Ok(vec![format!(
                "{} of the {} figures it covers fall inside its 90% band",
                all[3].split(' ').next().unwrap_or(""),
                all[1]
            )])
        },
    },
];

/// The priors of the calibration of `belarus-2020` (docs/calibration.md, section 5).
const PRIORS: &str = "arrests_per_month=28.3:84.9,arrests_from_2021-06=49.8:149.4,\
arrests_from_2022-01=42.4:127.2,arrests_from_2023-01=32.8:98.4,arrests_from_2024-01=32.5:97.6,\
arrests_from_2024-07=30.6:91.8,sentence_median=8.3:33.2,holiday_pardons=0:20,release_size=16:48,\
release_random_share=0:1,sentence_median_from_2021-06=6:48,sentence_median_from_2022-01=6:48,\
sentence_median_from_2023-01=6:48,sentence_median_from_2024-01=6:48";

/// Figures of the calibrations, which take minutes: checked by the ignored test.
const SLOW_PROSE: &[Prose] = &[
    Prose {
        command: "calibrate baseline --data data/belarus --params initial_remaining_median",
        phrases: |ran| {
            let row = printed_rows(&ran.stdout, "initial_remaining_median")
                .into_iter()
                .next()
                .ok_or("no posterior of initial_remaining_median")?;
            // Fields: parameter, key, prior, was, mean, 90% interval, best fit.
            Ok(vec![
                format!("(lognormal median {} months)", row[3]),
                format!(
                    "(mean {}, 90% interval {})",
                    row[4],
                    row[5].replace(" to ", "-")
                ),
            ])
        },
    },
    Prose {
        command: "calibrate belarus-2020 --data data/belarus --method smc --particles 1000 \
                  --generations 30 --draws 200000 --params $PRIORS",
        phrases: |ran| {
            let first = ran.stdout.lines().next().unwrap_or("");
            // The number before `after` in the first line.
            let field = |after: &str| -> Result<f64, String> {
                let before = first.split(after).next().unwrap_or("");
                let n = before.rsplit(' ').next().unwrap_or("");
                n.parse().map_err(|_| format!("no `{after}` in `{first}`"))
            };
            let runs = field(" runs in ")?;
            let particles = field(" particles")?;
            ensure(
                first.contains("stopped because the acceptance rate fell below the floor"),
                "the prose says SMC stopped when the acceptance fell under its floor",
            )?;
            // The last generation's tolerance: the last row of the table of generations.
            let tolerance = ran
                .stdout
                .lines()
                .skip_while(|l| !l.starts_with("generation"))
                .skip(2)
                .take_while(|l| !l.is_empty())
                .last()
                .and_then(|l| l.split_whitespace().nth(1))
                .ok_or("no table of generations")?;
            let interval = interval_of(&ran.stdout, "arrests_from_2022-01")?;
            // "best fit: kept draw 8484, the best on average over 1000 runs (...) of the 50
            // best on 20 runs"
            let best = ran
                .stdout
                .lines()
                .find(|l| l.starts_with("best fit: "))
                .ok_or("no best fit")?;
            let after = |key: &str| -> Result<f64, String> {
                let rest = best.split(key).nth(1).unwrap_or("");
                let n = rest.split(' ').next().unwrap_or("");
                n.parse().map_err(|_| format!("no `{key}` in `{best}`"))
            };
            let common = after("on average over ")?;
            let tail: Vec<&str> = best
                .split(" of the ")
                .nth(1)
                .unwrap_or("")
                .split_whitespace()
                .collect();
            let [top, "best", "on", screen, ..] = tail[..] else {
                return Err(format!("no `of the N best on M` in `{best}`"));
            };
            let (top, screen) = (num(top), num(screen));
            let stock = printed_rows(&ran.stdout, "stock")
                .into_iter()
                .find(|r| r.len() == 4)
                .ok_or("no coverage of the counts")?;
            ensure(
                stock[3].split(' ').next() == Some(stock[1]),
                "the prose says every count lies inside the posterior predictive 90% band",
            )?;
            let bundled = BUNDLED
                .iter()
                .find(|(n, _)| *n == "belarus-2020")
                .map(|(_, t)| *t);
            ensure(
                bundled == Some(ran.file("calibrated.toml").as_str()),
                "the prose says scenarios/belarus-2020.toml is what the command writes, byte \
                 for byte",
            )?;
            Ok(vec![
                format!(
                    "SMC kept {} particles within a distance of {:.2} (it stopped after {} runs,",
                    int(particles),
                    num(tolerance),
                    int(runs)
                ),
                format!("SMC's 90% interval of the 2022 arrest rate is {interval} a month"),
                format!("all {} inside the posterior predictive band", stock[1]),
                format!(
                    "the smallest mean distance over {} common runs, among the {} best on {}",
                    int(common),
                    int(top),
                    int(screen)
                ),
            ])
        },
    },
    Prose {
        command: "calibrate belarus-2020 --data data/belarus --draws 200000 --keep 1000 \
                  --params $PRIORS",
        phrases: |ran| {
            let first = ran.stdout.lines().next().unwrap_or("");
            let kept = first
                .split(" kept")
                .next()
                .and_then(|b| b.rsplit(' ').next())
                .ok_or("no count of kept draws")?;
            let distance = first
                .split("distance at most ")
                .nth(1)
                .and_then(|a| a.split(')').next())
                .ok_or("no distance")?;
            let interval = interval_of(&ran.stdout, "arrests_from_2022-01")?;
            Ok(vec![
                format!(
                    "rejection {} draws within {:.2}",
                    int(num(kept)),
                    num(distance)
                ),
                format!("against rejection's {interval}"),
            ])
        },
    },
];

/// A parameter's 90% interval, as the prose gives it: `62-88`.
fn interval_of(stdout: &str, param: &str) -> Result<String, String> {
    let row = printed_rows(stdout, param)
        .into_iter()
        .next()
        .ok_or(format!("no posterior of {param}"))?;
    // Fields: parameter, key, prior, was, mean, 90% interval, best fit.
    let (lo, hi) = row[5].split_once(" to ").ok_or("no interval")?;
    Ok(format!("{}-{}", int(num(lo)), int(num(hi))))
}

/// Collapses runs of whitespace (line breaks included) to one space.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Figures of the README that come from files, not commands.
fn file_figures() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let bad = std::fs::read_dir(repo().join("tests/bad_scenarios"))
        .expect("tests/bad_scenarios")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "toml"))
        })
        .count();
    out.push((
        "the files in tests/bad_scenarios/".into(),
        format!("`tests/bad_scenarios/` holds {bad} malformed scenarios"),
    ));
    let text = BUNDLED
        .iter()
        .find(|(n, _)| *n == "belarus-2020")
        .map(|(_, t)| *t)
        .expect("belarus-2020 is bundled");
    let file: toml::Value = toml::from_str(text).expect("belarus-2020 parses");
    let median = |from: &str| {
        file["prisoners"]["arrest_periods"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["from"].as_str() == Some(from)))
            .and_then(|p| p["sentence"]["median"].as_float())
            .map_or_else(|| format!("(no median from {from})"), int)
    };
    out.push((
        "the bundled belarus-2020's sentence medians".into(),
        format!(
            "medians of {} months for those convicted from June 2021, {} in 2022, {} in 2023 \
             and {} in January-June 2024",
            median("2021-06"),
            median("2022-01"),
            median("2023-01"),
            median("2024-01")
        ),
    ));
    let start: i64 = file["prisoners"]["classes"].as_array().map_or(0, |cs| {
        cs.iter()
            .filter_map(|c| c["initial_count"].as_integer())
            .sum()
    });
    out.push((
        "the bundled belarus-2020's classes of prisoners".into(),
        format!(
            "replays it from the {} prisoners of December 2020",
            int(start as f64)
        ),
    ));
    out
}

// ---------------------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------------------

/// Adds to `failures` every phrase of `checks` the README does not hold.
fn check_prose(readme: &str, runner: &mut Runner, checks: &[Prose], failures: &mut Vec<String>) {
    let prose = squash(readme);
    for check in checks {
        let command = check.command.replace("$PRIORS", PRIORS);
        let ran = runner.run(&command);
        match (check.phrases)(ran) {
            Ok(phrases) => {
                for p in phrases {
                    if !prose.contains(&p) {
                        failures.push(format!(
                            "README.md prose, from `leverage {}`: it should read \"{p}\" and \
                             does not; edit the sentence by hand",
                            check.command
                        ));
                    }
                }
            }
            Err(why) => failures.push(format!(
                "README.md prose, from `leverage {}`: {why}, and the command's output no longer \
                 says so; rewrite the paragraph by hand",
                check.command
            )),
        }
    }
}

fn report(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "README.md is out of date with what the commands print \
         (scripts/readme.sh rewrites the blocks and charts):\n\n{}",
        failures.join("\n\n")
    );
}

#[test]
fn readme_matches_what_the_commands_print() {
    let started = std::time::Instant::now();
    let path = repo().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (blocks, charts) = parse_markers(&readme);
    assert!(!blocks.is_empty(), "README.md has no generated blocks");
    let mut runner = Runner::new();
    let mut failures = Vec::new();

    // The command a marker names is the one the README tells the reader to run.
    let shown = squash(&readme);
    let marked = blocks
        .iter()
        .map(|b| (b.line, &b.command))
        .chain(charts.iter().map(|c| (c.line, &c.command)));
    for (line, command) in marked {
        if !shown.contains(&format!("cargo run --release -- {command}")) {
            failures.push(format!(
                "README.md:{line}: the marker names `leverage {command}`, which the README \
                 does not show as `cargo run --release -- {command}`"
            ));
        }
    }

    // Blocks, rewritten from the last so that earlier byte ranges stay valid.
    let mut rewritten = readme.clone();
    let mut stale = 0;
    for block in blocks.iter().rev() {
        let ran = runner.run(&block.command);
        let new = generate(block, ran).unwrap_or_else(|e| {
            panic!(
                "README.md:{}: `leverage {}`: {e}",
                block.line, block.command
            )
        });
        let old = &readme[block.body.clone()];
        if old.trim_matches('\n') != new.trim_matches('\n') {
            stale += 1;
            if writing() {
                rewritten.replace_range(block.body.clone(), &format!("\n{new}\n"));
            } else {
                failures.push(format!(
                    "README.md:{}: the block of `leverage {}` (cut: {}) differs from what the \
                     command prints now (- README, + command):\n{}",
                    block.line,
                    block.command,
                    block.cut_text,
                    diff(old.trim_matches('\n'), &new)
                ));
            }
        }
    }
    if writing() && stale > 0 {
        std::fs::write(&path, &rewritten).expect("README.md written");
        eprintln!("rewrote {stale} block(s) of README.md");
    }

    for chart in &charts {
        let ran = runner.run(&chart.command);
        let made = std::fs::read(ran.out.join(&chart.file)).unwrap_or_else(|e| {
            panic!("`leverage {}` wrote no {}: {e}", chart.command, chart.file)
        });
        let dest = repo().join(&chart.dest);
        if std::fs::read(&dest).ok().as_ref() != Some(&made) {
            if writing() {
                std::fs::write(&dest, &made).expect("the example chart written");
                eprintln!(
                    "copied {} of `leverage {}` to {}",
                    chart.file, chart.command, chart.dest
                );
            } else {
                failures.push(format!(
                    "README.md:{}: {} is not byte-identical to the {} that `leverage {}` draws now",
                    chart.line, chart.dest, chart.file, chart.command
                ));
            }
        }
    }

    check_prose(&readme, &mut runner, PROSE, &mut failures);
    for (source, p) in file_figures() {
        if !shown.contains(&p) {
            failures.push(format!(
                "README.md prose, from {source}: it should read \"{p}\" and does not"
            ));
        }
    }

    eprintln!(
        "README checked in {:.1} s ({} commands)",
        started.elapsed().as_secs_f64(),
        runner.done.len()
    );
    report(&failures);
}

/// The figures of the calibrations (about two minutes on two cores): run by
/// `scripts/readme.sh`, or `cargo test --release --test readme -- --ignored`.
#[test]
#[ignore]
fn calibration_figures_match_the_commands() {
    let started = std::time::Instant::now();
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let mut runner = Runner::new();
    let mut failures = Vec::new();
    check_prose(&readme, &mut runner, SLOW_PROSE, &mut failures);
    eprintln!(
        "calibration figures checked in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    report(&failures);
}
