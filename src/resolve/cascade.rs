//! The decision for one ledger name: a person's override, else set aside, else a ledger
//! identifier, else the best candidate — linked automatically only with a clear lead over
//! any other organisation, because a wrong link is worse than none.

use serde::Serialize;

use super::index::NameKind;
use super::matcher::core::FormWords;
use super::matcher::score::{Agreement, Candidate, Evidence};
use super::matcher::{Matcher, QueryKey};
use super::overrides::{OverrideDecision, Overrides};
use super::set_aside::SetAsideReason;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Matched,
    Review,
    Unmatched,
    SetAside,
}

/// Which step of the cascade decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Override,
    Identifier,
    Exact,
    Fuzzy,
    SetAside,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Matched => "matched",
            Decision::Review => "review",
            Decision::Unmatched => "unmatched",
            Decision::SetAside => "set_aside",
        }
    }
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Override => "override",
            Tier::Identifier => "identifier",
            Tier::Exact => "exact",
            Tier::Fuzzy => "fuzzy",
            Tier::SetAside => "set_aside",
        }
    }
}

/// What the cascade decided for one name, and why.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub decision: Decision,
    pub tier: Option<Tier>,
    /// The organisation matched, or the best one for a person to review.
    pub chosen: Option<Candidate>,
    /// The leading candidates, one per organisation, best first.
    pub candidates: Vec<Candidate>,
    pub set_aside: Option<SetAsideReason>,
    pub reason: String,
    /// The name's comparison key (its legal reading), which gathers unmatched spellings
    /// into one supplier.
    pub key: String,
}

impl Outcome {
    fn new(decision: Decision, tier: Option<Tier>, reason: impl Into<String>) -> Self {
        Outcome {
            decision,
            tier,
            chosen: None,
            candidates: Vec::new(),
            set_aside: None,
            reason: reason.into(),
            key: String::new(),
        }
    }

    fn set_aside(reason: SetAsideReason, why: String) -> Self {
        Outcome {
            set_aside: Some(reason),
            ..Outcome::new(Decision::SetAside, Some(Tier::SetAside), why)
        }
    }
}

/// Candidates shown to a person for a name in review.
const SHOWN: usize = 5;

fn describe(m: &Matcher, c: &Candidate) -> String {
    let f = &c.features;
    let (kind, id) = m.register_id(c.entity);
    let mut parts = vec![format!(
        "name {:.2}, rare words {:.2}",
        f.name, f.rare_words
    )];
    let agreement = |a: Agreement| match a {
        Agreement::Agree => "agrees",
        Agreement::Partial => "same district",
        Agreement::Conflict => "differs",
        Agreement::Unknown => "unknown",
    };
    if f.legal_form != Agreement::Unknown {
        parts.push(format!("legal form {}", agreement(f.legal_form)));
    }
    if f.postcode != Agreement::Unknown {
        parts.push(format!("postcode {}", agreement(f.postcode)));
    }
    if f.cut_at_word_end {
        parts.push("ledger name may be cut short at a word end".into());
    } else if f.truncated {
        parts.push("ledger name cut short".into());
    }
    if f.typo_words > 0 {
        parts.push(format!("{} word(s) up to a typo", f.typo_words));
    }
    if f.previous_name {
        parts.push("an earlier name".into());
    }
    match f.form_words {
        Some(FormWords::Added) => parts.push("form-like words added or dropped".into()),
        Some(FormWords::Conflict) => parts.push("form-like words differ".into()),
        None => {}
    }
    if let Some(w) = &f.dropped_word {
        parts.push(format!("the common word {w:?} in one name only"));
    }
    if let Some(w) = &f.initials {
        parts.push(format!("{w:?} the initials of words of the other name"));
    }
    match m.index.kind(c.entry as usize) {
        NameKind::Trading => parts.push(format!(
            "through the register's trading or outlet name {:?}",
            m.index.key(c.entry as usize)
        )),
        NameKind::Bracket => parts.push(format!(
            "through the register's name read with or without its bracketed words, {:?}",
            m.index.key(c.entry as usize)
        )),
        NameKind::Qualifier => parts.push(format!(
            "through the register's name read without its bracketed word, {:?}",
            m.index.key(c.entry as usize)
        )),
        NameKind::Current | NameKind::Previous => {}
    }
    if f.distinctive_typo {
        parts.push("a typo in a distinctive word".into());
    }
    if f.reordered {
        parts.push("words reordered".into());
    }
    if f.numbers_differ {
        parts.push("numbers differ".into());
    }
    if f.other_reading {
        parts.push("through a trading name or bracketed words".into());
    }
    if f.inactive_when_paid {
        parts.push("not active when paid".into());
    }
    format!(
        "{} {id} {:?} ({})",
        kind.as_str(),
        m.record_name(c.record),
        parts.join(", ")
    )
}

impl Matcher<'_> {
    /// Decides one ledger name.
    pub fn decide(&self, raw: &str, ev: &Evidence, overrides: &Overrides) -> Outcome {
        let queries = self.query_keys(raw);
        let mut o = self.decide_readings(raw, &queries, ev, overrides);
        o.key = queries
            .first()
            .map(|q| q.key.text.clone())
            .unwrap_or_default();
        o
    }

    /// `queries[0]` is the legal name as matched — a cut-off legal form already read as
    /// one — and it alone says whether the name has a legal form and how it groups.
    fn decide_readings(
        &self,
        raw: &str,
        queries: &[QueryKey],
        ev: &Evidence,
        overrides: &Overrides,
    ) -> Outcome {
        let t = &self.rules.thresholds;
        let mut excluded: Vec<u32> = Vec::new();
        for o in overrides.for_name(raw) {
            let note = o.note.as_deref().unwrap_or("");
            let said = |what: String| format!("override: {what} {note}").trim_end().to_string();
            if let Some(reason) = o.decision.set_aside() {
                return Outcome::set_aside(reason, said(reason.as_str().into()));
            }
            let (kind, id) = match (o.decision, o.register) {
                (OverrideDecision::Unmatched, _) => {
                    let why = said("not in the registers".into());
                    return Outcome::new(Decision::Unmatched, Some(Tier::Override), why);
                }
                (_, Some(kind)) => (kind, o.register_id.as_deref().unwrap_or("")),
                _ => continue, // `match` and `not` carry a register: checked on load
            };
            let entities = self.entities_with_id(kind, id);
            if o.decision == OverrideDecision::Not {
                excluded.extend(entities);
                continue;
            }
            let Some(&e) = entities.first() else {
                let why = format!(
                    "override names {} {id}, which is not in the registers loaded",
                    kind.as_str()
                );
                return Outcome::new(Decision::Review, Some(Tier::Override), why);
            };
            return Outcome {
                chosen: self.score_entity(queries, ev, e),
                ..Outcome::new(
                    Decision::Matched,
                    Some(Tier::Override),
                    said(format!("{} {id}", kind.as_str())),
                )
            };
        }
        let has_form = queries.first().is_some_and(|q| q.key.form.is_some());
        if let Some(reason) = self.norm.set_aside.reason(raw, has_form) {
            return Outcome::set_aside(reason, format!("set aside: {}", reason.as_str()));
        }
        // A company or charity number in the ledger, if the names agree.
        for (e, id) in self.by_identifier(ev) {
            if excluded.contains(&e) {
                continue;
            }
            let Some(c) = self.score_entity(queries, ev, e) else {
                continue;
            };
            let (decision, reason) = if c.features.name >= t.identifier_min_name {
                (
                    Decision::Matched,
                    format!("ledger number {id}: {}", describe(self, &c)),
                )
            } else {
                let why = format!(
                    "ledger number {id} is {}, but the names differ",
                    describe(self, &c)
                );
                (Decision::Review, why)
            };
            return Outcome {
                candidates: vec![c.clone()],
                chosen: Some(c),
                ..Outcome::new(decision, Some(Tier::Identifier), reason)
            };
        }
        let mut cands = self.candidates(queries, ev);
        cands.retain(|c| !excluded.contains(&c.entity));
        cands.truncate(SHOWN);
        // Weaker than a title: only a name no register holds closely enough to review.
        if cands.first().is_none_or(|c| c.score() < t.review)
            && self.norm.set_aside.personal_name(raw, has_form)
        {
            let why = "set aside: individual (a personal name no register holds)";
            return Outcome::set_aside(SetAsideReason::Individual, why.into());
        }
        // Below the review floor, a candidate whose words contain the name's, or are all
        // in it, is the one a person would look at ("Seahouses Social Club" before
        // "Thetford and District Ex-Service and Social Club" for "Seahouses and District
        // Ex-Service and Social Club"), though another scores higher on shared common words.
        if let Some(i) = cands
            .iter()
            .position(|c| c.features.contained && c.score() >= t.review_contained())
            .filter(|_| cands.first().is_some_and(|b| b.score() < t.review))
        {
            let c = cands.remove(i);
            cands.insert(0, c);
        }
        let Some(best) = cands.first().cloned() else {
            return Outcome::new(
                Decision::Unmatched,
                None,
                "no register name shares a distinctive word",
            );
        };
        let tier = if best.exact { Tier::Exact } else { Tier::Fuzzy };
        let clear = cands.get(1).is_none_or(|r| best.raw - r.raw >= t.margin);
        let runner = cands.get(1).map(|r| {
            let (k, id) = self.register_id(r.entity);
            format!("; runner-up {} {id} at {:.3}", k.as_str(), r.score())
        });
        let acceptable = best.auto_acceptable(&t.postcode_settles);
        let (decision, why) = if best.score() >= t.accept && clear && acceptable {
            let mut why = describe(self, &best);
            if best.doubts().next().is_some() {
                why.push_str("; the register's own postcode settles the doubt");
            }
            (Decision::Matched, why)
        } else if best.score() >= t.review
            || (best.features.contained && best.score() >= t.review_contained())
        {
            let because = if best.score() < t.review {
                format!(
                    "score {:.3} below {:.2}, but the words of one name are all in the other",
                    best.score(),
                    t.review
                )
            } else if !clear {
                format!("another organisation within {:.2}", t.margin)
            } else if best.score() < t.accept {
                format!("score {:.3} below {:.2}", best.score(), t.accept)
            } else {
                "evidence a person should confirm".to_string()
            };
            (
                Decision::Review,
                format!("{because}: {}", describe(self, &best)),
            )
        } else {
            let why = format!(
                "best {:.3} below {:.2}: {}",
                best.score(),
                t.review,
                describe(self, &best)
            );
            (Decision::Unmatched, why)
        };
        let linked = decision != Decision::Unmatched;
        Outcome {
            chosen: linked.then_some(best),
            candidates: cands,
            ..Outcome::new(
                decision,
                linked.then_some(tier),
                why + runner.as_deref().unwrap_or(""),
            )
        }
    }
}
