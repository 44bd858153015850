//! Scenarios on the command line: the SCENARIO argument (a file, a bundled name or the
//! baseline), `leverage validate` and `leverage list`.
//!
//! Owns how a SCENARIO argument is resolved. Must not simulate.

use super::{Failure, output};
use crate::note;
use leverage::scenario::{BUNDLED, Scenario};
use leverage::strategy::{CATALOGUE, Side};
use std::path::{Path, PathBuf};

/// Loads a scenario from a path, or a bundled one by name, or the baseline. A file named
/// like a bundled scenario is read; a folder is not a scenario, so one named like a
/// bundled scenario (the out folder of `run baseline -o baseline`, say) does not hide it.
pub fn load_scenario(arg: Option<&str>) -> Result<Scenario, Failure> {
    let Some(arg) = arg else {
        return Ok(Scenario::bundled("baseline").expect("the baseline is bundled"));
    };
    let path = Path::new(arg);
    if (!path.exists() || path.is_dir())
        && let Some(s) = Scenario::bundled(arg)
    {
        return Ok(s);
    }
    if !path.exists() {
        let names: Vec<&str> = BUNDLED.iter().map(|(n, _)| *n).collect();
        return Err(Failure::usage(anyhow::anyhow!(
            "no scenario file {arg:?}, and no bundled scenario of that name (bundled: {})",
            names.join(", ")
        )));
    }
    Ok(Scenario::from_file(path)?)
}

/// Runs `leverage validate`: checks each file, prints one line per valid scenario and
/// fails with exit 2 if any is invalid.
pub(super) fn validate_command(paths: &[PathBuf]) -> Result<(), Failure> {
    let mut failed = 0;
    for path in paths {
        match Scenario::from_file(path) {
            Ok(s) => output::print(&format!(
                "ok: {} (scenario {}, {} months from {}, {} prisoners, {} measures)\n",
                path.display(),
                s.name,
                s.horizon_months,
                s.start,
                s.prisoners.initial_stock(),
                s.measures.len()
            ))?,
            Err(e) => {
                failed += 1;
                note!("error: {e}");
            }
        }
    }
    if failed > 0 {
        return Err(Failure::usage(anyhow::anyhow!(
            "{failed} of {} scenario files are invalid",
            paths.len()
        )));
    }
    Ok(())
}

/// The text of `leverage list`.
pub fn list_text() -> String {
    let mut out = String::new();
    for side in [Side::Regime, Side::West, Side::Russia] {
        out.push_str(&format!("{} strategies:\n", side.name()));
        for (_, name, what) in CATALOGUE.iter().filter(|(s, _, _)| *s == side) {
            out.push_str(&format!("  {name:<16} {what}\n"));
        }
    }
    out.push_str("bundled scenarios:\n");
    let width = BUNDLED.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, text) in BUNDLED {
        let description = Scenario::from_toml(text, name)
            .map(|s| s.description)
            .unwrap_or_default();
        let first = description.lines().next().unwrap_or("").trim();
        out.push_str(&format!("  {name:<width$}  {first}\n"));
    }
    out
}
