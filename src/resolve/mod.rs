//! The resolve stage: who is each supplier? Every distinct ledger name is read, set aside
//! or matched to the registers, and the names are gathered into one supplier master
//! across all anchors (docs/ARCHITECTURE.md, stage 2).

mod blocking;
pub mod cascade;
pub mod dedupe;
pub mod entities;
mod fold;
mod index;
pub mod master;
mod matcher;
pub mod name_rules;
mod names;
pub mod normalise;
pub mod overrides;
mod set_aside;
mod stage;
#[cfg(test)]
mod tests;
mod typo;
mod write;

use std::collections::BTreeSet;

use rayon::prelude::*;

pub use names::name_stats;
pub use stage::{Resolved, run, summary};

use cascade::Outcome;
use entities::Entities;
use index::Index;
use matcher::Matcher;
use matcher::score::Evidence;
use name_rules::{MatchRules, NameRules};
use normalise::Normaliser;
use overrides::Overrides;

use crate::reference::registers::Registers;

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
        // Each record's current name is keyed once: the entities group by it and the
        // index holds it.
        let (entities, current) = Entities::build(&registers, &rules, |n| norm.key(n));
        let index = Index::build(&registers, &entities, &norm, current);
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
