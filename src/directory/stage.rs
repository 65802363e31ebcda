//! The directory stage's entry point: read every source the study's `[directory]` names,
//! merge them into organisations, keep those of the study's area, and write the directory
//! with its changes since the last one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::entry::{self, Entry};
use super::merge::merge;
use super::source::{self, Columns, Field, Record, SourceRead};
use super::{changes, write};
use crate::config::study::Study;
use crate::format::thousands;
use crate::output::Staging;
use crate::reference::places::Places;
use crate::reference::registers::forms::Forms;

/// What one source gave, for the summary.
pub struct SourceCount {
    pub name: String,
    pub read: SourceRead,
}

/// What the stage built.
pub struct Built {
    pub sources: Vec<SourceCount>,
    pub records: usize,
    /// Organisations the records make, before the area is applied.
    pub organisations: usize,
    /// Organisations joined by name and postcode rather than a shared id.
    pub joined_by_name: usize,
    /// The area's band names, when the area could be applied.
    pub area: Option<Vec<String>>,
    pub outside_area: usize,
    pub unplaced: usize,
    /// Entries written, and of those with a position on the map.
    pub entries: usize,
    pub positioned: usize,
    /// The earlier directory compared with, and what changed.
    pub previous: Option<PathBuf>,
    pub changes: Vec<Vec<String>>,
    /// Seconds reading the sources, merging them, and placing and writing the entries.
    pub seconds: [f64; 3],
}

/// Where the sources' data comes from, for every file that draws or lists it.
fn attribution(names: &[String]) -> String {
    format!(
        "Compiled by spendgap from: {}. Co-operatives UK open data: ODC-By 1.0, \"Contains data \
         from Co-operatives UK\". Positions: the sources' own, else the postcode directory \
         (Contains OS data © Crown copyright and database right; ONS data, OGL v3).",
        names.join("; ")
    )
}

/// Builds the directory into `out`. `previous` is the earlier directory.csv to compare
/// with when the study names none (the run folder's, before this run replaces it).
/// `None` when the study has no `[directory]` table.
pub fn run(
    study: &Study,
    out: &Path,
    previous: Option<&Path>,
) -> anyhow::Result<Option<(Built, Vec<PathBuf>)>> {
    let Some(d) = &study.directory else {
        return Ok(None);
    };
    let started = Instant::now();
    let mut staging = Staging::new(out)?;
    let columns = Columns::load(d.columns.as_deref())?;
    let forms = Forms::builtin();
    let mut records: Vec<Record> = Vec::new();
    let mut sources = Vec::new();
    for (i, s) in d.sources.iter().enumerate() {
        let mut read = source::read(i as u32, &s.path, &columns, &forms)?;
        read.kept = read.records.len();
        records.append(&mut read.records);
        sources.push(SourceCount {
            name: s.name.clone(),
            read,
        });
    }
    let read_s = started.elapsed().as_secs_f64();
    let merged = merge(study, &records)?;
    let merge_s = started.elapsed().as_secs_f64() - read_s;
    let places = if study.reference.postcodes.is_empty() {
        None
    } else {
        Some(Places::load(&study.reference)?)
    };
    let names: Vec<String> = d.sources.iter().map(|s| s.name.clone()).collect();
    let bands: Vec<&crate::config::analysis::BandSpec> = (study.gaps.areas.iter())
        .filter_map(|&i| study.analysis.bands.get(i))
        .collect();
    let area = (places.is_some() && !bands.is_empty())
        .then(|| bands.iter().map(|b| b.name.clone()).collect::<Vec<_>>());
    let (mut outside_area, mut unplaced) = (0, 0);
    let norm = crate::resolve::normalise::Normaliser::new(
        &crate::resolve::name_rules::NameRules::load(study.resolve.name_rules.as_deref())?,
    );
    let name_key = |s: &str| norm.key(s).text;
    let mut entries: Vec<Entry> = Vec::new();
    for g in &merged.groups {
        let mut e = entry::build(g, &records, &names, places.as_ref(), &name_key);
        if let (Some(places), Some(_)) = (places.as_ref(), area.as_ref()) {
            // In the area when any of its addresses is (a society's shop in the area
            // counts as much as its registered office).
            let mut known = false;
            let mut inside = false;
            for &r in g {
                let p = places.place(records[r].get(Field::Postcode));
                if p.lad.is_none() {
                    continue;
                }
                known = true;
                inside |= bands.iter().any(|b| b.holds_place(&p));
            }
            e.in_area = known.then_some(inside);
            match e.in_area {
                Some(false) => {
                    outside_area += 1;
                    continue;
                }
                None => unplaced += 1,
                Some(true) => {}
            }
        }
        entries.push(e);
    }
    let previous = d.previous.clone().or_else(|| {
        previous
            .map(Path::to_path_buf)
            .or_else(|| Some(out.join("directory.csv")))
            .filter(|p| p.is_file())
    });
    let changes = match &previous {
        Some(p) => changes::changes(p, &entries)?,
        None => Vec::new(),
    };
    let attribution = attribution(&names);
    let dated: Vec<(String, String)> = d
        .sources
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                s.date.map(|d| d.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let about: Vec<String> = std::iter::once(format!(
        "{} organisations from {} records of {} sources{}.",
        entries.len(),
        records.len(),
        names.len(),
        match &area {
            Some(a) => format!(", in {}", a.join(" or ")),
            None =>
                " (not restricted to an area: the study gives no [[band]] or no postcode directory)"
                    .into(),
        }
    ))
    .chain(dated.iter().map(|(n, d)| {
        if d.is_empty() {
            format!("Source: {n}")
        } else {
            format!("Source: {n}, {d}")
        }
    }))
    .chain(std::iter::once(attribution.clone()))
    .collect();
    // The three made at once: the workbook alone takes as long as the merging.
    let files: Vec<crate::output::Fill> = vec![
        (
            "directory.csv",
            Box::new(|w: &mut dyn Write| write::write_csv(w, &entries)),
        ),
        (
            "directory.geojson",
            Box::new(|w: &mut dyn Write| {
                crate::output::write_json(w, &write::geojson(&entries, &attribution))
            }),
        ),
        (
            "directory.xlsx",
            Box::new(|w: &mut dyn Write| {
                let book = write::workbook(&study.name, &entries, &dated, &changes, &about)?;
                Ok(w.write_all(&book)?)
            }),
        ),
    ];
    staging.write_together(files)?;
    if previous.is_some() {
        staging.write("changes.csv", |w| {
            let mut out = crate::output::SafeCsv::new(w);
            out.record(changes::COLUMNS)?;
            for c in &changes {
                out.record(c)?;
            }
            out.finish()
        })?;
    }
    let written = staging.commit()?;
    let built = Built {
        records: records.len(),
        organisations: merged.groups.len(),
        joined_by_name: merged.by_name,
        area,
        outside_area,
        unplaced,
        positioned: entries.iter().filter(|e| e.position.is_some()).count(),
        entries: entries.len(),
        previous,
        changes,
        sources,
        seconds: [
            read_s,
            merge_s,
            started.elapsed().as_secs_f64() - read_s - merge_s,
        ],
    };
    Ok(Some((built, written)))
}

/// The lines `spendgap directory` prints.
pub fn summary(b: &Built) -> Vec<String> {
    let mut out = Vec::new();
    for s in &b.sources {
        let r = &s.read;
        let mut skipped = Vec::new();
        if r.closed > 0 {
            skipped.push(format!("{} closed", thousands(r.closed as u64)));
        }
        if r.not_social_economy > 0 {
            skipped.push(format!(
                "{} not of the social economy",
                thousands(r.not_social_economy as u64)
            ));
        }
        if r.unnamed > 0 {
            skipped.push(format!("{} without a name", thousands(r.unnamed as u64)));
        }
        push_line!(
            out,
            "  {}: {} rows, {} kept{}",
            s.name,
            thousands(r.rows as u64),
            thousands(r.kept as u64),
            if skipped.is_empty() {
                String::new()
            } else {
                format!(" ({} left out)", skipped.join(", "))
            }
        );
    }
    push_line!(
        out,
        "directory: {} records are {} organisations ({} joined by name and postcode, the rest by shared ids or alone)",
        thousands(b.records as u64),
        thousands(b.organisations as u64),
        thousands(b.joined_by_name as u64)
    );
    match &b.area {
        Some(a) => push_line!(
            out,
            "  {} in {} listed; {} outside it left out; {} with no postcode the directory knows, listed as not known",
            thousands(b.entries as u64 - b.unplaced as u64),
            a.join(" or "),
            thousands(b.outside_area as u64),
            thousands(b.unplaced as u64)
        ),
        None => push_line!(
            out,
            "  all {} listed: the study gives no [[band]] or no postcode directory to tell which are in its area",
            thousands(b.entries as u64)
        ),
    }
    push_line!(
        out,
        "  {} of {} on the map (a position from the source or the postcode directory)",
        thousands(b.positioned as u64),
        thousands(b.entries as u64)
    );
    if let Some(p) = &b.previous {
        let count = |k: &str| b.changes.iter().filter(|c| c[0] == k).count();
        push_line!(
            out,
            "  since {}: {} new, {} gone, {} moved, {} renamed",
            crate::run_folder::shown(p).display(),
            count("new"),
            count("gone"),
            count("moved") + count("moved and renamed"),
            count("renamed") + count("moved and renamed")
        );
    }
    let [read, merged, written] = b.seconds;
    push_line!(
        out,
        "  built in {:.1} s (sources read in {read:.1} s, merged in {merged:.1} s, placed and written in {written:.1} s)",
        read + merged + written
    );
    out
}
