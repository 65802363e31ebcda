//! What the gap stage needs of each supplier, read from the classified supplier master:
//! its place against the study's bands, its size and ownership, whether it is a person.

use polars::prelude::*;

use crate::reference::registers::org::OwnershipForm;
use crate::tables::{str_col, str_lists};

/// What the gap stage needs of one supplier (a row of the classified suppliers.parquet).
#[derive(Debug, Clone, Default)]
pub struct SupplierFacts {
    pub supplier_id: String,
    pub display_name: String,
    /// Individuals and redacted payees: counted, never named.
    pub person: bool,
    /// Bit `i` set when declared band `i` holds the supplier's place.
    pub mask: u64,
    /// Placed somewhere (a band, Rest of UK or Outside UK), not Unknown.
    pub placed: bool,
    pub band: String,
    pub postcode: String,
    pub lad_name: String,
    pub size_band: String,
    pub ownership_form: String,
    /// Social-economy ownership (co-operative, CBS, CIC, charity, employee-owned, …).
    pub democratic: bool,
    /// `register:id` of every register record of the supplier.
    pub linked_ids: Vec<String>,
}

/// Reads the classified supplier master; `bands` are the study's declared band names.
pub fn read_suppliers(df: &DataFrame, bands: &[String]) -> anyhow::Result<Vec<SupplierFacts>> {
    let need = |name: &str| {
        str_col(df, name)?.ok_or_else(|| {
            anyhow::anyhow!("suppliers.parquet has no {name} column: run `spendgap classify` first")
        })
    };
    let (id, name, band, size, form) = (
        need("supplier_id")?,
        need("shown_name")?,
        need("band")?,
        need("size_band")?,
        need("ownership_form")?,
    );
    let aside = str_col(df, "set_aside_reason")?;
    let postcode = str_col(df, "postcode")?;
    let lad_name = str_col(df, "lad_name")?;
    let opt = |c: Option<&StringChunked>, i| c.and_then(|c| c.get(i)).unwrap_or("").to_string();
    if df.column("bands").is_err() {
        anyhow::bail!("suppliers.parquet has no bands column: run `spendgap classify` first");
    }
    let held = str_lists(df, "bands")?;
    let linked = str_lists(df, "linked_ids")?;
    let get = |c: &StringChunked, i| c.get(i).unwrap_or("").to_string();
    Ok((0..df.height())
        .map(|i| {
            let band = get(band, i);
            let form = get(form, i);
            let mask = held.get(i).map_or(0, |names| {
                names.iter().fold(0u64, |m, n| {
                    bands
                        .iter()
                        .position(|b| b == n)
                        .map_or(m, |p| m | (1 << p))
                })
            });
            let person = matches!(
                aside.and_then(|a| a.get(i)),
                Some("individual" | "redacted")
            );
            SupplierFacts {
                supplier_id: get(id, i),
                display_name: get(name, i),
                person,
                mask,
                placed: band != crate::config::analysis::UNKNOWN,
                democratic: crate::rulefile::word::<OwnershipForm>(&form)
                    .is_ok_and(OwnershipForm::is_social_economy),
                band,
                postcode: opt(postcode, i),
                lad_name: opt(lad_name, i),
                size_band: get(size, i),
                ownership_form: form,
                linked_ids: linked.get(i).cloned().unwrap_or_default(),
            }
        })
        .collect())
}
