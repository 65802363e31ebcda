//! Area lookups (output area → LSOA → MSOA → LAD, with names), as ONS publishes them:
//! used to name the codes a postcode directory gives (LAD, region, LSOA, MSOA).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::textfile::{next_record, open_csv, text};

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
    let (mut r, header) = open_csv(path, Some(b','))?;
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
    let mut rec = csv::ByteRecord::new();
    while next_record(&mut r, &mut rec, path)?.is_some() {
        for (cd, nm) in &pairs {
            if let (Some(c), Some(n)) = (rec.get(*cd), rec.get(*nm)) {
                let c = text(c);
                if !c.trim().is_empty() && !names.contains_key(c.trim()) {
                    names.insert(c.trim().to_string(), text(n).trim().to_string());
                }
            }
        }
    }
    Ok(())
}
