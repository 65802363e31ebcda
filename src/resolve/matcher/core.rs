//! A name's distinctive core: its words without the form-like ones (club, society,
//! association, co-operative, institute) that say what kind of body it is, not which.
//! Real registers and ledgers add and drop those words freely ("Forest Hall Club and
//! Institute Limited" is the register's "Forest Hall Club"), and drop a common word now and
//! then ("Thame Rugby Football Club" for "Thame Rugby Union Football Club"). Scoring the
//! cores beside the whole names finds them; the kind words still count as a feature.

use rapidfuzz::distance::indel;
use serde::Serialize;

use super::{Matcher, QueryKey};
use crate::resolve::normalise::Normaliser;

/// How the form-like words of two names compare, when their cores agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormWords {
    /// One name has form-like words the other lacks ("club and institute" / "club").
    Added,
    /// Each has form-like words the other lacks ("association" / "co-operative"): may be
    /// two bodies of one place, a person decides.
    Conflict,
}

/// The cores of two names agreeing.
#[derive(Debug, Clone)]
pub struct CoreMatch {
    /// Character similarity of the two cores.
    pub name: f64,
    /// Share of the cores' word rarity that agrees: all of it, the dropped word aside.
    pub rare_words: f64,
    pub form_words: Option<FormWords>,
    /// A word of one name missing from the other, holding little of its rarity.
    pub dropped: Option<String>,
}

/// One side's words, split into the core (word, rarity) and the form-like words.
struct Side<'w> {
    core: Vec<(&'w str, f64)>,
    form: Vec<&'w str>,
}

/// Which of a name's words are its core, and its form-like words. Only the form-like words
/// that end the name ("… Club and Institute", "… Housing Co-operative") are set apart: one
/// inside it ("West Denton Association Social Club") is part of what names the body.
/// Connectors are in neither. Returns the core words' positions and the form-like words,
/// sorted, once each.
pub fn split_core<'w>(norm: &Normaliser, words: &[&'w str]) -> (Vec<usize>, Vec<&'w str>) {
    let kept: Vec<usize> = (0..words.len())
        .filter(|&i| !norm.is_connector(words[i]))
        .collect();
    let tail = kept
        .iter()
        .rev()
        .take_while(|&&i| norm.is_form_word(words[i]))
        .count();
    let (core, form) = kept.split_at(kept.len() - tail);
    let mut form: Vec<&str> = form.iter().map(|&i| words[i]).collect();
    form.sort_unstable();
    form.dedup();
    (core.to_vec(), form)
}

impl Matcher<'_> {
    /// The cores of query `q` and candidate words `cand` (token ids `ids`, split by
    /// [`split_core`] once per candidate), when they agree
    /// word for word — but for one word holding at most `max_dropped_share` of its name's
    /// rarity — and the names differ in their form-like words or that one word. `None`
    /// when the cores disagree otherwise or there is nothing the whole names missed.
    pub(crate) fn core_match(
        &self,
        q: &QueryKey,
        entry: usize,
        ids: &[u32],
        cand: &[&str],
        (core, form): &(Vec<usize>, Vec<&str>),
    ) -> Option<CoreMatch> {
        let ix = self.index;
        // The query's split is made once per reading (QueryKey::core, QueryKey::form).
        let qs = Side {
            core: q
                .core
                .iter()
                .map(|&i| (q.words[i].as_str(), q.weights[i]))
                .collect(),
            form: q.form.iter().map(String::as_str).collect(),
        };
        let cs = Side {
            core: core
                .iter()
                .map(|&j| (cand[j], ix.idf(ix.frequency(ids[j]))))
                .collect(),
            form: form.clone(),
        };
        // Nothing for the cores to find: the same kind words and no word to drop.
        if qs.core.is_empty()
            || cs.core.is_empty()
            || (qs.form == cs.form && qs.core.len().abs_diff(cs.core.len()) != 1)
        {
            return None;
        }
        let mut used = vec![false; cs.core.len()];
        let mut matched = 0usize;
        let mut unmatched_q: Vec<(&str, f64)> = Vec::new();
        for &(w, wt) in &qs.core {
            // Word for word: a typo or a plural (PROPERTY / PROPERTIES) may be another
            // body, and the whole names' scoring weighs those.
            match (0..cs.core.len()).find(|&j| !used[j] && cs.core[j].0 == w) {
                Some(j) => {
                    used[j] = true;
                    matched += 1;
                }
                None => unmatched_q.push((w, wt)),
            }
        }
        let unmatched_c: Vec<(&str, f64)> = cs
            .core
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(w, _)| *w)
            .collect();
        let forms_differ = qs.form != cs.form;
        // At most one word may be missing, and only one that says little of which body it is.
        let dropped = match (unmatched_q.as_slice(), unmatched_c.as_slice()) {
            ([], []) => None,
            ([(w, wt)], []) | ([], [(w, wt)]) => {
                let side = if unmatched_q.is_empty() { &cs } else { &qs };
                let total: f64 = side.core.iter().map(|(_, x)| x).sum();
                let share = self.rules.thresholds.max_dropped_share;
                // A number tells companies apart (… 2 LTD, … 2019 LTD), and a ledger word
                // the register does not know is a misspelling, not a dropped word.
                if matched < 2
                    || *wt > share * total
                    || w.chars().any(|c| c.is_ascii_digit())
                    || ix.token_id(w).is_none()
                {
                    return None;
                }
                Some(w.to_string())
            }
            _ => return None,
        };
        if !forms_differ && dropped.is_none() {
            return None;
        }
        // Every other word agrees, so the cores' rarity agrees in full; the characters are
        // compared without the one dropped word, on its own side.
        let core_text = |s: &Side, dropped_here: bool| {
            let mut skipped = !dropped_here;
            s.core
                .iter()
                .map(|(w, _)| *w)
                .filter(|w| {
                    let skip = !skipped && Some(*w) == dropped.as_deref();
                    skipped |= skip;
                    !skip
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (qc, cc) = (
            core_text(&qs, !unmatched_q.is_empty()),
            core_text(&cs, !unmatched_c.is_empty()),
        );
        // Words only added when one name's form-like words are all in the other's, and the
        // name with fewer has no legal form: a display name that leaves words out ("Forest
        // Hall Club" for "Forest Hall Club and Institute Limited"). "BURNLEY INTERIORS
        // CO-OPERATIVE" against "BURNLEY INTERIORS LIMITED" names two kinds of body.
        let form_words = forms_differ.then(|| {
            let covers = |a: &[&str], b: &[&str]| b.iter().all(|w| a.contains(w));
            let (q_form, c_form) = (q.key.form.is_some(), ix.form(entry).is_some());
            let added =
                (covers(&qs.form, &cs.form) && !c_form) || (covers(&cs.form, &qs.form) && !q_form);
            if added {
                FormWords::Added
            } else {
                FormWords::Conflict
            }
        });
        Some(CoreMatch {
            name: indel::normalized_similarity(qc.chars(), cc.chars()),
            rare_words: 1.0,
            form_words,
            dropped,
        })
    }
}
