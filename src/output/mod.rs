//! Writing outputs safely: every file is written under a temporary name in the output
//! folder and renamed into place only when all of them are complete, so a failed or
//! interrupted run never leaves a half-written table or overwrites a good one.

pub mod frame;
pub mod parquet;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;

/// A file's name within the output folder, and what fills it.
pub type Fill<'a> = (
    &'a str,
    Box<dyn Fn(&mut dyn Write) -> anyhow::Result<()> + Sync + 'a>,
);

/// Output files being written, renamed into place together by [`Staging::commit`].
pub struct Staging {
    dir: PathBuf,
    staged: Vec<(tempfile::NamedTempFile, PathBuf)>,
    /// The folder was made by this run: removed again if the run fails.
    created: bool,
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Temporary files delete themselves; an output folder this run created is removed
        // when nothing was committed into it (remove_dir fails on a non-empty folder).
        self.staged.clear();
        if self.created {
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

impl Staging {
    /// Creates the output folder if needed and proves it can be written to, before any
    /// long work starts.
    pub fn new(dir: &Path) -> anyhow::Result<Self> {
        let created = !dir.exists();
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create output folder {}", dir.display()))?;
        tempfile::Builder::new()
            .prefix(".spendgap-probe")
            .tempfile_in(dir)
            .with_context(|| format!("cannot write to output folder {}", dir.display()))?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            staged: Vec::new(),
            created,
        })
    }

    /// Writes several files: their contents made at once on the pool, each into memory,
    /// then staged one by one as [`Staging::write`] stages them. For a stage's small
    /// tables, which one core would otherwise write one after another.
    pub fn write_together(&mut self, files: Vec<Fill<'_>>) -> anyhow::Result<()> {
        use rayon::prelude::*;
        let made: Vec<anyhow::Result<Vec<u8>>> = files
            .par_iter()
            .map(|(_, fill)| {
                let mut bytes = Vec::new();
                fill(&mut bytes)?;
                Ok(bytes)
            })
            .collect();
        for ((name, _), bytes) in files.iter().zip(made) {
            let bytes =
                bytes.with_context(|| format!("writing {}", self.dir.join(name).display()))?;
            self.write(name, |w| Ok(w.write_all(&bytes)?))?;
        }
        Ok(())
    }

    /// Writes `name` through `fill` into a temporary file.
    pub fn write(
        &mut self,
        name: &str,
        fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let target = self.dir.join(name);
        // Beside its target (`name` may be in a subfolder, e.g. `charts/`), so the final
        // rename stays within one folder.
        let folder = target.parent().unwrap_or(&self.dir).to_path_buf();
        let base = target.file_name().unwrap_or_default().to_string_lossy();
        let prefix = format!(".{base}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        // Outputs are for sharing: readable by others as any file the user writes would be
        // (temporary files are otherwise private to their owner).
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let mut tmp = builder
            .tempfile_in(&folder)
            .with_context(|| format!("cannot write to output folder {}", folder.display()))?;
        {
            let mut w = BufWriter::new(tmp.as_file_mut());
            fill(&mut w).with_context(|| format!("writing {}", target.display()))?;
            w.flush()
                .with_context(|| format!("writing {}", target.display()))?;
        }
        tmp.as_file().sync_all().ok();
        self.staged.push((tmp, target));
        Ok(())
    }

    /// Renames every staged file into place, in the order written: callers write
    /// `reconciliation.json` last, so a folder whose reconciliation is complete holds a
    /// complete run. (A rename failing between files — only possible on a folder that
    /// stops being writable mid-run — can leave earlier files from the new run beside
    /// later ones from the old; the error says so.)
    pub fn commit(mut self) -> anyhow::Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        self.created = false;
        for (tmp, target) in std::mem::take(&mut self.staged) {
            tmp.persist(&target).with_context(|| {
                format!("cannot move output into place at {}", target.display())
            })?;
            written.push(target);
        }
        Ok(written)
    }
}

/// A CSV writer for tables people open in spreadsheets: every field goes through
/// [`inert`], so no ledger text can arrive as a formula, whichever table it is in.
pub struct SafeCsv<W: Write>(csv::Writer<W>);

impl<W: Write> SafeCsv<W> {
    pub fn new(w: W) -> Self {
        SafeCsv(csv::Writer::from_writer(w))
    }

    pub fn record<I, S>(&mut self, fields: I) -> anyhow::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.0
            .write_record(fields.into_iter().map(|f| inert(f.as_ref()).into_owned()))?;
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        self.0.flush()?;
        Ok(())
    }
}

/// Any rows as CSV through [`SafeCsv`], one per serialised struct, headed by its field
/// names (a table with no rows still gets its header, taken from a default row).
pub fn write_rows<T: Serialize + Default>(w: &mut dyn Write, rows: &[T]) -> anyhow::Result<()> {
    let mut plain = csv::Writer::from_writer(Vec::new());
    if rows.is_empty() {
        plain.serialize(T::default())?;
    }
    for r in rows {
        plain.serialize(r)?;
    }
    let bytes = plain.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut read = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let mut csv = SafeCsv::new(w);
    for (i, rec) in read.records().enumerate() {
        if rows.is_empty() && i > 0 {
            break;
        }
        csv.record(rec?.iter())?;
    }
    csv.finish()
}

pub fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    let first = text.chars().next();
    let formula = match first {
        Some('=' | '@' | '\t' | '\r') => true,
        // A signed number (`-5.00`, `-£1,204.50`, `-5.9e-6`) is a number, not a formula.
        Some('+' | '-') => {
            !text[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || ".,£ ".contains(c))
                && !text.parse::<f64>().is_ok_and(f64::is_finite)
        }
        _ => false,
    };
    if formula {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Pretty JSON with a trailing newline.
pub fn write_json<T: Serialize>(w: &mut dyn Write, value: &T) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value)?;
    w.write_all(b"\n")?;
    Ok(())
}

/// `value` as JSON on one line: for map layers, where indenting every coordinate pair
/// would triple the file.
pub fn write_json_compact<T: Serialize>(w: &mut dyn Write, value: &T) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *w, value)?;
    w.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Staging, inert, write_rows};

    #[test]
    fn files_made_together_are_written_in_full_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut staging = Staging::new(&out).unwrap();
        staging
            .write_together(vec![
                ("a.txt", Box::new(|w| Ok(w.write_all(b"first")?))),
                ("b.txt", Box::new(|w| Ok(w.write_all(b"second")?))),
            ])
            .unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"first");
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"second");
        // One that fails names its file, and none of the set is left behind.
        let again = dir.path().join("again");
        let mut staging = Staging::new(&again).unwrap();
        let err = staging
            .write_together(vec![
                ("a.txt", Box::new(|w| Ok(w.write_all(b"first")?))),
                ("b.txt", Box::new(|_| anyhow::bail!("no room"))),
            ])
            .unwrap_err();
        assert!(format!("{err:#}").contains("b.txt"), "{err:#}");
        drop(staging);
        assert!(!again.exists());
    }

    #[derive(serde::Serialize, Default)]
    struct Row {
        name: String,
        pence: i64,
    }

    #[test]
    fn serialised_tables_are_inert_and_always_headed() {
        // Regression: top_suppliers.csv carried ledger names through serde unguarded.
        let mut out = Vec::new();
        let rows = [Row {
            name: "=HYPERLINK(\"x\")".into(),
            pence: -125,
        }];
        write_rows(&mut out, &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,pence\n\"'=HYPERLINK(\"\"x\"\")\",-125\n"
        );
        let mut out = Vec::new();
        write_rows::<Row>(&mut out, &[]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "name,pence\n");
    }

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("-(5)"), "'-(5)");
        assert_eq!(inert("-5.00"), "-5.00");
        // Regression: a small change in trend.csv, written by serde as -5.9e-6, was quoted.
        assert_eq!(inert("-5.9378254803066355e-6"), "-5.9378254803066355e-6");
        assert_eq!(inert("-inf"), "'-inf");
        assert_eq!(inert("-e-6"), "'-e-6");
        assert_eq!(inert("TBC"), "TBC");
    }
}
