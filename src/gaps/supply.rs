//! Local supply: the social-economy and co-operative organisations of the registers and
//! the directory with a place inside each area, grouped across registers, each given a
//! market, size band and ownership form by the same rules classify applies to suppliers.

use std::collections::{BTreeMap, HashMap};

use crate::classify::Rules;
use crate::classify::supplier::{self, SupplierInput};
use crate::reference::places::Places;
use crate::reference::registers::Registers;
use crate::reference::registers::org::{Organisation, OwnershipForm};
use crate::resolve::entities::{find, id_keys, union};

/// One local democratic organisation.
#[derive(Debug, Clone, Default)]
pub struct LocalOrg {
    pub name: String,
    /// The representative record: directory first, then the register listed first.
    pub register: String,
    pub register_id: String,
    /// `register:id` of every record.
    pub linked_ids: Vec<String>,
    pub postcode: String,
    pub lad_name: String,
    pub mask: u64,
    pub ownership_form: OwnershipForm,
    pub size_band: &'static str,
    pub turnover_pounds: Option<i64>,
    pub market: Option<String>,
    pub market_source: Option<&'static str>,
    /// For a supplier known only from the ledgers (paid, local and democratic, but in no
    /// register or directory record of the area): its index in the supplier facts.
    pub supplier: Option<u32>,
}

/// How far local supply could be looked for: the open social-economy records the registers
/// hold with a postcode, and how many of them the postcode directory placed.
#[derive(Debug, Clone, Copy, Default)]
pub struct SupplySearch {
    pub with_postcode: usize,
    pub placed: usize,
}

impl SupplySearch {
    /// Why a missing local supplier cannot be taken as absent, if it cannot: no record
    /// to look in, or fewer than half of them placed.
    pub fn unknown_because(&self) -> Option<String> {
        if self.with_postcode == 0 {
            return Some(
                "no register or directory of the social economy with postcodes was given".into(),
            );
        }
        (self.placed * 2 < self.with_postcode).then(|| {
            format!(
                "only {} of the registers' {} social-economy organisations with a postcode could be placed (is a postcode directory covering them given?)",
                self.placed, self.with_postcode
            )
        })
    }
}

/// Statuses of organisations that no longer trade.
fn closed(status: &str) -> bool {
    let s = status.to_ascii_lowercase();
    [
        "dissolved",
        "dead",
        "removed",
        "liquidation",
        "closed",
        "inactive",
        "struck off",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// The local democratic organisations of every area. `area_mask` has a bit for each
/// area band; an organisation is kept when its place falls in at least one.
/// `name_key` is resolve's comparison key of a name, so that records of different
/// registers that share no id but have one name and postcode (`Botley Road Carpenters
/// Co-op Ltd` in the directory, `… Co-operative Limited` in Co-ops UK) are one
/// organisation.
pub fn local_orgs(
    registers: &Registers,
    places: &Places,
    rules: &Rules,
    area_mask: u64,
    name_key: impl Fn(&str) -> String,
) -> (Vec<LocalOrg>, SupplySearch) {
    let mut search = SupplySearch::default();
    // Candidate records: open, of a social-economy form (or listed in the directory,
    // which lists only the social economy), placed inside an area.
    let mut records: Vec<(Organisation, u64)> = Vec::new();
    let mut placed: HashMap<String, (u64, bool)> = HashMap::new();
    for f in &registers.files {
        let t = &f.table;
        for i in 0..t.len() {
            if !(t.form(i).is_social_economy() || t.is_directory(i))
                || t.dates(i).1.is_some()
                || closed(t.status(i))
            {
                continue;
            }
            let pc = t.postcode(i);
            if pc.is_empty() {
                continue;
            }
            let (mask, known) = *placed.entry(pc.to_string()).or_insert_with(|| {
                let place = places.place(pc);
                (rules.place_mask(&place), place.lad.is_some())
            });
            search.with_postcode += 1;
            search.placed += usize::from(known);
            if mask & area_mask != 0 {
                records.push((t.get(i), mask));
            }
        }
    }
    // Group by shared ids, and by name and postcode.
    let mut parent: Vec<u32> = (0..records.len() as u32).collect();
    let mut first: HashMap<String, u32> = HashMap::new();
    for (r, (o, _)) in records.iter().enumerate() {
        let Some(kind) = o.register else { continue };
        let others = [
            o.company_number.as_deref().unwrap_or(""),
            o.charity_number.as_deref().unwrap_or(""),
            o.society_number.as_deref().unwrap_or(""),
        ];
        let mut keys = id_keys(kind, &o.register_id, others);
        keys.push(format!(
            "np:{}|{}",
            name_key(&o.name),
            o.postcode
                .as_deref()
                .unwrap_or("")
                .replace(' ', "")
                .to_uppercase()
        ));
        for k in keys {
            match first.get(&k) {
                Some(&other) => union(&mut parent, r as u32, other),
                None => {
                    first.insert(k, r as u32);
                }
            }
        }
    }
    let mut groups: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for r in 0..records.len() {
        let root = find(&mut parent, r as u32);
        groups.entry(root).or_default().push(r);
    }
    let mut out: Vec<LocalOrg> = groups
        .values()
        .map(|members| {
            let mut orgs: Vec<&Organisation> = members.iter().map(|&r| &records[r].0).collect();
            // The directory speaks for the local social economy; then register order.
            orgs.sort_by_key(|o| o.register != Some(crate::reference::RegisterKind::Directory));
            let rep = orgs[0];
            let input = SupplierInput {
                display_name: rep.name.clone(),
                ..Default::default()
            };
            let c = supplier::classify(&input, &orgs, rules, places);
            let directory = orgs
                .iter()
                .any(|o| o.register == Some(crate::reference::RegisterKind::Directory));
            let form = if c.ownership_form.is_social_economy() || !directory {
                c.ownership_form
            } else {
                OwnershipForm::OtherSocialEnterprise
            };
            LocalOrg {
                name: rep.name.clone(),
                register: rep.register.map_or("", |k| k.as_str()).to_string(),
                register_id: rep.register_id.clone(),
                linked_ids: orgs
                    .iter()
                    .map(|o| {
                        format!(
                            "{}:{}",
                            o.register.map_or("", |k| k.as_str()),
                            o.register_id
                        )
                    })
                    .collect(),
                postcode: c.postcode.clone().unwrap_or_default(),
                lad_name: c.lad_name.clone().unwrap_or_default(),
                mask: members.iter().fold(0, |m, &r| m | records[r].1),
                ownership_form: form,
                size_band: c.size_band,
                turnover_pounds: orgs.iter().find_map(|o| o.turnover_pounds),
                market: c.market,
                market_source: c.market_source,
                supplier: None,
            }
        })
        .filter(|o| o.ownership_form.is_social_economy())
        .collect();
    out.sort_by(|a, b| {
        (&a.market, &a.name, &a.register_id).cmp(&(&b.market, &b.name, &b.register_id))
    });
    (out, search)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: the area filter left out the country, so an area declared by country
    /// (`countries = ["E92000001"]`) found no local organisation at all.
    #[test]
    fn an_area_declared_by_country_finds_its_organisations() {
        let study =
            crate::config::study::Study::load(std::path::Path::new("sample-data/study.toml"))
                .unwrap();
        let registers = Registers::load(&study.reference).unwrap();
        let places = Places::load(&study.reference).unwrap();
        let mut rules = Rules::load(&study.analysis).unwrap();
        rules.bands = vec![crate::config::analysis::BandSpec {
            name: "England".into(),
            lads: vec![],
            counties: vec![],
            regions: vec![],
            countries: vec!["E92000001".into()],
        }];
        let (orgs, search) = local_orgs(&registers, &places, &rules, 1, |n| n.to_lowercase());
        assert!(
            search.placed > 0 && search.unknown_because().is_none(),
            "{search:?}"
        );
        assert!(
            orgs.iter()
                .any(|o| o.name == "Cowley Road Workers Co-operative Ltd"),
            "{:?}",
            orgs.iter().map(|o| &o.name).collect::<Vec<_>>()
        );
    }

    #[test]
    fn closed_statuses() {
        for s in ["Dissolved", "Dead", "In Liquidation", "Removed"] {
            assert!(closed(s), "{s}");
        }
        for s in ["Active", "Live", "Registered", ""] {
            assert!(!closed(s), "{s}");
        }
    }
}
