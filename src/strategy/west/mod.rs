//! Western strategies, one file each.

mod engagement;
mod reciprocal;
mod release_first;
mod sanctions_first;
mod transactional;

pub use engagement::Engagement;
pub use reciprocal::Reciprocal;
pub use release_first::ReleaseFirst;
pub use sanctions_first::SanctionsFirst;
pub use transactional::Transactional;
