//! `to_check.xlsx`: the list as a sheet to fill in — what is known on the left, blank
//! columns with drop-downs on the right — that classify reads back once the study names
//! it (`[review] workbook`).

use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatBorder, Formula, Workbook,
};

use super::ToCheck;
use crate::classify::overrides::{FILL_COLUMNS, REVIEW_SHEET};
use crate::reference::registers::org::OwnershipForm;
use crate::text::printable;

/// The columns before the ones to fill, as the sheet heads them.
const KNOWN_COLUMNS: [&str; 9] = [
    "supplier_id",
    "name",
    "not_known",
    "influenceable_spend",
    "payments",
    "anchors",
    "paid_for",
    "cumulative_share",
    "closest_register_record",
];

/// The workbook's bytes. `markets` are the market tables' names, for the drop-down.
pub fn build(study: &str, rows: &[ToCheck], markets: &[String]) -> anyhow::Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&fixed)
            .set_title(format!("{study}: suppliers to check")),
    );
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE8F5E9))
        .set_border_bottom(FormatBorder::Thin);
    let fill_head = head.clone().set_background_color(Color::RGB(0xFFF3CD));
    let pounds = Format::new().set_num_format("£#,##0.00");
    let percent = Format::new().set_num_format("0.0%");
    let text = Format::new().set_quote_prefix();

    let ws = wb.add_worksheet();
    ws.set_name(REVIEW_SHEET)?;
    for (c, h) in KNOWN_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    let first_fill = KNOWN_COLUMNS.len() as u16;
    for (c, h) in FILL_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, first_fill + c as u16, *h, &fill_head)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &r.supplier_id)?;
        ws.write_string_with_format(row, 1, printable(&r.name), &text)?;
        ws.write_string(row, 2, r.unknown.join(", "))?;
        ws.write_number_with_format(row, 3, r.influenceable_pence as f64 / 100.0, &pounds)?;
        ws.write_number(row, 4, r.payments as f64)?;
        ws.write_string_with_format(row, 5, printable(&r.anchors.join(", ")), &text)?;
        ws.write_string_with_format(row, 6, printable(&r.categories.join("; ")), &text)?;
        ws.write_number_with_format(row, 7, r.cumulative_share, &percent)?;
        ws.write_string_with_format(row, 8, printable(&r.candidate), &text)?;
    }
    for (c, w) in [14.0, 40.0, 22.0, 16.0, 10.0, 18.0, 48.0, 12.0, 48.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    for c in 0..FILL_COLUMNS.len() as u16 {
        ws.set_column_width(first_fill + c, 16.0)?;
    }
    ws.set_freeze_panes(1, 2)?;

    // Drop-downs from a hidden sheet of lists (a typed-in list is capped at 255 characters).
    let last = (rows.len() as u32).max(1);
    let sizes = ["micro", "small", "medium", "large"];
    let forms: Vec<&str> = OwnershipForm::ALL
        .iter()
        .filter(|f| **f != OwnershipForm::Unknown)
        .map(|f| f.as_str())
        .collect();
    let yes_no = ["yes", "no"];
    let lists: [(&str, Vec<&str>); 4] = [
        ("size_band", sizes.to_vec()),
        ("ownership_form", forms),
        ("market", markets.iter().map(String::as_str).collect()),
        ("is_individual", yes_no.to_vec()),
    ];
    let mut ranges = Vec::new();
    {
        let ls = wb.add_worksheet();
        ls.set_name("lists")?;
        for (c, (name, values)) in lists.iter().enumerate() {
            ls.write_string(0, c as u16, *name)?;
            for (r, v) in values.iter().enumerate() {
                ls.write_string(r as u32 + 1, c as u16, *v)?;
            }
            let col = (b'A' + c as u8) as char;
            ranges.push(format!(
                "=lists!${col}$2:${col}${}",
                values.len().max(1) + 1
            ));
        }
        ls.set_hidden(true);
    }
    let ws = wb.worksheet_from_name(REVIEW_SHEET)?;
    for ((name, _), range) in lists.iter().zip(&ranges) {
        let col = first_fill
            + FILL_COLUMNS
                .iter()
                .position(|h| h == name)
                .expect("each list heads a fill column") as u16;
        let dv = DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .set_error_message("Choose from the list (the hidden sheet `lists`).")?;
        ws.add_data_validation(1, col, last, col, &dv)?;
    }

    let about = wb.add_worksheet();
    about.set_name("README")?;
    let lines = [
        format!("{study}: suppliers to check"),
        String::new(),
        "Each row is a supplier whose place, size or ownership is not known, or whose name is withheld".into(),
        "because nothing shows it is an organisation's. Biggest influenceable spend first; together the".into(),
        "rows hold 80% of the influenceable spend resting on unknowns (cumulative_share).".into(),
        "closest_register_record: the register record nearest its name, below the bar for a link.".into(),
        String::new(),
        "Fill in what you can find out (Companies House, the supplier's invoices, the contract file):".into(),
        "  postcode        the supplier's trading postcode, or \"outside UK\"".into(),
        "  size_band       micro, small, medium or large".into(),
        "  ownership_form  cooperative, charity, private_company, … (drop-down)".into(),
        "  market          what it sells, as the market tables name it (drop-down)".into(),
        "  is_individual   yes: a private person (never named); no: an organisation (its name is shown)".into(),
        "  note            who decided, on what evidence".into(),
        String::new(),
        "Then name this file in the study ([review] workbook = \"to_check.xlsx\") and run again. Your".into(),
        "entries win over register evidence and carry to later years: rows are keyed by supplier_id.".into(),
        "Blank cells change nothing.".into(),
    ];
    for (i, l) in lines.iter().enumerate() {
        about.write_string(i as u32, 0, l)?;
    }
    Ok(wb.save_to_buffer()?)
}
