//! The integration tests, one module per concern, built as one test binary.
//!
//! Each test binary links the whole of polars, and twenty-two of them ran CI out of disk.
//! One binary links once. Run one concern with `cargo test --test integration <module>::`,
//! e.g. `cargo test --test integration coop_names::`.

mod common;

mod cli;
mod coop_names;
mod declared_tables;
mod directory;
mod directory_real;
mod hostile_names;
mod hyndburn_publishable;
mod influenceable_labels;
mod layers;
mod maps;
mod payee_names;
mod real_baseline;
mod real_data;
mod real_matching;
mod reference_data;
mod reference_malformed;
mod reference_registers;
mod report;
mod report_browser;
mod sample_baseline;
mod sample_data;
mod sample_gaps;
mod sample_reference;
mod sample_resolve;
mod schemas;
mod suppliers_map;
mod unseen_ledgers;
mod walkthrough;
mod whole_runs;
