//! What the generator knows about every payee spelling it wrote: which organisation (and
//! so which register id) it is, or why it is no organisation. Tests check spendgap's
//! supplier matching against this, a truth built without spendgap's code.

use std::collections::BTreeMap;

use crate::formats::csv_field;
use crate::registers::{CHARITIES, COMPANIES, COOPS};
use crate::suppliers::{Sector, Supplier};

/// `supplier_name,expected,register,register_id,canonical_name`: `expected` is `match`
/// (the register id spendgap should report, by the shipped register precedence:
/// Co-operatives UK's for a co-op it lists, the charity number of a charitable company,
/// else the Companies House number), `set_aside` (individuals and redactions) or `none` (public
/// bodies and firms in no register).
pub fn payees_csv(truth: &BTreeMap<String, &'static Supplier>) -> String {
    let mut out = String::from("supplier_name,expected,register,register_id,canonical_name\n");
    for (name, sup) in truth {
        let coop = COOPS
            .iter()
            .find(|c| c.postcode == sup.postcode && c.status == "Live");
        let in_ch = !sup.company.is_empty() && COMPANIES.iter().any(|c| c.number == sup.company);
        let charity = CHARITIES
            .iter()
            .find(|c| !sup.company.is_empty() && c.company == sup.company)
            .map(|c| c.number.to_string());
        let (expected, register, id) = match (sup.sector, coop, charity, in_ch) {
            (Sector::Personal, ..) => ("set_aside", "", String::new()),
            (_, Some(c), ..) => ("match", "coops_uk", c.id.to_string()),
            (_, None, Some(n), _) => ("match", "charity_commission", n),
            (_, None, None, true) => ("match", "companies_house", sup.company.to_string()),
            _ => ("none", "", String::new()),
        };
        out.push_str(&format!(
            "{},{expected},{register},{id},{}\n",
            csv_field(name, ','),
            csv_field(sup.names[0], ',')
        ));
    }
    out
}
