//! Area lookups (output area → LSOA → MSOA → LAD, with names), as ONS publishes them:
//! used to name the codes a postcode directory gives (LAD, region, LSOA, MSOA).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::textfile::{csv_with_header, read_text};

/// Code → name for every geography found in the lookups given.
#[derive(Debug, Clone, Default)]
pub struct AreaNames {
    pub names: HashMap<String, String>,
}

impl AreaNames {
    /// Reads every `*CD`/`*NM` column pair (e.g. `LAD17CD`/`LAD17NM`, `RGN11CD`/`RGN11NM`).
    pub fn read(paths: &[PathBuf]) -> anyhow::Result<Self> {
        let mut names = HashMap::new();
        for p in paths {
            read_one(p, &mut names)?;
        }
        Ok(AreaNames { names })
    }

    pub fn name(&self, code: &str) -> Option<&str> {
        self.names.get(code).map(String::as_str)
    }
}

fn read_one(path: &Path, names: &mut HashMap<String, String>) -> anyhow::Result<()> {
    let text = read_text(path)?;
    let (mut r, header) = csv_with_header(&text, path)?;
    let pairs: Vec<(usize, usize)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let stem = h.strip_suffix("cd")?;
            let nm = header.iter().position(|x| x == &format!("{stem}nm"))?;
            Some((i, nm))
        })
        .collect();
    if pairs.is_empty() {
        anyhow::bail!(
            "{}: line 1: no code/name column pairs such as LAD17CD and LAD17NM (the header has: {})",
            path.display(),
            header.join(", ")
        );
    }
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| {
            anyhow::anyhow!("{}: line {}: unreadable row: {e}", path.display(), i + 2)
        })?;
        for (cd, nm) in &pairs {
            if let (Some(c), Some(n)) = (rec.get(*cd), rec.get(*nm))
                && !c.trim().is_empty()
                && !names.contains_key(c.trim())
            {
                names.insert(c.trim().to_string(), n.trim().to_string());
            }
        }
    }
    Ok(())
}
