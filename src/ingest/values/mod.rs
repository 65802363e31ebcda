//! Parsers for ledger values: money and dates.

pub mod amount;
pub mod date;
