//! A study file drafted from ledgers, for `spendgap init`: each ledger's entry spells out
//! what ingest detected (header row, sheets, encoding, delimiter, the column of each
//! field) with a comment saying how sure it is, so that a person can read and correct it;
//! a file that cannot be read goes in as a comment saying why.

use std::path::{Component, Path, PathBuf};

use anyhow::Context;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, value};

use crate::config::study::{Ledger, ReadOptions, Study};
use crate::config::synonyms::Synonyms;
use crate::ingest::{Format, read_ledger};

/// A study file with an anchor's ledgers added, not yet written.
pub struct Draft {
    /// The whole study file.
    pub text: String,
    /// Ledgers added.
    pub added: usize,
    /// Files that could not be read as ledgers, with why: in the draft as comments.
    pub failed: Vec<(String, String)>,
    /// What a person should know, in file order: files already in the study, columns
    /// inferred for a file without a header row.
    pub notes: Vec<String>,
}

/// `study` (read if it exists) with anchor `id` (named `anchor`) and `ledgers_given` added.
pub fn draft(
    study: &Path,
    anchor: &str,
    id: &str,
    ledgers_given: &[PathBuf],
) -> anyhow::Result<Draft> {
    let study_dir = study.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut doc: DocumentMut = if study.exists() {
        std::fs::read_to_string(study)
            .with_context(|| format!("cannot read {}", study.display()))?
            .parse()
            .with_context(|| format!("{} is not valid TOML", study.display()))?
    } else {
        let mut d = DocumentMut::new();
        d.insert("name", value(format!("Spend baseline: {}", anchor)));
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
        .position(|a| a.get("id").and_then(|v| v.as_str()) == Some(id));
    let at = match existing {
        Some(i) => i,
        None => {
            let mut a = Table::new();
            a.insert("id", value(id));
            a.insert("name", value(anchor));
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
    let mut notes = Vec::new();
    let mut failed: Vec<(String, String)> = Vec::new();
    for path in ledgers_given {
        let display = relative_to(path, &study_dir)?;
        if ledgers
            .iter()
            .any(|l| l.get("path").and_then(|v| v.as_str()) == Some(display.as_str()))
        {
            notes.push(format!("already in the study: {display}"));
            continue;
        }
        match ledger_table(path, &display, &synonyms, &mut notes) {
            Ok(t) => {
                ledgers.push(t);
                added += 1;
            }
            Err(why) => failed.push((display, why)),
        }
    }
    // The files that could not be read go in as comments after the anchor's ledgers.
    let comments: String = failed
        .iter()
        .map(|(d, why)| not_added(d, why, id))
        .collect();
    if !comments.is_empty() {
        let anchors = doc["anchor"].as_array_of_tables_mut().expect("anchors");
        match anchors.get_mut(at + 1) {
            Some(next) => {
                let prefix = next
                    .decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .unwrap_or("")
                    .to_string();
                next.decor_mut().set_prefix(format!("{comments}{prefix}"));
            }
            None => {
                let trailing = doc.trailing().as_str().unwrap_or("").to_string();
                doc.set_trailing(format!("{trailing}{comments}"));
            }
        }
    }
    Ok(Draft {
        text: doc.to_string(),
        added,
        failed,
        notes,
    })
}

/// Writes the draft to `study` once it reads back as a valid study, replacing the file in
/// one step.
pub fn write_study(study: &Path, text: &str) -> anyhow::Result<()> {
    let study_dir = study.parent().map(Path::to_path_buf).unwrap_or_default();
    // Check the result reads back as a valid study before replacing anything.
    let parsed = crate::config::study::StudyFile::parse(text, study)?;
    Study::resolve(parsed, study).context("the study written would not be valid")?;
    let mut tmp = tempfile::NamedTempFile::new_in(if study_dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &study_dir
    })
    .with_context(|| format!("cannot write next to {}", study.display()))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.persist(study)
        .with_context(|| format!("cannot write {}", study.display()))?;
    Ok(())
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

/// The `[[anchor.ledger]]` table for one file, from what was detected, headed by a comment
/// saying how sure the detection is; or why the file could not be read as a ledger.
fn ledger_table(
    path: &Path,
    display: &str,
    synonyms: &Synonyms,
    notes: &mut Vec<String>,
) -> Result<Table, String> {
    let ledger = Ledger {
        display: display.to_string(),
        path: path.to_path_buf(),
        options: ReadOptions::default(),
    };
    let mut read = read_ledger("", &ledger, synonyms);
    crate::ingest::finish_sheets(&mut [&mut read], synonyms);
    if let Some(e) = read.error.clone().or_else(|| read.fatal()) {
        return Err(e);
    }
    let ok: Vec<(&Option<String>, &crate::ingest::record::SheetOutcome)> = read
        .sheets
        .iter()
        .filter_map(|s| Some((&s.sheet, s.outcome.as_ref().ok()?)))
        .collect();
    if ok.is_empty() {
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
            notes.push(format!(
                "{display}: no header row; columns inferred from the content ({}): check them",
                crate::ingest::infer::describe(&cols)
            ));
            return Ok(t);
        }
        return Err(read.sheet_failures().join("; "));
    }
    let mut t = Table::new();
    t.insert("path", value(display));
    if read.format == Format::Workbook {
        let mut names = Array::new();
        ok.iter()
            .filter_map(|(n, _)| n.as_deref())
            .for_each(|n| names.push(n));
        t.insert("sheets", value(names));
    }
    if let Some((info, delimiter)) = read.sheets.first().and_then(|s| s.text.as_ref()) {
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
    t.decor_mut().set_prefix(sureness_comment(display, &ok));
    Ok(t)
}

/// The comment above a ledger written by `init`: how sure the columns are (scores from 0
/// to 1, and the runner-up where one came close) and how its dates are read.
fn sureness_comment(
    display: &str,
    ok: &[(&Option<String>, &crate::ingest::record::SheetOutcome)],
) -> String {
    let o = ok[0].1;
    let mut lines = vec![format!(
        "# {display}: columns found by spendgap (sure, 0 to 1: {}).",
        o.mapping.sureness()
    )];
    let doubtful: Vec<String> = o
        .mapping
        .choices
        .iter()
        .filter(|c| {
            c.score < 0.7
                || c.runner_up
                    .as_ref()
                    .is_some_and(|r| r.score > c.score - 0.15)
        })
        .map(|c| {
            let runner = c
                .runner_up
                .as_ref()
                .map(|r| format!(", then {:?} at {:.2}", r.header, r.score))
                .unwrap_or_default();
            format!("{} = {:?} at {:.2}{runner}", c.field, c.header, c.score)
        })
        .collect();
    if !doubtful.is_empty() {
        lines.push(format!("# Less sure, check: {}.", doubtful.join("; ")));
    }
    if let Some(f) = &o.finished {
        lines.push(format!(
            "# Dates: {} ({}).",
            f.dates.date_order, f.dates.evidence
        ));
    }
    format!("\n{}\n", lines.join("\n"))
}

/// Comment lines standing for a ledger `init` could not read, so that a person sees it,
/// fixes it and uncomments it.
fn not_added(display: &str, why: &str, anchor: &str) -> String {
    let why = why.replace('\n', " ");
    format!(
        "\n# Not added to anchor {anchor:?}: {display} could not be read as a ledger: {why}\n\
         # Once fixed (or given header_row and columns), uncomment:\n\
         # [[anchor.ledger]]\n\
         # path = {display:?}\n"
    )
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
