//! Western strategies, one file each.

mod release_first;
mod sanctions_first;

pub use release_first::ReleaseFirst;
pub use sanctions_first::SanctionsFirst;
