//! The sheet-wide rules on real-looking ledgers: date order from the dates (proof either
//! way, none, conflict, a mixed column), totals wherever their label stands, grand totals
//! after sub-totals, labelled rows that are payments, and reference numbers in the amount
//! column. Expected figures are worked out by hand in each test's comments.

use crate::config::field::Field;
use crate::config::study::{Ledger, ReadOptions};
use crate::config::synonyms::Synonyms;
use crate::ingest::record::SheetOutcome;
use crate::ingest::text::read_text;
use crate::ingest::{LedgerRead, finish_sheets, read_ledger};
use crate::read::values::date::{DateOrder, epoch_date};

fn read(text: &str) -> SheetOutcome {
    super::read_finished(text)
}

fn dates(o: &SheetOutcome) -> Vec<String> {
    (0..o.batch.len())
        .map(|i| {
            o.batch
                .date(i)
                .map_or("-".to_string(), |d| epoch_date(d).to_string())
        })
        .collect()
}

fn decision(o: &SheetOutcome) -> &super::DateDecision {
    &o.finished.as_ref().unwrap().dates
}

#[test]
fn month_first_proven_by_the_dates() {
    let o = read("Supplier,Date,Amount\nA,5/29/2021,1.00\nB,4/5/2021,2.00\nC,8/31/2021,3.00\n");
    assert_eq!(decision(&o).date_order, "mdy");
    assert_eq!(decision(&o).month_first, 2);
    assert_eq!(dates(&o), ["2021-05-29", "2021-04-05", "2021-08-31"]);
    assert_eq!(o.counts.rows_undated, 0, "none lost");
    let o = read("Supplier,Date,Amount\nA,29/5/2021,1.00\nB,4/5/2021,2.00\n");
    assert_eq!(decision(&o).date_order, "dmy");
    assert_eq!(dates(&o), ["2021-05-29", "2021-05-04"]);
}

#[test]
fn a_file_with_no_proof_takes_its_anchors_order() {
    // One body switching to month-first: the March file proves it, the April file (all
    // days under 13) proves nothing and follows March, not the UK default.
    let dir = tempfile::tempdir().unwrap();
    let syn = Synonyms::builtin();
    let files = [
        (
            "2021-03.csv",
            "Supplier,Date,Amount\nA,3/15/2021,1.00\nB,3/30/2021,2.00\n",
        ),
        (
            "2021-04.csv",
            "Supplier,Date,Amount\nC,4/5/2021,3.00\nD,4/12/2021,4.00\n",
        ),
    ];
    let mut reads: Vec<LedgerRead> = files
        .iter()
        .map(|(name, text)| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            let ledger = Ledger {
                display: name.to_string(),
                path,
                options: ReadOptions::default(),
            };
            read_ledger("a", &ledger, &syn)
        })
        .collect();
    let mut refs: Vec<&mut LedgerRead> = reads.iter_mut().collect();
    finish_sheets(&mut refs, &syn);
    let april = reads[1].sheets[0].outcome.as_ref().unwrap();
    assert_eq!(dates(april), ["2021-04-05", "2021-04-12"]);
    assert!(
        decision(april).evidence.contains("2021-03.csv"),
        "{}",
        decision(april).evidence
    );
}

#[test]
fn both_orders_proven_is_reported_and_each_read_its_one_way() {
    let o = read("Supplier,Date,Amount\nA,29/05/2021,1.00\nB,5/30/2021,2.00\nC,28/05/2021,3.00\n");
    let d = decision(&o);
    assert!(d.conflict);
    assert_eq!(d.date_order, "dmy", "two proofs against one");
    assert!(d.evidence.contains("data problem"), "{}", d.evidence);
    assert_eq!(dates(&o), ["2021-05-29", "2021-05-30", "2021-05-28"]);
}

#[test]
fn an_excel_round_trip_mixes_the_orders_in_one_column() {
    // Days over 12 written month-first, the rest day-first (all August 2010): the sheet
    // proves month-first, but its ambiguous dates land in August only read day-first.
    let o = read(concat!(
        "ENTITY,PAYMENT_DATE,PAYMENT_NUMBER,SUPPLIER_NAME,INVOICE_AMOUNT\n",
        "Wales Office,3/8/2010,1000825,EDUSERV TECHNOLOGIES LTD,679.15\n",
        "Wales Office,6/8/2010,1000841,GOVERNMENT CAR & DESPATCH AGENCY,944.70\n",
        "Wales Office,10/8/2010,1000854,GOVERNMENT CAR & DESPATCH AGENCY,596.21\n",
        "Wales Office,8/17/2010,1000871,STRATAMATRIX LTD,620.13\n",
        "Wales Office,8/25/2010,1000891,GOVERNMENT CAR & DESPATCH AGENCY,632.96\n",
    ));
    let d = decision(&o);
    assert_eq!((d.date_order, d.ambiguous_read), ("mdy", Some("dmy")));
    assert_eq!(
        dates(&o),
        [
            "2010-08-03",
            "2010-08-06",
            "2010-08-10",
            "2010-08-17",
            "2010-08-25"
        ]
    );
    // In a year's file both readings fall inside its dates: the file's order stands.
    let mut text = String::from("Supplier,Date,Amount\n");
    for m in 1..=12 {
        text += &format!("A,{m}/20/2023,1.00\nB,{m}/3/2023,1.00\n");
    }
    let o = read(&text);
    assert_eq!(decision(&o).ambiguous_read, None);
    assert_eq!(dates(&o)[1], "2023-01-03");
}

#[test]
fn undated_rows_are_counted_by_reason() {
    let o = read(
        "Supplier,Date,Amount\nA,########,1.00\nB,,2.00\nC,P-CARD - SEP 22,7.00\nD,01/09/2022,4.00\n",
    );
    assert_eq!(o.counts.rows_undated, 3);
    let reasons: Vec<_> = o
        .undated
        .iter()
        .map(|(k, v)| (format!("{k:?}"), *v))
        .collect();
    assert_eq!(
        reasons,
        [
            ("Empty".to_string(), 1),
            ("Hashes".to_string(), 1),
            ("Unreadable".to_string(), 1)
        ]
    );
}

#[test]
fn a_footer_wherever_its_label_stands() {
    // `,,,,,Sum:,,"12,345.67"`: the label in the middle, the amount the sum of the rows
    // above (10,000.00 + 2,345.67).
    let o = read(concat!(
        "Ref,Supplier,Date,Service,Detail,Note,Cost Centre,Amount\n",
        "1,ACME LTD,01/04/2024,Highways,Resurfacing,,H1,\"10,000.00\"\n",
        "2,BETA LTD,02/04/2024,Waste,Bins,,W1,\"2,345.67\"\n",
        ",,,,,Sum:,,\"12,345.67\"\n",
    ));
    assert_eq!((o.counts.rows_accepted, o.counts.rows_skipped), (2, 1));
    assert_eq!(o.counts.pence_accepted, 1_234_567);
    assert_eq!(o.finished.as_ref().unwrap().totals, 1);
    // No label at all, and in the payee's place: still the sum, still a total.
    let o =
        read("Supplier,Date,Amount\nA,01/04/2024,5.00\nB,02/04/2024,7.50\nTOTAL SPEND,,12.50\n");
    assert_eq!(
        (o.counts.rows_accepted, o.counts.pence_accepted),
        (2, 1_250)
    );
}

#[test]
fn a_grand_total_after_sub_totals() {
    // Two blocks with sub-totals (30.00 and 12.00), then the grand total 42.00.
    let o = read(concat!(
        "Directorate,Supplier,Date,Amount\n",
        "Adults,A,01/04/2024,10.00\n",
        "Adults,B,02/04/2024,20.00\n",
        "Total for Adults,,,30.00\n",
        "Children,C,03/04/2024,5.00\n",
        "Children,D,04/04/2024,7.00\n",
        ",Sub-total,,12.00\n",
        "** GRAND TOTAL **,,,42.00\n",
    ));
    assert_eq!(o.counts.rows_accepted, 4);
    assert_eq!(o.counts.pence_accepted, 4_200);
    assert_eq!(o.finished.as_ref().unwrap().totals, 3);
}

#[test]
fn a_payee_named_total_is_a_payment() {
    // `Total Gas & Power Ltd` with a date is paid; so is an undated `Total Care` whose
    // amount is not the sum above it; a dated `Total` row is judged by the sum.
    let o = read(concat!(
        "Supplier,Date,Amount\n",
        "ACME LTD,01/04/2024,100.00\n",
        "Total Gas & Power Ltd,02/04/2024,100.00\n",
        "Total Care,,35.00\n",
        "Total,30/04/2024,235.00\n",
    ));
    assert_eq!(o.counts.rows_accepted, 3);
    assert_eq!(o.counts.pence_accepted, 23_500);
    // A labelled footer that disagrees with its rows (a row above was rejected) is not
    // counted, and is reported with both figures.
    let o =
        read("Supplier,Date,Amount\nA,01/04/2024,5.00\nB,02/04/2024,TBC\nReport Total,,12.50\n");
    assert_eq!(
        (
            o.counts.rows_accepted,
            o.counts.rows_rejected,
            o.counts.rows_skipped
        ),
        (1, 1, 1)
    );
    let f = &o.finished.as_ref().unwrap().footers_disagreeing[0];
    assert_eq!((f.row, f.footer_pence, f.rows_pence), (4, 1_250, 500));
}

#[test]
fn a_reference_number_in_the_amount_column() {
    // Converted from PDF: the 8-digit transaction number lands in the amount column and
    // the amount on the next line. Every other amount of £1,000 or more has pence.
    let lines = concat!(
        "Date,Expense Type,Supplier,Amount\n",
        "02/05/2021,Clinical supplies,MEDIQUIP LTD,\"1,250.00\"\n",
        "02/05/2021,Clinical supplies,MEDIQUIP LTD,\"3,100.50\"\n",
        "03/05/2021,Agency staff,STAFFCO LTD,\"12,000.00\"\n",
        "04/05/2021,Drugs,PHARMA UK LTD,\"7,777.77\"\n",
        "05/05/2021,Estates,BUILDCO LTD,\"2,000.00\"\n",
        "06/05/2021,Recharges,NORTHTOWN HOSPITALS NHS TRUST,41730256\n",
        ",,,\"84,210.00\"\n",
        "07/05/2021,Recharges,SOUTHTOWN NHS TRUST,41730299\n",
        "08/05/2021,Drugs,PHARMA UK LTD,\"1,500.00\"\n",
    );
    let o = read(lines);
    // The split record is joined (£84,210.00 to Northtown, dated), the lone one rejected.
    assert_eq!(
        (
            o.counts.rows_accepted,
            o.counts.rows_rejected,
            o.counts.rows_skipped
        ),
        (7, 1, 1)
    );
    assert_eq!(
        o.counts.pence_accepted,
        125_000 + 310_050 + 1_200_000 + 777_777 + 200_000 + 8_421_000 + 150_000
    );
    assert_eq!(
        o.rejects[0].3,
        "looks like a reference number, not an amount"
    );
    assert_eq!(o.rejects[0].0, 9);
    let names = o.batch.text(Field::SupplierName).unwrap();
    let i = (0..o.batch.len())
        .find(|&i| o.batch.amounts[i] == 8_421_000)
        .unwrap();
    assert_eq!(names.get(i), Some("NORTHTOWN HOSPITALS NHS TRUST"));
    assert_eq!(
        o.batch
            .date(i)
            .map(|d| epoch_date(d).to_string())
            .as_deref(),
        Some("2021-05-06")
    );
    // Where the column writes large sums bare, a large bare number is an amount.
    let bare = lines
        .replace("\"1,250.00\"", "1250")
        .replace("\"3,100.50\"", "3100")
        .replace("\"12,000.00\"", "12000");
    let o = read(&bare);
    assert_eq!(o.counts.rows_rejected, 0);
}

#[test]
fn the_studys_order_wins() {
    let opts = ReadOptions {
        date_order: Some(DateOrder::Mdy),
        ..Default::default()
    };
    let mut o = read_text(
        b"Supplier,Date,Amount\nA,04/05/2023,1.00\nB,29/05/2023,2.00\n",
        &opts,
        &Synonyms::builtin(),
    )
    .outcome
    .unwrap();
    super::finish_alone(&mut o, Some(DateOrder::Mdy));
    assert_eq!(
        dates(&o),
        ["2023-04-05", "-"],
        "29/05 is no month-first date"
    );
    assert!(decision(&o).evidence.contains("study"));
}

#[test]
fn a_total_too_large_for_one_payment_is_still_a_total() {
    // Two payments of £60bn and their footer of £120bn, over the £100bn one payment may
    // be: the footer is the total of the rows above it, not a rejected payment. A lone
    // £120bn payment elsewhere is rejected.
    let o = read(concat!(
        "Supplier,Date,Amount\n",
        "A,01/04/2024,60000000000.00\n",
        "B,02/04/2024,60000000000.00\n",
        ",,120000000000.00\n",
        "C,03/04/2024,120000000000.00\n",
    ));
    assert_eq!(
        (
            o.counts.rows_accepted,
            o.counts.rows_skipped,
            o.counts.rows_rejected
        ),
        (2, 1, 1)
    );
    assert_eq!(o.rejects[0].0, 5);
    assert!(o.rejects[0].3.contains("too large"), "{}", o.rejects[0].3);
}
