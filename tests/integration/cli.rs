//! The binary on small hand-made fixtures (tests/fixtures). Every expected figure below is
//! worked out by hand from the fixture files; the comments show the sums.

use crate::common::*;
use polars::prelude::*;

fn ingest_fixtures(out: &std::path::Path) -> std::process::Output {
    spendgap(
        &fixtures(),
        &["ingest", "study.toml", "--out", out.to_str().unwrap()],
    )
}

#[test]
fn ingest_accounts_for_every_row_and_penny() {
    let tmp = tempfile::tempdir().unwrap();
    let out = ingest_fixtures(tmp.path());
    // 1: one rejected row (TBC) and the county workbook's Notes sheet passed over.
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).contains("1 row(s) rejected"),
        "{}",
        stderr(&out)
    );
    let rec = json(&tmp.path().join("reconciliation.json"));
    let t = &rec["totals"];
    // rows read: city April 10 (rows 5-14) + city Q1 4 + county Q1 4 + county Q2 1 + uni 2
    assert_eq!(t["rows_read"], 21);
    assert_eq!(t["rows_accepted"], 13);
    assert_eq!(t["rows_duplicate"], 2);
    assert_eq!(t["rows_rejected"], 1);
    // blank row 8, comma-only row 13, Total row 14 (city); junk row 6 and Total row 7 (county)
    assert_eq!(t["rows_skipped"], 5);
    assert_eq!(t["rows_undated"], 1, "HMRC row has no date");
    assert_eq!(t["rows_unnamed"], 1, "refund row 10 has no payee");
    assert_eq!(
        t["rows_rounded"], 1,
        "80.005 (county Q2) rounds half away from zero to 80.01"
    );
    // city April: 1250.00 - 250.00 + 99.99 + 2000.50 + 40.00 + 10.00 = 3150.49
    // city Q1 new rows: 12.34 * 2 = 24.68;  county: 1263.61 + 500 + 80.01 = 1843.62
    // uni: 1000.00 + 500.25 = 1500.25;  total 3150.49 + 24.68 + 1843.62 + 1500.25 = 6519.04
    assert_eq!(t["pence_accepted"], 651_904);
    // duplicates: T3 99.99 and T4 2000.50 repeated from the April file
    assert_eq!(t["pence_duplicate"], 210_049);
    assert_eq!(rec["skipped"]["total or sub-total line"], 2);
    for f in rec["files"].as_array().unwrap() {
        let n = |k: &str| f[k].as_u64().unwrap();
        assert_eq!(
            n("rows_read"),
            n("rows_accepted") + n("rows_duplicate") + n("rows_rejected") + n("rows_skipped"),
            "{f}"
        );
    }
    let rejects = std::fs::read_to_string(tmp.path().join("rejects.csv")).unwrap();
    assert_eq!(
        rejects,
        "file,sheet,row,column,raw_value,reason\n\
         ledgers/city_2024_04.csv,,12,Net Amount (£),TBC,amount is not a number\n"
    );
}

#[test]
fn transactions_follow_the_output_contract() {
    let tmp = tempfile::tempdir().unwrap();
    ingest_fixtures(tmp.path());
    let df = read_parquet(&tmp.path().join("transactions.parquet"));
    assert_eq!(df.height(), 15, "13 accepted + 2 duplicate");
    let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
    assert_eq!(
        &names[..8],
        [
            "anchor_id",
            "source_file",
            "source_sheet",
            "source_row",
            "date",
            "amount_pence",
            "supplier_name",
            "duplicate_of"
        ]
    );
    assert!(names.contains(&"transaction_ref") && names.contains(&"expense_type"));
    assert_eq!(df.column("date").unwrap().dtype(), &DataType::Date);
    assert_eq!(df.column("amount_pence").unwrap().dtype(), &DataType::Int64);
    let total: i64 = df
        .column("amount_pence")
        .unwrap()
        .i64()
        .unwrap()
        .sum()
        .unwrap();
    assert_eq!(total, 651_904 + 210_049);
    let dup = df.column("duplicate_of").unwrap().str().unwrap();
    let dups: Vec<&str> = dup.iter().flatten().collect();
    assert_eq!(
        dups,
        ["ledgers/city_2024_04.csv:7", "ledgers/city_2024_04.csv:9"]
    );
    // The payee with a quoted line break keeps it; padding is trimmed.
    let sup = df.column("supplier_name").unwrap().str().unwrap();
    assert!(sup.iter().flatten().any(|s| s == "Smith & Sons\r\nLtd"));
    assert!(
        sup.iter().flatten().any(|s| s == "Café Nero Ltd"),
        "Windows-1252 decoded"
    );
    let sheet = df.column("source_sheet").unwrap().str().unwrap();
    assert_eq!(sheet.iter().flatten().filter(|s| *s == "Q1").count(), 2);
}

#[test]
fn outputs_are_identical_whatever_the_thread_count() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (dir, threads) in [(&a, "1"), (&b, "2")] {
        spendgap(
            &fixtures(),
            &[
                "--threads",
                threads,
                "ingest",
                "study.toml",
                "--out",
                dir.path().to_str().unwrap(),
            ],
        );
    }
    for name in ["transactions.parquet", "rejects.csv", "reconciliation.json"] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        let y = std::fs::read(b.path().join(name)).unwrap();
        assert!(x == y, "{name} differs between 1 and 2 threads");
    }
}

/// Writes a one-anchor study naming `ledger` (relative to tests/fixtures) into `dir`.
fn study_with(dir: &std::path::Path, ledger: &str, extra: &str) -> std::path::PathBuf {
    let path = dir.join("study.toml");
    let ledger = fixtures().join(ledger);
    std::fs::write(
        &path,
        format!(
            "name = \"t\"\n[[anchor]]\nid = \"a\"\nname = \"A\"\n[[anchor.ledger]]\npath = {:?}\n{extra}",
            ledger.to_str().unwrap()
        ),
    )
    .unwrap();
    path
}

fn fails_with(args: &[&str], cwd: &std::path::Path, needles: &[&str]) {
    let out = spendgap(cwd, args);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "expected exit 2 for {args:?}: {err}");
    for n in needles {
        assert!(
            err.contains(n),
            "message for {args:?} should mention {n:?}: {err}"
        );
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_input_stops_with_a_message_naming_the_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let out = d.join("out");
    let o = out.to_str().unwrap();
    // a missing ledger
    let s = study_with(d, "ledgers/nope.csv", "");
    fails_with(
        &["ingest", s.to_str().unwrap(), "--out", o],
        d,
        &["nope.csv", "does not exist"],
    );
    // a corrupt workbook
    let s = study_with(d, "ledgers/corrupt.xlsx", "");
    fails_with(
        &["ingest", s.to_str().unwrap(), "--out", o],
        d,
        &["corrupt.xlsx", "cannot open workbook"],
    );
    // a password-protected workbook
    let s = study_with(d, "ledgers/protected.xlsx", "");
    fails_with(
        &["ingest", s.to_str().unwrap(), "--out", o],
        d,
        &["protected.xlsx"],
    );
    // a file with no recognisable header
    let s = study_with(d, "ledgers/no_header.csv", "");
    fails_with(
        &["ingest", s.to_str().unwrap(), "--out", o],
        d,
        &["no_header.csv", "no header row"],
    );
    // an empty file
    let s = study_with(d, "ledgers/empty.csv", "");
    fails_with(
        &["ingest", s.to_str().unwrap(), "--out", o],
        d,
        &["empty.csv", "is empty"],
    );
    // a study with a typo
    let s = study_with(d, "ledgers/city_2024_04.csv", "header_rwo = 3\n");
    fails_with(
        &["ingest", s.to_str().unwrap(), "--out", o],
        d,
        &["header_rwo", "line 7"],
    );
    // a missing study
    fails_with(
        &["ingest", "missing.toml", "--out", o],
        d,
        &["missing.toml"],
    );
    // an output folder that cannot be written (a path through a regular file)
    let s = study_with(d, "ledgers/city_2024_04.csv", "");
    let blocker = d.join("file");
    std::fs::write(&blocker, "x").unwrap();
    fails_with(
        &[
            "ingest",
            s.to_str().unwrap(),
            "--out",
            blocker.join("out").to_str().unwrap(),
        ],
        d,
        &["output folder"],
    );
    assert!(!out.exists(), "nothing is written when a run cannot go on");
}

#[test]
fn a_failed_run_leaves_earlier_outputs_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert_eq!(code(&ingest_fixtures(&out)), 1);
    let before = std::fs::read(out.join("transactions.parquet")).unwrap();
    let s = study_with(tmp.path(), "ledgers/no_header.csv", "");
    let o = spendgap(
        tmp.path(),
        &[
            "ingest",
            s.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 2);
    assert_eq!(
        std::fs::read(out.join("transactions.parquet")).unwrap(),
        before
    );
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files left: {leftovers:?}"
    );
}

#[test]
fn every_command_explains_itself_with_an_example() {
    for cmd in [
        "inspect",
        "init",
        "ingest",
        "run",
        "report",
        "place",
        "org",
        "reference",
    ] {
        let out = spendgap(&fixtures(), &[cmd, "--help"]);
        let text = stdout(&out);
        assert_eq!(code(&out), 0);
        assert!(
            text.contains("Example"),
            "{cmd} --help has an example:\n{text}"
        );
        assert!(
            text.contains("Exit status"),
            "{cmd} --help documents exit codes:\n{text}"
        );
    }
}

#[test]
fn inspect_shows_what_spendgap_sees() {
    let out = spendgap(&fixtures(), &["inspect", "ledgers/city_2024_04.csv"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "a rejected row is worth a look");
    for needle in [
        "windows-1252",
        "CRLF",
        "header: row 4 (3 row(s) above it)",
        "→ amount (synonym)",
        "spacer",
        "10 read = 6 accepted + 1 rejected + 3 skipped",
        "row    12 \"Net Amount (£)\" \"TBC\": rejected: amount is not a number",
    ] {
        assert!(
            text.contains(needle),
            "inspect output lacks {needle:?}:\n{text}"
        );
    }
    let out = spendgap(
        &fixtures(),
        &["inspect", "--json", "ledgers/county_2024.xlsx"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sheets = v[0]["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 3);
    assert_eq!(sheets[0]["header_row"], 3);
    assert!(
        sheets[1]["not_a_ledger"]
            .as_str()
            .unwrap()
            .contains("no header row")
    );
    assert_eq!(sheets[0]["samples"][0]["amount_pence"], 126_361);
    assert_eq!(sheets[0]["samples"][1]["date"], "2024-04-08");
}

#[test]
fn inspect_shows_a_date_before_1970() {
    // Regression: inspect's sample rows added the day count to 1970-01-01 as unsigned
    // days, so a payment dated before 1970 panicked instead of showing its date.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("old.csv"),
        "Date,Supplier Name,Amount\n01/02/1965,ACME LTD,100.00\n",
    )
    .unwrap();
    let out = spendgap(dir.path(), &["inspect", "old.csv"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout(&out).contains("1965-02-01 £100.00"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn init_writes_an_explicit_study_that_ingests() {
    let tmp = tempfile::tempdir().unwrap();
    let study = tmp.path().join("study.toml");
    let s = study.to_str().unwrap();
    let ledger = fixtures().join("ledgers/city_2024_04.csv");
    let out = spendgap(
        tmp.path(),
        &[
            "init",
            "--anchor",
            "Oxford City Council",
            ledger.to_str().unwrap(),
            "-o",
            s,
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&study).unwrap();
    assert!(text.contains("id = \"oxford-city-council\""), "{text}");
    assert!(text.contains("header_row = 4"), "{text}");
    assert!(text.contains("amount = \"Net Amount (£)\""), "{text}");
    assert!(text.contains("encoding = \"windows-1252\""), "{text}");
    // extending: a second anchor, and the same anchor again with a new file
    let wb = fixtures().join("ledgers/county_2024.xlsx");
    let out = spendgap(
        tmp.path(),
        &[
            "init",
            "--anchor",
            "County",
            "--id",
            "county",
            wb.to_str().unwrap(),
            "-o",
            s,
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let q1 = fixtures().join("ledgers/city_2024_q1.csv");
    let out = spendgap(
        tmp.path(),
        &[
            "init",
            "--anchor",
            "Oxford City Council",
            q1.to_str().unwrap(),
            "-o",
            s,
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&study).unwrap();
    assert_eq!(text.matches("[[anchor]]").count(), 2, "{text}");
    assert_eq!(text.matches("[[anchor.ledger]]").count(), 3, "{text}");
    assert!(
        text.contains("sheets = [\"Q1\", \"Q2\"]"),
        "Notes is not a ledger: {text}"
    );
    let out = spendgap(tmp.path(), &["ingest", s, "--out", "out"]);
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    let rec = json(&tmp.path().join("out/reconciliation.json"));
    assert_eq!(rec["totals"]["rows_duplicate"], 2);
}

/// Regression: outputs were written through private temporary files and kept their
/// owner-only mode (0600), so a colleague could not open the shared baseline.
#[cfg(unix)]
#[test]
fn outputs_are_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    ingest_fixtures(tmp.path());
    for name in ["transactions.parquet", "rejects.csv", "reconciliation.json"] {
        let mode = std::fs::metadata(tmp.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o044, 0o044, "{name} has mode {mode:o}");
    }
}

#[test]
fn init_infers_the_columns_of_a_headerless_file() {
    let tmp = tempfile::tempdir().unwrap();
    let study = tmp.path().join("study.toml");
    let ledger = fixtures().join("ledgers/uni_headerless.csv");
    let out = spendgap(
        tmp.path(),
        &[
            "init",
            "--anchor",
            "Uni",
            ledger.to_str().unwrap(),
            "-o",
            study.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&study).unwrap();
    assert!(text.contains("header_row = 0"), "{text}");
    // Payee in column 3, date in 4, amount in 5 (see the fixture).
    assert!(
        text.contains("columns = { amount = 5, date = 4, supplier_name = 3 }"),
        "{text}"
    );
    assert!(
        text.contains("inferred from the"),
        "the guess is marked as one: {text}"
    );
    let out = spendgap(
        tmp.path(),
        &["ingest", study.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    // 1 000.00 + 500.25
    assert_eq!(
        json(&tmp.path().join("out/reconciliation.json"))["totals"]["pence_accepted"],
        150_025
    );
}

#[test]
fn init_gives_the_headerless_hint_once_and_only_where_it_applies() {
    // Regression: init appended its own hint to a message that already carried one, and
    // to messages (an empty file) it does not fit.
    let tmp = tempfile::tempdir().unwrap();
    let study = tmp.path().join("study.toml");
    let run = |name: &str| {
        let ledger = fixtures().join("ledgers").join(name);
        spendgap(
            tmp.path(),
            &[
                "init",
                "--anchor",
                "X",
                ledger.to_str().unwrap(),
                "-o",
                study.to_str().unwrap(),
            ],
        )
    };
    let out = run("no_header.csv");
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out).matches("header_row = 0").count(),
        1,
        "{}",
        stderr(&out)
    );
    let out = run("empty.csv");
    assert_eq!(code(&out), 2);
    assert!(!stderr(&out).contains("header_row"), "{}", stderr(&out));
}

/// Regression: `spendgap inspect … | head` closed the pipe, the next print failed, and
/// spendgap reported "stopped on an internal error (please report it)". It now ends
/// quietly, as other command-line tools do, by the pipe's signal.
#[test]
#[cfg(unix)]
fn a_reader_that_stops_early_is_no_internal_error() {
    use std::os::unix::process::ExitStatusExt;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_spendgap"))
        .args(["inspect", "--samples", "50"])
        .args(
            ["county_2024.xlsx", "city_2024_04.csv", "city_2024_q1.csv"]
                .map(|f| fixtures().join("ledgers").join(f)),
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Closed before spendgap has started writing: its first print meets a closed pipe.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("internal error"), "{err}");
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGPIPE),
        "{:?}: {err}",
        out.status
    );
}
