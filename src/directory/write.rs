//! The directory's files: directory.csv in the Co-operatives UK / ESSGLOBAL "standard"
//! layout that mapping platforms (Mykomap) load, directory.geojson for QGIS and uMap, and
//! directory.xlsx for people, with each field's source.

use std::io::Write;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook};
use serde_json::{Value, json};

use super::entry::Entry;
use super::source::Field;
use crate::output::SafeCsv;
use crate::text::printable;

/// The standard layout's columns, then spendgap's own.
pub const COLUMNS: [&str; 36] = [
    "Identifier",
    "Name",
    "Description",
    "Organisational Structure",
    "Primary Activity",
    "Activities",
    "Street Address",
    "Locality",
    "Region",
    "Postcode",
    "Country ID",
    "Territory ID",
    "Website",
    "Phone",
    "Email",
    "Twitter",
    "Facebook",
    "Companies House Number",
    "Qualifiers",
    "Membership Type",
    "Latitude",
    "Longitude",
    "Geo Container",
    "Geo Container Latitude",
    "Geo Container Longitude",
    "Sector",
    "SIC Section",
    "SIC Code",
    "Ownership Classification",
    "Legal Form",
    "Source IDs",
    "Other Postcodes",
    "Disagreements",
    "In Area",
    "Position From",
    "Trading Name",
];

/// Excel holds at most 32,767 characters in a cell: a society with thousands of outlets
/// lists its ids in full in directory.csv, and says how many more in the workbook.
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 32_000;
    if s.chars().count() <= MAX {
        return s.into();
    }
    let kept: String = s.chars().take(MAX).collect();
    format!("{kept} … (cut here; directory.csv holds it all)").into()
}

fn coordinate(x: f64) -> String {
    format!("{x:.6}")
}

/// One row of directory.csv.
pub fn row(e: &Entry) -> Vec<String> {
    let f = |x: Field| e.get(x).to_string();
    let (lat, lon) = e
        .position
        .map_or((String::new(), String::new()), |(la, lo)| {
            (coordinate(la), coordinate(lo))
        });
    let postcode = f(Field::Postcode);
    let container = if postcode.is_empty() {
        String::new()
    } else {
        format!(
            "http://data.ordnancesurvey.co.uk/id/postcodeunit/{}",
            postcode.replace(' ', "").to_uppercase()
        )
    };
    vec![
        e.id.clone(),
        f(Field::Name),
        f(Field::Description),
        f(Field::OrganisationalStructure),
        f(Field::PrimaryActivity),
        f(Field::Activities),
        f(Field::Street),
        f(Field::Locality),
        f(Field::Region),
        postcode,
        if e.get(Field::Postcode).is_empty() {
            String::new()
        } else {
            "GB".into()
        },
        String::new(),
        f(Field::Website),
        f(Field::Phone),
        f(Field::Email),
        f(Field::Twitter),
        f(Field::Facebook),
        f(Field::CompanyNumber),
        f(Field::Qualifiers),
        f(Field::MembershipType),
        lat.clone(),
        lon.clone(),
        container,
        lat,
        lon,
        f(Field::Sector),
        f(Field::SicSection),
        f(Field::SicCode),
        f(Field::Ownership),
        f(Field::LegalForm),
        e.source_ids.join(" | "),
        e.other_postcodes.join(" | "),
        e.disagreements.join(" | "),
        match e.in_area {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        },
        e.position_from.to_string(),
        f(Field::TradingName),
    ]
}

pub fn write_csv(w: &mut dyn Write, entries: &[Entry]) -> anyhow::Result<()> {
    let mut out = SafeCsv::new(w);
    out.record(COLUMNS)?;
    for e in entries {
        out.record(row(e))?;
    }
    out.finish()
}

/// directory.geojson: a FeatureCollection of points (RFC 7946: longitude first, WGS 84),
/// one per entry with a position.
pub fn geojson(entries: &[Entry], attribution: &str) -> Value {
    let features: Vec<Value> = entries
        .iter()
        .filter_map(|e| {
            let (lat, lon) = e.position?;
            let round = |x: f64| (x * 1e6).round() / 1e6;
            Some(json!({
                "type": "Feature",
                "id": e.id,
                "geometry": { "type": "Point", "coordinates": [round(lon), round(lat)] },
                "properties": {
                    "identifier": e.id,
                    "name": e.get(Field::Name),
                    "postcode": e.get(Field::Postcode),
                    "legal_form": e.get(Field::LegalForm),
                    "ownership_form": e.form.as_str(),
                    "ownership_classification": e.get(Field::Ownership),
                    "sector": e.get(Field::Sector),
                    "website": e.get(Field::Website),
                    "sources": e.source_ids,
                    "in_area": e.in_area,
                },
            }))
        })
        .collect();
    json!({
        "type": "FeatureCollection",
        "attribution": attribution,
        "features": features,
    })
}

/// directory.xlsx: the entries as people read them, each field's source, the changes and
/// what the directory was built from.
pub fn workbook(
    title: &str,
    entries: &[Entry],
    sources: &[(String, String)],
    changes: &[Vec<String>],
    about: &[String],
) -> anyhow::Result<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?)
            .set_title(format!("{title}: social-economy directory")),
    );
    let head = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let text = Format::new().set_quote_prefix();
    let sheet = |wb: &mut Workbook,
                 name: &str,
                 header: &[&str],
                 rows: &mut dyn Iterator<Item = Vec<String>>,
                 widths: &[f64]|
     -> anyhow::Result<()> {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)?;
        }
        for (r, row) in rows.enumerate() {
            for (c, v) in row.iter().enumerate() {
                let v = printable(v);
                ws.write_string_with_format(r as u32 + 1, c as u16, fit(&v).as_ref(), &text)?;
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.set_freeze_panes(1, 0)?;
        Ok(())
    };
    let shown = [
        Field::Name,
        Field::TradingName,
        Field::Postcode,
        Field::Locality,
        Field::LegalForm,
        Field::Ownership,
        Field::Sector,
        Field::Website,
    ];
    let mut header = vec!["identifier"];
    header.extend(shown.iter().map(|f| f.as_str()));
    header.extend(["in_area", "sources", "disagreements"]);
    let mut rows = entries.iter().map(|e| {
        let mut r = vec![e.id.clone()];
        r.extend(shown.iter().map(|f| e.get(*f).to_string()));
        r.push(match e.in_area {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => "not known".into(),
        });
        r.push(e.source_ids.join("; "));
        r.push(e.disagreements.join("; "));
        r
    });
    sheet(
        &mut wb,
        "directory",
        &header,
        &mut rows,
        &[
            12.0, 36.0, 24.0, 10.0, 16.0, 16.0, 14.0, 16.0, 28.0, 8.0, 40.0, 40.0,
        ],
    )?;
    let mut fields = entries.iter().flat_map(|e| {
        Field::ALL.iter().filter_map(move |f| {
            let s = e.from[f.index()]? as usize;
            Some(vec![
                e.id.clone(),
                f.as_str().to_string(),
                e.get(*f).to_string(),
                sources[s].0.clone(),
                sources[s].1.clone(),
            ])
        })
    });
    sheet(
        &mut wb,
        "fields",
        &["identifier", "field", "value", "source", "source_date"],
        &mut fields,
        &[12.0, 18.0, 40.0, 28.0, 12.0],
    )?;
    sheet(
        &mut wb,
        "changes",
        &super::changes::COLUMNS,
        &mut changes.iter().cloned(),
        &[10.0, 12.0, 36.0, 36.0, 10.0, 10.0, 40.0],
    )?;
    sheet(
        &mut wb,
        "about",
        &["about this directory"],
        &mut about.iter().map(|l| vec![l.clone()]),
        &[120.0],
    )?;
    Ok(wb.save_to_buffer()?)
}
