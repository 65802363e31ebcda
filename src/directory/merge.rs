//! Finding the same organisation across the sources: records that share an id
//! (Co-operatives UK organisation id, company, society or charity number) are one, and
//! the resolve engine links the rest by name and postcode ([`Resolver::record_links`]).

use std::path::PathBuf;

use crate::config::study::Study;
use crate::reference::RegisterKind;
use crate::reference::cache::CacheStatus;
use crate::reference::registers::org::{OrgTable, Organisation};
use crate::reference::registers::{RegisterFile, Registers};
use crate::resolve::Resolver;
use crate::resolve::entities::{find, union};
use crate::resolve::name_rules::{MatchRules, NameRules};
use crate::resolve::overrides::Overrides;

use super::source::{Field, Record};

/// The records grouped into organisations.
pub struct Merged {
    /// Each group's records (indices into the records given), in record order; groups in
    /// the order of their first record.
    pub groups: Vec<Vec<usize>>,
    /// Groups joined by the engine rather than a shared id.
    pub by_name: usize,
}

fn organisation(rec: &Record, kind: RegisterKind) -> Organisation {
    let opt = |f: Field| Some(rec.get(f).to_string()).filter(|s| !s.is_empty());
    let trading = rec.get(Field::TradingName);
    Organisation {
        register: Some(kind),
        // Ids other than Co-operatives UK's are the source's own: two local lists may
        // both number their rows from 1.
        register_id: match &rec.coops_uk_id {
            Some(id) => id.clone(),
            None => format!("s{}:{}", rec.source, rec.line),
        },
        name: rec.get(Field::Name).to_string(),
        trading_names: (!trading.is_empty() && trading != rec.get(Field::Name))
            .then(|| trading.to_string())
            .into_iter()
            .collect(),
        postcode: opt(Field::Postcode),
        legal_form: opt(Field::LegalForm),
        ownership_form: Some(rec.form),
        company_number: opt(Field::CompanyNumber),
        charity_number: opt(Field::CharityNumber),
        society_number: opt(Field::SocietyNumber),
        ..Default::default()
    }
}

/// Groups `records` (each source's records together, sources in order, as the stage reads
/// them) into organisations.
pub fn merge(study: &Study, records: &[Record]) -> anyhow::Result<Merged> {
    // One register file per source, so that record i of the input is record i of the
    // registers.
    let files: Vec<RegisterFile> = records
        .chunk_by(|a, b| a.source == b.source)
        .map(|of_source| {
            let kind = if of_source.iter().any(|r| r.coops_uk_id.is_some()) {
                RegisterKind::CoopsUk
            } else {
                RegisterKind::Directory
            };
            let mut table = OrgTable::default();
            of_source
                .iter()
                .for_each(|r| table.push(&organisation(r, kind)));
            RegisterFile {
                kind,
                path: PathBuf::from(format!("source {}", of_source[0].source)),
                table,
                cache: CacheStatus::Disabled,
            }
        })
        .collect();
    let resolver = Resolver::new(
        Registers { files },
        &NameRules::load(study.resolve.name_rules.as_deref())?,
        MatchRules::load(study.resolve.match_rules.as_deref())?,
        Overrides::default(),
    );
    let entities = &resolver.entities;
    let links = resolver.record_links();
    let mut parent: Vec<u32> = (0..records.len() as u32).collect();
    // Records sharing an id are one entity already; entities joined by name join here.
    for (r, &e) in entities.entity.iter().enumerate() {
        union(&mut parent, r as u32, e);
    }
    let mut by_name = 0;
    for l in &links {
        if find(&mut parent, l.from) != find(&mut parent, l.to) {
            by_name += 1;
            union(&mut parent, l.from, l.to);
        }
    }
    // Record numbers are the input's: each group in record order, groups by their first.
    let mut group_of: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for r in 0..records.len() {
        group_of
            .entry(find(&mut parent, r as u32))
            .or_default()
            .push(r);
    }
    let mut groups: Vec<Vec<usize>> = group_of.into_values().collect();
    groups.sort_unstable_by_key(|g| g[0]);
    Ok(Merged { groups, by_name })
}
