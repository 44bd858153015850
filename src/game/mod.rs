//! Game theory over batches: bimatrix equilibria of the meta-game, Gambit files and
//! tournaments. How one round of bargaining splits its surplus is part of the model
//! ([`crate::model::bargain`]), which the engine plays.
//!
//! Everything here is a pure function of its arguments: no random numbers, no printing,
//! no state.

pub mod equilibria;
pub mod nfg;
pub mod tournament;
