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
    /// Groups joined by the engine rather than a shared id, with the evidence.
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

/// Groups `records` (each source's records together, sources in order) into
/// organisations.
pub fn merge(study: &Study, records: &[Record], sources: usize) -> anyhow::Result<Merged> {
    let mut files: Vec<RegisterFile> = Vec::with_capacity(sources);
    // Record i of the input is record i of the registers: sources in order, rows in order.
    let mut order: Vec<usize> = Vec::with_capacity(records.len());
    for s in 0..sources as u32 {
        let mut table = OrgTable::default();
        let of_source: Vec<usize> = (0..records.len())
            .filter(|&i| records[i].source == s)
            .collect();
        let coops = of_source.iter().any(|&i| records[i].coops_uk_id.is_some());
        let kind = if coops {
            RegisterKind::CoopsUk
        } else {
            RegisterKind::Directory
        };
        for &i in &of_source {
            table.push(&organisation(&records[i], kind));
        }
        order.extend(of_source);
        files.push(RegisterFile {
            kind,
            path: PathBuf::from(format!("source {s}")),
            table,
            cache: CacheStatus::Disabled,
        });
    }
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
    // Back from register record numbers to the input's.
    let mut group_of: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for (r, &input) in order.iter().enumerate() {
        let root = find(&mut parent, r as u32);
        group_of.entry(root).or_default().push(input);
    }
    let mut groups: Vec<Vec<usize>> = group_of
        .into_values()
        .map(|mut g| {
            g.sort_unstable();
            g
        })
        .collect();
    groups.sort_unstable_by_key(|g| g[0]);
    Ok(Merged { groups, by_name })
}
