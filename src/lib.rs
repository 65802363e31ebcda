//! spendgap: community wealth building analytics over anchor institutions' spend.
//!
//! The pipeline runs one way: `ingest` → resolve → classify → measure → gaps → report
//! (see DESIGN.md). Each stage is a module; `config` holds the study and rule files,
//! `output` the writers, `cli` the command line.

pub mod classify;
pub mod cli;
pub mod config;
pub mod exhaustion;
pub mod gaps;
pub mod ingest;
pub mod measure;
pub mod memory;
pub mod output;
pub mod reference;
pub mod report;
pub mod resolve;
pub mod run_folder;
pub mod tables;
pub mod text;
pub mod todo;
