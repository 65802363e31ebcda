//! The study file and the rule and mapping files it refers to.

pub mod analysis;
pub mod directory;
pub mod field;
pub mod gaps;
pub mod ledger_words;
mod one_anchor;
pub mod sources;
pub mod study;
pub mod synonyms;
