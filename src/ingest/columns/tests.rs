//! Header scoring on real-looking header rows: typos, words no synonym lists, competing
//! amount columns, and rows that only look like headers.

use crate::config::field::Field;
use crate::config::study::ReadOptions;
use crate::config::synonyms::Synonyms;
use crate::ingest::header::{Mapping, find_header, map_columns};
use crate::read::cell::{OwnedCell, RowCells};

fn row(cells: &[&str]) -> Vec<OwnedCell> {
    crate::read::cell::text_row(cells)
}

/// The header found among `lines` (comma-separated) and its mapping.
fn read(lines: &[&str]) -> Result<Mapping, String> {
    let rows: Vec<Vec<OwnedCell>> = lines
        .iter()
        .map(|l| {
            let record = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(l.as_bytes())
                .records()
                .next()
                .map(|r| r.unwrap())
                .unwrap_or_default();
            row(&record.iter().collect::<Vec<_>>())
        })
        .collect();
    let refs: Vec<(u32, &dyn RowCells)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (i as u32 + 1, r as &dyn RowCells))
        .collect();
    let syn = Synonyms::builtin();
    let opts = ReadOptions::default();
    let at = find_header(&refs, &syn, &opts)?.expect("a header");
    let width = refs.iter().map(|(_, r)| r.width()).max().unwrap();
    let below: Vec<&dyn RowCells> = refs[at + 1..].iter().map(|(_, r)| *r).collect();
    map_columns(Some(refs[at]), &below, width, &syn, &opts)
}

fn header_of(m: &Mapping, field: Field) -> Option<String> {
    m.col(field).map(|c| m.column_label(c))
}

#[test]
fn typos_in_the_header() {
    let m = read(&[
        "Expence Area,Suplier,Dat,Nett Amount",
        "Highways,ACME SURFACING LTD,04/03/2025,\"2,730.00\"",
        "Waste,BIFFA WASTE SERVICES,05/03/2025,912.40",
    ])
    .unwrap();
    assert_eq!(m.header_row, Some(1));
    assert_eq!(
        header_of(&m, Field::SupplierName).as_deref(),
        Some("Suplier")
    );
    assert_eq!(header_of(&m, Field::Date).as_deref(), Some("Dat"));
    assert_eq!(header_of(&m, Field::Amount).as_deref(), Some("Nett Amount"));
    assert_eq!(
        header_of(&m, Field::ServiceArea).as_deref(),
        Some("Expence Area")
    );
    let area = m
        .columns
        .iter()
        .find(|c| c.header == "Expence Area")
        .unwrap();
    assert_eq!(area.how, "typo");
}

#[test]
fn words_no_synonym_lists() {
    let m = read(&[
        "NHS Trust spend over £25,000",
        "",
        "Paid On,Payee Organisation,AP_INVOICE_AMT in Sterling,Reference",
        "29/05/2021,NORTHTOWN HOSPITALS NHS TRUST,\"84,210.00\",4173025",
        "31/05/2021,MEDIQUIP LTD,\"31,500.00\",4173026",
    ])
    .unwrap();
    assert_eq!(m.header_row, Some(3), "past the title and the blank line");
    assert_eq!(
        header_of(&m, Field::Amount).as_deref(),
        Some("AP_INVOICE_AMT in Sterling")
    );
    assert_eq!(header_of(&m, Field::Date).as_deref(), Some("Paid On"));
    assert_eq!(
        header_of(&m, Field::SupplierName).as_deref(),
        Some("Payee Organisation")
    );
}

#[test]
fn the_net_amount_wins_and_the_choice_is_explained() {
    let m = read(&[
        "Supplier Name,Payment Date,Gross Amount,VAT Amount,Net Amount",
        "ACME LTD,01/04/2024,120.00,20.00,100.00",
        "BETA LTD,02/04/2024,60.00,10.00,50.00",
    ])
    .unwrap();
    let amount = m.choices.iter().find(|c| c.field == Field::Amount).unwrap();
    assert_eq!(amount.header, "Net Amount");
    let runner = amount.runner_up.as_ref().expect("a runner-up");
    assert_eq!(runner.header, "Gross Amount");
    assert!(runner.score < amount.score);
    assert!(
        amount.why.contains("synonym") && amount.why.contains("100%"),
        "{}",
        amount.why
    );
    // Without synonyms to rank them, the words decide: VAT and gross weigh against.
    let m = read(&[
        "Payee,Date Paid,Total Value incl VAT,VAT Value,Nett Value",
        "ACME LTD,01/04/2024,120.00,20.00,100.00",
    ])
    .unwrap();
    let amount = m.choices.iter().find(|c| c.field == Field::Amount).unwrap();
    assert_eq!(amount.header, "Nett Value");
    assert!(
        amount
            .runner_up
            .as_ref()
            .unwrap()
            .why
            .contains("weighs against")
    );
    // Amount against a VAT amount, and against a budget.
    let m = read(&[
        "BeneficiaryName,PaymentDate,EffectiveDate,Amount,IrrecoverableVATAmount",
        "VLC (Stairlifts) Limited,2026-05-29,2026-05-31,742.50,0.00",
    ])
    .unwrap();
    assert_eq!(header_of(&m, Field::Amount).as_deref(), Some("Amount"));
    assert_eq!(header_of(&m, Field::Date).as_deref(), Some("PaymentDate"));
    let m = read(&[
        "Payee,Date,Budget,Amount",
        "ACME LTD,01/04/2024,5000.00,412.50",
    ])
    .unwrap();
    assert_eq!(header_of(&m, Field::Amount).as_deref(), Some("Amount"));
}

#[test]
fn contents_decide_between_names_that_fit() {
    // Both name a reference; only one holds references.
    let m = read(&[
        "Date,Transaction number,Invoice Number,Amount,Supplier Name",
        "03/09/2014,1901095785,CHILDREN IN CARE,\"1,100.00\",ADOLESCENT RESOURCE CENTRE",
        "03/09/2014,1901095786,NNDR REF 476744,299.19,ACME LTD",
    ])
    .unwrap();
    assert_eq!(
        header_of(&m, Field::TransactionRef).as_deref(),
        Some("Transaction number")
    );
    // A payee column that repeats the publisher's own name loses to the real payees.
    let m = read(&[
        "Body name,Date paid,Net amount,Supplier",
        "Leeds City Council,26-May-11,528,3663 Booker Food Services",
        "Leeds City Council,26-May-11,1336.2,4 Children (Trading Ltd)",
        "Leeds City Council,26-May-11,63809,4 Site Security Services Ltd",
        "Leeds City Council,06-May-11,2000.7,A J Promotions",
        "Leeds City Council,06-May-11,100,Zurich Municipal",
    ])
    .unwrap();
    assert_eq!(
        header_of(&m, Field::SupplierName).as_deref(),
        Some("Supplier")
    );
}

#[test]
fn rows_that_only_look_like_headers() {
    // A data.gov.uk pro-forma: its header names no amount, and its values row (a title
    // with "Spend over £25,000", a name ending "Company", dates) is data, not a header.
    let err = read(&[
        "UK Public Data Project - meta-data pro-forma",
        "",
        "Package name,Title,Date released,Date updated,Department,Publisher",
        "Unique identifier,Display title,When released,When updated,,",
        "financial-transactions-data-national forest company,Spend over £25,000 in DEPARTMENT,30/10/2010,01/10/2010,DEFRA,National Forest Company",
    ])
    .unwrap_err();
    assert!(err.contains("no header row"), "{err}");
    // An Excel error in a header cell names nothing, though `#NAME?` spells a synonym.
    let m = read(&[
        "#NAME?,Entity,Date,Supplier,Transaction number,Amount",
        "OFWAT,OFWAT,22/12/2010,MCCALLUM LAYTON,5088,30470.00",
    ])
    .unwrap();
    assert_eq!(
        header_of(&m, Field::SupplierName).as_deref(),
        Some("Supplier")
    );
    // Numbered headers (`8 Amount`) are headers.
    let m = read(&[
        "1 Department Family,2 Entity,3 Date,6 Supplier,7 Transaction No,8 Amount",
        "DEFRA,Marine Management Organisation,08-Apr-10,Wells Harbour Commissioners,FEF0058,\"154,619.10\"",
    ])
    .unwrap();
    assert_eq!(header_of(&m, Field::Amount).as_deref(), Some("8 Amount"));
    assert_eq!(
        header_of(&m, Field::SupplierName).as_deref(),
        Some("6 Supplier")
    );
}
