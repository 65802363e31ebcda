//! The supplier master: names gathered into suppliers — by the organisation they matched,
//! else by their key — with ids that stay the same for the same inputs, and with the
//! names of private individuals withheld.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use super::NameResult;
use super::cascade::{Decision, Tier};
use super::matcher::Matcher;
use super::set_aside::SetAsideReason;

/// One supplier: a row of `suppliers.parquet`.
#[derive(Debug, Clone, Serialize)]
pub struct Supplier {
    /// `S` and 12 hex digits, derived from the organisation matched (register and id) or,
    /// unmatched, from the name's key: the same inputs give the same id.
    pub supplier_id: String,
    /// The register's name if matched, else the spelling with most spend; individuals and
    /// redacted payees as "(individual: name withheld)" / "(redacted)".
    pub display_name: String,
    /// The name outputs meant for people show: the display name where there is evidence
    /// that it is an organisation's, else "payee withheld (S…)".
    pub shown_name: String,
    /// That evidence: register, override, internal, legal_form, organisation_word,
    /// figure_or_address, one_word, trading_as, possessive or firm_of_names; none, and the
    /// name is withheld.
    pub name_evidence: Option<String>,
    /// Every spelling seen in the ledgers (empty where names are withheld).
    pub spellings: Vec<String>,
    pub anchors: Vec<String>,
    pub transactions: u64,
    pub spend_pence: i64,
    /// matched, review, unmatched or set_aside (the strongest of its names).
    pub status: String,
    pub set_aside_reason: Option<String>,
    pub register: Option<String>,
    pub register_id: Option<String>,
    pub score: Option<f64>,
    pub tier: Option<String>,
    pub explanation: String,
    /// Every register record of the organisation, `register:id`.
    pub linked_ids: Vec<String>,
    /// Not matched: the closest register record any of its names had, for a person to
    /// check (`register:id name (score 0.712)`).
    pub best_candidate: Option<String>,
}

/// What gathers names into one supplier.
fn group_key(m: &Matcher, r: &NameResult) -> String {
    let o = &r.outcome;
    if let (Decision::Matched, Some(c)) = (o.decision, &o.chosen) {
        let (kind, id) = m.register_id(c.entity);
        return format!("org:{}:{id}", kind.as_str());
    }
    let key = &o.key;
    match o.set_aside {
        Some(SetAsideReason::Redacted) => "set_aside:redacted".into(),
        Some(SetAsideReason::NoName) => "set_aside:no_name".into(),
        Some(reason) => format!("set_aside:{}:{key}", reason.as_str()),
        None => format!("name:{key}"),
    }
}

/// Gives every name its supplier id.
pub fn assign_ids(m: &Matcher, names: &mut [NameResult]) {
    for r in names.iter_mut() {
        let key = group_key(m, r);
        r.supplier_id = format!("S{:012x}", xxh3_64(key.as_bytes()) >> 16);
    }
}

/// What people see instead of a withheld name.
pub fn withheld(reason: SetAsideReason) -> &'static str {
    match reason {
        SetAsideReason::Individual => "(individual: name withheld)",
        SetAsideReason::Redacted => "(redacted)",
        SetAsideReason::NoName => "(no payee name)",
        SetAsideReason::Internal => "(internal)",
    }
}

/// The name as shown to people.
pub fn shown_name(r: &NameResult) -> &str {
    match r.outcome.set_aside {
        Some(reason) if reason.withholds_name() => withheld(reason),
        _ => &r.stats.name,
    }
}

/// How people see a payee without evidence of being an organisation: this, then its id.
pub const WITHHELD: &str = "payee withheld";

/// What people see for a payee without evidence of being an organisation.
pub fn payee_withheld(supplier_id: &str) -> String {
    format!("{WITHHELD} ({supplier_id})")
}

/// The evidence that a supplier's name is an organisation's, strongest first.
fn name_evidence(m: &Matcher, members: &[&NameResult], matched: bool) -> Option<&'static str> {
    if matched {
        return Some("register");
    }
    let lead = members.iter().map(|r| &r.outcome);
    if lead
        .clone()
        .any(|o| o.set_aside.is_some_and(|s| s.withholds_name()))
    {
        return None;
    }
    if lead.clone().any(|o| o.tier == Some(Tier::Override)) {
        return Some("override");
    }
    if lead
        .clone()
        .any(|o| o.set_aside == Some(SetAsideReason::Internal))
    {
        return Some("internal");
    }
    members.iter().find_map(|r| {
        m.norm
            .organisation_evidence(&r.stats.name)
            .map(|e| e.as_str())
    })
}

/// Builds the suppliers from the decided names, in supplier-id order.
pub fn suppliers(m: &Matcher, names: &[NameResult]) -> Vec<Supplier> {
    let mut groups: BTreeMap<&str, Vec<&NameResult>> = BTreeMap::new();
    for r in names {
        groups.entry(&r.supplier_id).or_default().push(r);
    }
    // Each supplier's row is made on the pool, in id order (rayon keeps it).
    let groups: Vec<(&str, Vec<&NameResult>)> = groups.into_iter().collect();
    groups
        .into_par_iter()
        .map(|(id, members)| {
            // The strongest decision speaks for the supplier: matched, review, unmatched.
            let lead = members
                .iter()
                .min_by_key(|r| (r.outcome.decision, Reverse(r.stats.pence), &r.stats.name))
                .expect("a group has members");
            let o = &lead.outcome;
            let withhold = o.set_aside.filter(|s| s.withholds_name());
            let anchors: BTreeSet<&String> =
                members.iter().flat_map(|r| &r.stats.anchors).collect();
            let biggest = members
                .iter()
                .max_by_key(|r| (r.stats.pence, Reverse(&r.stats.name)))
                .expect("a group has members");
            let matched = (o.decision == Decision::Matched)
                .then_some(o.chosen.as_ref())
                .flatten();
            let display_name = match (matched, withhold) {
                (Some(c), _) => m
                    .record_name(m.entities.representative(c.entity))
                    .to_string(),
                (None, Some(s)) => withheld(s).to_string(),
                (None, None) => biggest.stats.name.clone(),
            };
            let evidence = name_evidence(m, &members, matched.is_some());
            let shown_name = match (evidence, withhold) {
                (Some(_), _) => display_name.clone(),
                // One supplier holds every redacted (or nameless) entry: its placeholder
                // names nobody.
                (None, Some(s @ (SetAsideReason::Redacted | SetAsideReason::NoName))) => {
                    withheld(s).to_string()
                }
                (None, _) => payee_withheld(id),
            };
            let (register, register_id, linked_ids) = match matched {
                Some(c) => {
                    let (k, rid) = m.register_id(c.entity);
                    let linked = m
                        .entities
                        .members(c.entity)
                        .map(|r| {
                            let rec = m.entities.records[r as usize];
                            let f = &m.registers.files[rec.file as usize];
                            format!("{}:{}", f.kind.as_str(), f.table.id(rec.row as usize))
                        })
                        .collect();
                    (Some(k.as_str().to_string()), Some(rid.to_string()), linked)
                }
                None => (None, None, Vec::new()),
            };
            let best_candidate = if matched.is_some() {
                None
            } else {
                members
                    .iter()
                    .filter(|r| r.outcome.set_aside.is_none())
                    .filter_map(|r| r.outcome.candidates.first())
                    .max_by(|a, b| a.score().total_cmp(&b.score()))
                    .map(|c| {
                        let (k, rid) = m.register_id(c.entity);
                        format!(
                            "{}:{rid} {} (score {:.3})",
                            k.as_str(),
                            m.record_name(c.record),
                            c.score()
                        )
                    })
            };
            Supplier {
                best_candidate,
                supplier_id: id.to_string(),
                display_name,
                shown_name,
                name_evidence: evidence.map(String::from),
                spellings: if withhold.is_some() {
                    Vec::new()
                } else {
                    members.iter().map(|r| r.stats.name.clone()).collect()
                },
                anchors: anchors.into_iter().cloned().collect(),
                transactions: members.iter().map(|r| r.stats.transactions).sum(),
                spend_pence: members
                    .iter()
                    .fold(0i64, |a, r| a.saturating_add(r.stats.pence)),
                status: o.decision.as_str().to_string(),
                set_aside_reason: o.set_aside.map(|s| s.as_str().to_string()),
                register,
                register_id,
                score: o
                    .chosen
                    .as_ref()
                    .map(|c| (c.score() * 1000.0).round() / 1000.0),
                tier: o.tier.map(|t| t.as_str().to_string()),
                explanation: o.reason.clone(),
                linked_ids,
            }
        })
        .collect()
}
