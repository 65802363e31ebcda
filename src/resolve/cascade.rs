//! The decision for one ledger name: a person's override, else set aside, else a ledger
//! identifier, else the best candidate — linked automatically only with a clear lead over
//! any other organisation, because a wrong link is worse than none.

use serde::Serialize;

use super::matcher::{Agreement, Candidate, Evidence, Matcher};
use super::overrides::{OverrideDecision, Overrides};
use super::set_aside::SetAsideReason;
use crate::reference::RegisterKind;

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
    if f.truncated {
        parts.push("ledger name cut short".into());
    }
    if f.typo_words > 0 {
        parts.push(format!("{} word(s) up to a typo", f.typo_words));
    }
    if f.previous_name {
        parts.push("an earlier name".into());
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
        kind_label(kind),
        m.record_name(c.record),
        parts.join(", ")
    )
}

pub fn kind_label(kind: RegisterKind) -> &'static str {
    match kind {
        RegisterKind::CoopsUk => "coops_uk",
        RegisterKind::FcaMutuals => "fca_mutuals",
        RegisterKind::CompaniesHouse => "companies_house",
        RegisterKind::CharityCommission => "charity_commission",
        RegisterKind::Directory => "directory",
    }
}

fn set_aside(reason: SetAsideReason, why: String) -> Outcome {
    Outcome {
        decision: Decision::SetAside,
        tier: Some(Tier::SetAside),
        chosen: None,
        candidates: Vec::new(),
        set_aside: Some(reason),
        reason: why,
    }
}

impl Matcher<'_> {
    /// Decides one ledger name.
    pub fn decide(&self, raw: &str, ev: &Evidence, overrides: &Overrides) -> Outcome {
        let t = &self.rules.thresholds;
        let mut excluded: Vec<u32> = Vec::new();
        for o in overrides.for_name(raw) {
            let note = o.note.clone().unwrap_or_default();
            if let Some(reason) = o.decision.set_aside() {
                return set_aside(
                    reason,
                    format!("override: {} {note}", reason.as_str())
                        .trim_end()
                        .into(),
                );
            }
            match o.decision {
                OverrideDecision::Unmatched => {
                    return Outcome {
                        decision: Decision::Unmatched,
                        tier: Some(Tier::Override),
                        chosen: None,
                        candidates: Vec::new(),
                        set_aside: None,
                        reason: format!("override: not in the registers {note}")
                            .trim_end()
                            .into(),
                    };
                }
                OverrideDecision::Match | OverrideDecision::Not => {
                    let (kind, id) = (
                        o.register.expect("checked on load"),
                        o.register_id.as_deref().unwrap_or(""),
                    );
                    let entities = self.entities_with_id(kind, id);
                    if o.decision == OverrideDecision::Not {
                        excluded.extend(entities);
                        continue;
                    }
                    let Some(&e) = entities.first() else {
                        return Outcome {
                            decision: Decision::Review,
                            tier: Some(Tier::Override),
                            chosen: None,
                            candidates: Vec::new(),
                            set_aside: None,
                            reason: format!(
                                "override names {} {id}, which is not in the registers loaded",
                                kind_label(kind)
                            ),
                        };
                    };
                    let chosen = self.score_entity(raw, ev, e);
                    return Outcome {
                        decision: Decision::Matched,
                        tier: Some(Tier::Override),
                        chosen,
                        candidates: Vec::new(),
                        set_aside: None,
                        reason: format!("override: {} {id} {note}", kind_label(kind))
                            .trim_end()
                            .into(),
                    };
                }
                _ => {}
            }
        }
        let has_form = self
            .norm
            .readings(raw)
            .first()
            .is_some_and(|(k, _)| k.form.is_some());
        if let Some(reason) = self.norm.set_aside.reason(raw, has_form) {
            return set_aside(reason, format!("set aside: {}", reason.as_str()));
        }
        // A company or charity number in the ledger, if the names agree.
        for (e, id) in self.by_identifier(ev) {
            if excluded.contains(&e) {
                continue;
            }
            let Some(c) = self.score_entity(raw, ev, e) else {
                continue;
            };
            let decision = if c.features.name >= t.identifier_min_name {
                Decision::Matched
            } else {
                Decision::Review
            };
            let reason = match decision {
                Decision::Matched => format!("ledger number {id}: {}", describe(self, &c)),
                _ => format!(
                    "ledger number {id} is {}, but the names differ",
                    describe(self, &c)
                ),
            };
            return Outcome {
                decision,
                tier: Some(Tier::Identifier),
                candidates: vec![c.clone()],
                chosen: Some(c),
                set_aside: None,
                reason,
            };
        }
        let mut cands = self.candidates(raw, ev);
        cands.retain(|c| !excluded.contains(&c.entity));
        cands.truncate(SHOWN);
        let Some(best) = cands.first().cloned() else {
            return Outcome {
                decision: Decision::Unmatched,
                tier: None,
                chosen: None,
                candidates: cands,
                set_aside: None,
                reason: "no register name shares a distinctive word".into(),
            };
        };
        let tier = if best.exact { Tier::Exact } else { Tier::Fuzzy };
        let lead = cands.get(1).map(|r| best.raw - r.raw);
        let clear = lead.is_none_or(|l| l >= t.margin);
        let runner = cands.get(1).map(|r| {
            let (k, id) = self.register_id(r.entity);
            format!("; runner-up {} {id} at {:.3}", kind_label(k), r.score())
        });
        let (decision, why) = if best.score() >= t.accept && clear && best.auto_acceptable() {
            (Decision::Matched, describe(self, &best))
        } else if best.score() >= t.review {
            let because = if !clear {
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
            (
                Decision::Unmatched,
                format!(
                    "best {:.3} below {:.2}: {}",
                    best.score(),
                    t.review,
                    describe(self, &best)
                ),
            )
        };
        Outcome {
            decision,
            tier: (decision != Decision::Unmatched).then_some(tier),
            chosen: (decision != Decision::Unmatched).then(|| best.clone()),
            candidates: cands,
            set_aside: None,
            reason: why + runner.as_deref().unwrap_or(""),
        }
    }

    /// Organisations holding `id` in register `kind`.
    fn entities_with_id(&self, kind: RegisterKind, id: &str) -> Vec<u32> {
        let mut out = Vec::new();
        for key in super::entities::id_keys(kind, id, ["", "", ""]) {
            for r in self.entities.by_id(&key) {
                let e = self.entities.entity[r as usize];
                if !out.contains(&e) {
                    out.push(e);
                }
            }
        }
        out
    }
}
