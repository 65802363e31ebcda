//! `spendgap init`: start (or extend) a study file from ledgers, writing the detected
//! reading of each one out explicitly so a person can check and correct it.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, value};

use crate::config::study::{Ledger, ReadOptions, Study};
use crate::config::synonyms::Synonyms;
use crate::ingest::{Format, read_ledger};

/// Write (or extend) a study file with an anchor and its ledgers, spelling out the header
/// row, sheets and column mapping spendgap detected, so a person can read and correct it.
///
/// Examples:
///   spendgap init --anchor "Oxford City Council" ledgers/city/*.csv
///   spendgap init --anchor "Oxford University Hospitals" --id ouh ledgers/ouh.xlsx -o study.toml
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    /// The anchor institution's name
    #[arg(long, value_name = "NAME")]
    anchor: String,
    /// Short identifier used in outputs [default: from the name, e.g. oxford-city-council]
    #[arg(long)]
    id: Option<String>,
    /// Ledger files to add
    #[arg(required = true, value_name = "LEDGER")]
    ledgers: Vec<PathBuf>,
    /// The study file to write or extend
    #[arg(
        short = 'o',
        long = "output",
        default_value = "study.toml",
        value_name = "STUDY"
    )]
    study: PathBuf,
}

/// `Oxford City Council` → `oxford-city-council`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `target` relative to folder `base` (both made absolute first).
fn relative_to(target: &Path, base: &Path) -> anyhow::Result<String> {
    let abs = |p: &Path| -> anyhow::Result<PathBuf> {
        let p = if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        };
        p.canonicalize()
            .with_context(|| format!("cannot find {}", p.display()))
    };
    let (t, b) = (abs(target)?, abs(base)?);
    let tc: Vec<Component> = t.components().collect();
    let bc: Vec<Component> = b.components().collect();
    let common = tc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); bc.len() - common];
    parts.extend(
        tc[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Ok(parts.join("/"))
}

/// The `[[anchor.ledger]]` table for one file, from what was detected.
fn ledger_table(path: &Path, display: &str, synonyms: &Synonyms) -> anyhow::Result<Table> {
    let ledger = Ledger {
        display: display.to_string(),
        path: path.to_path_buf(),
        options: ReadOptions::default(),
    };
    let read = read_ledger("", &ledger, synonyms);
    if let Some(e) = read.fatal() {
        // A text file with no header: write the layout its content suggests, marked as
        // such, rather than leave the person to count commas.
        let inferred = read
            .sheets
            .iter()
            .find_map(|s| s.outcome.as_ref().err()?.columns.clone());
        if let (Format::Text, Some(cols)) = (read.format, inferred) {
            let mut t = Table::new();
            t.decor_mut().set_prefix(format!(
                "\n# {display}: no header row, so these column numbers were inferred from the\n\
                 # content by `spendgap init` ({}). Check them against the file.\n",
                crate::ingest::infer::describe(&cols)
            ));
            t.insert("path", value(display));
            t.insert("header_row", value(0));
            let mut inline = InlineTable::new();
            for (field, col) in &cols {
                inline.insert(field.name(), (*col as i64 + 1).into());
            }
            t.insert("columns", value(inline));
            println!(
                "{display}: no header row; columns inferred from the content ({}): check them",
                crate::ingest::infer::describe(&cols)
            );
            return Ok(t);
        }
        // A headerless sheet's message already says how to add it by hand.
        bail!("{}: {e}", path.display());
    }
    let mut t = Table::new();
    t.insert("path", value(display));
    let ok: Vec<(&Option<String>, &crate::ingest::record::SheetOutcome)> = read
        .sheets
        .iter()
        .filter_map(|s| Some((&s.sheet, s.outcome.as_ref().ok()?)))
        .collect();
    if read.format == Format::Workbook {
        let mut names = Array::new();
        ok.iter()
            .filter_map(|(n, _)| n.as_deref())
            .for_each(|n| names.push(n));
        t.insert("sheets", value(names));
    }
    if let Some((info, delimiter)) = &read.text {
        t.insert("encoding", value(info.encoding.to_string()));
        if *delimiter != b',' {
            t.insert("delimiter", value(char::from(*delimiter).to_string()));
        }
    }
    // One header row and mapping for the ledger when every sheet agrees; otherwise each
    // sheet's is left to detection and `spendgap inspect` shows them.
    let first = &ok[0].1.mapping;
    let agree = ok.iter().all(|(_, o)| {
        o.mapping.header_row == first.header_row
            && o.mapping.fields == first.fields
            && o.mapping.header_cells == first.header_cells
    });
    if agree {
        if let Some(h) = first.header_row {
            t.insert("header_row", value(i64::from(h)));
        }
        let mut cols = InlineTable::new();
        for (field, col) in &first.fields {
            cols.insert(field.name(), first.column_label(*col).into());
        }
        t.insert("columns", value(cols));
    }
    Ok(t)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let id = args.id.clone().unwrap_or_else(|| slug(&args.anchor));
    if id.is_empty() {
        bail!("--anchor {:?} gives an empty id; pass --id", args.anchor);
    }
    let study_dir = args
        .study
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut doc: DocumentMut = if args.study.exists() {
        std::fs::read_to_string(&args.study)
            .with_context(|| format!("cannot read {}", args.study.display()))?
            .parse()
            .with_context(|| format!("{} is not valid TOML", args.study.display()))?
    } else {
        let mut d = DocumentMut::new();
        d.insert("name", value(format!("Spend baseline: {}", args.anchor)));
        d
    };
    let synonyms = Synonyms::builtin();
    let anchors = doc
        .entry("anchor")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .context("`anchor` in the study must be an array of tables ([[anchor]])")?;
    let existing = anchors
        .iter()
        .position(|a| a.get("id").and_then(|v| v.as_str()) == Some(id.as_str()));
    let at = match existing {
        Some(i) => i,
        None => {
            let mut a = Table::new();
            a.insert("id", value(&id));
            a.insert("name", value(&args.anchor));
            anchors.push(a);
            anchors.len() - 1
        }
    };
    let anchor = anchors.get_mut(at).expect("anchor just found or added");
    let ledgers = anchor
        .entry("ledger")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .context("`ledger` of an anchor must be an array of tables ([[anchor.ledger]])")?;
    let mut added = 0;
    for path in &args.ledgers {
        let display = relative_to(path, &study_dir)?;
        if ledgers
            .iter()
            .any(|l| l.get("path").and_then(|v| v.as_str()) == Some(display.as_str()))
        {
            println!("already in the study: {display}");
            continue;
        }
        ledgers.push(ledger_table(path, &display, &synonyms)?);
        added += 1;
    }
    let text = doc.to_string();
    // Check the result reads back as a valid study before replacing anything.
    let parsed = crate::config::study::StudyFile::parse(&text, &args.study)?;
    Study::resolve(parsed, &args.study).context("the study written would not be valid")?;
    let mut tmp = tempfile::NamedTempFile::new_in(if study_dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &study_dir
    })
    .with_context(|| format!("cannot write next to {}", args.study.display()))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.persist(&args.study)
        .with_context(|| format!("cannot write {}", args.study.display()))?;
    println!(
        "{}: anchor {id:?} with {added} new ledger(s). Check the detected columns, then run:",
        args.study.display()
    );
    println!("  spendgap ingest {} --out out/", args.study.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Oxford City Council"), "oxford-city-council");
        assert_eq!(slug("  OUH (NHS) FT "), "ouh-nhs-ft");
    }
}
