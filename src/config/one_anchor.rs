//! One ledger file, one anchor: a file two anchors both name — by path, or as a copy under
//! another name — would count its payments twice in the partnership's total.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::study::Anchor;
use crate::reference::cache::hash_file;

/// Fails naming the file and both anchors when two anchors hold the same ledger file or
/// the same content. Only files of equal size are hashed; empty files hold no payments.
pub fn check(anchors: &[Anchor]) -> anyhow::Result<()> {
    let mut by_path: BTreeMap<PathBuf, (&str, &str)> = BTreeMap::new();
    let mut by_size: BTreeMap<u64, Vec<(&str, &str, &PathBuf)>> = BTreeMap::new();
    for a in anchors {
        for l in &a.ledgers {
            let canonical = std::fs::canonicalize(&l.path).unwrap_or_else(|_| l.path.clone());
            match by_path.get(&canonical) {
                Some((other, _)) if *other != a.id => anyhow::bail!(
                    "ledger {} is named by anchor {other:?} and by anchor {:?}: a payment belongs \
                     to one anchor, so name the file under one of them (if it holds both \
                     anchors' payments, split it and name each part under its anchor)",
                    l.display,
                    a.id
                ),
                Some(_) => {}
                None => {
                    by_path.insert(canonical, (&a.id, &l.display));
                }
            }
            if let Ok(m) = std::fs::metadata(&l.path)
                && m.len() > 0
            {
                by_size
                    .entry(m.len())
                    .or_default()
                    .push((&a.id, &l.display, &l.path));
            }
        }
    }
    for files in by_size.values().filter(|f| f.len() > 1) {
        let mut by_hash: BTreeMap<String, (&str, &str)> = BTreeMap::new();
        for (anchor, display, path) in files {
            // An unreadable file is the ingest's to report, with its own message.
            let Ok(hash) = hash_file(path) else { continue };
            match by_hash.get(&hash) {
                Some((other, other_file)) if other != anchor => anyhow::bail!(
                    "ledger {display} of anchor {anchor:?} is a copy of {other_file} of anchor \
                     {other:?} (the same bytes): its payments would count twice; name the file \
                     under one anchor"
                ),
                Some(_) => {}
                None => {
                    by_hash.insert(hash, (anchor, display));
                }
            }
        }
    }
    Ok(())
}
