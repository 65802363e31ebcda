//! The canonical ledger fields every ERP's columns are mapped onto.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A canonical ledger field. `amount` is required; everything else is kept where a
/// ledger has it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The payment's value; becomes `amount_pence`.
    Amount,
    /// The payment (or invoice) date.
    Date,
    /// The payee as the ledger names it.
    SupplierName,
    SupplierRef,
    TransactionRef,
    ExpenseType,
    ServiceArea,
    Description,
    Postcode,
    CompanyNumber,
    CharityNumber,
    VatNumber,
    CapitalRevenue,
}

impl Field {
    /// Text fields carried through to `transactions.parquet` as strings, in output order.
    pub const TEXT: [Field; 11] = [
        Field::SupplierName,
        Field::SupplierRef,
        Field::TransactionRef,
        Field::ExpenseType,
        Field::ServiceArea,
        Field::Description,
        Field::Postcode,
        Field::CompanyNumber,
        Field::CharityNumber,
        Field::VatNumber,
        Field::CapitalRevenue,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Amount => "amount",
            Field::Date => "date",
            Field::SupplierName => "supplier_name",
            Field::SupplierRef => "supplier_ref",
            Field::TransactionRef => "transaction_ref",
            Field::ExpenseType => "expense_type",
            Field::ServiceArea => "service_area",
            Field::Description => "description",
            Field::Postcode => "postcode",
            Field::CompanyNumber => "company_number",
            Field::CharityNumber => "charity_number",
            Field::VatNumber => "vat_number",
            Field::CapitalRevenue => "capital_revenue",
        }
    }

    /// Position in [`Field::TEXT`], for fields stored as text.
    pub fn text_index(self) -> Option<usize> {
        Field::TEXT.iter().position(|f| *f == self)
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A column named by its header text or by its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ColumnRef {
    Position(usize),
    Header(String),
}
