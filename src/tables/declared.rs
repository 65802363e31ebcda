//! The run folder's tables that one stage writes and later stages read, declared once:
//! each table's file, the stage that writes it, and its columns with their types, in the
//! order written. Stages read through these declarations, and a test holds every table a
//! run writes to them, so a column renamed or retyped in one stage is caught where it
//! happens rather than as a missing figure three stages on.
//!
//! `transactions.parquet` and `suppliers.parquet` have two shapes: as ingest and resolve
//! write them, and with the columns classify adds. Both shapes are declared.

use polars::prelude::{ArrowDataType, DataType};

/// A column's type as the stages write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    TextList,
    Bool,
    Date,
    UInt32,
    UInt64,
    Int32,
    Int64,
    Float64,
}

impl Kind {
    /// Whether a column read back as `dtype` is of this kind.
    pub fn is(self, dtype: &DataType) -> bool {
        match self {
            Kind::Text => matches!(dtype, DataType::String),
            Kind::TextList => matches!(dtype, DataType::List(inner) if **inner == DataType::String),
            Kind::Bool => matches!(dtype, DataType::Boolean),
            Kind::Date => matches!(dtype, DataType::Date),
            Kind::UInt32 => matches!(dtype, DataType::UInt32),
            Kind::UInt64 => matches!(dtype, DataType::UInt64),
            Kind::Int32 => matches!(dtype, DataType::Int32),
            Kind::Int64 => matches!(dtype, DataType::Int64),
            Kind::Float64 => matches!(dtype, DataType::Float64),
        }
    }

    /// Whether a column of a Parquet file's schema is of this kind.
    pub fn is_arrow(self, dtype: &ArrowDataType) -> bool {
        self.is(&DataType::from_arrow_dtype(dtype))
    }
}

/// One declared column.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub name: &'static str,
    pub kind: Kind,
    /// Written in every run; an optional column (a ledger field no ledger gave) may be
    /// absent, never of another type.
    pub required: bool,
}

const fn col(name: &'static str, kind: Kind) -> Col {
    Col {
        name,
        kind,
        required: true,
    }
}

const fn optional(name: &'static str) -> Col {
    Col {
        name,
        kind: Kind::Text,
        required: false,
    }
}

/// One table of the run folder: its file, the command that writes it, and its columns,
/// in order, as the concatenation of `parts` (a stage that adds columns adds a part).
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub file: &'static str,
    pub stage: &'static str,
    pub parts: &'static [&'static [Col]],
}

impl Table {
    pub fn columns(&self) -> impl Iterator<Item = &'static Col> {
        self.parts.iter().flat_map(|p| p.iter())
    }

    pub fn column(&self, name: &str) -> Option<&'static Col> {
        self.columns().find(|c| c.name == name)
    }

    /// What is wrong with a table holding `columns` (name and type, in file order), one
    /// line each: a required column missing, a column of another type, an undeclared
    /// column, or columns out of the declared order.
    pub fn check<'a>(&self, columns: impl IntoIterator<Item = (&'a str, DataType)>) -> Vec<String> {
        let mut wrong = Vec::new();
        let columns: Vec<(&str, DataType)> = columns.into_iter().collect();
        for c in self.columns() {
            match columns.iter().find(|(n, _)| *n == c.name) {
                None if c.required => wrong.push(format!("no {} column", c.name)),
                Some((_, dtype)) if !c.kind.is(dtype) => wrong.push(format!(
                    "column {} is {dtype}, not {:?} as declared",
                    c.name, c.kind
                )),
                _ => {}
            }
        }
        let declared: Vec<&str> = self.columns().map(|c| c.name).collect();
        let mut last = None;
        for (name, _) in &columns {
            match declared.iter().position(|d| d == name) {
                None => wrong.push(format!("column {name} is not declared")),
                Some(i) if last.is_some_and(|l| i < l) => {
                    wrong.push(format!("column {name} is out of the declared order"));
                }
                Some(i) => last = Some(i),
            }
        }
        wrong
    }
}

/// The names of `cols`, for a stage that lists the columns it adds.
pub const fn names<const N: usize>(cols: &[Col; N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = cols[i].name;
        i += 1;
    }
    out
}

use Kind::*;

/// transactions.parquet as ingest writes it: the fixed columns, then each optional text
/// field that some ledger gave, in the order of `config::field::Field::TEXT`.
const INGESTED: [Col; 18] = [
    col("anchor_id", Text),
    col("source_file", Text),
    col("source_sheet", Text),
    col("source_row", UInt32),
    col("date", Date),
    col("amount_pence", Int64),
    col("supplier_name", Text),
    col("duplicate_of", Text),
    optional("supplier_ref"),
    optional("transaction_ref"),
    optional("expense_type"),
    optional("service_area"),
    optional("description"),
    optional("postcode"),
    optional("company_number"),
    optional("charity_number"),
    optional("vat_number"),
    optional("capital_revenue"),
];

/// The columns classify adds to transactions.parquet.
pub const CLASSIFIED_TRANSACTION_COLUMNS: [Col; 11] = [
    col("supplier_id", Text),
    col("influenceable", Bool),
    col("exclusion_rule", Text),
    col("band", Text),
    col("partnership_band", Text),
    col("deprived", Bool),
    col("size_band", Text),
    col("ownership_form", Text),
    col("market", Text),
    col("market_source", Text),
    col("place_source", Text),
];

/// suppliers.parquet as resolve writes it: the supplier master.
const RESOLVED_SUPPLIERS: [Col; 17] = [
    col("supplier_id", Text),
    col("display_name", Text),
    col("resolve_shown_name", Text),
    col("name_evidence", Text),
    col("spellings", TextList),
    col("anchors", TextList),
    col("transactions", UInt64),
    col("spend_pence", Int64),
    col("status", Text),
    col("set_aside_reason", Text),
    col("register", Text),
    col("register_id", Text),
    col("score", Float64),
    col("tier", Text),
    col("explanation", Text),
    col("linked_ids", TextList),
    col("best_candidate", Text),
];

/// The columns classify adds to suppliers.parquet.
pub const CLASSIFIED_SUPPLIER_COLUMNS: [Col; 20] = [
    col("shown_name", Text),
    col("postcode", Text),
    col("place_source", Text),
    col("place_note", Text),
    col("lad", Text),
    col("lad_name", Text),
    col("lsoa", Text),
    col("imd_decile", Int32),
    col("deprived", Bool),
    col("band", Text),
    col("bands", TextList),
    col("size_band", Text),
    col("size_source", Text),
    col("size_definition", Text),
    col("size_evidence", Text),
    col("ownership_form", Text),
    col("ownership_class", Text),
    col("ownership_source", Text),
    col("market", Text),
    col("market_source", Text),
];

pub const TRANSACTIONS: Table = Table {
    file: "transactions.parquet",
    stage: "ingest",
    parts: &[&INGESTED],
};

pub const CLASSIFIED_TRANSACTIONS: Table = Table {
    file: "transactions.parquet",
    stage: "classify",
    parts: &[&INGESTED, &CLASSIFIED_TRANSACTION_COLUMNS],
};

pub const SUPPLIERS: Table = Table {
    file: "suppliers.parquet",
    stage: "resolve",
    parts: &[&RESOLVED_SUPPLIERS],
};

pub const CLASSIFIED_SUPPLIERS: Table = Table {
    file: "suppliers.parquet",
    stage: "classify",
    parts: &[&RESOLVED_SUPPLIERS, &CLASSIFIED_SUPPLIER_COLUMNS],
};

/// Each distinct ledger name and the supplier it joins: the join later stages use.
pub const SUPPLIER_NAMES: Table = Table {
    file: "supplier_names.parquet",
    stage: "resolve",
    parts: &[&[
        col("supplier_name", Text),
        col("supplier_id", Text),
        col("decision", Text),
    ]],
};

/// The baseline, long format (measure; read by report and by a later run's trend).
pub const METRICS: Table = Table {
    file: "metrics.parquet",
    stage: "measure",
    parts: &[&[
        col("anchor_id", Text),
        col("year", Text),
        col("metric", Text),
        col("unit", Text),
        col("value", Float64),
        col("numerator_pence", Int64),
        col("denominator_pence", Int64),
        col("coverage", Float64),
        col("standing", Text),
    ]],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(list: &[(&'static str, DataType)]) -> Vec<(&'static str, DataType)> {
        list.to_vec()
    }

    #[test]
    fn a_table_as_declared_passes_and_each_kind_of_drift_is_named() {
        let ok = cols(&[
            ("supplier_name", DataType::String),
            ("supplier_id", DataType::String),
            ("decision", DataType::String),
        ]);
        assert!(SUPPLIER_NAMES.check(ok).is_empty());
        let drifted = cols(&[
            ("supplier_id", DataType::Int64),
            ("supplier_name", DataType::String),
            ("note", DataType::String),
        ]);
        assert_eq!(
            SUPPLIER_NAMES.check(drifted),
            [
                "column supplier_id is i64, not Text as declared",
                "no decision column",
                "column supplier_name is out of the declared order",
                "column note is not declared",
            ]
        );
    }

    #[test]
    fn optional_ledger_fields_may_be_absent_but_not_retyped() {
        let base: Vec<(&str, DataType)> = INGESTED
            .iter()
            .filter(|c| c.required)
            .map(|c| {
                let dtype = match c.kind {
                    UInt32 => DataType::UInt32,
                    Date => DataType::Date,
                    Int64 => DataType::Int64,
                    _ => DataType::String,
                };
                (c.name, dtype)
            })
            .collect();
        assert!(TRANSACTIONS.check(base.clone()).is_empty());
        let mut retyped = base;
        retyped.push(("postcode", DataType::Int64));
        assert_eq!(
            TRANSACTIONS.check(retyped),
            ["column postcode is i64, not Text as declared"]
        );
    }

    #[test]
    fn the_added_parts_follow_their_base() {
        let names: Vec<&str> = CLASSIFIED_SUPPLIERS.columns().map(|c| c.name).collect();
        assert_eq!(names.len(), 37);
        assert_eq!(names[0], "supplier_id");
        assert_eq!(names[17], "shown_name");
    }
}
