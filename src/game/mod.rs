//! Game theory: bargaining solutions, bimatrix equilibria, Gambit files and tournaments.
//!
//! Everything here is a pure function of its arguments: no random numbers, no printing,
//! no state. The engine decides when a deal is on the table and turns a share of the
//! surplus into a price; this module only says how the surplus is split.

pub mod bargain;
pub mod equilibria;
pub mod nfg;
pub mod tournament;
