//! One anchor-year of made-up payments in a neutral form that the format writers spell
//! out; the anchors' own habits (name truncation, capitals, thresholds) are applied here.

use crate::dates::{Date, Fy};
use crate::suppliers::{ANCHOR_LETTERS, SUPPLIERS, Sector, Supplier};
use rand::Rng;
use rand::seq::IndexedRandom;

/// A ledger amount: pence, or text that is not a number at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
    Pence(i64),
    Text(&'static str),
}

/// One payment line as the anchor's ERP would export it.
#[derive(Clone)]
pub struct Payment {
    pub date: Option<Date>,
    pub amount: Amount,
    /// The payee as spelt in this ledger (may be empty).
    pub payee: String,
    pub supplier: Option<&'static Supplier>,
    pub category: &'static str,
    pub area: &'static str,
    pub txn: String,
    pub description: String,
    /// Why this row is deliberately odd, for the README's list of messes.
    pub mess: Option<&'static str>,
}

impl Payment {
    pub fn pence(&self) -> Option<i64> {
        match self.amount {
            Amount::Pence(p) => Some(p),
            Amount::Text(_) => None,
        }
    }

    pub fn postcode(&self) -> &'static str {
        self.supplier.map_or("", |s| s.postcode)
    }
}

/// How an anchor's system spells payee names.
#[derive(Clone, Copy)]
pub enum NameStyle {
    AsIs,
    /// A fixed-width supplier field cuts names off.
    Truncate(usize),
    Upper,
}

/// What is fixed about one anchor.
pub struct AnchorSpec {
    pub index: usize,
    pub id: &'static str,
    pub name: &'static str,
    pub areas: &'static [&'static str],
    /// Rows per year, drawn from this range.
    pub rows: (u32, u32),
    /// Publication threshold in pounds ("spend over £500"); 0 for none.
    pub min_pounds: i64,
    pub names: NameStyle,
}

#[rustfmt::skip]
pub const ANCHORS: [AnchorSpec; 4] = [
    AnchorSpec { index: 0, id: "oxford-city", name: "Oxford City Council", rows: (240, 300), min_pounds: 500, names: NameStyle::Truncate(32),
        areas: &["Housing Services", "Community Services", "Environmental Sustainability", "Regeneration & Economy", "Corporate Property", "Business Improvement", "Financial Services", "Law & Governance"] },
    AnchorSpec { index: 1, id: "oxon-county", name: "Oxfordshire County Council", rows: (300, 360), min_pounds: 500, names: NameStyle::Upper,
        areas: &["Adult Services", "Children's Services", "Environment & Place", "Public Health", "Resources", "Oxfordshire Fire & Rescue Service"] },
    AnchorSpec { index: 2, id: "ouh", name: "Oxford University Hospitals NHS Foundation Trust", rows: (170, 220), min_pounds: 500, names: NameStyle::AsIs,
        areas: &["Estates & Facilities", "Pathology", "Surgery Women & Oncology", "Medical Rehabilitation & Cardiac", "Clinical Support Services", "Corporate - Finance", "IM&T"] },
    AnchorSpec { index: 3, id: "oxford-uni", name: "University of Oxford", rows: (200, 260), min_pounds: 0, names: NameStyle::AsIs,
        areas: &["Estates Services", "IT Services", "Department of Physics", "Department of Chemistry", "Libraries", "Student Welfare & Support", "Careers Service"] },
];

/// The payments of `spec` in `fy`, sorted by date, with transaction numbers.
pub fn generate(spec: &AnchorSpec, fy: Fy, rng: &mut impl Rng) -> Vec<Payment> {
    let letter = ANCHOR_LETTERS[spec.index];
    let buys = |s: &&Supplier| s.buyers.contains(letter);
    let mut out = Vec::new();
    // Payroll taxes and pension contributions go out on the same day every month.
    for sup in SUPPLIERS.iter().filter(buys).filter(|s| s.weight == 0) {
        let day = if sup.sector == Sector::Tax { 19 } else { 21 };
        for date in fy.monthly(day) {
            let mut p = payment(spec, sup, weekday(date, fy), rng);
            p.description = format!(
                "{} {}",
                p.description,
                date.d_mon_yy()[3..].replace('-', " 20")
            );
            out.push(p);
        }
    }
    let pool: Vec<&Supplier> = SUPPLIERS
        .iter()
        .filter(buys)
        .filter(|s| s.weight > 0)
        .collect();
    let n = rng.random_range(spec.rows.0..=spec.rows.1) as usize;
    while out.len() < n {
        let sup = *pool
            .choose_weighted(rng, |s| s.weight)
            .expect("non-empty pool");
        let date = weekday(fy.random_day(rng), fy);
        let mut p = payment(spec, sup, date, rng);
        if sup.weight > 0 && rng.random_bool(0.025) {
            p.amount = Amount::Pence(-rng.random_range(50..=1_500) * 100);
            p.description = "Credit note".into();
        }
        out.push(p);
    }
    out.sort_by(|a, b| (a.date, &a.payee).cmp(&(b.date, &b.payee)));
    let mut seq = 10_000 + 40_000 * (fy.start_year - 2020) as u64;
    for p in &mut out {
        seq += rng.random_range(1..=9);
        p.txn = match spec.index {
            0 => format!("TN{seq:07}"),
            _ => format!("{}", 51_000_000 + seq),
        };
    }
    out
}

/// A payment to `sup` on `date` with a typical amount and description.
pub fn payment(
    spec: &AnchorSpec,
    sup: &'static Supplier,
    date: Date,
    rng: &mut impl Rng,
) -> Payment {
    let variant = if rng.random_bool(0.08) {
        rng.random_range(0..sup.names.len())
    } else {
        spec.index % sup.names.len()
    };
    Payment {
        date: Some(date),
        amount: Amount::Pence(random_pence(sup.sector, spec.min_pounds, rng)),
        payee: spell(sup.names[variant], spec.names),
        supplier: Some(sup),
        category: sup.sector.label(spec.index),
        area: spec.areas.choose(rng).expect("areas"),
        txn: String::new(),
        description: sup
            .sector
            .descriptions()
            .choose(rng)
            .expect("descriptions")
            .to_string(),
        mess: None,
    }
}

/// Applies an anchor's name habit.
pub fn spell(name: &str, style: NameStyle) -> String {
    match style {
        NameStyle::AsIs => name.to_string(),
        NameStyle::Truncate(n) => name
            .chars()
            .take(n)
            .collect::<String>()
            .trim_end()
            .to_string(),
        NameStyle::Upper => name.to_uppercase(),
    }
}

/// Moves a weekend date to the Friday before (or the Monday after, at the year's start).
fn weekday(date: Date, fy: Fy) -> Date {
    let days = date.days();
    let w = (days + 3).rem_euclid(7); // 0 = Monday
    if w < 5 {
        return date;
    }
    let friday = days - (w - 4);
    if friday >= fy.first().days() {
        Date::from_days(friday)
    } else {
        Date::from_days(days + 7 - w)
    }
}

/// Roughly log-uniform pence within the sector's range, above the threshold.
fn random_pence(sector: Sector, min_pounds: i64, rng: &mut impl Rng) -> i64 {
    let (lo, hi) = sector.range();
    let lo = lo.max(min_pounds);
    let mut top = hi.max(lo * 2);
    while top / 3 >= lo && rng.random_bool(0.55) {
        top /= 3;
    }
    let pounds = rng.random_range((top / 3).max(lo)..=top);
    let pence = if rng.random_bool(0.4) {
        0
    } else {
        rng.random_range(0..100)
    };
    pounds * 100 + pence
}
