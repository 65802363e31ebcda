//! The resolve stage: who is each supplier? Every distinct ledger name is read, set aside
//! or matched to the registers, and the names are gathered into one supplier master
//! across all anchors (DESIGN.md, stage 2).

pub mod cascade;
pub mod entities;
pub mod index;
pub mod master;
pub mod matcher;
pub mod normalise;
pub mod overrides;
pub mod rules;
pub mod score;
pub mod set_aside;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use polars::prelude::*;
use rayon::prelude::*;

use cascade::Outcome;
use entities::Entities;
use index::Index;
use matcher::Matcher;
use normalise::Normaliser;
use overrides::Overrides;
use rules::{MatchRules, NameRules};
use score::Evidence;

use crate::ingest::values::date::epoch_date;
use crate::reference::postcode::{self, Postcode};
use crate::reference::registers::Registers;
use crate::tables::str_col;

/// One distinct supplier name as the ledgers write it (trimmed), with what they say of it.
#[derive(Debug, Clone, Default)]
pub struct NameStats {
    pub name: String,
    pub anchors: BTreeSet<String>,
    /// Transactions and spend, duplicates left out.
    pub transactions: u64,
    pub pence: i64,
    pub evidence: Evidence,
}

/// A name and its decision.
#[derive(Debug, Clone)]
pub struct NameResult {
    pub stats: NameStats,
    pub outcome: Outcome,
    pub supplier_id: String,
}

/// The stage's rules and reference data, loaded once.
pub struct Resolver {
    pub registers: Registers,
    pub entities: Entities,
    pub index: Index,
    pub norm: Normaliser,
    pub rules: MatchRules,
    pub overrides: Overrides,
}

impl Resolver {
    pub fn new(
        registers: Registers,
        name_rules: &NameRules,
        rules: MatchRules,
        overrides: Overrides,
    ) -> Self {
        let norm = Normaliser::new(name_rules);
        let entities = Entities::build(&registers, &rules, |n| norm.key(n).text);
        let index = Index::build(&registers, &entities, &norm);
        Resolver {
            registers,
            entities,
            index,
            norm,
            rules,
            overrides,
        }
    }

    pub fn matcher(&self) -> Matcher<'_> {
        Matcher {
            registers: &self.registers,
            entities: &self.entities,
            index: &self.index,
            norm: &self.norm,
            rules: &self.rules,
        }
    }

    /// Decides every name, in parallel; the result is in name order whatever the threads.
    pub fn resolve(&self, names: Vec<NameStats>) -> Vec<NameResult> {
        let m = self.matcher();
        let mut out: Vec<NameResult> = names
            .into_par_iter()
            .map(|stats| {
                let outcome = m.decide(&stats.name, &stats.evidence, &self.overrides);
                NameResult {
                    stats,
                    outcome,
                    supplier_id: String::new(),
                }
            })
            .collect();
        master::assign_ids(&m, &mut out);
        out
    }
}

/// The distinct supplier names of a transactions table, sorted, with their evidence.
pub fn name_stats(df: &DataFrame) -> anyhow::Result<Vec<NameStats>> {
    let names = str_col(df, "supplier_name")?
        .ok_or_else(|| anyhow::anyhow!("the transactions table has no supplier_name column"))?;
    let anchors = str_col(df, "anchor_id")?
        .ok_or_else(|| anyhow::anyhow!("the transactions table has no anchor_id column"))?;
    let pence = df.column("amount_pence")?.i64()?;
    let dup = str_col(df, "duplicate_of")?;
    let dates = df.column("date")?.date()?;
    let postcodes = str_col(df, "postcode")?;
    let companies = str_col(df, "company_number")?;
    let charities = str_col(df, "charity_number")?;
    #[derive(Default)]
    struct Acc<'a> {
        stats: NameStats,
        /// Postcodes as written, counted; each distinct one is parsed once at the end.
        postcodes: HashMap<&'a str, u32>,
    }
    let mut by_name: HashMap<String, Acc> = HashMap::new();
    for i in 0..df.height() {
        if dup.is_some_and(|d| d.get(i).is_some()) {
            continue;
        }
        let name = names.get(i).unwrap_or("").trim();
        // Most rows repeat a name already seen: look it up before allocating a key.
        if !by_name.contains_key(name) {
            by_name.insert(name.to_string(), Acc::default());
        }
        let acc = by_name.get_mut(name).expect("inserted above");
        let s = &mut acc.stats;
        s.transactions += 1;
        s.pence = s.pence.saturating_add(pence.get(i).unwrap_or(0));
        if let Some(a) = anchors.get(i)
            && !s.anchors.contains(a)
        {
            s.anchors.insert(a.to_string());
        }
        if let Some(d) = dates.phys.get(i) {
            let d = epoch_date(d);
            s.evidence.first_paid = Some(s.evidence.first_paid.map_or(d, |f| f.min(d)));
            s.evidence.last_paid = Some(s.evidence.last_paid.map_or(d, |l| l.max(d)));
        }
        if let Some(p) = postcodes.and_then(|c| c.get(i)) {
            *acc.postcodes.entry(p).or_default() += 1;
        }
        let first = |col: Option<&StringChunked>, slot: &mut Option<String>| {
            if slot.is_none()
                && let Some(v) = col
                    .and_then(|c| c.get(i))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
            {
                *slot = Some(v.to_string());
            }
        };
        first(companies, &mut s.evidence.company_number);
        first(charities, &mut s.evidence.charity_number);
    }
    let mut out: Vec<NameStats> = by_name
        .into_iter()
        .map(|(name, mut acc)| {
            acc.stats.name = name;
            let mut parsed: BTreeMap<Postcode, u32> = BTreeMap::new();
            for (raw, n) in &acc.postcodes {
                if let Ok(p) = postcode::parse(raw) {
                    *parsed.entry(p).or_default() += n;
                }
            }
            // The postcode written most often; ties to the first in order.
            acc.stats.evidence.postcode = parsed
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(p, _)| p.clone());
            acc.stats
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
