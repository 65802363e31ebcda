use super::*;
use crate::config::field::Field;

fn read(text: &str) -> SheetOutcome {
    crate::ingest::finish::read_finished(text)
}

#[test]
fn detects_delimiters() {
    assert_eq!(detect_delimiter("a;b;c\n1;2,5;3\n"), b';');
    assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
    assert_eq!(detect_delimiter("a,b,c\n\"x;y\",2,3\n"), b',');
    assert_eq!(detect_delimiter("a|b\n1|2\n"), b'|');
}

#[test]
fn row_numbers_count_blank_lines_and_quoted_breaks() {
    let out = read(
        "Title\r\n\r\nName,Date,Amount\r\nA,01/01/2024,1.00\r\n\r\n\"B\r\nLtd\",02/01/2024,2.00\r\nC,03/01/2024,3.00\r\n\r\n\r\n",
    );
    assert_eq!(out.mapping.header_row, Some(3));
    assert_eq!(out.batch.rows, vec![4, 6, 7]);
    assert_eq!(
        out.counts.rows_read, 4,
        "one interior blank, trailing blanks dropped"
    );
    assert_eq!(out.counts.rows_skipped, 1);
    assert_eq!(out.counts.pence_accepted, 600);
    assert_eq!(out.rows_preamble, 2);
    assert_eq!(
        out.batch.text(Field::SupplierName).unwrap().get(1),
        Some("B\r\nLtd")
    );
}

#[test]
fn classic_mac_line_endings() {
    let out = read("Name,Date,Amount\rA,01/01/2024,1.00\r\rB,02/01/2024,\"1,000.00\"\r");
    assert_eq!(out.batch.rows, vec![2, 4]);
    assert_eq!(out.counts.pence_accepted, 100_100);
}

#[test]
fn accounting_rule() {
    let out = read(concat!(
        "Name,Date,Amount,Description\n",
        "A,01/01/2024,10.00,x\n",         // accepted
        ",02/01/2024,5.00,refund\n",      // accepted unnamed
        "B,,7.00,\n",                     // accepted undated
        "C,03/01/2024,TBC,\n",            // rejected
        "D,03/01/2024,,\n",               // rejected: empty amount
        ",,,note only\n",                 // skipped junk
        "Total,,22.00,\n",                // skipped total
        "E,04/01/2024,3.00,\n",           // accepted
        ",,3.00,\n",                      // skipped: unlabelled total
        "Name,Date,Amount,Description\n", // skipped: header again
    ));
    let c = &out.counts;
    assert_eq!(
        (
            c.rows_read,
            c.rows_accepted,
            c.rows_rejected,
            c.rows_skipped
        ),
        (10, 4, 2, 4)
    );
    assert_eq!((c.rows_undated, c.rows_unnamed), (1, 1));
    assert_eq!(c.pence_accepted, 2_500);
    assert!(c.balances());
    assert_eq!(out.rejects[0].0, 5);
    assert_eq!(out.rejects[0].2, "TBC");
}

#[test]
fn fused_fields_are_repaired() {
    let out = read("Name,Date,Amount\nA,01/01/2024 12.50\nB 02/01/2024,7.25\n");
    assert_eq!(out.counts.rows_repaired, 2);
    assert_eq!(out.counts.pence_accepted, 1_975);
    assert_eq!(
        out.batch.text(Field::SupplierName).unwrap().get(1),
        Some("B")
    );
    assert_eq!(out.batch.date(1), Some(19_724));
}

/// Regression: a `header_row` below the 30 rows searched for a header was refused.
#[test]
fn header_row_far_down_the_file() {
    let mut text = String::new();
    for i in 0..35 {
        text += &format!("Note {i}: these payments are provisional\n");
    }
    text += "Payee,Paid on,Net\nA,01/01/2024,1.00\n";
    let mut opts = ReadOptions {
        header_row: Some(36),
        ..Default::default()
    };
    opts.columns.insert(
        Field::Amount,
        crate::config::field::ColumnRef::Header("Net".into()),
    );
    let mut out = read_text(text.as_bytes(), &opts, &Synonyms::builtin())
        .outcome
        .unwrap();
    crate::ingest::finish::finish_alone(&mut out, None);
    assert_eq!(
        (out.mapping.header_row, out.counts.rows_accepted),
        (Some(36), 1)
    );
    assert_eq!(out.rows_preamble, 35);
}

#[test]
fn headerless_file_with_header_at_the_end() {
    let mut opts = ReadOptions {
        header_row: Some(0),
        ..Default::default()
    };
    opts.columns
        .insert(Field::Amount, crate::config::field::ColumnRef::Position(3));
    opts.columns.insert(
        Field::SupplierName,
        crate::config::field::ColumnRef::Position(1),
    );
    let text = "A,01/01/2024,1.00\nB,02/01/2024,2.00\nName,Payment Date,Amount Paid\n";
    let mut out = read_text(text.as_bytes(), &opts, &Synonyms::builtin())
        .outcome
        .unwrap();
    crate::ingest::finish::finish_alone(&mut out, None);
    assert_eq!((out.counts.rows_accepted, out.counts.rows_skipped), (2, 1));
}
