//! The world: the prisoner stock, sanctions measures and the random draws they need.
//! Pure: every function takes its random generator as a parameter and does no I/O.

pub mod prisoners;
pub mod sample;
pub mod sanctions;
