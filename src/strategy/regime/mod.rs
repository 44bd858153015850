//! Regime strategies, one file each.

mod adaptive;
pub mod best_response;
mod election_cycle;
mod hold;
mod quid_pro_quo;
mod revolving_door;
mod signal;

pub use adaptive::Adaptive;
pub use best_response::BestResponse;
pub use election_cycle::ElectionCycle;
pub use hold::Hold;
pub use quid_pro_quo::QuidProQuo;
pub use revolving_door::RevolvingDoor;
pub use signal::Signal;
