//! The study's `[directory]` table: the social-economy sources merged into one directory of
//! the area's co-operatives, social enterprises and charities, and the earlier directory
//! the changes are counted against.

use std::path::{Path, PathBuf};

use anyhow::bail;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::files::expand;

/// The `[directory]` table. Paths are relative to the study file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectorySpec {
    /// The lists merged, most trusted first: where two sources give a field differently,
    /// the earlier one's value is kept and the disagreement noted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<DirectorySourceSpec>,
    /// An earlier directory.csv that changes.csv compares with. Default: the directory.csv
    /// already in the output folder, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// A directory-columns file (schemas/directory-columns.schema.json) replacing the
    /// built-in header names of the sources' columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<String>,
}

/// One source of the directory: a CSV in its publisher's layout (Co-operatives UK
/// organisations, outlets or the standard layout, workers.coop, dotcoop, Companies House,
/// the Charity Commission, a local list).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectorySourceSpec {
    /// Path or glob, relative to the study file (plain, gzipped or zipped CSV).
    pub path: String,
    /// What every output calls the source (default: the file name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The date the source was published or downloaded (`2023-03-02`), shown beside every
    /// field it gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// One source file to read.
#[derive(Debug, Clone)]
pub struct DirectorySource {
    pub name: String,
    pub path: PathBuf,
    pub date: Option<chrono::NaiveDate>,
}

/// The `[directory]` settings, checked, with paths resolved.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    pub sources: Vec<DirectorySource>,
    pub previous: Option<PathBuf>,
    pub columns: Option<PathBuf>,
}

impl Directory {
    pub fn resolve(spec: &DirectorySpec, dir: &Path) -> anyhow::Result<Self> {
        let mut sources: Vec<DirectorySource> = Vec::new();
        for s in &spec.sources {
            let date = match &s.date {
                None => None,
                Some(d) => Some(
                    chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
                        anyhow::anyhow!(
                            "[directory] source {:?}: date {d:?} is not a date written yyyy-mm-dd",
                            s.path
                        )
                    })?,
                ),
            };
            let files = expand(dir, "[directory] sources", &s.path)?;
            let several = files.len() > 1;
            for (display, path) in files {
                let name = match &s.name {
                    Some(n) if several => format!("{n} ({display})"),
                    Some(n) => n.clone(),
                    None => Path::new(&display)
                        .file_name()
                        .map_or(display.clone(), |f| f.to_string_lossy().into_owned()),
                };
                if sources.iter().any(|o| o.name == name) {
                    bail!("[directory] two sources are called {name:?}: give each its own `name`");
                }
                sources.push(DirectorySource { name, path, date });
            }
        }
        let path = |p: &Option<String>| p.as_ref().map(|p| dir.join(p));
        Ok(Directory {
            sources,
            previous: path(&spec.previous),
            columns: path(&spec.columns),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_date_names_the_source() {
        let spec = DirectorySpec {
            sources: vec![DirectorySourceSpec {
                path: "x.csv".into(),
                name: None,
                date: Some("2 March 2023".into()),
            }],
            ..Default::default()
        };
        let err = Directory::resolve(&spec, Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("x.csv") && err.contains("2 March 2023"),
            "{err}"
        );
    }
}
