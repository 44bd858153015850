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

pub mod dist;
pub mod edit;
pub mod keypath;
pub mod locate;
mod message;
pub mod protocol;
pub mod raw;
mod validate;

pub use validate::DEFAULT_VALUATION;

use crate::calendar::YearMonth;
pub use dist::DistSpec;
pub use edit::Editable;
pub use keypath::KeyPath;
pub use raw::{
    AdaptiveParams, ArrestPeriod, Bargaining, BenchmarkSpec, Coordination, ElectionCycleParams,
    EngagementParams, Hardliners, Justification, MeasureStatus, PatronParams, Payoffs,
    QuidProQuoParams, RawScenario, ReciprocalParams, RegimeStrategyName, ReleaseFirstParams,
    ReleaseMode, RevolvingDoorParams, SanctionsFirstParams, Selection, SignalParams,
    TransactionalParams, WestStrategyName,
};
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::Path;
pub use validate::MAX_ARRESTS_PER_MONTH;

/// The baseline scenario, embedded so that `leverage run` works from any folder.
pub const BASELINE: &str = include_str!("../../scenarios/baseline.toml");

/// The scenarios shipped in `scenarios/`, by name.
pub const BUNDLED: &[(&str, &str)] = &[
    ("baseline", BASELINE),
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

/// The four Western actors, in the order used for every per-actor array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WestActor {
    Us,
    Eu,
    Lithuania,
    Poland,
}

impl WestActor {
    pub const ALL: [WestActor; 4] = [
        WestActor::Us,
        WestActor::Eu,
        WestActor::Lithuania,
        WestActor::Poland,
    ];

    pub fn name(self) -> &'static str {
        match self {
            WestActor::Us => "us",
            WestActor::Eu => "eu",
            WestActor::Lithuania => "lithuania",
            WestActor::Poland => "poland",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == s)
    }
}

impl fmt::Display for WestActor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a release picks its prisoners: `random_share` of them (rounded to a whole number)
/// at random from the class, in proportion to cohort size, and the rest by `order`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReleaseSelection {
    pub order: Selection,
    /// In [0, 1]; 0 unless `order` is not `random`.
    pub random_share: f64,
}

impl From<Selection> for ReleaseSelection {
    fn from(order: Selection) -> Self {
        ReleaseSelection {
            order,
            random_share: 0.0,
        }
    }
}

/// `[releases]`, validated.
#[derive(Debug, Clone)]
pub struct Releases {
    pub selection: ReleaseSelection,
    pub mode: ReleaseMode,
    pub refusal_probability: f64,
}

/// A validated scenario: every value in range, every name resolved.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub start: YearMonth,
    pub horizon_months: u32,
    pub prisoners: Prisoners,
    pub releases: Releases,
    pub regime: Regime,
    /// Indexed by [`WestActor::index`].
    pub west: [West; 4],
    pub coordination: Coordination,
    /// The one benchmark of the US and the EU when coordination is aligned.
    pub common_benchmark: BenchmarkSpec,
    /// Scheduled strategy changes, in month order.
    pub switches: Vec<Switch>,
    pub bargaining: Bargaining,
    pub russia: PatronParams,
    pub measures: Vec<Measure>,
    pub transit_veto: Option<TransitVeto>,
    pub events: Events,
    pub payoffs: Payoffs,
    /// Where it came from, for provenance in every output.
    pub source: Source,
}

/// The file a scenario was read from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given, or `<embedded>/NAME.toml` for a bundled scenario.
    pub path: String,
    pub text: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
}

impl Source {
    pub fn new(path: &str, text: String) -> Source {
        Source {
            path: path.to_string(),
            sha256: sha256_hex(text.as_bytes()),
            text,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Prisoners {
    pub arrests_per_month: f64,
    /// Ascending by month; before the first, `arrests_per_month` and each class's
    /// sentence. A period that starts before the scenario applies from month 0.
    pub arrest_periods: Vec<Period>,
    pub hostage_elasticity: f64,
    pub hostage_reference_price: f64,
    pub sanctions_repression_elasticity: f64,
    pub sanctions_reference_cost: f64,
    pub death_hazard_per_month: f64,
    pub max_sentence_months: u32,
    pub target_stock: u64,
    pub classes: Vec<PrisonerClass>,
}

impl Prisoners {
    pub fn initial_stock(&self) -> u64 {
        self.classes.iter().map(|c| c.initial_count).sum()
    }

    /// The usual arrests a month in month index `m`: the last period begun by then, else
    /// `arrests_per_month`.
    pub fn usual_arrests(&self, m: u32) -> f64 {
        self.arrest_period(m).1
    }

    /// The arrest period in force in month `m` (0: `arrests_per_month`, k: the k-th of
    /// `arrest_periods`, which are in month order) and its rate.
    pub fn arrest_period(&self, m: u32) -> (usize, f64) {
        let period = self
            .arrest_periods
            .iter()
            .take_while(|q| q.month <= m)
            .count();
        let rate = period
            .checked_sub(1)
            .map_or(self.arrests_per_month, |i| self.arrest_periods[i].rate);
        (period, rate)
    }
}

/// One of `prisoners.arrest_periods`, validated.
#[derive(Debug, Clone)]
pub struct Period {
    /// Month index it starts in (0 for a period begun before the start).
    pub month: u32,
    /// Usual arrests a month.
    pub rate: f64,
    /// The sentence of each class's convictions in the period, when it sets one; `None`:
    /// each class's `sentence`.
    pub sentences: Option<Vec<DistSpec>>,
}

#[derive(Debug, Clone)]
pub struct PrisonerClass {
    pub name: String,
    pub initial_count: u64,
    pub arrest_share: f64,
    pub value_to_west: f64,
    pub value_to_regime: f64,
    pub initial_remaining: DistSpec,
    pub sentence: DistSpec,
}

#[derive(Debug, Clone)]
pub struct Regime {
    pub strategy: RegimeStrategyName,
    pub holiday_pardons: u64,
    pub reservation_price: f64,
    pub sanctions_sensitivity: f64,
    pub signal: SignalParams,
    pub quid_pro_quo: QuidProQuoParams,
    pub revolving_door: RevolvingDoorParams,
    pub election_cycle: ElectionCycleParams,
    pub adaptive: AdaptiveParams,
    pub hardliners: Hardliners,
    /// Class and mode each strategy releases, resolved from its `class` and `mode`.
    pub targets: Targets,
}

/// Who a regime strategy releases: a class index and a mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub class: usize,
    pub mode: ReleaseMode,
}

/// The release target of each regime strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    pub signal: Target,
    pub quid_pro_quo: Target,
    pub revolving_door: Target,
    pub election_cycle: Target,
    pub adaptive: Target,
}

#[derive(Debug, Clone)]
pub struct West {
    pub actor: WestActor,
    pub strategy: WestStrategyName,
    pub benchmark: BenchmarkSpec,
    pub release_first: ReleaseFirstParams,
    pub sanctions_first: SanctionsFirstParams,
    pub reciprocal: ReciprocalParams,
    pub transactional: TransactionalParams,
    pub engagement: EngagementParams,
    pub valuation: f64,
    pub withhold_probability: f64,
}

/// A scheduled change of a Western actor's strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Switch {
    pub actor: WestActor,
    /// Month index (0 = the start month).
    pub month: u32,
    pub strategy: WestStrategyName,
}

#[derive(Debug, Clone)]
pub struct Measure {
    pub name: String,
    pub actor: WestActor,
    pub sector: String,
    /// `sector` as a number: equal ids, equal sectors (see [`TransitVeto::sector_id`]).
    pub sector_id: u32,
    pub justification: Justification,
    pub cost_per_month: f64,
    pub status: MeasureStatus,
    /// Months between imposition and the scenario start (0 for reserve packages).
    pub age_at_start_months: u32,
    pub negotiable: bool,
    /// Infinite when the measure does not erode.
    pub erosion_half_life_months: f64,
}

#[derive(Debug, Clone)]
pub struct TransitVeto {
    pub actor: WestActor,
    pub sector: String,
    /// The sectors of a scenario are numbered in order of first appearance, the veto's
    /// first, so that the monthly account compares numbers rather than names.
    pub sector_id: u32,
    pub relief_share: f64,
}

#[derive(Debug, Clone)]
pub struct Events {
    pub ceasefire_hazard_per_month: f64,
    pub elections: Vec<YearMonth>,
    pub holiday_months: Vec<u32>,
    pub wave_probability_per_month: f64,
    pub wave_size: DistSpec,
    pub wave_duration_months: u32,
    /// Month indices (from the start) at which a wave starts whatever the probability.
    pub scheduled_waves: Vec<u32>,
}

/// A problem found in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The key path, e.g. `measures[2].cost_per_month`; empty for the whole file.
    pub key: String,
    pub line_col: Option<(usize, usize)>,
    pub message: String,
}

/// Why a scenario could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("cannot read scenario {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", format_problems(.path, .problems))]
    Invalid {
        path: String,
        problems: Vec<Problem>,
    },
}

fn format_problems(path: &str, problems: &[Problem]) -> String {
    let mut out = String::new();
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(path);
        if let Some((l, c)) = p.line_col {
            out.push_str(&format!(":{l}:{c}"));
        }
        if p.key.is_empty() {
            out.push_str(&format!(": {}", p.message));
        } else {
            out.push_str(&format!(": `{}` {}", p.key, p.message));
        }
    }
    out
}

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
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
