//! One ledger file, one anchor: a file two anchors both name — by path, or as a copy under
//! another name — would count its payments twice in the partnership's total.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::reference::cache::hash_file;

/// One ledger file as a study names it under an anchor.
pub struct Named<'a> {
    pub anchor: &'a str,
    /// As the study writes it.
    pub display: &'a str,
    pub path: &'a PathBuf,
}

/// Fails naming the file and both anchors when two anchors hold the same ledger file or
/// the same content. Only files of equal size are hashed; empty files hold no payments.
pub fn check<'a>(files: impl IntoIterator<Item = Named<'a>>) -> anyhow::Result<()> {
    let mut by_path: BTreeMap<PathBuf, (&str, &str)> = BTreeMap::new();
    let mut by_size: BTreeMap<u64, Vec<(&str, &str, &PathBuf)>> = BTreeMap::new();
    for l in files {
        let canonical = std::fs::canonicalize(l.path).unwrap_or_else(|_| l.path.clone());
        match by_path.get(&canonical) {
            Some((other, _)) if *other != l.anchor => anyhow::bail!(
                "ledger {} is named by anchor {other:?} and by anchor {:?}: a payment belongs \
                 to one anchor, so name the file under one of them (if it holds both \
                 anchors' payments, split it and name each part under its anchor)",
                l.display,
                l.anchor
            ),
            Some(_) => {}
            None => {
                by_path.insert(canonical, (l.anchor, l.display));
            }
        }
        if let Ok(m) = std::fs::metadata(l.path)
            && m.len() > 0
        {
            by_size
                .entry(m.len())
                .or_default()
                .push((l.anchor, l.display, l.path));
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
