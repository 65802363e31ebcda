//! `spendgap reference`: load a study's reference data (building caches on first use)
//! and say what was loaded, from where, and how long it took.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::format::thousands;
use crate::reference::places::Places;
use crate::reference::registers::Registers;

/// Load every reference file the study names — postcode directory, deprivation, area
/// lookups, registers — building the on-disk cache on first use, and report what was
/// loaded. Run it once after downloading new national files.
///
/// Example:
///   spendgap reference --study sample-data/study.toml
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    /// The study file [default: sample-data/study.toml]
    #[arg(long)]
    study: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let study = super::load_study(args.study.as_deref())?;
    let r = &study.reference;
    let started = Instant::now();
    let places = Places::load(r)?;
    let places_secs = started.elapsed().as_secs_f64();
    println!("{}", study.name);
    if !r.postcodes.is_empty() {
        println!(
            "  postcodes:   {} postcodes in {} areas from {} file(s), cache {:?}, {places_secs:.2} s",
            thousands(places.postcodes.len() as u64),
            places.covered.len(),
            r.postcodes.len(),
            places
                .cache
                .unwrap_or(crate::reference::cache::CacheStatus::Disabled),
        );
    }
    if r.deprivation.is_some() {
        println!(
            "  deprivation: {} LSOAs (IMD {} layout)",
            thousands(places.deprivation.by_lsoa.len() as u64),
            places.deprivation.release
        );
    }
    if !r.areas.is_empty() {
        println!(
            "  area names:  {} codes named",
            thousands(places.areas.names.len() as u64)
        );
    }
    let started = Instant::now();
    let registers = Registers::load(r)?;
    for f in &registers.files {
        println!(
            "  register:    {:?} {} — {} organisations, cache {:?}",
            f.kind,
            f.path.display(),
            thousands(f.table.len() as u64),
            f.cache
        );
    }
    if !registers.files.is_empty() {
        println!(
            "  registers loaded in {:.2} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}
