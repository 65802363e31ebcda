//! Parsers for ledger values: money, dates and total lines' labels.

pub mod amount;
pub mod date;
pub mod label;
