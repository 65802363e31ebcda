//! The study file: which anchors, which ledgers, and how to read each one. Parsed
//! strictly (unknown keys are errors naming key and line) into one validated `Study`.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::analysis::{Analysis, BandSpec, ClassifySpec, MeasureSpec, ReviewSpec};
use super::directory::{Directory, DirectorySpec};
use super::field::{ColumnRef, Field};
use super::gaps::{Gaps, GapsSpec};
use super::synonyms::Synonyms;
use crate::files::expand;
use crate::read::decode::Encoding;
use crate::read::values::date::DateOrder;
use crate::reference::{Reference, ReferenceSpec};

/// A spendgap study, as written in `study.toml`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StudyFile {
    /// The study's name, shown on every output.
    pub name: String,
    /// A column-synonyms file (schemas/column-synonyms.schema.json) replacing the
    /// built-in one; relative to the study file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column_synonyms: Option<String>,
    /// A ledger-words file (schemas/ledger-words.schema.json) replacing the built-in
    /// weights of header words and total labels; relative to the study file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger_words: Option<String>,
    /// Reading options every ledger inherits unless it sets its own.
    #[serde(default, skip_serializing_if = "Defaults::is_empty")]
    pub defaults: Defaults,
    /// The anchor institutions whose spend is analysed.
    #[serde(rename = "anchor", default)]
    pub anchors: Vec<AnchorSpec>,
    /// Reference data: postcode directory, deprivation, area names, registers.
    #[serde(default)]
    pub reference: ReferenceSpec,
    /// How supplier names are resolved to registers.
    #[serde(default, skip_serializing_if = "ResolveSpec::is_empty")]
    pub resolve: ResolveSpec,
    /// What "local" means: bands of areas, innermost first.
    #[serde(rename = "band", default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<BandSpec>,
    /// How suppliers and transactions are classified.
    #[serde(default)]
    pub classify: ClassifySpec,
    /// How the baseline is measured.
    #[serde(default)]
    pub measure: MeasureSpec,
    /// A person's answers to `spendgap todo`, read back as decisions.
    #[serde(default, skip_serializing_if = "ReviewSpec::is_empty")]
    pub review: ReviewSpec,
    /// The supply-chain gap analysis: its areas, contract registers and rule files.
    #[serde(default)]
    pub gaps: GapsSpec,
    /// The directory of the area's social economy: the sources merged into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory: Option<DirectorySpec>,
}

/// The `[resolve]` table: a person's decisions and replacement rule files, each relative
/// to the study file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveSpec {
    /// Decisions that always win (schemas/overrides.schema.json): this name is that
    /// register id, is not that id, is an individual. Missing file: no decisions yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<String>,
    /// A name-rules file (schemas/name-rules.schema.json) replacing the built-in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_rules: Option<String>,
    /// A match-rules file (schemas/match-rules.schema.json) replacing the built-in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_rules: Option<String>,
}

impl ResolveSpec {
    fn is_empty(&self) -> bool {
        self.overrides.is_none() && self.name_rules.is_none() && self.match_rules.is_none()
    }
}

/// The `[resolve]` files, as paths.
#[derive(Debug, Clone, Default)]
pub struct ResolveFiles {
    pub overrides: Option<PathBuf>,
    pub name_rules: Option<PathBuf>,
    pub match_rules: Option<PathBuf>,
}

/// Study-wide reading options.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_order: Option<DateOrder>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip_rows_containing: Vec<String>,
    /// The largest single payment (in pounds) to take without a second look: any above it
    /// is listed in data_quality.csv (as is any over 50 times its anchor's 99th-percentile
    /// payment). Rows are never dropped for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_ceiling_gbp: Option<u64>,
}

impl Defaults {
    fn is_empty(&self) -> bool {
        self.encoding.is_none()
            && self.date_order.is_none()
            && self.skip_rows_containing.is_empty()
            && self.payment_ceiling_gbp.is_none()
    }
}

/// One anchor institution.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnchorSpec {
    /// Short, stable identifier used in every output (e.g. `oxford-city`).
    pub id: String,
    /// The institution's name as people know it.
    pub name: String,
    /// The anchor's ledger files.
    #[serde(rename = "ledger", default)]
    pub ledgers: Vec<LedgerSpec>,
    /// The anchor's own innermost band (a `[[band]]` name): a district council's "local"
    /// is its district, the partnership's the county. Default: the study's first band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_band: Option<String>,
    /// Postcodes of the anchor's own sites (a town hall, a hospital), drawn on the map of
    /// where its spend lands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<String>,
}

/// A ledger file (or a glob of files read the same way) and how to read it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerSpec {
    /// Path or glob (`ledgers/city/*.csv`), relative to the study file.
    pub path: String,
    /// Workbook sheets to read; default: every sheet that holds a ledger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheets: Option<Vec<String>>,
    /// 1-based row holding the column headers; 0 means the file has no header and
    /// `columns` gives positions. Default: detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<usize>,
    /// Text encoding; default: detected (UTF-8 if valid, else Windows-1252).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    /// Field delimiter of a text file (`,`, `;`, `\t`, `|`); default: detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// Order of day, month and year in all-numeric dates. Default: decided from the dates
    /// themselves (a first number over 12 proves day-first, a second over 12 month-first),
    /// else from the anchor's other files, else `dmy`. Given here, it always wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_order: Option<DateOrder>,
    /// Rows with a cell containing any of these texts (case-insensitive) are skipped,
    /// counted under this rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip_rows_containing: Vec<String>,
    /// Explicit column mapping: canonical field → header text or 1-based column number.
    /// Fields not named here are still detected from the header.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<Field, ColumnRef>,
    /// A file several anchors share: this anchor's rows are those whose `column` holds
    /// `value`; the rest are skipped as another anchor's. Every anchor naming the file says
    /// so, each with its own value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<super::one_anchor::Shared>,
}

/// A validated study: paths resolved, globs expanded, options merged.
#[derive(Debug, Clone)]
pub struct Study {
    pub name: String,
    pub path: PathBuf,
    pub synonyms: Synonyms,
    /// Payments above this (pence) are listed for a second look (`payment_ceiling_gbp`).
    pub payment_ceiling: Option<i64>,
    pub anchors: Vec<Anchor>,
    pub reference: Reference,
    pub resolve: ResolveFiles,
    pub analysis: Analysis,
    pub gaps: Gaps,
    /// `None` when the study has no `[directory]` table.
    pub directory: Option<Directory>,
}

#[derive(Debug, Clone)]
pub struct Anchor {
    pub id: String,
    pub name: String,
    pub ledgers: Vec<Ledger>,
    /// Postcodes of its own sites, as the study gives them.
    pub sites: Vec<String>,
}

/// One ledger file to read, with its options resolved.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// The path as given in the study (after glob expansion), relative to the study file.
    pub display: String,
    pub path: PathBuf,
    pub options: ReadOptions,
}

/// How to read one ledger file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub sheets: Option<Vec<String>>,
    pub header_row: Option<usize>,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    /// The study's order of day and month, which wins over the dates' own evidence.
    pub date_order: Option<DateOrder>,
    pub skip_rows_containing: Vec<String>,
    pub columns: BTreeMap<Field, ColumnRef>,
    /// This anchor's share of a shared file: the rows whose column holds the value.
    pub shared: Option<super::one_anchor::Shared>,
}

/// The JSON Schema of the study file, as committed in `schemas/study.schema.json`.
pub fn json_schema() -> String {
    crate::rulefile::schema_text(schemars::schema_for!(StudyFile))
}

impl StudyFile {
    pub fn parse(text: &str, origin: &Path) -> anyhow::Result<Self> {
        toml::from_str(text).map_err(|e| anyhow::anyhow!("{}: {e}", origin.display()))
    }
}

impl Study {
    /// Reads, checks and resolves a study file. Every problem names the file and the key.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read study file {}", path.display()))?;
        let file = StudyFile::parse(&text, path)?;
        Self::resolve(file, path)
    }

    pub fn resolve(file: StudyFile, path: &Path) -> anyhow::Result<Self> {
        let origin = path.display();
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut synonyms = match &file.column_synonyms {
            Some(p) => Synonyms::load(&dir.join(p))?,
            None => Synonyms::builtin(),
        };
        if let Some(p) = &file.ledger_words {
            synonyms = synonyms.with_words(super::ledger_words::LedgerWords::load(&dir.join(p))?);
        }
        if file.anchors.is_empty() {
            bail!("{origin}: the study names no anchors (add an [[anchor]] table)");
        }
        let mut ids = HashSet::new();
        let mut anchors = Vec::new();
        let local_bands: Vec<(String, Option<String>)> = file
            .anchors
            .iter()
            .map(|a| (a.id.clone(), a.local_band.clone()))
            .collect();
        let analysis = Analysis::resolve(
            file.bands,
            &local_bands,
            &file.classify,
            &file.measure,
            &file.review,
            &dir,
        )
        .map_err(|e| anyhow::anyhow!("{origin}: {e:#}"))?;
        for spec in file.anchors {
            if spec.id.trim().is_empty() {
                bail!("{origin}: anchor {:?} has an empty id", spec.name);
            }
            if !ids.insert(spec.id.clone()) {
                bail!("{origin}: anchor id {:?} is used twice", spec.id);
            }
            if spec.ledgers.is_empty() {
                bail!(
                    "{origin}: anchor {:?} has no [[anchor.ledger]] entries",
                    spec.id
                );
            }
            let mut seen: std::collections::HashMap<PathBuf, usize> = Default::default();
            let mut ledgers: Vec<Ledger> = Vec::new();
            for l in &spec.ledgers {
                let options = resolve_options(l, &file.defaults).with_context(|| {
                    format!("{origin}: anchor {:?}, ledger {:?}", spec.id, l.path)
                })?;
                for (display, full) in expand(&dir, "ledger", &l.path)
                    .with_context(|| format!("{origin}: anchor {:?}", spec.id))?
                {
                    // A file named by several entries (a glob, then the file itself with
                    // its own options) is read once, with the last entry's options.
                    match seen.get(&full) {
                        Some(&at) => {
                            let earlier: &mut Ledger = &mut ledgers[at];
                            earlier.options = options.clone();
                        }
                        None => {
                            seen.insert(full.clone(), ledgers.len());
                            ledgers.push(Ledger {
                                display,
                                path: full,
                                options: options.clone(),
                            });
                        }
                    }
                }
            }
            anchors.push(Anchor {
                id: spec.id,
                name: spec.name,
                ledgers,
                sites: spec.sites,
            });
        }
        super::one_anchor::check(anchors.iter().flat_map(|a| {
            a.ledgers.iter().map(|l| super::one_anchor::Named {
                anchor: &a.id,
                display: &l.display,
                path: &l.path,
                shared: l.options.shared.as_ref(),
            })
        }))
        .map_err(|e| anyhow::anyhow!("{origin}: {e:#}"))?;
        let declared: Vec<String> = analysis.bands.iter().map(|b| b.name.clone()).collect();
        let anchor_ids: Vec<String> = anchors.iter().map(|a: &Anchor| a.id.clone()).collect();
        let gaps = Gaps::resolve(&file.gaps, &declared, &anchor_ids, &dir)
            .map_err(|e| anyhow::anyhow!("{origin}: {e:#}"))?;
        let directory = (file.directory.as_ref())
            .map(|d| Directory::resolve(d, &dir))
            .transpose()
            .map_err(|e| anyhow::anyhow!("{origin}: {e:#}"))?;
        let reference = Reference::resolve(&file.reference, &dir)
            .map_err(|e| anyhow::anyhow!("{origin}: {e:#}"))?;
        let resolve = ResolveFiles {
            overrides: file.resolve.overrides.as_ref().map(|p| dir.join(p)),
            name_rules: file.resolve.name_rules.as_ref().map(|p| dir.join(p)),
            match_rules: file.resolve.match_rules.as_ref().map(|p| dir.join(p)),
        };
        Ok(Study {
            name: file.name,
            path: path.to_path_buf(),
            synonyms,
            payment_ceiling: file
                .defaults
                .payment_ceiling_gbp
                .map(|g| i64::try_from(g.saturating_mul(100)).unwrap_or(i64::MAX)),
            anchors,
            reference,
            resolve,
            analysis,
            gaps,
            directory,
        })
    }
}

fn resolve_options(l: &LedgerSpec, d: &Defaults) -> anyhow::Result<ReadOptions> {
    let delimiter = match l.delimiter.as_deref() {
        None => None,
        Some("\\t" | "\t" | "tab") => Some(b'\t'),
        Some(s) if s.len() == 1 && s.is_ascii() => Some(s.as_bytes()[0]),
        Some(s) => bail!("delimiter {s:?} must be one character (or \"tab\")"),
    };
    if l.header_row == Some(0) {
        for field in [Field::Amount] {
            match l.columns.get(&field) {
                Some(ColumnRef::Position(_)) => {}
                _ => bail!("header_row = 0 (no header) needs `columns.{field}` as a column number"),
            }
        }
    }
    for (field, col) in &l.columns {
        if *col == ColumnRef::Position(0) {
            bail!("columns.{field} = 0: column numbers start at 1");
        }
    }
    let mut skip = d.skip_rows_containing.clone();
    skip.extend(l.skip_rows_containing.iter().cloned());
    Ok(ReadOptions {
        sheets: l.sheets.clone(),
        header_row: l.header_row,
        encoding: l.encoding.or(d.encoding),
        delimiter,
        date_order: l.date_order.or(d.date_order),
        skip_rows_containing: skip.into_iter().map(|s| s.to_lowercase()).collect(),
        columns: l.columns.clone(),
        shared: l.shared.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_key_and_line() {
        let text = "name = \"x\"\n[[anchor]]\nid = \"a\"\nname = \"A\"\nledgr = []\n";
        let err = StudyFile::parse(text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("ledgr"), "{err}");
        assert!(err.contains("line 5"), "{err}");
        assert!(err.starts_with("s.toml"), "{err}");
    }

    #[test]
    fn columns_take_names_or_positions() {
        let text = "name = \"x\"\n[[anchor]]\nid = \"a\"\nname = \"A\"\n[[anchor.ledger]]\npath = \"a.csv\"\nheader_row = 0\ncolumns = { amount = 17, supplier_name = \"Name\" }\n";
        let f = StudyFile::parse(text, Path::new("s.toml")).unwrap();
        let cols = &f.anchors[0].ledgers[0].columns;
        assert_eq!(cols[&Field::Amount], ColumnRef::Position(17));
        assert_eq!(cols[&Field::SupplierName], ColumnRef::Header("Name".into()));
    }

    /// Regression: the README's own example (a glob, then one file of it with overrides)
    /// dropped the overrides, because the glob's entry was kept.
    #[test]
    fn a_later_entry_overrides_a_glob() {
        let tmp = tempfile::tempdir().unwrap();
        for f in ["a.csv", "headerless.csv"] {
            std::fs::write(tmp.path().join(f), "x").unwrap();
        }
        let text = "name = \"x\"\n[[anchor]]\nid = \"a\"\nname = \"A\"\n[[anchor.ledger]]\npath = \"*.csv\"\n[[anchor.ledger]]\npath = \"headerless.csv\"\nheader_row = 0\ncolumns = { amount = 3 }\n";
        let path = tmp.path().join("s.toml");
        let study = Study::resolve(StudyFile::parse(text, &path).unwrap(), &path).unwrap();
        let ledgers = &study.anchors[0].ledgers;
        assert_eq!(ledgers.len(), 2, "each file once");
        let h = ledgers
            .iter()
            .find(|l| l.display == "headerless.csv")
            .unwrap();
        assert_eq!(h.options.header_row, Some(0));
    }

    /// Regression: a study in `run[1]/` read every ledger of a sibling folder `run1/`,
    /// because the folder's brackets were taken as a pattern.
    #[test]
    fn the_study_folder_is_taken_literally() {
        let tmp = tempfile::tempdir().unwrap();
        for (folder, file) in [
            ("run[1]", "mine.csv"),
            ("run1", "theirs.csv"),
            ("runs?", "q.csv"),
        ] {
            std::fs::create_dir_all(tmp.path().join(folder)).unwrap();
            std::fs::write(tmp.path().join(folder).join(file), "x").unwrap();
        }
        std::fs::create_dir_all(tmp.path().join("runsX")).unwrap();
        std::fs::write(tmp.path().join("runsX/other.csv"), "x").unwrap();
        for (folder, want) in [("run[1]", "mine.csv"), ("runs?", "q.csv")] {
            let dir = tmp.path().join(folder);
            let found = expand(&dir, "ledger", "*.csv").unwrap();
            let names: Vec<&str> = found.iter().map(|(d, _)| d.as_str()).collect();
            assert_eq!(names, vec![want], "{folder}");
        }
        let star = tmp.path().join("*");
        std::fs::create_dir_all(&star).unwrap();
        assert!(
            expand(&star, "ledger", "*.csv").is_err(),
            "a folder named * holds no csv"
        );
    }

    #[test]
    fn headerless_needs_amount_position() {
        let spec = LedgerSpec {
            path: "a.csv".into(),
            header_row: Some(0),
            ..Default::default()
        };
        let err = resolve_options(&spec, &Defaults::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("columns.amount"), "{err}");
    }
}
