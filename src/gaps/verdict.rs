//! Judging each market in each area: a verdict from the thresholds of the gap-rules file,
//! and a score whose every term is shown, so that a person can see why a market ranks
//! where it does and what would change it.

use serde::{Deserialize, Serialize};

use super::gap_files::{GapRules, Weights};

/// A market's verdict, in the order they are decided; written in snake_case
/// (`not_addressable`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The spend's categories map to no market.
    Unmapped,
    /// Regulated or capital-heavy: listed in the not-addressable table.
    NotAddressable,
    /// Not judged: most of the spend could not be placed, or local supply could not be
    /// looked for. Never ranked.
    Unknown,
    /// Already largely with local democratic suppliers.
    Served,
    /// Local democratic suppliers exist but are too small for the spend as let.
    Grow,
    /// Local democratic suppliers exist but win little of the spend.
    Engage,
    /// None exists locally; the spend is sizeable, regular and divisible.
    Incubate,
    /// None exists locally, but the spend is too small, irregular or lumpy for now
    /// (also the default of an empty row, which tables use for their headers).
    #[default]
    Watch,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Unmapped => "unmapped",
            Verdict::NotAddressable => "not_addressable",
            Verdict::Unknown => "unknown",
            Verdict::Served => "served",
            Verdict::Grow => "grow",
            Verdict::Engage => "engage",
            Verdict::Incubate => "incubate",
            Verdict::Watch => "watch",
        }
    }

    /// Verdicts a person can act on: they form the opportunities and the calendar.
    pub fn actionable(self) -> bool {
        matches!(self, Verdict::Engage | Verdict::Grow | Verdict::Incubate)
    }
}

/// The figures a verdict and score are decided on, for one market in one area.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub unmapped: bool,
    pub not_addressable: Option<String>,
    pub influenceable: i64,
    /// Influenceable pence per year (the period's spend scaled to twelve months).
    pub annual: f64,
    pub leakage: i64,
    pub annual_leakage: f64,
    /// The largest leakage of any market in the area, for the leakage term.
    pub max_leakage: i64,
    pub large_nonlocal: i64,
    pub local_democratic: i64,
    /// Influenceable pence with suppliers that could not be placed.
    pub unplaced: i64,
    /// Why local supply could not be looked for, when it could not.
    pub supply_unknown: Option<String>,
    pub anchors_leaking: usize,
    pub anchors: usize,
    pub regularity: f64,
    /// Share of spend in payments under the small-payment threshold.
    pub divisible_share: f64,
    pub local_orgs: usize,
    /// Local organisations of medium or large size.
    pub local_big: usize,
    /// Known annual turnover of the local organisations, pence.
    pub local_turnover: i64,
}

/// Each term (0–1) and its weighted part of the score.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Terms {
    pub leakage: f64,
    pub anchors: f64,
    pub regularity: f64,
    pub divisibility: f64,
    pub corporate: f64,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        (a / b).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

impl Terms {
    pub fn of(f: &Facts) -> Self {
        Terms {
            leakage: ratio(f.leakage as f64, f.max_leakage as f64),
            anchors: ratio(f.anchors_leaking as f64, f.anchors as f64),
            regularity: f.regularity.clamp(0.0, 1.0),
            divisibility: f.divisible_share.clamp(0.0, 1.0),
            corporate: ratio(f.large_nonlocal as f64, f.influenceable as f64),
        }
    }

    /// Each term times its weight.
    pub fn weighted(&self, w: &Weights) -> Terms {
        Terms {
            leakage: self.leakage * w.leakage,
            anchors: self.anchors * w.anchors,
            regularity: self.regularity * w.regularity,
            divisibility: self.divisibility * w.divisibility,
            corporate: self.corporate * w.corporate,
        }
    }

    pub fn sum(&self) -> f64 {
        self.leakage + self.anchors + self.regularity + self.divisibility + self.corporate
    }
}

/// The verdict and the plain-English reason for it.
pub fn judge(f: &Facts, r: &GapRules) -> (Verdict, String) {
    let pct = |x: f64| format!("{:.0}%", 100.0 * x);
    let pounds = |p: f64| crate::format::pounds(p.round() as i64);
    let small = pounds(r.small_payment_pounds * 100.0);
    if f.unmapped {
        return (
            Verdict::Unmapped,
            "its expense categories map to no market: add them to the category table (see unmapped_categories.csv)".into(),
        );
    }
    if let Some(why) = &f.not_addressable {
        return (Verdict::NotAddressable, format!("not addressable: {why}"));
    }
    let unplaced = ratio(f.unplaced as f64, f.influenceable as f64);
    if f.influenceable > 0 && unplaced > r.unknown_unplaced_share {
        return (
            Verdict::Unknown,
            format!(
                "not known: {} of the spend is with suppliers that could not be placed, so how much leaves the area is not known (place them: spendgap todo)",
                pct(unplaced)
            ),
        );
    }
    let share = ratio(f.local_democratic as f64, f.influenceable as f64);
    if f.influenceable > 0 && share >= r.served_share {
        return (
            Verdict::Served,
            format!("{} already goes to local democratic suppliers", pct(share)),
        );
    }
    if f.local_orgs > 0 {
        let lumpy = 1.0 - f.divisible_share;
        let turnover = f.local_turnover as f64;
        if f.local_big == 0 && lumpy >= r.grow_large_payment_share {
            return (
                Verdict::Grow,
                format!(
                    "{} local democratic supplier(s), none medium or large, while {} of the spend is in payments of {small} or more: lotting or a consortium could let them bid",
                    f.local_orgs,
                    pct(lumpy)
                ),
            );
        }
        if turnover > 0.0 && f.annual_leakage > r.grow_turnover_multiple * turnover {
            return (
                Verdict::Grow,
                format!(
                    "{} a year leaves the area, more than {}× the {} known turnover of its {} local democratic supplier(s)",
                    pounds(f.annual_leakage),
                    r.grow_turnover_multiple,
                    pounds(turnover),
                    f.local_orgs
                ),
            );
        }
        return (
            Verdict::Engage,
            format!(
                "{} local democratic supplier(s) exist but win {} of the spend",
                f.local_orgs,
                pct(share)
            ),
        );
    }
    if let Some(why) = &f.supply_unknown {
        return (
            Verdict::Unknown,
            format!("not known whether a local democratic supplier exists: {why}"),
        );
    }
    let min_annual = r.incubate_min_annual_pounds * 100.0;
    let mut short = Vec::new();
    if f.annual < min_annual {
        short.push(format!(
            "{} a year is under {}",
            pounds(f.annual),
            pounds(min_annual)
        ));
    }
    if f.regularity < r.incubate_min_regularity {
        short.push(format!(
            "spend in only {} of months (needs {})",
            pct(f.regularity),
            pct(r.incubate_min_regularity)
        ));
    }
    if f.divisible_share < r.incubate_min_divisible_share {
        short.push(format!(
            "only {} in payments under {small} (needs {})",
            pct(f.divisible_share),
            pct(r.incubate_min_divisible_share)
        ));
    }
    if short.is_empty() {
        (
            Verdict::Incubate,
            format!(
                "no local democratic supplier; {} a year in {} of months, {} in payments under {small}",
                pounds(f.annual),
                pct(f.regularity),
                pct(f.divisible_share)
            ),
        )
    } else {
        (
            Verdict::Watch,
            format!("no local democratic supplier, but {}", short.join("; ")),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::gap_files::load_rules;

    fn sizeable() -> Facts {
        Facts {
            influenceable: 20_000_000,
            annual: 20_000_000.0,
            leakage: 20_000_000,
            annual_leakage: 20_000_000.0,
            max_leakage: 20_000_000,
            regularity: 1.0,
            divisible_share: 0.9,
            anchors: 2,
            anchors_leaking: 2,
            ..Default::default()
        }
    }

    #[test]
    fn each_verdict_by_its_rule() {
        let r = load_rules(None).unwrap();
        let v = |f: &Facts| judge(f, &r).0;
        assert_eq!(v(&sizeable()), Verdict::Incubate);
        let irregular = Facts {
            regularity: 0.2,
            ..sizeable()
        };
        assert_eq!(v(&irregular), Verdict::Watch);
        assert!(judge(&irregular, &r).1.contains("20% of months"));
        let with_locals = Facts {
            local_orgs: 2,
            local_big: 1,
            ..sizeable()
        };
        assert_eq!(v(&with_locals), Verdict::Engage);
        let lumpy = Facts {
            local_orgs: 2,
            divisible_share: 0.1,
            ..sizeable()
        };
        assert_eq!(v(&lumpy), Verdict::Grow);
        let outgrown = Facts {
            local_orgs: 1,
            local_big: 1,
            local_turnover: 1_000_000,
            ..sizeable()
        };
        assert_eq!(v(&outgrown), Verdict::Grow);
        let served = Facts {
            local_democratic: 10_000_000,
            ..with_locals.clone()
        };
        assert_eq!(v(&served), Verdict::Served);
        let regulated = Facts {
            not_addressable: Some("regulated".into()),
            ..served.clone()
        };
        assert_eq!(v(&regulated), Verdict::NotAddressable);
        let unmapped = Facts {
            unmapped: true,
            ..regulated
        };
        assert_eq!(v(&unmapped), Verdict::Unmapped);
    }

    /// Hyndburn 2023/24 with no postcode directory: every market was "incubate: no local
    /// democratic supplier", leaving "£0.00" — unplaced spend and unplaced co-operatives.
    #[test]
    fn unknown_when_the_spend_or_the_supply_could_not_be_placed() {
        let r = load_rules(None).unwrap();
        let unplaced = Facts {
            unplaced: 15_000_000,
            leakage: 5_000_000,
            ..sizeable()
        };
        let (v, why) = judge(&unplaced, &r);
        assert_eq!(v, Verdict::Unknown);
        assert!(why.contains("75%"), "{why}");
        let half = Facts {
            unplaced: 10_000_000,
            ..sizeable()
        };
        assert_eq!(
            judge(&half, &r).0,
            Verdict::Incubate,
            "exactly half is judged"
        );
        let unsearched = Facts {
            supply_unknown: Some("no register".into()),
            ..sizeable()
        };
        assert_eq!(judge(&unsearched, &r).0, Verdict::Unknown);
        // A local democratic supplier the anchors pay is known supply all the same.
        let paid_local = Facts {
            local_orgs: 1,
            local_big: 1,
            ..unsearched
        };
        assert_eq!(judge(&paid_local, &r).0, Verdict::Engage);
        assert!(!Verdict::Unknown.actionable());
    }

    #[test]
    fn the_score_is_the_sum_of_weighted_terms() {
        let r = load_rules(None).unwrap();
        let f = Facts {
            leakage: 5,
            max_leakage: 10,
            anchors_leaking: 1,
            anchors: 4,
            regularity: 0.5,
            divisible_share: 0.25,
            large_nonlocal: 1,
            influenceable: 10,
            ..Default::default()
        };
        let t = Terms::of(&f);
        assert_eq!(
            (
                t.leakage,
                t.anchors,
                t.regularity,
                t.divisibility,
                t.corporate
            ),
            (0.5, 0.25, 0.5, 0.25, 0.1)
        );
        let w = &r.weights;
        let by_hand = 0.5 * w.leakage
            + 0.25 * w.anchors
            + 0.5 * w.regularity
            + 0.25 * w.divisibility
            + 0.1 * w.corporate;
        assert!((t.weighted(w).sum() - by_hand).abs() < 1e-12);
    }
}
