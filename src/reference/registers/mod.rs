//! Registers and directories of organisations (Co-operatives UK, FCA mutuals, Companies
//! House, the Charity Commission, a local directory), each read from its published
//! layout into canonical records, large files through the cache.

pub mod formats;
pub mod forms;
pub mod org;

use std::path::PathBuf;

use serde::Serialize;

use super::cache::{Cache, CacheStatus};
use super::{Reference, RegisterKind};
use forms::Forms;
use org::{OrgTable, Organisation};

/// One loaded register file.
pub struct RegisterFile {
    pub kind: RegisterKind,
    pub path: PathBuf,
    pub table: OrgTable,
    pub cache: CacheStatus,
}

/// Every register of a study.
#[derive(Default)]
pub struct Registers {
    pub files: Vec<RegisterFile>,
}

/// Names compared the way a person would: case and spacing ignored.
fn name_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `name` reads as `key` (a [`name_key`]) — compared without building a string,
/// as a query scans every row of a national register.
fn same_name(name: &str, key: &str) -> bool {
    let words = name.split_whitespace().enumerate().flat_map(|(i, w)| {
        (i > 0)
            .then_some(' ')
            .into_iter()
            .chain(w.chars().flat_map(char::to_lowercase))
    });
    words.eq(key.chars())
}

/// Company numbers lose leading zeros in spreadsheets: `1234567` is `01234567`.
pub(crate) fn id_key(s: &str) -> String {
    let t = s.trim().to_uppercase();
    if !t.is_empty() && t.len() < 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        format!("{t:0>8}")
    } else {
        t
    }
}

/// Whether a register id reads as `key` (an [`id_key`]), allocating only for the short
/// all-digit ids that need padding.
fn same_id(id: &str, key: &str) -> bool {
    let id = id.trim();
    if id.is_empty() {
        return false;
    }
    if id.len() < 8 && id.bytes().all(|b| b.is_ascii_digit()) {
        return id_key(id) == key;
    }
    id.eq_ignore_ascii_case(key)
}

/// What `spendgap org` found for one query.
#[derive(Debug, Serialize)]
pub struct OrgAnswer {
    pub query: String,
    pub matches: Vec<Organisation>,
}

impl Registers {
    pub fn load(reference: &Reference) -> anyhow::Result<Self> {
        let cache = Cache::new(reference.cache_dir.clone());
        let forms = Forms::builtin();
        let mut files = Vec::new();
        let mut sizes = formats::Sizes::new();
        for (kind, path) in &reference.registers {
            if *kind == RegisterKind::CoopsUk && formats::is_coops_uk_economy(path)? {
                sizes.extend(formats::read_coops_uk_economy(path)?);
                continue;
            }
            let name = format!("register-{kind:?}").to_lowercase();
            let (table, status) = cache.load_or_build(&name, std::slice::from_ref(path), || {
                formats::read(*kind, path, &forms)
            })?;
            files.push(RegisterFile {
                kind: *kind,
                path: path.clone(),
                table,
                cache: status,
            });
        }
        // Co-ops UK publishes size (employees, turnover) in a separate economy table.
        if !sizes.is_empty() {
            for f in files.iter_mut().filter(|f| f.kind == RegisterKind::CoopsUk) {
                for i in 0..f.table.len() {
                    if let Some((e, t)) = sizes.get(f.table.id(i)) {
                        f.table.set_size(i, *e, *t);
                    }
                }
            }
        }
        Ok(Registers { files })
    }

    /// Records whose id (or another register's id they carry) or exact name (ignoring
    /// case and spacing, trading and previous names included) is `query`.
    pub fn find(&self, query: &str) -> OrgAnswer {
        let (id, name) = (id_key(query), name_key(query));
        let mut matches = Vec::new();
        for f in &self.files {
            let t = &f.table;
            for i in 0..t.len() {
                let by_id = same_id(t.id(i), &id) || t.other_ids(i).iter().any(|o| same_id(o, &id));
                let by_name =
                    same_name(t.name(i), &name) || t.other_names(i).any(|n| same_name(n, &name));
                if by_id || by_name {
                    matches.push(t.get(i));
                }
            }
        }
        OrgAnswer {
            query: query.to_string(),
            matches,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons_match_the_keys() {
        for (a, b) in [
            ("ACME  Trading Ltd", "acme trading ltd"),
            (" Café Nero ", "CAFÉ NERO"),
            ("A", "AB"),
        ] {
            assert_eq!(
                same_name(a, &name_key(b)),
                name_key(a) == name_key(b),
                "{a:?} / {b:?}"
            );
        }
        for (a, b) in [
            ("1234567", "01234567"),
            ("sc123456", "SC123456"),
            ("R000001", "r000001"),
            ("", ""),
        ] {
            assert_eq!(
                same_id(a, &id_key(b)),
                !a.trim().is_empty() && id_key(a) == id_key(b),
                "{a:?} / {b:?}"
            );
        }
    }
}
