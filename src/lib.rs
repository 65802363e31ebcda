//! spendgap: community wealth building analytics over anchor institutions' spend.
//!
//! The pipeline runs one way: ingest → resolve → classify → measure → gaps → todo →
//! report. Each stage is a module that owns its tables and writers; below them sit
//! `config` (the study), `reference` (postcodes, deprivation, registers) and the
//! foundation (reading cells and text, formatting, writing files safely); `cli` sits on
//! top. docs/ARCHITECTURE.md draws it, and a test keeps every import running down.

pub mod classify;
pub mod cli;
pub mod config;
pub mod exhaustion;
pub mod files;
pub mod format;
pub mod gaps;
pub mod ingest;
pub mod kernels;
pub mod measure;
pub mod memory;
pub mod output;
pub mod read;
pub mod reference;
pub mod report;
pub mod resolve;
pub mod rulefile;
pub mod run_folder;
pub mod tables;
pub mod text;
pub mod todo;
