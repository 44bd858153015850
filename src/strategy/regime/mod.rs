//! Regime strategies, one file each.

mod hold;
mod signal;

pub use hold::Hold;
pub use signal::Signal;
