//! `sources.json`: the input files a run read — ledgers and reference data, as the study
//! names them — written by the ingest stage so the report's method section can list
//! them from the run folder alone, and read by the run's preflight and manifest.

use std::path::Path;

use serde::Serialize;

use super::study::Study;

/// One input file the run read (`sources.json`), for the report's method section.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Source {
    /// What the file is (`ledger`, `postcodes`, `coops_uk`, …).
    pub kind: String,
    /// The path as the study names it, relative to the study file.
    pub path: String,
    pub bytes: u64,
}

/// Every input file the study names, with what it is (`ledger`, `postcodes`, `coops_uk`,
/// `contracts`, …), in the study's order: ledgers, reference data, contract registers,
/// the directory's sources.
pub fn files(study: &Study) -> Vec<(&str, &Path)> {
    let r = &study.reference;
    let mut out: Vec<(&str, &Path)> = study
        .anchors
        .iter()
        .flat_map(|a| a.ledgers.iter().map(|l| ("ledger", l.path.as_path())))
        .collect();
    out.extend(r.postcodes.iter().map(|p| ("postcodes", p.as_path())));
    out.extend(r.deprivation.iter().map(|p| ("deprivation", p.as_path())));
    out.extend(r.areas.iter().map(|p| ("areas", p.as_path())));
    out.extend(r.registers.iter().map(|(k, p)| (k.as_str(), p.as_path())));
    out.extend(r.boundaries.iter().map(|p| ("boundaries", p.as_path())));
    out.extend(
        study
            .gaps
            .contracts
            .iter()
            .map(|c| ("contracts", c.path.as_path())),
    );
    if let Some(d) = &study.directory {
        out.extend(
            d.sources
                .iter()
                .map(|s| ("directory_source", s.path.as_path())),
        );
    }
    out
}

/// The study's inputs, paths relative to the study file, in the study's order.
pub fn of_study(study: &Study) -> Vec<Source> {
    let dir = study.path.parent().unwrap_or(Path::new(""));
    files(study)
        .into_iter()
        .map(|(kind, path)| Source {
            kind: kind.to_string(),
            path: path
                .strip_prefix(dir)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/"),
            bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
        })
        .collect()
}

/// The sources a run folder records; none when it has no sources.json.
pub fn read(dir: &Path) -> anyhow::Result<Vec<Source>> {
    let path = dir.join("sources.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{} is not a sources list spendgap wrote: {e}",
                path.display()
            )
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
    }
}

/// The JSON Schema of sources.json.
pub fn json_schema() -> String {
    crate::rulefile::schema_text(schemars::schema_for!(Vec<Source>))
}
