//! The sample partnership's contract registers — a CSV of the councils' and university's
//! contracts naming each anchor, and the hospital trust's forward procurement plan as a
//! workbook with a title above its header — and the truth of which contracts the
//! incubation calendar must list.
//!
//! Which markets are gaps follows from how the supply base is built (suppliers.rs): which
//! co-operatives sit in the city or only in the county, which markets no co-operative
//! serves, and which are let in large payments. `MARKETS` writes that design down per area;
//! a contract belongs in the calendar when its market is `engage`, `grow` or `incubate`
//! there and it can be let again between 1 April 2025 (the year after the ledgers end) and
//! 1 April 2028 (36 months on).

use crate::dates::Date;
use crate::formats::csv_field;
use crate::sample::Written;
use anyhow::Result;
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

/// The calendar's window: as_of and the end of the 36-month horizon.
const AS_OF: Date = Date {
    y: 2025,
    m: 4,
    d: 1,
};
const HORIZON_END: Date = Date {
    y: 2028,
    m: 4,
    d: 1,
};

/// The designed verdict of each market contracts are let in, for the areas Oxford and
/// Oxfordshire.
pub const MARKETS: [(&str, &str, &str); 12] = [
    // No co-operative offers security anywhere in the county; the spend is regular call-outs.
    ("Security services", "incubate", "incubate"),
    // Barton Community Bakery and Headington Wholefoods win some, not most.
    ("Catering & food", "engage", "engage"),
    // Cowley Road Workers Co-operative prints for all four anchors, but under half.
    ("Printing & stationery", "engage", "engage"),
    // Wood Farm Community Gardeners is micro; the spend comes in large payments.
    ("Grounds maintenance & landscaping", "grow", "grow"),
    // Blackbird Leys Care Co-operative is one small co-op for large care packages.
    ("Adult social care", "grow", "grow"),
    // A city events business rents rooms; the Thame community pub is in the county only.
    ("Events & hospitality", "engage", "engage"),
    // Isis Cycle Couriers carries some; Didcot Community Transport is in the county only.
    ("Passenger transport", "engage", "engage"),
    ("Energy & utilities", "grow", "grow"),
    ("Construction & building works", "watch", "watch"),
    ("Interpreting & translation", "served", "served"),
    (
        "Medical & clinical supplies",
        "not_addressable",
        "not_addressable",
    ),
    // Kidlington Cleaning Co-operative is in the county only, small, and the spend lumpy.
    ("Cleaning & domestic services", "watch", "grow"),
];

/// One contract: (anchor as its register names it, reference, title, category, CPV,
/// supplier, value, start, end, extension, market).
struct Contract {
    anchor: &'static str,
    reference: &'static str,
    title: &'static str,
    category: &'static str,
    cpv: &'static str,
    supplier: &'static str,
    value: &'static str,
    start: Option<Date>,
    end: Option<Date>,
    extension: Option<Date>,
    /// The market the category or CPV code maps to ("" when none does).
    market: &'static str,
}

const fn d(y: i32, m: u32, d: u32) -> Option<Date> {
    Some(Date { y, m, d })
}

#[rustfmt::skip]
const REGISTER: [Contract; 12] = [
    Contract { anchor: "Oxford City Council", reference: "OCC-SEC-01", title: "Key holding and alarm response", category: "Security Services", cpv: "", supplier: "Atlas Security Group plc", value: "180,000.00", start: d(2022, 7, 1), end: d(2026, 6, 30), extension: None, market: "Security services" },
    Contract { anchor: "Oxfordshire County Council", reference: "OXC-CAT-07", title: "School meals provision - Lot 2", category: "Catering Services", cpv: "", supplier: "Compass Contract Services (UK) Ltd", value: "2,400,000.00", start: d(2021, 9, 1), end: d(2025, 8, 31), extension: d(2027, 8, 31), market: "Catering & food" },
    Contract { anchor: "Oxford City Council", reference: "OCC-PRT-03", title: "Print management", category: "Printing & Stationery", cpv: "", supplier: "Oxford Print Solutions Ltd", value: "£95,000", start: d(2023, 4, 1), end: d(2027, 3, 31), extension: None, market: "Printing & stationery" },
    Contract { anchor: "University of Oxford", reference: "UNI-GRD-02", title: "Grounds maintenance of department sites", category: "Grounds & Gardens", cpv: "", supplier: "Greenscape Services Ltd", value: "640,000.00", start: d(2022, 11, 1), end: d(2026, 10, 31), extension: None, market: "Grounds maintenance & landscaping" },
    Contract { anchor: "University of Oxford", reference: "UNI-ENG-01", title: "Electricity supply (renewable PPA)", category: "Utilities", cpv: "", supplier: "Southern Electric plc", value: "4,100,000.00", start: d(2023, 10, 1), end: d(2028, 9, 30), extension: None, market: "Energy & utilities" },
    Contract { anchor: "Oxfordshire County Council", reference: "OXC-CW-11", title: "New primary school, Bicester", category: "Construction Works", cpv: "", supplier: "Kier Construction Ltd", value: "8,750,000.00", start: d(2024, 2, 1), end: d(2026, 1, 31), extension: None, market: "Construction & building works" },
    Contract { anchor: "Oxford City Council", reference: "OCC-INT-02", title: "Community interpreting", category: "Translation & Interpreting", cpv: "", supplier: "Oxford Interpreting Co-operative Ltd", value: "60,000.00", start: d(2023, 4, 1), end: d(2026, 3, 31), extension: None, market: "Interpreting & translation" },
    Contract { anchor: "Oxford City Council", reference: "OCC-CLN-04", title: "Office cleaning, Town Hall", category: "Cleaning", cpv: "", supplier: "Albion Facilities Management plc", value: "210,000.00", start: d(2021, 1, 1), end: d(2024, 12, 31), extension: None, market: "Cleaning & domestic services" },
    Contract { anchor: "University of Oxford", reference: "UNI-SEC-05", title: "CCTV maintenance", category: "Security", cpv: "", supplier: "Abingdon Locksmiths & Security Ltd", value: "48,000.00", start: d(2021, 7, 1), end: d(2024, 6, 30), extension: d(2026, 6, 30), market: "Security services" },
    Contract { anchor: "Oxford City Council", reference: "OCC-IT-09", title: "Managed IT service", category: "IT Services", cpv: "", supplier: "Northgate Digital Ltd", value: "1,200,000.00", start: d(2023, 1, 1), end: None, extension: None, market: "ICT & digital" },
    Contract { anchor: "Oxfordshire County Council", reference: "OXC-CARE-3", title: "Home care framework - city lot", category: "Adult Social Care - Home Care", cpv: "", supplier: "Caring Hands Homecare Ltd", value: "3,300,000.00", start: d(2023, 10, 1), end: d(2027, 9, 30), extension: d(2029, 9, 30), market: "Adult social care" },
    Contract { anchor: "oxford-city", reference: "OCC-EVT-12", title: "Annual staff conference venue", category: "Conferences & Events", cpv: "", supplier: "", value: "TBC", start: d(2024, 11, 1), end: d(2025, 11, 30), extension: None, market: "Events & hospitality" },
];

#[rustfmt::skip]
const PLAN: [Contract; 5] = [
    Contract { anchor: "ouh", reference: "OUH-FP-101", title: "Patient transport services", category: "", cpv: "60130000-8", supplier: "Thames Patient Transport Ltd", value: "1,450,000", start: d(2022, 4, 1), end: d(2026, 3, 31), extension: None, market: "Passenger transport" },
    Contract { anchor: "ouh", reference: "OUH-FP-102", title: "Surgical instruments", category: "", cpv: "33169000-2", supplier: "Medisurg Supplies Ltd", value: "2,800,000", start: d(2023, 4, 1), end: d(2026, 3, 31), extension: None, market: "Medical & clinical supplies" },
    Contract { anchor: "ouh", reference: "OUH-FP-103", title: "Staff restaurant catering", category: "", cpv: "55520000-1", supplier: "Compass Contract Services (UK) Ltd", value: "900,000", start: d(2022, 7, 1), end: d(2027, 6, 30), extension: None, market: "Catering & food" },
    Contract { anchor: "ouh", reference: "OUH-FP-104", title: "Laundry and linen services", category: "", cpv: "98310000-9", supplier: "Berendsen UK Ltd", value: "1,100,000", start: d(2021, 4, 1), end: d(2026, 9, 30), extension: None, market: "" },
    Contract { anchor: "ouh", reference: "OUH-FP-105", title: "Security guarding", category: "", cpv: "79713000-5", supplier: "Atlas Security Group plc", value: "2,200,000", start: d(2024, 2, 1), end: d(2029, 1, 31), extension: None, market: "Security services" },
];

/// Writes both registers and `truth/calendar.csv`.
pub fn write(root: &Path) -> Result<Vec<Written>> {
    std::fs::create_dir_all(root.join("contracts"))?;
    let mut csv = String::from(
        "Organisation,Contract Reference,Contract Title,Category,Supplier Name,Total Contract Value,Start Date,End Date,End Date Including Extensions\n",
    );
    for c in &REGISTER {
        let row = [
            c.anchor.to_string(),
            c.reference.to_string(),
            c.title.to_string(),
            c.category.to_string(),
            c.supplier.to_string(),
            c.value.to_string(),
            c.start.map(Date::dmy).unwrap_or_default(),
            c.end.map(Date::dmy).unwrap_or_default(),
            c.extension.map(Date::dmy).unwrap_or_default(),
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f, ',')).collect();
        csv.push_str(&fields.join(","));
        csv.push('\n');
    }
    std::fs::write(root.join("contracts/partnership-contracts.csv"), csv)?;
    write_plan(root)?;
    let mut truth = String::from("area,reference,anchor,market,relet_date\n");
    let mut listed = 0;
    for (k, area) in ["Oxford", "Oxfordshire"].iter().enumerate() {
        for c in REGISTER.iter().chain(&PLAN) {
            let Some(when) = relet(c) else { continue };
            let gap = MARKETS.iter().any(|m| {
                m.0 == c.market && matches!([m.1, m.2][k], "engage" | "grow" | "incubate")
            });
            if gap && when <= HORIZON_END.days() {
                let anchor = if c.reference.starts_with("OUH") {
                    "ouh"
                } else if c.reference.starts_with("UNI") {
                    "oxford-uni"
                } else if c.reference.starts_with("OXC") {
                    "oxon-county"
                } else {
                    "oxford-city"
                };
                listed += 1;
                truth.push_str(&format!(
                    "{area},{},{anchor},{},{}\n",
                    c.reference,
                    csv_field(c.market, ','),
                    Date::from_days(when).iso()
                ));
            }
        }
    }
    std::fs::write(root.join("truth/calendar.csv"), truth)?;
    let mut markets = String::from("area,market,verdict\n");
    for (k, area) in ["Oxford", "Oxfordshire"].iter().enumerate() {
        for m in &MARKETS {
            markets.push_str(&format!(
                "{area},{},{}\n",
                csv_field(m.0, ','),
                [m.1, m.2][k]
            ));
        }
    }
    std::fs::write(root.join("truth/gap_markets.csv"), markets)?;
    Ok(vec![
        Written::new(
            "contracts/partnership-contracts.csv",
            REGISTER.len(),
            "the councils' and university's contracts, anchors by name",
        ),
        Written::new(
            "contracts/ouh-forward-plan.xlsx",
            PLAN.len(),
            "title above the header; CPV codes; Excel dates; no anchor column",
        ),
        Written::new(
            "truth/calendar.csv",
            listed,
            "the contracts the incubation calendar must list, by area",
        ),
        Written::new(
            "truth/gap_markets.csv",
            2 * MARKETS.len(),
            "the designed verdict of each market contracts are let in, by area",
        ),
    ])
}

/// The day (as days since the epoch) a contract can next be let: its end, or when that
/// has passed, its extension's end.
fn relet(c: &Contract) -> Option<i64> {
    let from = AS_OF.days();
    match (c.end, c.extension) {
        (Some(e), _) if e.days() >= from => Some(e.days()),
        (_, Some(x)) if x.days() >= from => Some(x.days()),
        _ => None,
    }
}

fn write_plan(root: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    wb.set_properties(&crate::county::fixed_properties(Date {
        y: 2025,
        m: 3,
        d: 31,
    })?);
    let ws = wb.add_worksheet().set_name("Forward plan 2025-28")?;
    let bold = Format::new().set_bold();
    let date_fmt = Format::new().set_num_format("dd-mmm-yy");
    ws.write_string_with_format(
        0,
        0,
        "Oxford University Hospitals NHS FT - forward procurement plan",
        &bold,
    )?;
    let header = [
        "Ref",
        "Requirement",
        "Main CPV Code",
        "Estimated Value",
        "Contract Start",
        "Expiry Date",
        "Max End Date",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    for (i, c) in PLAN.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string(r, 0, c.reference)?;
        ws.write_string(r, 1, c.title)?;
        ws.write_string(r, 2, c.cpv)?;
        ws.write_number(r, 3, c.value.replace(',', "").parse::<f64>()?)?;
        for (col, date) in [(4u16, c.start), (5, c.end), (6, c.extension)] {
            if let Some(d) = date {
                ws.write_number_with_format(r, col, d.excel_serial() as f64, &date_fmt)?;
            }
        }
    }
    wb.save(root.join("contracts/ouh-forward-plan.xlsx"))?;
    Ok(())
}
