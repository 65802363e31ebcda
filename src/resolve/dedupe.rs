//! The resolve engine turned on the registers themselves: which records of different
//! sources name one organisation, by their names and postcodes, for a directory merged
//! from several lists (`spendgap directory`). Records that share an id are one
//! organisation already ([`Entities`](super::entities::Entities)).

use rayon::prelude::*;

use super::Resolver;
use super::matcher::score::{Agreement, Candidate, Evidence};
use crate::reference::postcode;

/// Two organisations (entity numbers) found to be one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub from: u32,
    pub to: u32,
}

impl Resolver {
    /// Every record's name looked up among the other organisations:
    /// a link where the best scores at least `accept` with evidence that may be linked
    /// unseen, and —
    /// - at the same full postcode, to each such organisation;
    /// - wherever it is, to each with the same registered legal name, legal form and all
    ///   (the registrar allows one body per name: a society's outlets carry its name);
    /// - with no postcode to compare, or the same district, only with the resolve stage's
    ///   lead over the runner-up.
    ///
    /// In record order whatever the threads.
    pub fn record_links(&self) -> Vec<Link> {
        let m = self.matcher();
        let t = &self.rules.thresholds;
        let ents = &self.entities;
        (0..ents.records.len())
            .into_par_iter()
            .flat_map_iter(|r| {
                let rec = ents.records[r];
                let table = &self.registers.files[rec.file as usize].table;
                let row = rec.row as usize;
                let own = ents.entity[r];
                let ev = Evidence {
                    postcode: postcode::parse(table.postcode(row)).ok(),
                    ..Evidence::default()
                };
                // The record's own name only: the index holds its trading names for the
                // others to find, and a shop's trading name ("The Co-operative Food") is
                // a brand several societies share.
                let queries = m.query_keys(table.name(row));
                let cands = m.candidates_besides(&queries, &ev, Some(own));
                let sure =
                    |c: &Candidate| c.score() >= t.accept && c.auto_acceptable(&t.postcode_settles);
                // One registered name, legal form and all, is one body wherever it is.
                let registered =
                    |c: &Candidate| c.exact && c.features.legal_form == Agreement::Agree;
                let mut out: Vec<Link> = cands
                    .iter()
                    .filter(|c| {
                        sure(c) && (c.features.postcode == Agreement::Agree || registered(c))
                    })
                    .map(|c| Link {
                        from: own,
                        to: c.entity,
                    })
                    .collect();
                // No postcode to compare, or only the district: the resolve stage's lead.
                if out.is_empty()
                    && let Some(best) = cands.first().filter(|c| sure(c))
                    && matches!(
                        best.features.postcode,
                        Agreement::Partial | Agreement::Unknown
                    )
                    && cands.get(1).is_none_or(|r| best.raw - r.raw >= t.margin)
                {
                    out.push(Link {
                        from: own,
                        to: best.entity,
                    });
                }
                out
            })
            .collect()
    }
}
