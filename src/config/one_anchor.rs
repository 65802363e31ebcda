//! One ledger file, one anchor: a file two anchors both name — by path, or as a copy under
//! another name — would count its payments twice in the partnership's total.

use std::collections::BTreeMap;
use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::field::ColumnRef;
use crate::files::hash_file;

/// How a file several anchors share is split: each anchor's rows hold its own value in one
/// column (`shared = { column = "Body name", value = "Leeds City Council" }`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Shared {
    /// The column, by header text or 1-based position.
    pub column: ColumnRef,
    /// This anchor's value in it (case and surrounding spaces ignored).
    pub value: String,
}

impl Shared {
    /// Whether a cell's text is this anchor's value.
    pub fn holds(&self, text: &str) -> bool {
        text.trim().eq_ignore_ascii_case(self.value.trim())
    }
}

/// One ledger file as a study names it under an anchor.
#[derive(Clone, Copy)]
pub struct Named<'a> {
    pub anchor: &'a str,
    /// As the study writes it.
    pub display: &'a str,
    pub path: &'a PathBuf,
    /// The anchor's share, where the file is shared.
    pub shared: Option<&'a Shared>,
}

/// Whether two anchors may both name one file: both say how it is split, by the same
/// column, for different values.
fn split_apart(a: Option<&Shared>, b: Option<&Shared>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.column == b.column && !a.holds(&b.value))
}

/// Fails naming the file and both anchors when two anchors hold the same ledger file or
/// the same content. Only files of equal size are hashed; empty files hold no payments.
pub fn check<'a>(files: impl IntoIterator<Item = Named<'a>>) -> anyhow::Result<()> {
    let mut by_path: BTreeMap<PathBuf, Vec<Named<'a>>> = BTreeMap::new();
    let mut by_size: BTreeMap<u64, Vec<Named<'a>>> = BTreeMap::new();
    for l in files {
        let canonical = std::fs::canonicalize(l.path).unwrap_or_else(|_| l.path.clone());
        let named = by_path.entry(canonical).or_default();
        if let Some(other) = clash(named, &l) {
            anyhow::bail!(
                "ledger {} is named by anchor {:?} and by anchor {:?}: a payment belongs \
                 to one anchor, so name the file under one of them, or, if it holds both \
                 anchors' payments, say how it is split under each (`shared = {{ column = \
                 \"…\", value = \"…\" }}`, a different value for each anchor)",
                l.display,
                other.anchor,
                l.anchor
            );
        }
        named.push(l);
        if let Ok(m) = std::fs::metadata(l.path)
            && m.len() > 0
        {
            by_size.entry(m.len()).or_default().push(l);
        }
    }
    for files in by_size.values().filter(|f| f.len() > 1) {
        let mut by_hash: BTreeMap<String, Vec<Named<'a>>> = BTreeMap::new();
        for l in files {
            // An unreadable file is the ingest's to report, with its own message.
            let Ok(hash) = hash_file(l.path) else {
                continue;
            };
            let same = by_hash.entry(hash).or_default();
            if let Some(other) = clash(same, l) {
                anyhow::bail!(
                    "ledger {} of anchor {:?} is a copy of {} of anchor {:?} (the same bytes): \
                     its payments would count twice; name the file under one anchor, or say \
                     how it is split (`shared`)",
                    l.display,
                    l.anchor,
                    other.display,
                    other.anchor
                );
            }
            same.push(*l);
        }
    }
    Ok(())
}

/// The file of another anchor among `seen` that `l` may not be named beside.
fn clash<'s, 'a>(seen: &'s [Named<'a>], l: &Named<'a>) -> Option<&'s Named<'a>> {
    seen.iter()
        .find(|o| o.anchor != l.anchor && !split_apart(o.shared, l.shared))
}
