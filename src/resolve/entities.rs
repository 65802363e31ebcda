//! One organisation is often in several registers (a co-op in Co-operatives UK, the FCA
//! register and Companies House; a directory entry beside them). Records are grouped into
//! organisations by the ids they share, so that a co-op's three records are one candidate,
//! not three rivals that defeat the margin rule.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

use super::name_rules::MatchRules;
use super::normalise::Key;
use crate::reference::RegisterKind;
use crate::reference::postcode;
use crate::reference::registers::{Registers, id_key};

/// Where a record lives: file and row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordRef {
    pub file: u32,
    pub row: u32,
}

/// Every register record, numbered across files, with the organisation it belongs to.
pub struct Entities {
    /// Global record number → file and row.
    pub records: Vec<RecordRef>,
    /// Record → organisation (the smallest record number of its group).
    pub entity: Vec<u32>,
    /// Organisation → the record whose register and id name it (by register precedence).
    representative: HashMap<u32, u32>,
    /// (hash of an id key such as `co:01234567`, record), sorted: ledger identifiers.
    ids: Vec<(u64, u32)>,
    /// Organisation → its records, for organisations of more than one record.
    groups: HashMap<u32, Vec<u32>>,
}

/// Company numbers lose leading zeros in spreadsheets; `1234567` is `01234567`.
/// Anything but letters and digits (`n/a`, `-`) is no number.
pub fn company_key(s: &str) -> Option<String> {
    Some(id_key(s)).filter(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A society's register number however it is written: FCA `7123CS` and Companies House
/// `RS007123` are one number of the 2014 Act series, `29876R` and `IP029876` one of the
/// older series. The series is kept: the two number sequences overlap. A bare number says
/// no series and links nothing.
pub fn society_key(s: &str) -> Option<String> {
    let t = s.trim().to_ascii_uppercase();
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let letters: String = t.chars().filter(char::is_ascii_alphabetic).collect();
    let series = match letters.as_str() {
        "R" | "IP" | "IPR" => "r",
        "CS" | "CBS" | "RS" | "RSCS" | "RSCBS" => "s",
        _ => return None,
    };
    if digits.is_empty() {
        return None;
    }
    Some(format!("{series}{}", digits.trim_start_matches('0')))
}

fn charity_key(s: &str) -> Option<String> {
    let t = s.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then(|| digits.trim_start_matches('0').to_string())
}

/// The ids a record is known by, each as `prefix:value`.
pub fn id_keys(kind: RegisterKind, id: &str, others: [&str; 3]) -> Vec<String> {
    let [company, charity, society] = others;
    let mut keys = Vec::new();
    let company_of = |s: &str, keys: &mut Vec<String>| {
        if let Some(k) = company_key(s) {
            // A society's Companies House number (`RS007123`, `IP029876R`) is its
            // society number.
            match k.get(..2) {
                Some("RS" | "IP") => keys.extend(society_key(&k).map(|s| format!("soc:{s}"))),
                _ => keys.push(format!("co:{k}")),
            }
        }
    };
    match kind {
        RegisterKind::CompaniesHouse => company_of(id, &mut keys),
        RegisterKind::FcaMutuals => keys.extend(society_key(id).map(|s| format!("soc:{s}"))),
        RegisterKind::CharityCommission => keys.extend(charity_key(id).map(|s| format!("chy:{s}"))),
        RegisterKind::CoopsUk => keys.push(format!("cuk:{}", id.trim().to_ascii_uppercase())),
        RegisterKind::Directory => keys.push(format!("dir:{}", id.trim())),
    }
    company_of(company, &mut keys);
    keys.extend(charity_key(charity).map(|s| format!("chy:{s}")));
    keys.extend(society_key(society).map(|s| format!("soc:{s}")));
    keys
}

/// Union-find: the root of `x`'s group (halving the path on the way).
pub(crate) fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        parent[x as usize] = parent[parent[x as usize] as usize];
        x = parent[x as usize];
    }
    x
}

/// Union-find: joins the groups of `a` and `b` under the smaller root.
pub(crate) fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi as usize] = lo;
    }
}

impl Entities {
    /// Groups the records of `registers`. `name_key` gives a record's comparison key, used
    /// with its postcode to join records of different registers that carry no shared id.
    /// Returns the key of each record's current name too, in record order, for the index.
    pub fn build(
        registers: &Registers,
        rules: &MatchRules,
        name_key: impl Fn(&str) -> Key + Sync,
    ) -> (Self, Vec<Key>) {
        use rayon::prelude::*;
        let records: Vec<RecordRef> = registers
            .files
            .iter()
            .enumerate()
            .flat_map(|(f, file)| {
                (0..file.table.len()).map(move |row| RecordRef {
                    file: f as u32,
                    row: row as u32,
                })
            })
            .collect();
        let current: Vec<Key> = records
            .par_iter()
            .map(|rec| {
                name_key(
                    registers.files[rec.file as usize]
                        .table
                        .name(rec.row as usize),
                )
            })
            .collect();
        // (hash of a shared key, kind, record): records with equal hashes are one group.
        let mut keyed: Vec<(u64, u8, u32)> = records
            .par_iter()
            .enumerate()
            .flat_map_iter(|(r, rec)| {
                let file = &registers.files[rec.file as usize];
                let (t, i) = (&file.table, rec.row as usize);
                let mut keys: Vec<(u64, u8, u32)> = id_keys(file.kind, t.id(i), t.other_ids(i))
                    .into_iter()
                    .map(|k| (xxh3_64(k.as_bytes()), 0u8, r as u32))
                    .collect();
                if let Ok(postcode) = postcode::parse(t.postcode(i)) {
                    let k = format!("np:{}|{postcode}", current[r].text);
                    keys.push((xxh3_64(k.as_bytes()), 1 + file.kind as u8, r as u32));
                }
                keys
            })
            .collect();
        keyed.par_sort_unstable();
        let mut parent: Vec<u32> = (0..records.len() as u32).collect();
        for group in keyed.chunk_by(|a, b| a.0 == b.0) {
            if group[0].1 == 0 {
                // A shared register id: one organisation.
                for w in group.windows(2) {
                    union(&mut parent, w[0].2, w[1].2);
                }
            } else {
                // Same name and postcode: joined across registers only, since one
                // register may hold a dissolved company and its namesake successor.
                let mut by_kind = group.to_vec();
                by_kind.dedup_by_key(|k| k.1);
                for w in by_kind.windows(2) {
                    union(&mut parent, w[0].2, w[1].2);
                }
            }
        }
        let ids: Vec<(u64, u32)> = keyed
            .iter()
            .filter(|k| k.1 == 0)
            .map(|k| (k.0, k.2))
            .collect();
        let entity: Vec<u32> = (0..records.len() as u32)
            .map(|r| find(&mut parent, r))
            .collect();
        let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
        for (r, &e) in entity.iter().enumerate() {
            if e as usize != r {
                groups.entry(e).or_insert_with(|| vec![e]).push(r as u32);
            }
        }
        let rank = |r: u32| {
            let kind = registers.files[records[r as usize].file as usize].kind;
            (rules.precedence(kind), r)
        };
        let representative = groups
            .iter()
            .map(|(e, members)| {
                (
                    *e,
                    members
                        .iter()
                        .copied()
                        .min_by_key(|r| rank(*r))
                        .expect("members"),
                )
            })
            .collect();
        let entities = Entities {
            records,
            entity,
            representative,
            ids,
            groups,
        };
        (entities, current)
    }

    /// The record whose register and id name organisation `e`.
    pub fn representative(&self, e: u32) -> u32 {
        self.representative.get(&e).copied().unwrap_or(e)
    }

    /// Records known by an id key (`co:01234567`, `chy:1012345`, `soc:7123`).
    pub fn by_id(&self, key: &str) -> impl Iterator<Item = u32> + '_ {
        let h = xxh3_64(key.as_bytes());
        let from = self.ids.partition_point(|(x, _)| *x < h);
        self.ids[from..]
            .iter()
            .take_while(move |(x, _)| *x == h)
            .map(|(_, r)| *r)
    }

    /// Every record of organisation `e`, in record order.
    pub fn members(&self, e: u32) -> impl Iterator<Item = u32> + '_ {
        let group = self.groups.get(&e).map(Vec::as_slice);
        let single = group.is_none().then_some(e);
        group.into_iter().flatten().copied().chain(single)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn society_numbers_read_alike() {
        for s in ["7123CS", "RS007123", "7123CBS", " 7123cs "] {
            assert_eq!(society_key(s).as_deref(), Some("s7123"), "{s}");
        }
        assert_eq!(society_key("29876R"), society_key("IP029876"));
        // The two series overlap: IP094059 is not RS094059; a bare number links nothing.
        assert_ne!(society_key("IP094059"), society_key("RS094059"));
        assert_eq!(society_key("7123"), None);
        assert_eq!(society_key("SC123456"), None);
        assert_eq!(company_key("1234567").as_deref(), Some("01234567"));
        assert_eq!(company_key("sc123456").as_deref(), Some("SC123456"));
        assert_eq!(company_key("n/a"), None);
    }

    #[test]
    fn a_society_in_companies_house_is_its_fca_number() {
        let ch = id_keys(RegisterKind::CompaniesHouse, "RS007123", ["", "", ""]);
        let fca = id_keys(RegisterKind::FcaMutuals, "7123CS", ["", "", ""]);
        assert_eq!(ch, fca);
        let co = id_keys(RegisterKind::CompaniesHouse, "09234567", ["", "", ""]);
        let cuk = id_keys(RegisterKind::CoopsUk, "R100104", ["09234567", "", ""]);
        assert!(cuk.contains(&co[0]));
    }
}
