//! A run folder is one run's complete output, or the last good one untouched: a run that
//! fails leaves the folder byte for byte as it was and nothing beside it; a second run
//! into a locked folder stops; leftovers of an earlier run or of a killed one do not
//! survive; run.json lists every file the folder holds. Each expectation is read from the
//! folder itself (file bytes, directory listings), not from spendgap's own code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;

/// The fixture partnership copied into a fresh folder, so that tests can change it.
fn study() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let from = fixtures();
    std::fs::create_dir(tmp.path().join("ledgers")).unwrap();
    for f in [
        "city_2024_04.csv",
        "city_2024_q1.csv",
        "county_2024.xlsx",
        "uni_headerless.csv",
    ] {
        std::fs::copy(
            from.join("ledgers").join(f),
            tmp.path().join("ledgers").join(f),
        )
        .unwrap();
    }
    std::fs::copy(from.join("study.toml"), tmp.path().join("study.toml")).unwrap();
    tmp
}

/// Every file under `dir` with its bytes, by path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|p| (PathBuf::from(&p), std::fs::read(dir.join(&p)).unwrap()))
        .collect()
}

/// Writes a [`snapshot`] out as the folder `dir`.
fn restore(files: &BTreeMap<PathBuf, Vec<u8>>, dir: &Path) {
    for (p, bytes) in files {
        let to = dir.join(p);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
}

/// Names in `dir` that start with a dot: locks, staging and set-aside folders.
fn hidden(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".out"))
        .collect()
}

fn run(dir: &Path) -> std::process::Output {
    spendgap(dir, &["run", "study.toml", "--out", "out"])
}

#[test]
fn a_run_failing_in_any_stage_leaves_the_last_run_as_it_was() {
    let tmp = study();
    let first = run(tmp.path());
    assert!(code(&first) <= 1, "{}", stderr(&first));
    let before = snapshot(&tmp.path().join("out"));
    // A register without the columns its kind needs fails the resolve stage, after the
    // ingest has written its tables.
    std::fs::write(
        tmp.path().join("bad-register.csv"),
        "not,a,register\n1,2,3\n",
    )
    .unwrap();
    let study = std::fs::read_to_string(tmp.path().join("study.toml")).unwrap();
    std::fs::write(
        tmp.path().join("study.toml"),
        format!("{study}\n[reference]\nregisters = [{{ kind = \"coops_uk\", path = \"bad-register.csv\" }}]\n"),
    )
    .unwrap();
    let second = run(tmp.path());
    assert_eq!(code(&second), 2, "{}{}", stdout(&second), stderr(&second));
    let err = stderr(&second);
    assert!(err.contains("out still holds the run of"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(
        snapshot(&tmp.path().join("out")),
        before,
        "the folder changed"
    );
    assert!(
        hidden(tmp.path()).is_empty(),
        "left beside: {:?}",
        hidden(tmp.path())
    );
    // A damaged workbook among the ledgers fails the ingest itself.
    std::fs::copy(
        fixtures().join("ledgers/corrupt.xlsx"),
        tmp.path().join("ledgers/corrupt.xlsx"),
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("study.toml"),
        format!("{study}\n[[anchor.ledger]]\npath = \"ledgers/corrupt.xlsx\"\n"),
    )
    .unwrap();
    let third = run(tmp.path());
    assert_eq!(code(&third), 2, "{}", stderr(&third));
    assert!(
        stderr(&third).contains("nothing was changed"),
        "{}",
        stderr(&third)
    );
    assert_eq!(
        snapshot(&tmp.path().join("out")),
        before,
        "the folder changed"
    );
    assert!(
        hidden(tmp.path()).is_empty(),
        "left beside: {:?}",
        hidden(tmp.path())
    );
}

#[test]
fn files_of_an_earlier_run_do_not_survive_into_the_next() {
    let tmp = study();
    assert!(code(&run(tmp.path())) <= 1);
    std::fs::write(tmp.path().join("out/gaps.csv"), "from an earlier study\n").unwrap();
    std::fs::create_dir(tmp.path().join("out/charts/old")).unwrap();
    assert!(code(&run(tmp.path())) <= 1);
    let out = tmp.path().join("out");
    // This study has no bands, so no gap stage: its gaps.csv is gone, not kept.
    assert!(!out.join("gaps.csv").exists());
    assert!(!out.join("charts/old").exists());
    assert!(
        hidden(tmp.path()).is_empty(),
        "left beside: {:?}",
        hidden(tmp.path())
    );
}

#[test]
fn a_second_run_into_a_locked_folder_stops_and_a_stale_lock_is_taken_over() {
    let tmp = study();
    assert!(code(&run(tmp.path())) <= 1);
    let before = snapshot(&tmp.path().join("out"));
    // A live holder: this test's own process.
    let lock = tmp.path().join(".out.lock");
    std::fs::write(
        &lock,
        format!("{} 2026-12-07 09:00:00\n", std::process::id()),
    )
    .unwrap();
    let blocked = run(tmp.path());
    assert_eq!(code(&blocked), 2);
    let err = stderr(&blocked);
    assert!(
        err.contains(&format!("process {}", std::process::id())),
        "{err}"
    );
    assert_eq!(snapshot(&tmp.path().join("out")), before);
    // A holder that is gone, and the staging folder a killed run left.
    std::fs::write(&lock, "2147483646 2026-12-06 09:00:00\n").unwrap();
    let killed = tmp.path().join(".out.staging-2147483646");
    std::fs::create_dir(&killed).unwrap();
    std::fs::write(killed.join(".transactions.parquet.1.tmp"), "half").unwrap();
    let taken = run(tmp.path());
    assert!(code(&taken) <= 1, "{}", stderr(&taken));
    assert!(
        stderr(&taken).contains("taking over the lock"),
        "{}",
        stderr(&taken)
    );
    assert!(
        hidden(tmp.path()).is_empty(),
        "left beside: {:?}",
        hidden(tmp.path())
    );
}

#[test]
fn the_manifest_lists_every_file_of_the_folder_with_its_size() {
    let tmp = study();
    assert!(code(&run(tmp.path())) <= 1);
    let out = tmp.path().join("out");
    let manifest = json(&out.join("run.json"));
    let listed: BTreeMap<String, u64> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["bytes"].as_u64().unwrap(),
            )
        })
        .collect();
    let on_disk: BTreeMap<String, u64> = snapshot(&out)
        .into_iter()
        .filter(|(p, _)| p != Path::new("run.json"))
        .map(|(p, b)| (p.to_string_lossy().replace('\\', "/"), b.len() as u64))
        .collect();
    assert_eq!(listed, on_disk);
    let ledgers: Vec<&str> = manifest["ledgers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        ledgers,
        [
            "ledgers/city_2024_04.csv",
            "ledgers/city_2024_q1.csv",
            "ledgers/county_2024.xlsx",
            "ledgers/uni_headerless.csv"
        ]
    );
    assert_eq!(manifest["stages"].as_array().unwrap().len(), 8);
}

#[test]
fn one_ledger_file_under_two_anchors_is_an_error_naming_both() {
    let tmp = study();
    let base = std::fs::read_to_string(tmp.path().join("study.toml")).unwrap();
    // By path: the city's April file named again under the university.
    let twice = format!(
        "{base}\n[[anchor]]\nid = \"again\"\nname = \"Again\"\n[[anchor.ledger]]\npath = \"ledgers/city_2024_04.csv\"\n"
    );
    std::fs::write(tmp.path().join("study.toml"), &twice).unwrap();
    let o = run(tmp.path());
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("\"city\"") && err.contains("\"again\""),
        "{err}"
    );
    assert!(err.contains("ledgers/city_2024_04.csv"), "{err}");
    assert!(!tmp.path().join("out").exists(), "nothing is written");
    // By content: a copy under another name.
    std::fs::copy(
        tmp.path().join("ledgers/city_2024_04.csv"),
        tmp.path().join("ledgers/copy-of-april.csv"),
    )
    .unwrap();
    let copied = format!(
        "{base}\n[[anchor]]\nid = \"again\"\nname = \"Again\"\n[[anchor.ledger]]\npath = \"ledgers/copy-of-april.csv\"\n"
    );
    std::fs::write(tmp.path().join("study.toml"), copied).unwrap();
    let o = run(tmp.path());
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("copy-of-april.csv") && err.contains("is a copy of"),
        "{err}"
    );
    // `init` will not add a file another anchor holds.
    std::fs::write(tmp.path().join("study.toml"), &base).unwrap();
    let o = spendgap(
        tmp.path(),
        &[
            "init",
            "--anchor",
            "Another",
            "-o",
            "study.toml",
            "ledgers/city_2024_04.csv",
        ],
    );
    assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("\"city\""), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("study.toml")).unwrap(),
        base
    );
}

#[test]
fn a_run_killed_at_any_point_leaves_a_whole_run_and_the_next_sweeps_its_leftovers() {
    let sample = repo().join("sample-data/study.toml");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = spendgap(
        tmp.path(),
        &["run", sample.to_str().unwrap(), "--out", "out"],
    );
    assert!(code(&o) <= 1, "{}", stderr(&o));
    let old = snapshot(&out);
    // The killed runs compare with an earlier run, so a whole new run differs from the old.
    restore(&old, &tmp.path().join("earlier"));
    let args = [
        "run",
        sample.to_str().unwrap(),
        "--out",
        "out",
        "--compare",
        "earlier",
    ];
    let whole = {
        let t = tempfile::tempdir().unwrap();
        restore(&old, &t.path().join("earlier"));
        // Over the same earlier folder: the directory's changes.csv counts from the run it
        // replaces.
        restore(&old, &t.path().join("out"));
        assert!(code(&spendgap(t.path(), &args)) <= 1);
        snapshot(&t.path().join("out"))
    };
    assert_ne!(
        old, whole,
        "the two runs must differ for the test to see a mix"
    );
    for ms in [2, 20, 60, 120, 200, 300] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_spendgap"))
            .args(args)
            .current_dir(tmp.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&out);
        assert!(
            now == old || now == whole,
            "killed after {ms} ms: the folder is a mix"
        );
    }
    // And killed in each stage: right after the k-th stage says what it wrote.
    for k in 1..=6 {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_spendgap"))
            .args(args)
            .current_dir(tmp.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = 0;
        for line in lines {
            if line.unwrap().starts_with("wrote ") {
                seen += 1;
                if seen == k {
                    let _ = child.kill();
                    break;
                }
            }
        }
        let _ = child.wait();
        let now = snapshot(&out);
        assert!(
            now == old || now == whole,
            "killed after stage {k}: the folder is a mix"
        );
    }
    // The next run clears the lock and staging folders the killed ones left.
    assert!(code(&spendgap(tmp.path(), &args)) <= 1);
    assert_eq!(snapshot(&out), whole);
    assert!(
        hidden(tmp.path()).is_empty(),
        "left beside: {:?}",
        hidden(tmp.path())
    );
}

#[test]
fn a_stage_on_its_own_refuses_a_folder_changed_by_hand() {
    let tmp = study();
    assert!(code(&run(tmp.path())) <= 1);
    let out = tmp.path().join("out");
    // A stage alone on a whole run works, and names itself in the new manifest.
    let o = spendgap(tmp.path(), &["report", "out"]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    assert_eq!(json(&out.join("run.json"))["stages"][0], "report");
    // A table edited by hand, and a file from elsewhere.
    let mut m = std::fs::read(out.join("matches.csv")).unwrap();
    m.extend_from_slice(b"A HAND EDIT,S0,matched,,,1.000,,\n");
    std::fs::write(out.join("matches.csv"), m).unwrap();
    std::fs::write(out.join("gaps.csv"), "from another run\n").unwrap();
    let before = snapshot(&out);
    let o = spendgap(tmp.path(), &["report", "out"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("matches.csv (changed since the run)"), "{err}");
    assert!(err.contains("gaps.csv (not written by the run)"), "{err}");
    assert_eq!(snapshot(&out), before);
    // A whole run makes it whole again.
    assert!(code(&run(tmp.path())) <= 1);
    assert!(code(&spendgap(tmp.path(), &["report", "out"])) <= 1);
}

#[test]
fn an_unwritable_cache_folder_stops_the_run_before_any_table() {
    let tmp = study();
    assert!(code(&run(tmp.path())) <= 1);
    let before = snapshot(&tmp.path().join("out"));
    // The cache folder is a file: it cannot be created, as in a read-only study folder.
    std::fs::write(tmp.path().join("not-a-folder"), "x").unwrap();
    std::fs::copy(
        repo().join("sample-data/reference/registers/coopsuk_open_data_organisations_sample.csv"),
        tmp.path().join("register.csv"),
    )
    .unwrap();
    let study = std::fs::read_to_string(tmp.path().join("study.toml")).unwrap();
    std::fs::write(
        tmp.path().join("study.toml"),
        format!(
            "{study}\n[reference]\nregisters = [{{ kind = \"coops_uk\", path = \"register.csv\" }}]\ncache_dir = \"not-a-folder/cache\"\n"
        ),
    )
    .unwrap();
    let o = run(tmp.path());
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("cannot write the reference cache folder"),
        "{err}"
    );
    assert!(
        !stdout(&o).contains("wrote"),
        "a table was written: {}",
        stdout(&o)
    );
    assert_eq!(snapshot(&tmp.path().join("out")), before);
}

#[test]
fn two_runs_started_together_leave_one_whole_run() {
    let sample = repo().join("sample-data/study.toml");
    let tmp = tempfile::tempdir().unwrap();
    let args = ["run", sample.to_str().unwrap(), "--out", "out"];
    let start = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_spendgap"))
            .args(args)
            .current_dir(tmp.path())
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(start);
        let b = s.spawn(start);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    let codes = [code(&a), code(&b)];
    // Either the second found the first's lock and stopped, naming it, or they did not
    // overlap; never both stopped.
    assert!(codes.iter().any(|c| *c <= 1), "{codes:?}");
    for o in [&a, &b] {
        if code(o) == 2 {
            assert!(stderr(o).contains("another spendgap run"), "{}", stderr(o));
        }
    }
    let whole = tempfile::tempdir().unwrap();
    assert!(code(&spendgap(whole.path(), &args)) <= 1);
    assert_eq!(
        snapshot(&tmp.path().join("out")),
        snapshot(&whole.path().join("out"))
    );
    assert!(
        hidden(tmp.path()).is_empty(),
        "left beside: {:?}",
        hidden(tmp.path())
    );
}

#[test]
fn a_shared_file_split_by_a_column_gives_each_anchor_its_own_rows() {
    let tmp = tempfile::tempdir().unwrap();
    // Two bodies' payments in one export; the sums below are added by hand.
    let ledger = "Body,Supplier Name,Expense Type,Date,Amount\n\
                  North Council,Acme Ltd,Services,15/05/2024,100.00\n\
                  South Council,Acme Ltd,Services,16/05/2024,250.50\n\
                  north council ,Bravo Ltd,Works,17/05/2024,20.25\n\
                  South Council,Charlie Ltd,Works,18/05/2024,9.99\n";
    std::fs::write(tmp.path().join("shared.csv"), ledger).unwrap();
    let anchor = |id: &str, value: &str| {
        format!(
            "[[anchor]]\nid = \"{id}\"\nname = \"{value}\"\n[[anchor.ledger]]\npath = \"shared.csv\"\nshared = {{ column = \"Body\", value = \"{value}\" }}\n"
        )
    };
    std::fs::write(
        tmp.path().join("study.toml"),
        format!(
            "name = \"Shared\"\n{}{}",
            anchor("north", "North Council"),
            anchor("south", "South Council")
        ),
    )
    .unwrap();
    let o = run(tmp.path());
    assert!(code(&o) <= 1, "{}{}", stdout(&o), stderr(&o));
    let df = read_parquet(&tmp.path().join("out/transactions.parquet"));
    let anchors = strings(&df, "anchor_id");
    let pence: Vec<i64> = df
        .column("amount_pence")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .map(Option::unwrap)
        .collect();
    let total = |a: &str| -> i64 {
        anchors
            .iter()
            .zip(&pence)
            .filter(|(x, _)| x.as_deref() == Some(a))
            .map(|(_, p)| p)
            .sum()
    };
    assert_eq!(total("north"), 10_000 + 2_025);
    assert_eq!(total("south"), 25_050 + 999);
    assert_eq!(pence.len(), 4, "each row once");
    // Without the split, the file under two anchors is an error.
    let study = std::fs::read_to_string(tmp.path().join("study.toml")).unwrap();
    let unsplit = study.replacen(
        "shared = { column = \"Body\", value = \"South Council\" }\n",
        "",
        1,
    );
    std::fs::write(tmp.path().join("study.toml"), unsplit).unwrap();
    let o = run(tmp.path());
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("say how it is split"), "{}", stderr(&o));
}

#[test]
fn a_failing_stage_names_the_output_folder_not_its_staging_folder() {
    let tmp = study();
    // resolve before any ingest: its message says which command to run, into which folder.
    let o = spendgap(tmp.path(), &["resolve", "study.toml", "--out", "fresh"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("--out fresh` first"), "{err}");
    assert!(!err.contains("staging"), "names the staging folder: {err}");
    assert!(err.contains("nothing was written to fresh"), "{err}");
}
