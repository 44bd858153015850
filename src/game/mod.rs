//! Game theory over batches: bimatrix equilibria of the meta-game, Gambit files and
//! tournaments. How one round of bargaining splits its surplus is part of the model
//! ([`crate::model::bargain`]), which the engine plays.
//!
//! Everything here is a pure function of its arguments: no random numbers, no printing,
//! no state.

pub mod equilibria;
pub mod nfg;
pub mod tournament;

pub use nfg::NfgError;

/// Why a game cannot be built or read, or a strategy named: the payoff matrices
/// ([`equilibria::Game::new`]), a `.nfg` file ([`nfg::parse_nfg`]), a strategy's or
/// profile's name ([`tournament::regime_strategy`], [`tournament::WestProfile::parse`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GameError {
    /// The row player's matrix has no row.
    #[error("the payoff matrix `a` needs at least one row")]
    NoRows,
    /// The row player's matrix has no column.
    #[error("the payoff matrix `a` needs at least one column")]
    NoColumns,
    /// A matrix has another number of rows than `a`.
    #[error("`{matrix}` has {rows} rows, expected {expected}")]
    Rows {
        /// The matrix, `a` or `b`.
        matrix: &'static str,
        /// Its rows.
        rows: usize,
        /// The rows of `a`.
        expected: usize,
    },
    /// A row has another number of entries than the first row of `a`.
    #[error("row {row} of `{matrix}` has {entries} entries, expected {expected}")]
    RowLength {
        /// The matrix, `a` or `b`.
        matrix: &'static str,
        /// The row, from 0.
        row: usize,
        /// Its entries.
        entries: usize,
        /// The entries of the first row of `a`.
        expected: usize,
    },
    /// A payoff is infinite or not a number.
    #[error("`{matrix}[{row}][{col}]` must be finite, got {value}")]
    NotFinite {
        /// The matrix, `a` or `b`.
        matrix: &'static str,
        /// The row, from 0.
        row: usize,
        /// The column, from 0.
        col: usize,
        /// The payoff.
        value: f64,
    },
    /// Not one name per row.
    #[error("{names} row names for {rows} rows")]
    RowNames {
        /// The names given.
        names: usize,
        /// The rows.
        rows: usize,
    },
    /// Not one name per column.
    #[error("{names} column names for {cols} columns")]
    ColumnNames {
        /// The names given.
        names: usize,
        /// The columns.
        cols: usize,
    },
    /// A `.nfg` file that cannot be read.
    #[error(transparent)]
    Nfg(#[from] NfgError),
    /// No regime strategy of that name.
    #[error(
        "unknown regime strategy {name:?}; known: {}",
        known(&tournament::REGIME_STRATEGIES)
    )]
    UnknownRegime {
        /// The name given.
        name: String,
    },
    /// No Western strategy of that name.
    #[error(
        "unknown Western strategy {name:?}; known: {}",
        known(&tournament::WEST_STRATEGIES)
    )]
    UnknownWest {
        /// The name given.
        name: String,
    },
    /// A Western profile with a `/` that is not `us=NAME/eu=NAME`.
    #[error("a profile is us=NAME/eu=NAME")]
    Profile,
    /// A tournament without a metric the meta-game's payoffs come from.
    #[error("no {0}")]
    NoMetric(&'static str),
}

impl GameError {
    /// Whether the user fixes this by changing the input (a file, a name, the matrices
    /// given), rather than the program being at fault (a tournament without the metric
    /// the meta-game needs).
    pub fn is_usage(&self) -> bool {
        !matches!(self, GameError::NoMetric(_))
    }
}

/// The names of a list of strategies, joined by `, `.
fn known<T>(strategies: &[(&str, T)]) -> String {
    strategies
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}
