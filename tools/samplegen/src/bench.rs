//! `samplegen bench`: a large messy CSV ledger (streamed, ~100 bytes a row), an XLSX
//! ledger, and the counts and pence total a reader must reproduce, tallied while writing.

use crate::county::fixed_properties;
use crate::dates::{Date, Fy};
use crate::formats::{accounting, as_f64, csv_field, quoted, windows_1252};
use crate::ledger::{NameStyle, spell};
use crate::suppliers::{SUPPLIERS, Supplier};
use anyhow::Result;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::{Format, Workbook};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

const HEADER: &str = "Body,Service Area,Cost Centre,Expense Type,Transaction Number,Supplier Name,\
                      Supplier Postcode,Payment Date,Net Amount (£),Description";
const AREAS: [&str; 6] = [
    "Housing",
    "Adults",
    "Highways",
    "Education",
    "Corporate",
    "Waste",
];
const BODIES: [&str; 4] = ["OCC", "OXC", "OUH", "UNI"];
const BAD: [&str; 4] = ["TBC", "#VALUE!", "N/A", "1.234.56"];
const LONG: &str = "Framework call-off under the regional facilities contract, including \
                    mobilisation, out-of-hours cover and quarterly contract review meetings";

/// What the CSV holds, counted as it is written.
#[derive(Default)]
struct Tally {
    data_rows: u64,
    blank_lines: u64,
    bad_amounts: u64,
    good_rows: u64,
    credit_rows: u64,
    good_pence: i64,
    dates: [u64; 4],
}

pub fn run(out: &Path, rows: u64, xlsx_rows: u64, seed: u64) -> Result<()> {
    std::fs::create_dir_all(out)?;
    let pool: Vec<&Supplier> = SUPPLIERS.iter().filter(|s| s.weight > 0).collect();
    let tally = write_csv(
        &out.join("bench_messy.csv"),
        rows,
        &pool,
        &mut ChaCha8Rng::seed_from_u64(seed),
    )?;
    let xlsx_pence = write_xlsx(
        &out.join("bench.xlsx"),
        xlsx_rows,
        &pool,
        &mut ChaCha8Rng::seed_from_u64(seed ^ 0x5eed),
    )?;
    std::fs::write(
        out.join("bench_expected.json"),
        expected_json(&tally, xlsx_rows, xlsx_pence),
    )?;
    Ok(())
}

fn write_csv(path: &Path, rows: u64, pool: &[&Supplier], rng: &mut ChaCha8Rng) -> Result<Tally> {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
    let preamble = format!(
        "Anchor benchmark ledger - payments to suppliers 2021-25,,,,,,,,,\r\nSpend over £500\r\n\r\n{HEADER}\r\n"
    );
    w.write_all(&windows_1252(&preamble))?;
    let (first, last) = (
        Fy { start_year: 2021 }.first().days(),
        Fy { start_year: 2024 }.last().days(),
    );
    let mut t = Tally::default();
    let mut line = String::with_capacity(512);
    while t.data_rows < rows {
        if rng.random_ratio(1, 2_000) {
            t.blank_lines += 1;
            w.write_all(if rng.random_bool(0.5) {
                b"\r\n"
            } else {
                b",,,,,,,,,\r\n"
            })?;
            continue;
        }
        t.data_rows += 1;
        line.clear();
        let sup = pool.choose(rng).expect("pool");
        let style = if rng.random_bool(0.5) {
            NameStyle::Upper
        } else {
            NameStyle::AsIs
        };
        let name = spell(sup.names.choose(rng).expect("names"), style);
        let date = Date::from_days(rng.random_range(first..=last));
        let kind = match rng.random_range(0..10) {
            0 => 1,
            1 => 2,
            2 => 3,
            _ => 0,
        };
        t.dates[kind] += 1;
        let date = match kind {
            0 => date.dmy(),
            1 => date.dmy_short(),
            2 => date.d_mon_yy(),
            _ => date.excel_serial().to_string(),
        };
        let amount = if rng.random_ratio(1, 1_000) {
            t.bad_amounts += 1;
            BAD.choose(rng).expect("bad").to_string()
        } else {
            let mut pence = rng.random_range(50_000..=2_500_000_i64);
            if rng.random_ratio(1, 8) {
                pence *= rng.random_range(2..=40);
            }
            if rng.random_ratio(1, 50) {
                pence = -pence / 10;
                t.credit_rows += 1;
            }
            t.good_rows += 1;
            t.good_pence += pence;
            accounting(pence)
        };
        let desc = match rng.random_range(0..50) {
            0 => LONG.to_string(),
            1..30 => format!("Inv {}", rng.random_range(100_000..1_000_000)),
            _ => sup
                .sector
                .descriptions()
                .choose(rng)
                .expect("desc")
                .to_string(),
        };
        let _ = write!(
            line,
            "{},{},C{:04},{},{},{},{},{},{},{}\r\n",
            BODIES.choose(rng).expect("bodies"),
            AREAS.choose(rng).expect("areas"),
            rng.random_range(0..10_000),
            sup.sector.label(0),
            rng.random_range(1_000_000..10_000_000),
            if name.contains(',') {
                quoted(&name)
            } else {
                name
            },
            sup.postcode,
            date,
            quoted(&amount),
            csv_field(&desc, ','),
        );
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&line);
        anyhow::ensure!(!unmappable, "unmappable text in {line}");
        w.write_all(&bytes)?;
    }
    w.write_all(format!(",,,,,,,Total,{},\r\n", quoted(&accounting(t.good_pence))).as_bytes())?;
    w.flush()?;
    Ok(t)
}

/// One sheet, header on row 1, serial dates with a date format, numeric amounts.
fn write_xlsx(path: &Path, rows: u64, pool: &[&Supplier], rng: &mut ChaCha8Rng) -> Result<i64> {
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties(Date::new(2025, 3, 31))?);
    let ws = wb.add_worksheet().set_name("Payments")?;
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in [
        "Supplier",
        "Expense Type",
        "Payment Date",
        "Amount",
        "Postcode",
        "Description",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h)?;
    }
    let (first, last) = (Date::new(2023, 4, 1).days(), Date::new(2025, 3, 31).days());
    let mut total = 0i64;
    for r in 1..=rows as u32 {
        let sup = pool.choose(rng).expect("pool");
        let pence = rng.random_range(50_000..=6_000_000_i64);
        total += pence;
        ws.write_string(r, 0, sup.names[0])?;
        ws.write_string(r, 1, sup.sector.label(1))?;
        let serial = Date::from_days(rng.random_range(first..=last)).excel_serial();
        ws.write_number_with_format(r, 2, serial as f64, &date_fmt)?;
        ws.write_number(r, 3, as_f64(pence, false))?;
        ws.write_string(r, 4, sup.postcode)?;
        ws.write_string(r, 5, *sup.sector.descriptions().choose(rng).expect("desc"))?;
    }
    wb.save(path)?;
    Ok(total)
}

fn expected_json(t: &Tally, xlsx_rows: u64, xlsx_pence: i64) -> String {
    let [dmy, dmy_short, d_mon_yy, serial] = t.dates;
    format!(
        r#"{{
  "csv": {{
    "file": "bench_messy.csv",
    "encoding": "windows-1252",
    "line_ending": "CRLF",
    "preamble_lines": 3,
    "header_line": 4,
    "rows_below_header": {below},
    "data_rows": {data},
    "blank_lines": {blank},
    "bad_amounts": {bad},
    "footer_rows": 1,
    "good_amount_rows": {good},
    "credit_rows": {credit},
    "good_amount_pence": {pence},
    "date_formats": {{ "dd/mm/yyyy": {dmy}, "dd/mm/yy": {dmy_short}, "dd-Mon-yy": {d_mon_yy}, "excel_serial": {serial} }},
    "notes": "rows_below_header = data_rows + blank_lines + footer_rows; no field holds a line break; the footer's amount equals good_amount_pence"
  }},
  "xlsx": {{
    "file": "bench.xlsx",
    "sheet": "Payments",
    "header_row": 1,
    "rows": {xlsx_rows},
    "amount_pence": {xlsx_pence}
  }}
}}
"#,
        below = t.data_rows + t.blank_lines + 1,
        data = t.data_rows,
        blank = t.blank_lines,
        bad = t.bad_amounts,
        good = t.good_rows,
        credit = t.credit_rows,
        pence = t.good_pence,
    )
}
