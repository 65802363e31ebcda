//! The distinct supplier names of the transactions, with what the ledgers say of each:
//! one pass over the rows as codes, in parallel runs whose sums are merged in row order,
//! so that the names and their evidence do not depend on the split.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;
use rayon::prelude::*;

use super::NameStats;
use crate::kernels::bits::{bits_of, set_bit};
use crate::kernels::codes::{Codes, Interner};
use crate::kernels::runs;
use crate::read::values::date::epoch_date;
use crate::reference::postcode::{self, Postcode};
use crate::tables::str_col;

/// The distinct supplier names of a transactions table (trimmed), sorted, with their
/// evidence. Duplicates are left out.
pub fn name_stats(df: &DataFrame) -> anyhow::Result<Vec<NameStats>> {
    name_stats_in(df, runs::pieces(df.height()))
}

/// The table's columns as codes.
struct Rows<'a> {
    /// Trimmed name of each row.
    name: Vec<u32>,
    anchor: &'a [u32],
    /// The code of a null or empty anchor id, which names no anchor.
    no_anchor: Option<u32>,
    postcode: Option<Codes>,
    /// Each row's company and charity number, as codes whose trimmed value is not empty.
    ids: [Option<(Codes, Vec<bool>)>; 2],
    pence: &'a Int64Chunked,
    days: &'a Int32Chunked,
    duplicate: Option<&'a StringChunked>,
    names: usize,
    /// 64-bit words per name's anchor set.
    words: usize,
}

/// [`name_stats`] with the rows split into `pieces` runs.
pub(super) fn name_stats_in(df: &DataFrame, pieces: usize) -> anyhow::Result<Vec<NameStats>> {
    let column = |n: &str| {
        str_col(df, n)?.ok_or_else(|| anyhow::anyhow!("the transactions table has no {n} column"))
    };
    let (raw_names, anchor_ids) = (column("supplier_name")?, column("anchor_id")?);
    let optional = |n: &str| str_col(df, n).map(|c| c.map(Codes::of_text));
    let ((raw, anchors), (postcode, (companies, charities))) = rayon::join(
        || rayon::join(|| Codes::of_text(raw_names), || Codes::of_text(anchor_ids)),
        || {
            rayon::join(
                || optional("postcode"),
                || rayon::join(|| optional("company_number"), || optional("charity_number")),
            )
        },
    );
    // Spellings that differ only in padding are one name.
    let mut trimmed = Interner::default();
    let trim_code = raw.map(|v| trimmed.code(v.trim()));
    let present = |c: Codes| {
        let ok = c.values.iter().map(|v| !v.trim().is_empty()).collect();
        (c, ok)
    };
    let rows = Rows {
        name: trim_code,
        anchor: &anchors.codes,
        no_anchor: anchors
            .values
            .iter()
            .position(String::is_empty)
            .map(|p| p as u32),
        postcode: postcode?,
        ids: [companies?.map(present), charities?.map(present)],
        pence: df.column("amount_pence")?.i64()?,
        days: &df.column("date")?.date()?.phys,
        duplicate: str_col(df, "duplicate_of")?,
        names: trimmed.values.len(),
        words: anchors.values.len().div_ceil(64).max(1),
    };
    let runs = runs::runs(df.height(), pieces);
    let sum = |start, len| Sums::of(&rows, start, len);
    let mut sums = runs::sum_runs(&runs, sum, Sums::merge).unwrap_or_else(|| Sums::new(&rows));
    let parsed: Vec<Option<Postcode>> = (rows.postcode.iter())
        .flat_map(|c| c.values.iter())
        .map(|p| postcode::parse(p).ok())
        .collect();
    // Postcode counts grouped by name.
    let mut postcodes: Vec<((u32, u32), u32)> =
        std::mem::take(&mut sums.postcodes).into_iter().collect();
    postcodes.par_sort_unstable();
    let mut out: Vec<NameStats> = (0..rows.names)
        .into_par_iter()
        .filter(|&k| sums.transactions[k] > 0)
        .map(|k| {
            let from = postcodes.partition_point(|p| (p.0.0 as usize) < k);
            let to = postcodes.partition_point(|p| (p.0.0 as usize) <= k);
            let mut s = sums.stats(&rows, k, trimmed.values[k], &anchors.values);
            s.evidence.postcode = main_postcode(&postcodes[from..to], &parsed);
            s
        })
        .collect();
    out.par_sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Per-name sums of a run of rows, by trimmed-name code.
struct Sums {
    transactions: Vec<u64>,
    /// Exact, and clamped to `i64` only at the end.
    pence: Vec<i128>,
    first_day: Vec<i32>,
    last_day: Vec<i32>,
    anchor_bits: Vec<u64>,
    /// Rows by (name, postcode code).
    postcodes: PlHashMap<(u32, u32), u32>,
    /// The first row's company and charity number codes.
    ids: [Vec<Option<u32>>; 2],
}

impl Sums {
    fn new(r: &Rows) -> Self {
        Sums {
            transactions: vec![0; r.names],
            pence: vec![0; r.names],
            first_day: vec![i32::MAX; r.names],
            last_day: vec![i32::MIN; r.names],
            anchor_bits: vec![0; r.names * r.words],
            postcodes: PlHashMap::default(),
            ids: [vec![None; r.names], vec![None; r.names]],
        }
    }

    /// Sums rows `start..start + len`.
    fn of(r: &Rows, start: usize, len: usize) -> Self {
        let mut s = Sums::new(r);
        let pence = r.pence.slice(start as i64, len);
        let days = r.days.slice(start as i64, len);
        let duplicate = r.duplicate.map(|d| d.slice(start as i64, len));
        // A row with a `duplicate_of` repeats one read from another file.
        let repeats = (duplicate.iter().flat_map(|d| d.iter()))
            .map(|d| d.is_some())
            .chain(std::iter::repeat(false));
        for (k, ((p, d), repeat)) in pence.iter().zip(days.iter()).zip(repeats).enumerate() {
            if repeat {
                continue;
            }
            let i = start + k;
            let name = r.name[i] as usize;
            s.transactions[name] += 1;
            s.pence[name] += i128::from(p.unwrap_or(0));
            let a = r.anchor[i];
            if Some(a) != r.no_anchor {
                set_bit(&mut s.anchor_bits, name * r.words, a as usize);
            }
            if let Some(d) = d {
                s.first_day[name] = s.first_day[name].min(d);
                s.last_day[name] = s.last_day[name].max(d);
            }
            if let Some(pc) = &r.postcode {
                *s.postcodes.entry((name as u32, pc.codes[i])).or_default() += 1;
            }
            for (slot, col) in s.ids.iter_mut().zip(&r.ids) {
                if let Some((c, ok)) = col
                    && slot[name].is_none()
                    && ok[c.codes[i] as usize]
                {
                    slot[name] = Some(c.codes[i]);
                }
            }
        }
        s
    }

    /// Adds the sums of the rows after this run's.
    fn merge(mut self, other: Sums) -> Self {
        let pairs = self.transactions.iter_mut().zip(other.transactions);
        pairs.for_each(|(a, b)| *a += b);
        self.pence
            .iter_mut()
            .zip(other.pence)
            .for_each(|(a, b)| *a += b);
        let firsts = self.first_day.iter_mut().zip(other.first_day);
        firsts.for_each(|(a, b)| *a = (*a).min(b));
        let lasts = self.last_day.iter_mut().zip(other.last_day);
        lasts.for_each(|(a, b)| *a = (*a).max(b));
        let bits = self.anchor_bits.iter_mut().zip(other.anchor_bits);
        bits.for_each(|(a, b)| *a |= b);
        for (k, n) in other.postcodes {
            *self.postcodes.entry(k).or_default() += n;
        }
        for (mine, theirs) in self.ids.iter_mut().zip(other.ids) {
            mine.iter_mut().zip(theirs).for_each(|(a, b)| *a = a.or(b));
        }
        self
    }

    /// What the ledgers say of trimmed name `k`.
    fn stats(&self, r: &Rows, k: usize, name: &str, anchors: &[String]) -> NameStats {
        let held = bits_of(&self.anchor_bits, k * r.words, r.words);
        let id = |j: usize| {
            let (c, _) = r.ids[j].as_ref()?;
            self.ids[j][k].map(|code| c.values[code as usize].trim().to_string())
        };
        let mut s = NameStats {
            name: name.to_string(),
            anchors: held.map(|a| anchors[a].clone()).collect::<BTreeSet<_>>(),
            transactions: self.transactions[k],
            pence: self.pence[k].clamp(i64::MIN.into(), i64::MAX.into()) as i64,
            ..Default::default()
        };
        let e = &mut s.evidence;
        e.company_number = id(0);
        e.charity_number = id(1);
        if self.first_day[k] <= self.last_day[k] {
            e.first_paid = Some(epoch_date(self.first_day[k]));
            e.last_paid = Some(epoch_date(self.last_day[k]));
        }
        s
    }
}

/// The postcode written most often beside a name, from its (name, postcode code) row
/// counts; ties to the first in order. Spellings of one postcode count together.
fn main_postcode(counts: &[((u32, u32), u32)], parsed: &[Option<Postcode>]) -> Option<Postcode> {
    let mut by_postcode: BTreeMap<&Postcode, u32> = BTreeMap::new();
    for ((_, code), n) in counts {
        if let Some(p) = &parsed[*code as usize] {
            *by_postcode.entry(p).or_default() += n;
        }
    }
    by_postcode
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(p, _)| p.clone())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::read::values::date::epoch_days;

    /// name, anchor, pence, date (y, m, d), postcode, company number, duplicate_of.
    type Row = (
        &'static str,
        &'static str,
        i64,
        Option<(i32, u32, u32)>,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    );

    #[rustfmt::skip]
    const ROWS: [Row; 6] = [
        ("Acme Ltd", "a1", 100, Some((2024, 1, 5)), Some("OX1 1AA"), None, None),
        ("  Acme Ltd ", "a2", 200, Some((2023, 12, 1)), Some("ox1 1aa"), Some("  "), None),
        ("Acme Ltd", "a1", 50, None, Some("OX2 2BB"), Some("01234567"), None),
        ("Acme Ltd", "a3", 999, Some((2020, 1, 1)), None, Some("7"), Some("f.csv:2")),
        ("Beta", "a2", -30, Some((2024, 2, 1)), Some("not a postcode"), Some("999"), None),
        ("Gamma", "a1", 10, None, None, None, Some("f.csv:9")),
    ];

    fn frame() -> DataFrame {
        let day = |d: Option<(i32, u32, u32)>| {
            d.map(|(y, m, dd)| epoch_days(NaiveDate::from_ymd_opt(y, m, dd).unwrap()))
        };
        let text = |n: &str, f: fn(&Row) -> Option<&'static str>| {
            StringChunked::from_iter_options(n.into(), ROWS.iter().map(f)).into_column()
        };
        let cols = vec![
            text("supplier_name", |r| Some(r.0)),
            text("anchor_id", |r| Some(r.1)),
            Int64Chunked::from_iter_values("amount_pence".into(), ROWS.iter().map(|r| r.2))
                .into_column(),
            Int32Chunked::from_iter_options("date".into(), ROWS.iter().map(|r| day(r.3)))
                .into_date()
                .into_column(),
            text("postcode", |r| r.4),
            text("company_number", |r| r.5),
            text("duplicate_of", |r| r.6),
        ];
        DataFrame::new(ROWS.len(), cols).unwrap()
    }

    #[test]
    fn names_and_evidence_worked_out_by_hand() {
        // From ROWS by hand: the duplicate rows (4 and 6) count nowhere, so Gamma, paid
        // only in a duplicate, is not a name; the padded spelling is Acme's; Acme's
        // postcode is OX1 1AA, written twice in two spellings against OX2 2BB once; its
        // company number is the first that is not blank.
        let got = name_stats_in(&frame(), 1).unwrap();
        let names: Vec<&str> = got.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Acme Ltd", "Beta"]);
        let (acme, beta) = (&got[0], &got[1]);
        assert_eq!((acme.transactions, acme.pence), (3, 350));
        assert_eq!(acme.anchors, ["a1", "a2"].map(String::from).into());
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(acme.evidence.first_paid, d(2023, 12, 1));
        assert_eq!(acme.evidence.last_paid, d(2024, 1, 5));
        assert_eq!(acme.evidence.postcode, postcode::parse("OX1 1AA").ok());
        assert_eq!(acme.evidence.company_number.as_deref(), Some("01234567"));
        assert_eq!((beta.transactions, beta.pence), (1, -30));
        assert_eq!(beta.evidence.postcode, None);
        assert_eq!(beta.evidence.company_number.as_deref(), Some("999"));
    }

    #[test]
    fn names_do_not_depend_on_how_the_rows_are_split() {
        let one = format!("{:?}", name_stats_in(&frame(), 1).unwrap());
        for pieces in [2, 3, 6] {
            let got = format!("{:?}", name_stats_in(&frame(), pieces).unwrap());
            assert_eq!(got, one, "{pieces} pieces");
        }
    }
}
