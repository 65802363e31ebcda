//! changes.csv: what is new, gone, moved or renamed since an earlier directory.csv, so
//! that the directory is rebuilt from its sources each year instead of going out of date.
//! Entries are followed by their identifier, else by any source id they shared.

use std::collections::HashMap;
use std::path::Path;

use super::entry::{Entry, spelling};
use super::source::Field;

pub const COLUMNS: [&str; 7] = [
    "change",
    "identifier",
    "name",
    "previous_name",
    "postcode",
    "previous_postcode",
    "source_ids",
];

/// An entry of an earlier directory.csv.
struct Before {
    id: String,
    name: String,
    postcode: String,
    source_ids: Vec<String>,
}

fn read(path: &Path) -> anyhow::Result<Vec<Before>> {
    use anyhow::Context;
    let mut r = csv::Reader::from_path(path)
        .with_context(|| format!("cannot read the earlier directory {}", path.display()))?;
    let header = r.headers()?.clone();
    let col = |name: &str| {
        header.iter().position(|h| h == name).with_context(|| {
            format!(
                "{}: line 1: no {name:?} column (an earlier spendgap directory.csv has one)",
                path.display()
            )
        })
    };
    let (id, name, postcode, ids) = (
        col("Identifier")?,
        col("Name")?,
        col("Postcode")?,
        col("Source IDs")?,
    );
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.with_context(|| format!("{}: row {}", path.display(), i + 2))?;
        let get = |c: usize| rec.get(c).unwrap_or("").trim().to_string();
        out.push(Before {
            id: get(id),
            name: get(name),
            postcode: get(postcode),
            source_ids: get(ids)
                .split(" | ")
                .map(str::to_string)
                .filter(|s| !s.is_empty())
                .collect(),
        });
    }
    Ok(out)
}

fn same(a: &str, b: &str) -> bool {
    spelling(a) == spelling(b)
}

/// The changes from the directory at `previous` to `entries`, new and changed first in
/// the entries' order, then the gone in the earlier file's order.
pub fn changes(previous: &Path, entries: &[Entry]) -> anyhow::Result<Vec<Vec<String>>> {
    let before = read(previous)?;
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for (i, b) in before.iter().enumerate() {
        by_key.entry(b.id.as_str()).or_insert(i);
        for s in &b.source_ids {
            by_key.entry(s.as_str()).or_insert(i);
        }
    }
    let mut seen = vec![false; before.len()];
    let mut out = Vec::new();
    for e in entries {
        let found = std::iter::once(e.id.as_str())
            .chain(e.source_ids.iter().map(String::as_str))
            .find_map(|k| by_key.get(k).copied());
        let (name, postcode) = (e.get(Field::Name), e.get(Field::Postcode));
        let ids = e.source_ids.join(" | ");
        let Some(i) = found else {
            out.push(vec![
                "new".into(),
                e.id.clone(),
                name.into(),
                String::new(),
                postcode.into(),
                String::new(),
                ids,
            ]);
            continue;
        };
        seen[i] = true;
        let b = &before[i];
        let change = match (!same(name, &b.name), !same(postcode, &b.postcode)) {
            (true, true) => "moved and renamed",
            (true, false) => "renamed",
            (false, true) => "moved",
            (false, false) => continue,
        };
        out.push(vec![
            change.into(),
            e.id.clone(),
            name.into(),
            b.name.clone(),
            postcode.into(),
            b.postcode.clone(),
            ids,
        ]);
    }
    for (b, seen) in before.iter().zip(seen) {
        if !seen {
            out.push(vec![
                "gone".into(),
                b.id.clone(),
                String::new(),
                b.name.clone(),
                String::new(),
                b.postcode.clone(),
                b.source_ids.join(" | "),
            ]);
        }
    }
    Ok(out)
}
