//! The files a study names, found and fingerprinted the same way for ledgers, reference
//! data and contract registers, and for the run folder's manifest.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use xxhash_rust::xxh3::Xxh3;

/// Expands a path or glob relative to `dir` into (display, full path) pairs, sorted; the
/// display form is relative to `dir`. `what` names the key in messages (`ledger`,
/// `[reference] postcodes`). A missing file or a pattern matching nothing is an error.
pub fn expand(dir: &Path, what: &str, pattern: &str) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let full = dir.join(pattern);
    if !pattern.contains(['*', '?', '[']) {
        if !full.is_file() {
            bail!("{what} file {} does not exist", full.display());
        }
        return Ok(vec![(pattern.replace('\\', "/"), full)]);
    }
    // The study's own folder is taken literally: only `pattern` is a pattern, so a study
    // in `run[1]/` does not read a sibling `run1/`.
    let literal_dir = glob::Pattern::escape(&dir.to_string_lossy());
    let joined = if literal_dir.is_empty() || Path::new(pattern).is_absolute() {
        pattern.to_string()
    } else {
        format!("{}/{pattern}", literal_dir.trim_end_matches('/'))
    };
    let mut found: Vec<PathBuf> = glob::glob(&joined)
        .with_context(|| format!("{what} pattern {pattern:?} is not a valid glob"))?
        .filter_map(Result::ok)
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    if found.is_empty() {
        bail!(
            "{what} pattern {pattern:?} matches no file (looked in {})",
            dir.display()
        );
    }
    Ok(found
        .into_iter()
        .map(|p| {
            let display = p
                .strip_prefix(dir)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            (display, p)
        })
        .collect())
}

/// xxHash3-128 of a file's content, hex.
pub fn hash_file(path: &Path) -> anyhow::Result<String> {
    let mut f =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut h = Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f
            .read(&mut buf)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(format!("{:032x}", h.digest128()))
}
