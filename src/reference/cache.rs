//! The on-disk cache for large reference files: the first use of a national-size file
//! builds a compact binary table keyed by the file's content, so later runs load it in a
//! fraction of a second. A file is hashed again only when its size or modified time
//! changes (a stat index remembers the hash), so an unchanged file costs no re-read.

use std::collections::BTreeMap;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::files::hash_file;

/// Bumped whenever a cached layout, or what is parsed into it, changes, so old caches are
/// rebuilt, not misread. (2: staff counts written `12.0` are read in every register layout;
/// 3: Co-ops UK outlet names are read as trading names; 4: postcode positions from grid
/// references, and the NSPL's 99.999999 latitude read as no position.)
pub const FORMAT_VERSION: u32 = 4;

/// Where caches live, or nowhere (`None`: always build in memory).
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
}

/// How a table was obtained, for the user and the benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheStatus {
    Hit,
    Built,
    Disabled,
}

#[derive(Default, Serialize, Deserialize)]
struct StatIndex {
    /// path → (size, modified nanoseconds, content hash)
    files: BTreeMap<String, (u64, u128, String)>,
}

fn stat(path: &Path) -> Option<(u64, u128)> {
    let m = std::fs::metadata(path).ok()?;
    let modified = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((m.len(), modified))
}

impl Cache {
    pub fn new(dir: Option<PathBuf>) -> Self {
        Cache { dir }
    }

    /// Content hashes of `paths`, reusing the stat index for files that have not changed.
    fn content_key(&self, dir: &Path, kind: &str, paths: &[PathBuf]) -> anyhow::Result<String> {
        let index_path = dir.join("stat-index.json");
        let mut index: StatIndex = std::fs::read(&index_path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let mut h = Xxh3::new();
        h.update(kind.as_bytes());
        h.update(&FORMAT_VERSION.to_le_bytes());
        let mut changed = false;
        for p in paths {
            let name = std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string();
            let st = stat(p).with_context(|| format!("cannot read {}", p.display()))?;
            let hash = match index.files.get(&name) {
                Some((size, modified, hash)) if (*size, *modified) == st => hash.clone(),
                _ => {
                    let hash = hash_file(p)?;
                    index.files.insert(name, (st.0, st.1, hash.clone()));
                    changed = true;
                    hash
                }
            };
            h.update(hash.as_bytes());
        }
        if changed {
            // The index only saves work; failing to write it is not an error.
            let bytes = serde_json::to_vec(&index).unwrap_or_default();
            let _ = write_atomic(&index_path, |w| Ok(w.write_all(&bytes)?));
        }
        Ok(format!("{kind}-{:032x}.bin", h.digest128()))
    }

    /// Loads the table built from `paths`, building and caching it on first use.
    pub fn load_or_build<T: Cached>(
        &self,
        kind: &str,
        paths: &[PathBuf],
        build: impl FnOnce() -> anyhow::Result<T>,
    ) -> anyhow::Result<(T, CacheStatus)> {
        let Some(dir) = &self.dir else {
            return Ok((build()?, CacheStatus::Disabled));
        };
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create cache folder {}", dir.display()))?;
        let file = dir.join(self.content_key(dir, kind, paths)?);
        if let Ok(f) = std::fs::File::open(&file) {
            let size = f.metadata().map(|m| m.len()).unwrap_or(0);
            // A cache that cannot be read is rebuilt, never trusted.
            if let Ok(table) = T::read(&mut BufReader::with_capacity(1 << 20, f), size) {
                return Ok((table, CacheStatus::Hit));
            }
        }
        let table = build()?;
        // A cache that cannot be written only costs speed next time.
        let _ = write_atomic(&file, |w| table.write(w));
        Ok((table, CacheStatus::Built))
    }
}

/// A table that can live in the cache.
pub trait Cached: Sized {
    fn write(&self, out: &mut dyn Write) -> anyhow::Result<()>;
    fn read(input: &mut dyn Read, size: u64) -> anyhow::Result<Self>;

    /// The cache bytes, for tests.
    fn encode(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.write(&mut v).expect("writing to memory");
        v
    }

    fn decode(bytes: &[u8]) -> anyhow::Result<Self> {
        Self::read(&mut &bytes[..], bytes.len() as u64)
    }
}

fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut w = BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        fill(&mut w)?;
        w.flush()?;
    }
    tmp.persist(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trivial table, to test the cache itself.
    impl Cached for String {
        fn write(&self, out: &mut dyn Write) -> anyhow::Result<()> {
            Ok(out.write_all(self.as_bytes())?)
        }
        fn read(input: &mut dyn Read, _size: u64) -> anyhow::Result<Self> {
            let mut s = String::new();
            input.read_to_string(&mut s)?;
            Ok(s)
        }
    }

    #[test]
    fn builds_once_then_hits_and_rebuilds_on_change() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("a.csv");
        std::fs::write(&src, "x").unwrap();
        let cache = Cache::new(Some(tmp.path().join("cache")));
        let run = |content: &str| {
            cache
                .load_or_build("t", std::slice::from_ref(&src), || {
                    Ok(std::fs::read_to_string(&src)?)
                })
                .map(|(v, s)| {
                    assert_eq!(v, content);
                    s
                })
                .unwrap()
        };
        assert_eq!(run("x"), CacheStatus::Built);
        assert_eq!(run("x"), CacheStatus::Hit);
        std::fs::write(&src, "yy").unwrap();
        assert_eq!(run("yy"), CacheStatus::Built);
    }
}
