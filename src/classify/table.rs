//! Between tables and the stage: resolve's supplier master read into inputs, and the
//! classification written back as the columns suppliers.parquet and transactions.parquet
//! gain (replacing any an earlier classify run added, so reruns give the same tables).

use polars::prelude::*;
use rayon::prelude::*;

use super::Rules;
use super::supplier::{Classified, SupplierInput};
use super::transaction_pass::Rows;
use crate::kernels::codes::{Interner, text_column};
use crate::tables::declared::{CLASSIFIED_SUPPLIER_COLUMNS, CLASSIFIED_TRANSACTION_COLUMNS, names};
use crate::tables::{list_column, str_col, str_lists};

/// Columns classify adds to suppliers.parquet.
pub const SUPPLIER_COLUMNS: [&str; 20] = names(&CLASSIFIED_SUPPLIER_COLUMNS);

/// Columns classify adds to transactions.parquet.
pub const TRANSACTION_COLUMNS: [&str; 11] = names(&CLASSIFIED_TRANSACTION_COLUMNS);

/// The supplier master as classify needs it.
pub fn read_suppliers(df: &DataFrame) -> anyhow::Result<Vec<SupplierInput>> {
    let need = |name: &str| {
        str_col(df, name)?.ok_or_else(|| {
            anyhow::anyhow!("suppliers.parquet has no {name} column: rerun `spendgap resolve`")
        })
    };
    let id = need("supplier_id")?;
    let name = need("display_name")?;
    let shown = need("resolve_shown_name")?;
    let aside = str_col(df, "set_aside_reason")?;
    let register = str_col(df, "register")?;
    let register_id = str_col(df, "register_id")?;
    let spellings = str_lists(df, "spellings")?;
    let linked = str_lists(df, "linked_ids")?;
    let get = |c: Option<&StringChunked>, i| c.and_then(|c| c.get(i)).map(str::to_string);
    Ok((0..df.height())
        .map(|i| SupplierInput {
            supplier_id: id.get(i).unwrap_or("").to_string(),
            display_name: name.get(i).unwrap_or("").to_string(),
            shown_name: shown.get(i).unwrap_or("").to_string(),
            spellings: spellings.get(i).cloned().unwrap_or_default(),
            set_aside_reason: get(aside, i),
            register: get(register, i),
            register_id: get(register_id, i),
            linked_ids: linked.get(i).cloned().unwrap_or_default(),
            ledger_postcode: None,
        })
        .collect())
}

fn text<'a>(name: &str, values: impl Iterator<Item = Option<&'a str>>) -> Column {
    StringChunked::from_iter_options(name.into(), values).into_column()
}

/// Drops the columns an earlier run added, then appends `columns`, cut into the chunks
/// the table's columns already have.
pub fn replace_columns(
    mut df: DataFrame,
    names: &[&str],
    columns: Vec<Column>,
) -> anyhow::Result<DataFrame> {
    for n in names {
        if df.column(n).is_ok() {
            df = df.drop(n)?;
        }
    }
    let lengths: Vec<usize> = match df.columns().first() {
        Some(c) => c.as_materialized_series().chunk_lengths().collect(),
        None => vec![],
    };
    let columns = (columns.into_iter())
        .map(|c| chunked_like(c, &lengths))
        .collect::<anyhow::Result<Vec<_>>>()?;
    df.hstack_mut(&columns)?;
    Ok(df)
}

/// `col` as zero-copy slices of `lengths` rows. The parquet writer needs every column
/// chunked alike and would otherwise copy every column of a table read by row group into
/// one chunk first: 1 GB more at the peak for 10 million rows.
fn chunked_like(col: Column, lengths: &[usize]) -> anyhow::Result<Column> {
    if lengths.len() <= 1 || lengths.iter().sum::<usize>() != col.len() {
        return Ok(col);
    }
    let whole = col.as_materialized_series();
    let mut offset = 0;
    let mut out = whole.slice(0, 0);
    for &len in lengths {
        out.append(&whole.slice(offset as i64, len))?;
        offset += len;
    }
    Ok(out.into_column())
}

/// The added columns of suppliers.parquet, in [`SUPPLIER_COLUMNS`] order.
pub fn supplier_columns(c: &[Classified], rules: &Rules) -> Vec<Column> {
    let s = |name: &str, f: fn(&Classified) -> Option<&str>| text(name, c.iter().map(f));
    vec![
        s("shown_name", |c| Some(&c.shown_name)),
        s("postcode", |c| c.postcode.as_deref()),
        s("place_source", |c| c.place_source),
        s("place_note", |c| c.place_note.as_deref()),
        s("lad", |c| c.lad.as_deref()),
        s("lad_name", |c| c.lad_name.as_deref()),
        s("lsoa", |c| c.lsoa.as_deref()),
        Int32Chunked::from_iter_options(
            "imd_decile".into(),
            c.iter().map(|c| c.imd_decile.map(i32::from)),
        )
        .into_column(),
        BooleanChunked::from_iter_options("deprived".into(), c.iter().map(|c| c.deprived))
            .into_column(),
        text("band", c.iter().map(|c| Some(rules.supplier_band(c)))),
        list_column("bands", c.iter().map(|c| rules.bands_holding(c.band_mask))),
        s("size_band", |c| Some(c.size_band)),
        s("size_source", |c| Some(c.size_source)),
        text(
            "size_definition",
            c.iter().map(|_| Some(rules.sizes.name.as_str())),
        ),
        s("size_evidence", |c| c.size_evidence.as_deref()),
        s("ownership_form", |c| Some(c.ownership_form.as_str())),
        s("ownership_class", |c| c.ownership_class.as_deref()),
        s("ownership_source", |c| Some(c.ownership_source)),
        s("market", |c| c.market.as_deref()),
        s("market_source", |c| c.market_source),
    ]
}

/// A supplier's value of a field, as a code into the field's distinct values.
struct PerSupplier<'a> {
    values: Vec<&'a str>,
    codes: Vec<Option<u32>>,
}

impl<'a> PerSupplier<'a> {
    fn new(c: &'a [Classified], f: impl Fn(&'a Classified) -> Option<&'a str>) -> Self {
        let mut values = Interner::default();
        let codes = c.iter().map(|c| Some(values.code(f(c)?))).collect();
        PerSupplier {
            values: values.values,
            codes,
        }
    }

    /// The field as a column over rows whose suppliers are `rows`; rows without a
    /// supplier get `none`.
    fn column(
        mut self,
        name: &str,
        rows: &[Option<u32>],
        none: Option<&'a str>,
    ) -> anyhow::Result<Column> {
        let none = none.map(|v| {
            self.values.push(v);
            self.values.len() as u32 - 1
        });
        let codes = (rows.iter()).map(|s| s.map_or(none, |s| self.codes[s as usize]));
        text_column(name, &self.values, codes)
    }
}

/// The added columns of transactions.parquet, in [`TRANSACTION_COLUMNS`] order, built
/// on all threads. `starts[i]` is row `i`'s anchor's innermost band.
pub fn transaction_columns(
    rows: &Rows,
    suppliers: &[SupplierInput],
    c: &[Classified],
    rules: &Rules,
    starts: &[u32],
) -> anyhow::Result<Vec<Column>> {
    let sup = &rows.supplier;
    // Each supplier's band on each ladder in use (0: the partnership's), indexed by the
    // ladder's start; the last entry is the band of a row with no supplier.
    let mut used = vec![false; starts.iter().max().map_or(0, |&m| m as usize) + 1];
    used[0] = true;
    starts.iter().for_each(|&s| used[s as usize] = true);
    let ladders: Vec<Vec<u32>> = (used.iter().enumerate())
        .map(|(start, &used)| match used {
            false => Vec::new(),
            true => (c.iter())
                .map(|c| (c.band_mask, c.placed, c.outside_uk))
                .chain([(0, false, false)])
                .map(|(mask, placed, out)| rules.band_index(mask, placed, out, start) as u32)
                .collect(),
        })
        .collect();
    let band_names: Vec<&str> = rules.band_names.iter().map(String::as_str).collect();
    let no_supplier = c.len();
    // On the anchor's own ladder, or on the partnership's.
    let band_column = |name: &str, own: bool| {
        let codes = (0..sup.len()).map(|i| {
            let ladder = &ladders[if own { starts[i] as usize } else { 0 }];
            Some(ladder[sup[i].map_or(no_supplier, |s| s as usize)])
        });
        text_column(name, &band_names, codes)
    };
    let rule_ids: Vec<&str> = rows.rule_ids.iter().map(String::as_str).collect();
    let markets: Vec<&str> = rows.markets.iter().map(String::as_str).collect();
    type Job<'a> = Box<dyn Fn() -> anyhow::Result<Column> + Sync + 'a>;
    let jobs: Vec<Job> = vec![
        Box::new(|| {
            let ids = suppliers.iter().map(|s| s.supplier_id.as_str());
            text_column("supplier_id", &ids.collect::<Vec<_>>(), sup.iter().copied())
        }),
        Box::new(|| {
            let values = rows.rule.iter().map(Option::is_none);
            Ok(BooleanChunked::from_iter_values("influenceable".into(), values).into_column())
        }),
        Box::new(|| {
            let codes = rows.rule.iter().map(|r| r.map(u32::from));
            text_column("exclusion_rule", &rule_ids, codes)
        }),
        Box::new(|| band_column("band", true)),
        Box::new(|| band_column("partnership_band", false)),
        Box::new(|| {
            let values = sup.iter().map(|s| s.and_then(|s| c[s as usize].deprived));
            Ok(BooleanChunked::from_iter_options("deprived".into(), values).into_column())
        }),
        Box::new(|| {
            PerSupplier::new(c, |c| Some(c.size_band)).column("size_band", sup, Some("unknown"))
        }),
        Box::new(|| {
            PerSupplier::new(c, |c| Some(c.ownership_form.as_str())).column(
                "ownership_form",
                sup,
                Some("unknown"),
            )
        }),
        Box::new(|| {
            let codes = rows.market.iter().map(|&m| Some(m));
            text_column("market", &markets, codes)
        }),
        Box::new(|| {
            let codes = rows.market_source.iter().map(|&s| Some(u32::from(s)));
            text_column("market_source", &rows.sources, codes)
        }),
        Box::new(|| PerSupplier::new(c, |c| c.place_source).column("place_source", sup, None)),
    ];
    jobs.par_iter().map(|job| job()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_columns_take_the_chunks_of_the_table() {
        // A table read by row group has a chunk per group; the added columns must match,
        // or the parquet writer copies the whole table into one chunk.
        let mut a = Int64Chunked::from_slice("a".into(), &[1, 2, 3]);
        a.append(&Int64Chunked::from_slice("a".into(), &[4, 5]))
            .unwrap();
        let df = DataFrame::new(5, vec![a.into_column()]).unwrap();
        let b = StringChunked::from_slice("b".into(), &["p", "q", "r", "s", "t"]).into_column();
        let df = replace_columns(df, &["b"], vec![b]).unwrap();
        for c in df.columns() {
            let lengths: Vec<usize> = c.as_materialized_series().chunk_lengths().collect();
            assert_eq!(lengths, [3, 2], "{}", c.name());
        }
        let b: Vec<Option<&str>> = df.column("b").unwrap().str().unwrap().iter().collect();
        assert_eq!(b, [Some("p"), Some("q"), Some("r"), Some("s"), Some("t")]);
    }

    #[test]
    fn each_row_is_banded_on_its_anchors_ladder_and_on_the_partnerships() {
        // Bands: Oxford (0) inside Oxfordshire (1). Supplier 0 is in Oxford, supplier 1
        // elsewhere in Oxfordshire; a row without a supplier is Unknown on every ladder.
        // A district anchor's ladder starts at Oxford (0), the county's at Oxfordshire (1).
        let band = |name: &str| crate::config::analysis::BandSpec {
            name: name.into(),
            lads: vec![],
            counties: vec![],
            regions: vec![],
            countries: vec![],
        };
        let a = crate::config::analysis::Analysis {
            bands: vec![band("Oxford"), band("Oxfordshire")],
            ..crate::classify::tests::test_analysis()
        };
        let rules = Rules::load(&a).unwrap();
        let placed = |mask| Classified {
            band_mask: mask,
            placed: true,
            ..Default::default()
        };
        let classified = [placed(0b11), placed(0b10)];
        let suppliers: Vec<SupplierInput> = ["S0", "S1"]
            .iter()
            .map(|id| SupplierInput {
                supplier_id: id.to_string(),
                ..Default::default()
            })
            .collect();
        let supplier = vec![Some(0), Some(0), Some(1), Some(1), None, None];
        let starts = [0, 1, 0, 1, 0, 1];
        let n = supplier.len();
        let rows = Rows {
            supplier,
            rule: vec![None; n],
            market: vec![0; n],
            markets: vec!["Catering".into()],
            market_source: vec![0; n],
            sources: vec!["ledger"],
            ..Default::default()
        };
        let cols = transaction_columns(&rows, &suppliers, &classified, &rules, &starts).unwrap();
        // Null as "".
        let text = |name: &str| -> Vec<String> {
            let c = cols.iter().find(|c| c.name() == name).unwrap();
            c.str()
                .unwrap()
                .iter()
                .map(|v| v.unwrap_or("").to_string())
                .collect()
        };
        let (ox, oxon) = ("Oxford", "Oxfordshire");
        assert_eq!(text("band"), [ox, oxon, oxon, oxon, "Unknown", "Unknown"]);
        assert_eq!(
            text("partnership_band"),
            [ox, ox, oxon, oxon, "Unknown", "Unknown"]
        );
        assert_eq!(text("supplier_id"), ["S0", "S0", "S1", "S1", "", ""]);
    }
}
