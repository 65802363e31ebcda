//! The directory stage: one deduplicated directory of the area's co-operatives, social
//! enterprises and charities, merged from every list the study names and kept up to date
//! by rebuilding it from its sources (docs/ARCHITECTURE.md).

pub mod changes;
pub mod entry;
pub mod merge;
pub mod source;
mod stage;
pub mod write;

pub use stage::{Built, run, summary};
