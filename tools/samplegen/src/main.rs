//! samplegen: seeded, byte-for-byte reproducible test data for spendgap.

mod bench;
mod contracts;
mod county;
mod csv_ledgers;
mod dates;
mod formats;
mod geography;
mod ledger;
mod ods;
mod ouh;
mod places;
mod readme;
mod reference;
mod registers;
mod sample;
mod suppliers;
mod truth;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::time::Instant;

/// Writes spendgap's made-up sample partnership, or large messy ledgers for benchmarks.
/// The same seed always gives byte-identical files.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the sample Oxfordshire partnership: ledgers, co-op directory, reference files
    /// (postcodes, deprivation, areas, registers), study.toml, README.
    Sample {
        /// Folder to write (created if missing).
        #[arg(long, default_value = "sample-data")]
        out: PathBuf,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Write bench_messy.csv, bench.xlsx and bench_expected.json.
    Bench {
        /// Folder to write (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Data rows in the CSV.
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
        /// Data rows in the XLSX.
        #[arg(long, default_value_t = 200_000)]
        xlsx_rows: u64,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

fn main() -> Result<()> {
    let start = Instant::now();
    match Cli::parse().command {
        Command::Sample { out, seed } => {
            for w in sample::run(&out, seed)? {
                let bytes = std::fs::metadata(out.join(&w.rel))?.len();
                println!(
                    "{:>8} bytes {:>4} rows  {}  {}",
                    bytes, w.rows, w.rel, w.detail
                );
            }
        }
        Command::Bench {
            out,
            rows,
            xlsx_rows,
            seed,
        } => {
            bench::run(&out, rows, xlsx_rows, seed)?;
            for f in ["bench_messy.csv", "bench.xlsx", "bench_expected.json"] {
                println!("{:>11} bytes  {}", std::fs::metadata(out.join(f))?.len(), f);
            }
        }
    }
    eprintln!("done in {:.2?}", start.elapsed());
    Ok(())
}
