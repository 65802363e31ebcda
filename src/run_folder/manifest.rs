//! `run.json`: what one run read and wrote, so that a reader can tell a folder that is one
//! run's complete output from one that is not. No clock time is in it: the same inputs give
//! the same manifest, byte for byte.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::files::hash_file;

/// The manifest's file name inside the output folder.
pub const MANIFEST: &str = "run.json";

/// One file read or written: where, how big, and its content hash.
#[derive(Debug, Serialize, Deserialize)]
pub struct FileEntry {
    /// Inputs: as the study names them (relative to the study's folder where inside it);
    /// outputs: relative to the output folder, `/`-separated.
    pub path: String,
    pub bytes: u64,
    /// xxHash3-128 of the content, hex. Reference files are not hashed here: national
    /// files run to gigabytes, and the reference cache already keys them by content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xxh3: Option<String>,
}

/// The manifest of one run.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    /// The spendgap version that wrote the folder.
    pub spendgap: String,
    pub study: Option<FileEntry>,
    /// Every ledger file the study names, hashed.
    pub ledgers: Vec<FileEntry>,
    /// Every other input the study names that exists (reference data, contract
    /// registers), with its size.
    pub reference: Vec<FileEntry>,
    /// The stages run, in order.
    pub stages: Vec<String>,
    /// Every file in the folder but this manifest, in path order.
    pub outputs: Vec<FileEntry>,
}

fn entry(path: &Path, shown: String, hash: bool) -> anyhow::Result<FileEntry> {
    let bytes = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    Ok(FileEntry {
        path: shown,
        bytes,
        xxh3: if hash { Some(hash_file(path)?) } else { None },
    })
}

/// `path` as the study wrote it: relative to `base` when inside it.
fn relative(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every file under `dir`, relative and sorted.
fn files_under(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("cannot list {}", d.display()))? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap_or(&p).to_path_buf());
            }
        }
    }
    out.sort();
    Ok(out)
}

impl Manifest {
    /// The manifest of the folder `dir` as written by a run of `study` reading `ledgers`
    /// and `reference`.
    pub fn of(
        dir: &Path,
        study: Option<&Path>,
        ledgers: &[PathBuf],
        reference: &[PathBuf],
        stages: &[&str],
    ) -> anyhow::Result<Manifest> {
        let base = study
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let list = |paths: &[PathBuf], hash: bool| {
            let mut seen = std::collections::BTreeSet::new();
            paths
                .iter()
                .filter(|p| p.is_file() && seen.insert((*p).clone()))
                .map(|p| entry(p, relative(p, &base), hash))
                .collect::<anyhow::Result<Vec<_>>>()
        };
        let outputs = files_under(dir)?
            .into_iter()
            .filter(|p| p != Path::new(MANIFEST))
            .map(|p| entry(&dir.join(&p), p.to_string_lossy().replace('\\', "/"), true))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Manifest {
            spendgap: env!("CARGO_PKG_VERSION").to_string(),
            study: study
                .map(|s| entry(s, relative(s, &base), true))
                .transpose()?,
            ledgers: list(ledgers, true)?,
            reference: list(reference, false)?,
            stages: stages.iter().map(|s| s.to_string()).collect(),
            outputs,
        })
    }

    /// Writes `dir`/run.json under a new name and renames it into place: the folder may
    /// hold a link to the earlier run's manifest, which must not change.
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let path = dir.join(MANIFEST);
        let tmp = dir.join(format!(".{MANIFEST}.tmp"));
        let text = serde_json::to_string_pretty(self)? + "\n";
        std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))
    }
}

/// Checks that `dir` holds exactly the files its run.json lists, with their sizes and
/// hashes: a folder changed by hand, or mixed from two runs, is refused, naming the files.
/// A folder without run.json (written before manifests) passes.
pub fn verify(dir: &Path) -> anyhow::Result<()> {
    let path = dir.join(MANIFEST);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    let m: Manifest = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a spendgap run manifest", path.display()))?;
    let listed: std::collections::BTreeMap<&str, &FileEntry> =
        m.outputs.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut wrong = Vec::new();
    let on_disk: Vec<String> = files_under(dir)?
        .into_iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p != MANIFEST)
        .collect();
    for p in &on_disk {
        match listed.get(p.as_str()) {
            None => wrong.push(format!("{p} (not written by the run)")),
            Some(f) => {
                let now = entry(&dir.join(p), p.clone(), f.xxh3.is_some())?;
                if now.bytes != f.bytes || now.xxh3 != f.xxh3 {
                    wrong.push(format!("{p} (changed since the run)"));
                }
            }
        }
    }
    for p in listed.keys() {
        if !on_disk.iter().any(|d| d == p) {
            wrong.push(format!("{p} (missing)"));
        }
    }
    if !wrong.is_empty() {
        let n = wrong.len();
        wrong.truncate(5);
        anyhow::bail!(
            "{} is not the run its {MANIFEST} describes: {}{}; run `spendgap run` again to \
             make it whole",
            dir.display(),
            wrong.join(", "),
            if n > 5 {
                format!(" and {} more", n - 5)
            } else {
                String::new()
            }
        );
    }
    Ok(())
}
