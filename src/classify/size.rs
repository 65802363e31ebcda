//! Size bands from register evidence under a named definition: staff and turnover (or a
//! charity's income) where a register gives them, else the Companies House accounts
//! category, else unknown.

use super::rule_files::{SIZE_BANDS, Sizes};
use crate::reference::RegisterKind;
use crate::reference::registers::org::Organisation;

/// The `'static` name of a size band written in a file (checked when the file loaded).
pub fn band_name(v: &str) -> &'static str {
    SIZE_BANDS
        .iter()
        .find(|b| **b == v)
        .copied()
        .unwrap_or("unknown")
}

/// The band a definition gives staff and turnover; one of them may be unknown.
pub fn band_of(sizes: &Sizes, employees: Option<u32>, turnover: Option<i64>) -> &'static str {
    for b in &sizes.definition.bands {
        let staff_ok = employees.is_none_or(|e| e <= b.max_employees);
        let money_ok = turnover.is_none_or(|t| t <= b.max_turnover_pounds);
        if staff_ok && money_ok {
            return band_name(&b.name);
        }
    }
    "large"
}

/// Size band, its source and the evidence behind it, from the supplier's records.
pub fn size(orgs: &[&Organisation], sizes: &Sizes) -> (&'static str, &'static str, Option<String>) {
    let employees = orgs.iter().find_map(|o| o.employees.map(|e| (e, o)));
    let turnover = orgs.iter().find_map(|o| o.turnover_pounds.map(|t| (t, o)));
    if employees.is_some() || turnover.is_some() {
        let band = band_of(sizes, employees.map(|e| e.0), turnover.map(|t| t.0));
        let mut evidence = Vec::new();
        if let Some((e, _)) = employees {
            evidence.push(format!("{e} staff"));
        }
        if let Some((t, o)) = turnover {
            let what = if o.register == Some(RegisterKind::CharityCommission) {
                "income"
            } else {
                "turnover"
            };
            evidence.push(format!(
                "{what} £{}",
                crate::format::thousands(t.max(0) as u64)
            ));
        }
        let from = employees.map(|e| e.1).or(turnover.map(|t| t.1));
        let source = if from.and_then(|o| o.register) == Some(RegisterKind::Directory) {
            "directory"
        } else {
            "register"
        };
        return (band, source, Some(evidence.join(", ")));
    }
    for o in orgs {
        if let Some(cat) = &o.accounts_category
            && let Some(b) = sizes.accounts.get(&cat.trim().to_uppercase())
        {
            return (
                band_name(b),
                "register",
                Some(format!("accounts category {}", cat.trim())),
            );
        }
    }
    ("unknown", "default", None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::rule_files::load_sizes;

    #[test]
    fn procurement_act_bands_by_staff_and_turnover() {
        let s = load_sizes(None, "procurement_act_2023").unwrap();
        assert_eq!(band_of(&s, Some(5), Some(100_000)), "micro");
        assert_eq!(band_of(&s, Some(5), Some(3_000_000)), "small");
        assert_eq!(band_of(&s, Some(120), None), "medium");
        assert_eq!(band_of(&s, Some(249), Some(44_000_000)), "medium");
        assert_eq!(band_of(&s, Some(250), Some(1_000)), "large");
        assert_eq!(band_of(&s, None, Some(44_000_001)), "large");
    }

    #[test]
    fn accounts_category_is_the_fallback_and_full_accounts_say_nothing() {
        let s = load_sizes(None, "procurement_act_2023").unwrap();
        let ch = |cat: &str| Organisation {
            register: Some(RegisterKind::CompaniesHouse),
            accounts_category: Some(cat.into()),
            ..Default::default()
        };
        let micro = ch("MICRO ENTITY");
        assert_eq!(size(&[&micro], &s).0, "micro");
        let full = ch("FULL");
        assert_eq!(size(&[&full], &s), ("unknown", "default", None));
        let charity = Organisation {
            register: Some(RegisterKind::CharityCommission),
            turnover_pounds: Some(412_345),
            ..Default::default()
        };
        let (band, source, evidence) = size(&[&charity, &full], &s);
        assert_eq!((band, source), ("micro", "register"));
        assert_eq!(evidence.as_deref(), Some("income £412,345"));
    }

    #[test]
    fn every_shipped_definition_loads() {
        for name in ["procurement_act_2023", "companies_act_2006", "eu_2003_361"] {
            load_sizes(None, name).unwrap();
        }
        assert!(
            load_sizes(None, "nonsense")
                .unwrap_err()
                .to_string()
                .contains("procurement_act_2023")
        );
    }
}
