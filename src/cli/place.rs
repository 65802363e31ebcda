//! `spendgap place`: what spendgap knows about a postcode, so a person can check a
//! classification by hand.

use std::process::ExitCode;

use crate::reference::places::{Place, Places};

/// Show what spendgap knows about postcodes: the repair made (if any), local authority
/// district, LSOA, MSOA, region, deprivation rank and decile, and position. A district
/// (`OX4`) or sector (`OX4 2`) gets an approximate place.
///
/// Examples:
///   spendgap place "OX4 6JZ" "0X4 2JY" OX4
///   spendgap place --study my-study.toml --json "M1 1AE"
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    /// Postcodes, districts or sectors, in any case and spacing
    #[arg(required = true, value_name = "POSTCODE")]
    postcodes: Vec<String>,
    #[command(flatten)]
    options: super::LookupOptions,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let study = args.options.study()?;
    if study.reference.postcodes.is_empty() {
        anyhow::bail!(
            "{}: the study's [reference] names no postcode directory (`postcodes = [...]`)",
            study.path.display()
        );
    }
    let places = Places::load(&study.reference)?;
    let answers: Vec<Place> = args.postcodes.iter().map(|p| places.place(p)).collect();
    args.options
        .print(&answers, print_text, |a| a.error.is_some())
}

fn print_text(p: &Place) {
    let named = |code: &Option<String>, name: &Option<String>| match (code, name) {
        (Some(c), Some(n)) => format!("{n} ({c})"),
        (Some(c), None) => c.clone(),
        _ => "unknown".to_string(),
    };
    println!("{}", p.input);
    if let Some(e) = &p.error {
        println!("  cannot place: {e}");
    }
    if let Some(pc) = &p.postcode {
        println!(
            "  postcode:    {pc} ({})",
            p.precision.as_deref().unwrap_or("not placed")
        );
    }
    if let Some(r) = &p.repair {
        println!("  repaired:    {r}");
    }
    if let Some(t) = &p.terminated {
        println!("  terminated:  {t} (no longer in use; its last place is given)");
    }
    if p.lad.is_some() {
        println!("  district:    {}", named(&p.lad, &p.lad_name));
        println!("  county:      {}", named(&p.county, &p.county_name));
        println!("  region:      {}", named(&p.region, &p.region_name));
        println!("  LSOA:        {}", named(&p.lsoa, &p.lsoa_name));
        println!("  MSOA:        {}", named(&p.msoa, &p.msoa_name));
        match (p.imd_rank, p.imd_decile) {
            (Some(r), Some(d)) => {
                println!("  deprivation: IMD rank {r}, decile {d} (1 = most deprived tenth)")
            }
            (Some(r), None) => println!(
                "  deprivation: IMD rank {r} (no English decile: outside England or not in the deprivation file)"
            ),
            _ => println!("  deprivation: unknown"),
        }
        if let (Some(lat), Some(long)) = (p.lat, p.long) {
            println!("  position:    {lat:.5}, {long:.5}");
        }
    }
}
