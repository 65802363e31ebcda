//! Between tables and the stage: resolve's supplier master read into inputs, and the
//! classification written back as the columns suppliers.parquet and transactions.parquet
//! gain (replacing any an earlier classify run added, so reruns give the same tables).

use polars::prelude::*;

use super::Rules;
use super::ledger::Rows;
use super::supplier::{Classified, SupplierInput};
use crate::tables::{list_column, str_col, str_lists};

/// Columns classify adds to suppliers.parquet.
pub const SUPPLIER_COLUMNS: [&str; 19] = [
    "postcode",
    "place_source",
    "place_note",
    "lad",
    "lad_name",
    "lsoa",
    "imd_decile",
    "deprived",
    "band",
    "bands",
    "size_band",
    "size_source",
    "size_definition",
    "size_evidence",
    "ownership_form",
    "ownership_class",
    "ownership_source",
    "market",
    "market_source",
];

/// Columns classify adds to transactions.parquet.
pub const TRANSACTION_COLUMNS: [&str; 11] = [
    "supplier_id",
    "influenceable",
    "exclusion_rule",
    "band",
    "partnership_band",
    "deprived",
    "size_band",
    "ownership_form",
    "market",
    "market_source",
    "place_source",
];

/// The supplier master as classify needs it.
pub fn read_suppliers(df: &DataFrame) -> anyhow::Result<Vec<SupplierInput>> {
    let need = |name: &str| {
        str_col(df, name)?.ok_or_else(|| {
            anyhow::anyhow!("suppliers.parquet has no {name} column: rerun `spendgap resolve`")
        })
    };
    let id = need("supplier_id")?;
    let name = need("display_name")?;
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

/// Drops the columns an earlier run added, then appends `columns`.
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
    df.hstack_mut(&columns)?;
    Ok(df)
}

/// The added columns of suppliers.parquet, in [`SUPPLIER_COLUMNS`] order.
pub fn supplier_columns(c: &[Classified], rules: &Rules) -> Vec<Column> {
    let s = |name: &str, f: fn(&Classified) -> Option<&str>| text(name, c.iter().map(f));
    vec![
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

/// The added columns of transactions.parquet, in [`TRANSACTION_COLUMNS`] order.
/// `starts[i]` is row `i`'s anchor's innermost band.
pub fn transaction_columns(
    rows: &Rows,
    suppliers: &[SupplierInput],
    c: &[Classified],
    rules: &Rules,
    starts: &[usize],
) -> Vec<Column> {
    let sup = |i: usize| rows.supplier[i].map(|s| s as usize);
    let n = rows.supplier.len();
    let band = |i: usize, start: usize| -> &str {
        let (mask, placed, out) = sup(i).map_or((0, false, false), |s| {
            (c[s].band_mask, c[s].placed, c[s].outside_uk)
        });
        rules.band_name(mask, placed, out, start)
    };
    vec![
        text(
            "supplier_id",
            (0..n).map(|i| sup(i).map(|s| suppliers[s].supplier_id.as_str())),
        ),
        BooleanChunked::from_iter_values(
            "influenceable".into(),
            rows.rule.iter().map(Option::is_none),
        )
        .into_column(),
        text(
            "exclusion_rule",
            rows.rule
                .iter()
                .map(|r| r.map(|r| rows.rule_ids[r as usize].as_str())),
        ),
        text("band", (0..n).map(|i| Some(band(i, starts[i])))),
        text("partnership_band", (0..n).map(|i| Some(band(i, 0)))),
        BooleanChunked::from_iter_options(
            "deprived".into(),
            (0..n).map(|i| sup(i).and_then(|s| c[s].deprived)),
        )
        .into_column(),
        text(
            "size_band",
            (0..n).map(|i| Some(sup(i).map_or("unknown", |s| c[s].size_band))),
        ),
        text(
            "ownership_form",
            (0..n).map(|i| Some(sup(i).map_or("unknown", |s| c[s].ownership_form.as_str()))),
        ),
        text(
            "market",
            rows.market
                .iter()
                .map(|m| Some(rows.markets[*m as usize].as_str())),
        ),
        text("market_source", rows.market_source.iter().map(|s| Some(*s))),
        text(
            "place_source",
            (0..n).map(|i| sup(i).and_then(|s| c[s].place_source)),
        ),
    ]
}
