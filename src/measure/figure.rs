//! A share as people read it: beside the coverage it rests on, marked provisional below
//! the study's threshold, and "not known" when it rests on nothing. An unknown is never
//! printed as 0.0%.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How far a figure can be relied on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Money, counts, or a share resting on at least the threshold's coverage.
    #[default]
    Known,
    /// A share resting on some, but less than the threshold, of influenceable spend.
    Provisional,
    /// A share resting on none of it: the figure is unknown, not zero.
    NotKnown,
}

impl Standing {
    pub fn of(coverage: Option<f64>, threshold: f64) -> Standing {
        match coverage {
            None => Standing::Known,
            Some(c) if c <= 0.0 => Standing::NotKnown,
            Some(c) if c < threshold => Standing::Provisional,
            Some(_) => Standing::Known,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Known => "known",
            Standing::Provisional => "provisional",
            Standing::NotKnown => "not_known",
        }
    }
}

/// What a share's coverage counts, in words (`placed`, `sized`, …), from its metric name.
pub fn basis(metric: &str) -> &'static str {
    let kind = metric.split(':').next().unwrap_or(metric);
    match kind {
        "band" | "within" => "placed",
        "deprived" => "placed in a ranked neighbourhood",
        "size" | "sme" => "sized",
        "ownership" | "social_economy" => "with known ownership",
        _ => "known",
    }
}

/// `12.3%`, `12.3% (provisional: 41% of spend placed)` or `not known (no spend placed)`.
pub fn shown(value: f64, coverage: Option<f64>, standing: Standing, metric: &str) -> String {
    match standing {
        Standing::Known => one_place_pct(value),
        Standing::Provisional => format!(
            "{} (provisional: {} of spend {})",
            provisional_pct(value),
            whole_pct(coverage.unwrap_or(0.0)),
            basis(metric)
        ),
        Standing::NotKnown => format!("not known (no spend {})", basis(metric)),
    }
}

/// `21.2%`; a little is never rounded to nothing: `0.03%` → `<0.1%`.
pub fn one_place_pct(share: f64) -> String {
    let p = share * 100.0;
    if p > 0.0 && p < 0.05 {
        "<0.1%".into()
    } else {
        format!("{p:.1}%")
    }
}

/// A provisional share: none found on the known part is not "0.0%" — the unknown part
/// may hold some.
pub fn provisional_pct(share: f64) -> String {
    if share == 0.0 {
        "none found".into()
    } else {
        one_place_pct(share)
    }
}

/// A coverage as a whole percentage that never rounds a little to nothing or nearly
/// all to everything: `0.3%` → `<1%`, `99.7%` → `>99%`.
pub fn whole_pct(share: f64) -> String {
    let p = share * 100.0;
    if p > 0.0 && p < 1.0 {
        "<1%".into()
    } else if p > 99.0 && p < 100.0 {
        ">99%".into()
    } else {
        format!("{p:.0}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_is_never_zero() {
        let show = |v, c: Option<f64>, m| shown(v, c, Standing::of(c, 0.8), m);
        assert_eq!(
            show(0.0, Some(0.0), "band:Hyndburn"),
            "not known (no spend placed)"
        );
        assert_eq!(
            show(0.123, Some(0.41), "sme"),
            "12.3% (provisional: 41% of spend sized)"
        );
        assert_eq!(show(0.123, Some(0.85), "sme"), "12.3%");
        assert_eq!(show(0.5, None, "top10_share"), "50.0%");
        assert_eq!(
            show(0.001, Some(0.002), "ownership:cooperative"),
            "0.1% (provisional: <1% of spend with known ownership)"
        );
        assert_eq!(Standing::of(Some(0.8), 0.8), Standing::Known);
        // Hyndburn 2023/24: no co-operative found on the 60% of spend of known ownership
        // was printed "0.0%".
        assert_eq!(
            show(0.0, Some(0.6), "ownership:cooperative"),
            "none found (provisional: 60% of spend with known ownership)"
        );
        assert_eq!(show(0.0003, Some(0.9), "sme"), "<0.1%");
        assert_eq!(show(0.0, Some(0.9), "sme"), "0.0%");
    }
}
