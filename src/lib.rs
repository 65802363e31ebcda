//! spendgap: community wealth building analytics over anchor institutions' spend.
//!
//! The pipeline runs one way: ingest → resolve → classify → measure → gaps → todo →
//! report. Each stage is a module that owns its tables and writers; below them sit
//! `config` (the study), `reference` (postcodes, deprivation, registers) and the
//! foundation (reading cells and text, formatting, writing files safely); `cli` sits on
//! top. docs/ARCHITECTURE.md draws it, and a test keeps every import running down.

/// Adds one line, formatted as by `format!`, to the `Vec<String>` a stage's summary or an
/// inspection is written into; `push_line!(out)` alone adds an empty line.
macro_rules! push_line {
    ($out:ident) => {
        $out.push(String::new())
    };
    ($out:ident, $($arg:tt)*) => {
        $out.push(format!($($arg)*))
    };
}

pub mod classify;
pub mod cli;
pub mod config;
pub mod directory;
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
