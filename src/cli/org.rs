//! `spendgap org`: the register records behind an id or a name, so a person can check a
//! match by hand.

use std::process::ExitCode;

use crate::reference::registers::{OrgAnswer, Registers};

/// Show the register records for an id (company number, Co-ops UK id, charity number,
/// FCA registered number, directory id) or an exact name (case and spacing ignored;
/// trading and previous names count).
///
/// Examples:
///   spendgap org "Cowley Road Workers Co-operative Ltd"
///   spendgap org --study my-study.toml --json 01234567 R000001
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    /// Ids or exact names
    #[arg(required = true, value_name = "QUERY")]
    queries: Vec<String>,
    #[command(flatten)]
    options: super::LookupOptions,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let study = args.options.study()?;
    if study.reference.registers.is_empty() {
        anyhow::bail!(
            "{}: the study's [reference] names no registers (`registers = [...]`)",
            study.path.display()
        );
    }
    let registers = Registers::load(&study.reference)?;
    let answers: Vec<OrgAnswer> = args.queries.iter().map(|q| registers.find(q)).collect();
    args.options
        .print(&answers, print_text, |a| a.matches.is_empty())
}

fn print_text(a: &OrgAnswer) {
    println!("{}: {} record(s)", a.query, a.matches.len());
    for o in &a.matches {
        let kind = o.register.map(|k| format!("{k:?}")).unwrap_or_default();
        println!("  {kind} {} — {}", o.register_id, o.name);
        let form = o
            .ownership_form
            .map(|f| format!("{f:?}"))
            .unwrap_or_default();
        println!(
            "    ownership: {form}; legal form: {}",
            o.legal_form.as_deref().unwrap_or("?")
        );
        if let Some(c) = &o.ownership_class {
            println!("    Co-ops UK ownership class: {c}");
        }
        println!(
            "    postcode: {}; status: {}; SIC: {}",
            o.postcode.as_deref().unwrap_or("?"),
            o.status.as_deref().unwrap_or("?"),
            o.sic_codes.join(", ")
        );
        for n in o.trading_names.iter().chain(&o.previous_names) {
            println!("    also known as: {n}");
        }
    }
}
