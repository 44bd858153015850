//! Scenario files: the TOML a user writes, parsed and validated into a [`Scenario`].
//!
//! `raw.rs` holds the serde types of the file as written, with MODEL.md's defaults;
//! `validate.rs` checks every value and resolves names into the typed, validated
//! [`Scenario`] the engine runs. Errors name the file, the key (with line and column) and
//! what is allowed. A key is named by a [`KeyPath`] (`keypath.rs`), found in the text by
//! `locate.rs`; every change to a scenario by key (`--set`, sensitivity, tournament cells,
//! calibration draws) goes through [`Editable`] (`edit.rs`), which validates the raw form
//! without writing it out and reading it back. This module reads files but never writes
//! or prints.

mod choosing;
pub mod dist;
pub mod edit;
pub mod keypath;
pub mod locate;
mod message;
pub mod protocol;
pub mod raw;
mod types;
mod validate;

pub use validate::DEFAULT_VALUATION;

use crate::calendar::YearMonth;
pub use dist::DistSpec;
pub use edit::{EditError, Editable};
pub use keypath::{KeyPath, KeyPathError, KeyPathProblem};
pub use raw::{
    AdaptiveParams, ArrestPeriod, Bargaining, BenchmarkSpec, BestResponseParams, Contact,
    ContactLevel, Coordination, CredibilityTypes, ElectionCycleParams, EngagementParams,
    Hardliners, Justification, Legitimacy, MeasureStatus, PatronParams, Payoffs, QuidProQuoParams,
    RawScenario, ReciprocalParams, RegimeStrategyName, ReleaseFirstParams, ReleaseMode,
    RevolvingDoorParams, SanctionsFirstParams, Selection, SenderCosts, SignalParams,
    TransactionalParams, TypePrior, Unanimity, WestBestResponseParams, WestPayoff,
    WestPayoffOverride, WestStrategyName,
};
use std::path::Path;
pub use types::*;
pub use validate::MAX_ARRESTS_PER_MONTH;

/// The baseline scenario, embedded so that `leverage run` works from any folder.
pub const BASELINE: &str = include_str!("../../scenarios/baseline.toml");

/// The scenarios shipped in `scenarios/`, by name.
pub const BUNDLED: &[(&str, &str)] = &[
    ("baseline", BASELINE),
    (
        "best-response",
        include_str!("../../scenarios/best-response.toml"),
    ),
    (
        "best-response-sanctions-first",
        include_str!("../../scenarios/best-response-sanctions-first.toml"),
    ),
    (
        "both-choose",
        include_str!("../../scenarios/both-choose.toml"),
    ),
    (
        "bench-core",
        include_str!("../../scenarios/bench-core.toml"),
    ),
    (
        "release-first",
        include_str!("../../scenarios/release-first.toml"),
    ),
    (
        "sanctions-first",
        include_str!("../../scenarios/sanctions-first.toml"),
    ),
    (
        "pressure-works",
        include_str!("../../scenarios/pressure-works.toml"),
    ),
    (
        "pressure-works-sanctions-first",
        include_str!("../../scenarios/pressure-works-sanctions-first.toml"),
    ),
    (
        "pressure-fails",
        include_str!("../../scenarios/pressure-fails.toml"),
    ),
    (
        "pressure-fails-sanctions-first",
        include_str!("../../scenarios/pressure-fails-sanctions-first.toml"),
    ),
    (
        "reciprocal",
        include_str!("../../scenarios/reciprocal.toml"),
    ),
    ("divided", include_str!("../../scenarios/divided.toml")),
    ("aligned", include_str!("../../scenarios/aligned.toml")),
    (
        "revolving-door",
        include_str!("../../scenarios/revolving-door.toml"),
    ),
    (
        "transit-veto",
        include_str!("../../scenarios/transit-veto.toml"),
    ),
    (
        "transit-veto-lithuania-lifts",
        include_str!("../../scenarios/transit-veto-lithuania-lifts.toml"),
    ),
    (
        "election-cycle",
        include_str!("../../scenarios/election-cycle.toml"),
    ),
    ("ceasefire", include_str!("../../scenarios/ceasefire.toml")),
    ("deadlock", include_str!("../../scenarios/deadlock.toml")),
    (
        "cheap-releases",
        include_str!("../../scenarios/cheap-releases.toml"),
    ),
    ("cycle", include_str!("../../scenarios/cycle.toml")),
    (
        "belarus-2020",
        include_str!("../../scenarios/belarus-2020.toml"),
    ),
];

impl Scenario {
    /// Reads and validates a scenario file.
    pub fn from_file(path: &Path) -> Result<Scenario, ScenarioError> {
        let shown = path.display().to_string();
        let bytes = crate::files::read(path, &crate::files::SCENARIO).map_err(|source| {
            ScenarioError::Io {
                path: shown.clone(),
                source,
            }
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            ScenarioError::Invalid {
                path: shown.clone(),
                problems: vec![Problem {
                    key: String::new(),
                    line_col: Some(locate::line_col(&prefix, valid)),
                    message: "is not UTF-8 text: save the file as UTF-8".into(),
                }],
            }
        })?;
        Scenario::from_toml(&text, &shown)
    }

    /// A bundled scenario by name (see [`BUNDLED`]).
    pub fn bundled(name: &str) -> Option<Scenario> {
        BUNDLED.iter().find(|(n, _)| *n == name).map(|(n, text)| {
            Scenario::from_toml(text, &format!("<embedded>/{n}.toml"))
                .expect("bundled scenarios are validated by the test suite")
        })
    }

    /// Parses and validates scenario text; `path` is used in messages and provenance.
    pub fn from_toml(text: &str, path: &str) -> Result<Scenario, ScenarioError> {
        let raw: RawScenario = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start);
            // An error spanning the whole document (a missing top-level key) has no path.
            let mut key = offset
                .filter(|o| *o > 0)
                .map_or_else(String::new, |o| locate::path_at(text, o));
            // Name the field itself when the parser names one the path does not end with.
            let field = ["unknown field `", "missing field `"].iter().find_map(|p| {
                let rest = e.message().split(p).nth(1)?;
                rest.split('`').next().map(str::to_string)
            });
            let mut message = format!("is invalid: {}", e.message().trim());
            // A bare TOML date (start = 2024-07-01) reaches serde as a table: say what to write.
            let value = offset.and_then(|o| text.get(o..)).unwrap_or("");
            if message.contains("expected a string")
                && value.starts_with(|c: char| c.is_ascii_digit())
                && value
                    .split(['\n', ' ', '#'])
                    .next()
                    .is_some_and(|v| v.contains('-'))
            {
                message.push_str(" (write a month as a quoted string, e.g. \"2024-07\")");
            }
            if let Some(field) = field
                && !key.ends_with(&field)
            {
                key = if key.is_empty() {
                    field
                } else {
                    format!("{key}.{field}")
                };
            }
            ScenarioError::Invalid {
                path: path.to_string(),
                problems: vec![Problem {
                    key,
                    line_col: offset.map(|o| locate::line_col(text, o)),
                    message,
                }],
            }
        })?;
        Scenario::from_raw(raw, Source::new(path, text.to_string()), text)
    }

    /// Validates a scenario in its raw form; `source` is the text it stands for, and
    /// problems are located in `file`, the text the user wrote.
    pub fn from_raw(
        raw: RawScenario,
        source: Source,
        file: &str,
    ) -> Result<Scenario, ScenarioError> {
        let path = source.path.clone();
        validate::validate(raw, source).map_err(|mut problems| {
            for p in &mut problems {
                p.line_col = locate::locate(file, &p.key);
            }
            ScenarioError::Invalid { path, problems }
        })
    }

    /// The calendar month of month index `m` (0 = the start month).
    pub fn calendar(&self, m: u32) -> YearMonth {
        self.start.plus(m as i32)
    }

    /// The month indices of `events.elections`, ascending; those before the start dropped.
    pub fn election_months(&self) -> Vec<u32> {
        let mut months: Vec<u32> = self
            .events
            .elections
            .iter()
            .filter_map(|e| u32::try_from(e.months_since(self.start)).ok())
            .collect();
        months.sort_unstable();
        months
    }
}
