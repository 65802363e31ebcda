//! Classifying one supplier: its place (and band and deprivation), size band, ownership
//! form and market, each with the source it came from, so that a user can answer "why is
//! this supplier counted as local?".

use std::collections::HashMap;

use serde::Serialize;

use super::Rules;
use super::overrides::{OverrideField, is_outside_uk, parse_form};
use crate::config::analysis::PlaceSource;
use crate::reference::RegisterKind;
use crate::reference::places::Places;
use crate::reference::registers::Registers;
use crate::reference::registers::org::{Organisation, OwnershipForm};

/// What resolve says about a supplier (a row of suppliers.parquet), plus the commonest
/// postcode the ledgers give for it.
#[derive(Debug, Clone, Default)]
pub struct SupplierInput {
    pub supplier_id: String,
    pub display_name: String,
    /// What outputs for people show: the name where it is evidently an organisation's,
    /// else "payee withheld (S…)" (resolve's `shown_name`).
    pub shown_name: String,
    pub spellings: Vec<String>,
    pub set_aside_reason: Option<String>,
    pub register: Option<String>,
    pub register_id: Option<String>,
    /// `register:id` of every record of the organisation.
    pub linked_ids: Vec<String>,
    pub ledger_postcode: Option<String>,
}

impl SupplierInput {
    /// Individuals and redacted payees: counted, never placed or described.
    pub fn is_person(&self) -> bool {
        matches!(
            self.set_aside_reason.as_deref(),
            Some("individual" | "redacted")
        )
    }
}

/// The classification of one supplier; the added columns of suppliers.parquet.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Classified {
    pub postcode: Option<String>,
    /// override, ledger, register or directory; none when not placed.
    pub place_source: Option<&'static str>,
    /// Why the supplier could not be placed, or what to know about its place.
    pub place_note: Option<String>,
    pub lad: Option<String>,
    pub lad_name: Option<String>,
    pub lsoa: Option<String>,
    pub imd_decile: Option<u8>,
    /// IMD decile at most the study's threshold; unknown without an English LSOA.
    pub deprived: Option<bool>,
    /// The declared bands holding the place, one bit each (see [`Rules::band_index`]).
    #[serde(skip)]
    pub band_mask: u64,
    #[serde(skip)]
    pub placed: bool,
    /// Latitude and longitude of the postcode it was placed at, for the map layers.
    #[serde(skip)]
    pub position: Option<(f32, f32)>,
    #[serde(skip)]
    pub outside_uk: bool,
    pub size_band: &'static str,
    pub size_source: &'static str,
    pub size_evidence: Option<String>,
    pub ownership_form: OwnershipForm,
    pub ownership_class: Option<String>,
    pub ownership_source: &'static str,
    /// The supplier's own market (from SIC codes, its directory sector or its name);
    /// a transaction's market prefers its ledger category.
    pub market: Option<String>,
    pub market_source: Option<&'static str>,
    /// What outputs for people show: resolve's choice, unless a person decided whether
    /// the payee is an individual.
    #[serde(skip)]
    pub shown_name: String,
}

/// The register records behind each supplier, found in one pass over the registers.
pub fn linked_records(
    registers: &Registers,
    suppliers: &[SupplierInput],
) -> HashMap<(RegisterKind, String), Organisation> {
    let mut wanted: HashMap<RegisterKind, std::collections::HashSet<&str>> = HashMap::new();
    for s in suppliers {
        for l in &s.linked_ids {
            if let Some((kind, id)) = split_linked(l) {
                wanted.entry(kind).or_default().insert(id);
            }
        }
    }
    let mut out = HashMap::new();
    for f in &registers.files {
        let Some(ids) = wanted.get(&f.kind) else {
            continue;
        };
        for i in 0..f.table.len() {
            let id = f.table.id(i);
            if ids.contains(id) && !out.contains_key(&(f.kind, id.to_string())) {
                out.insert((f.kind, id.to_string()), f.table.get(i));
            }
        }
    }
    out
}

/// `companies_house:01234567` → its kind and id.
pub fn split_linked(linked: &str) -> Option<(RegisterKind, &str)> {
    let (kind, id) = linked.split_once(':')?;
    Some((crate::rulefile::word(kind).ok()?, id))
}

fn source_of(kind: Option<RegisterKind>) -> &'static str {
    if kind == Some(RegisterKind::Directory) {
        "directory"
    } else {
        "register"
    }
}

/// Classifies one supplier. `orgs` are its register records, representative first.
pub fn classify(
    s: &SupplierInput,
    orgs: &[&Organisation],
    rules: &Rules,
    places: &Places,
) -> Classified {
    let mut c = Classified::default();
    let o = &rules.overrides;
    let get = |f| o.get(&s.supplier_id, &s.spellings, f);
    let individual = get(OverrideField::IsIndividual);
    c.shown_name = match individual {
        Some("no") => s.display_name.clone(),
        Some(_) => crate::resolve::master::payee_withheld(&s.supplier_id),
        None => s.shown_name.clone(),
    };
    place(s, orgs, rules, places, &mut c);
    // Size.
    if let Some(v) = get(OverrideField::SizeBand) {
        c.size_band = super::size::band_name(v);
        c.size_source = "override";
    } else {
        let (band, source, evidence) = super::size::size(orgs, &rules.sizes);
        c.size_band = band;
        c.size_source = source;
        c.size_evidence = evidence;
    }
    // Ownership.
    if let Some(form) = get(OverrideField::OwnershipForm).and_then(|v| parse_form(v).ok()) {
        c.ownership_form = form;
        c.ownership_source = "override";
    } else if let Some(org) = orgs.iter().find(|r| {
        r.ownership_form
            .is_some_and(|f| f != OwnershipForm::Unknown)
    }) {
        c.ownership_form = org.ownership_form.unwrap_or(OwnershipForm::Unknown);
        c.ownership_source = source_of(org.register);
    } else if individual == Some("yes") {
        c.ownership_form = OwnershipForm::Individual;
        c.ownership_source = "override";
    } else if s.is_person() {
        c.ownership_form = OwnershipForm::Individual;
        c.ownership_source = "name";
    } else if let Some(form) = by_name(&s.display_name, rules) {
        c.ownership_form = form;
        c.ownership_source = "name";
    } else {
        c.ownership_form = OwnershipForm::Unknown;
        c.ownership_source = "default";
    }
    // A form read from the name by the ownership rules ("council", "NHS", "HMRC",
    // "co-operative") is evidence of an organisation too: its name may be shown.
    if individual.is_none()
        && c.ownership_source == "name"
        && !matches!(
            c.ownership_form,
            OwnershipForm::Individual | OwnershipForm::Unknown
        )
        && !s.is_person()
    {
        c.shown_name = s.display_name.clone();
    }
    if c.ownership_form == OwnershipForm::Cooperative {
        c.ownership_class = orgs.iter().find_map(|r| r.ownership_class.clone());
    }
    // Market.
    if let Some(v) = get(OverrideField::Market) {
        c.market = Some(v.to_string());
        c.market_source = Some("override");
    } else if let Some((market, org)) = orgs.iter().find_map(|r| {
        rules
            .markets
            .sic(&r.sic_codes)
            .map(|(m, _)| (m, r))
            .or_else(|| Some((rules.markets.keyword(r.sector.as_deref()?)?, r)))
    }) {
        c.market = Some(market.to_string());
        c.market_source = Some(source_of(org.register));
    } else if !s.is_person()
        && let Some(m) = rules.markets.keyword(&s.display_name)
    {
        c.market = Some(m.to_string());
        c.market_source = Some("name");
    }
    c
}

/// The first ownership name rule whose words are in the name.
fn by_name(name: &str, rules: &Rules) -> Option<OwnershipForm> {
    let w = super::phrases::words(name);
    rules
        .ownership_names
        .iter()
        .find(|(_, phrases)| phrases.iter().any(|p| p.found_in(&w)))
        .map(|(f, _)| *f)
}

/// Tries the place sources in the study's order; the first postcode that places wins.
fn place(
    s: &SupplierInput,
    orgs: &[&Organisation],
    rules: &Rules,
    places: &Places,
    c: &mut Classified,
) {
    if s.is_person() {
        c.place_note = Some("a private individual: not placed".into());
        return;
    }
    let mut tried = Vec::new();
    for &source in &rules.place_sources {
        let (label, postcode) = match source {
            PlaceSource::Override => (
                "override",
                rules
                    .overrides
                    .get(&s.supplier_id, &s.spellings, OverrideField::Postcode),
            ),
            PlaceSource::Ledger => ("ledger", s.ledger_postcode.as_deref()),
            PlaceSource::Register => (
                "register",
                orgs.iter()
                    .filter(|r| r.register != Some(RegisterKind::Directory))
                    .find_map(|r| r.postcode.as_deref().filter(|p| !p.is_empty())),
            ),
            PlaceSource::Directory => (
                "directory",
                orgs.iter()
                    .filter(|r| r.register == Some(RegisterKind::Directory))
                    .find_map(|r| r.postcode.as_deref().filter(|p| !p.is_empty())),
            ),
        };
        let Some(pc) = postcode else {
            continue;
        };
        if source == PlaceSource::Override && is_outside_uk(pc) {
            c.outside_uk = true;
            c.place_source = Some(label);
            return;
        }
        let p = places.place(pc);
        if p.lad.is_none() {
            let why = p
                .error
                .unwrap_or_else(|| "not in the postcode directory".into());
            tried.push(format!("{label} postcode {pc:?}: {why}"));
            continue;
        }
        c.placed = true;
        c.place_source = Some(label);
        c.postcode = p.postcode.clone();
        c.position = p.lat.zip(p.long);
        c.imd_decile = p.imd_decile;
        c.deprived = p.imd_decile.map(|d| d <= rules.deprived_decile);
        c.band_mask = rules.place_mask(&p);
        let mut notes = tried.clone();
        if p.precision.as_deref() != Some("postcode") {
            notes.push(format!(
                "placed by its postcode {} only: deprivation unknown",
                p.precision.as_deref().unwrap_or("area")
            ));
        } else if p.imd_decile.is_none() {
            notes.push("no deprivation decile for its LSOA (outside England, or not in the deprivation file)".into());
        }
        if let Some(r) = p.repair {
            notes.push(format!("postcode repaired: {r}"));
        }
        c.place_note = (!notes.is_empty()).then(|| notes.join("; "));
        c.lad = p.lad;
        c.lad_name = p.lad_name;
        c.lsoa = p.lsoa;
        return;
    }
    if tried.is_empty() {
        tried.push(if s.register.is_some() {
            "no postcode in the ledgers or the matched register records".into()
        } else {
            "no postcode in the ledgers, and not matched to a register".into()
        });
    }
    c.place_note = Some(tried.join("; "));
}
