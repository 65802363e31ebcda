//! Reading what ledgers and registers hold, below every stage: text decoding, a file's
//! kind from its bytes, spreadsheet cells, header words, and amounts and dates as finance
//! systems write them. Ingest is its main user, but the study file, reference data, the
//! contract registers and the run's tables read with the same rules.

pub mod cell;
pub mod container;
pub mod decode;
pub mod header_words;
pub mod values;
