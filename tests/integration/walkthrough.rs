//! The README's "Your own ledgers in ten minutes", followed as written: its `spendgap`
//! commands are run, with the shell's glob expansion, and its TOML is added to the study
//! file `init` wrote, on three months of Hyndburn's real ledgers and the real reference
//! files of ../shared/data/real, saved under the names the README gives them. If the
//! README's commands or keys stop working, this fails.

use std::path::Path;

use crate::common::*;

const LEDGERS: [&str; 3] = ["April-2023.csv", "June-23-csv.csv", "October-2023.csv"];

/// The section of the README, from its heading to the next.
fn section(readme: &str) -> &str {
    let start = readme
        .find("## Your own ledgers in ten minutes")
        .expect("the README has its walkthrough");
    let rest = &readme[start + 3..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

/// The fenced blocks of `text` whose info string is `lang`.
fn blocks<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    let fence = format!("```{lang}\n");
    text.split(&fence)
        .skip(1)
        .map(|b| &b[..b.find("```").expect("a closed block")])
        .collect()
}

/// A command line cut into words as a shell would, for double quotes only.
fn words(line: &str) -> Vec<String> {
    let (mut out, mut word, mut quoted, mut any) = (Vec::new(), String::new(), false, false);
    for c in line.chars() {
        match c {
            '"' => (quoted, any) = (!quoted, true),
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(word);
    }
    out
}

/// A word as the shell passes it: a glob becomes the files it matches, sorted.
fn expand(dir: &Path, word: &str) -> Vec<String> {
    if !word.contains('*') {
        return vec![word.to_string()];
    }
    let pattern = dir.join(word);
    let mut found: Vec<String> = glob::glob(pattern.to_str().unwrap())
        .unwrap()
        .map(|p| {
            let p = p.unwrap();
            p.strip_prefix(dir).unwrap().to_str().unwrap().to_string()
        })
        .collect();
    found.sort();
    assert!(!found.is_empty(), "{word} matches nothing");
    found
}

fn gunzip(from: &Path, to: &Path) {
    let mut text = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(std::fs::File::open(from).unwrap()),
        &mut text,
    )
    .unwrap();
    std::fs::write(to, text).unwrap();
}

/// Steps 1 and 3 done by hand: the ledgers and the downloads, under the README's names.
fn set_up(real: &Path, study: &Path) {
    std::fs::create_dir_all(study.join("ledgers")).unwrap();
    for f in LEDGERS {
        std::fs::copy(
            real.join("ledgers/hyndburn").join(f),
            study.join("ledgers").join(f),
        )
        .unwrap();
    }
    let reference = study.join("reference");
    std::fs::create_dir_all(&reference).unwrap();
    let nspl = real.join("geo/nspl_nov2021_partial");
    for e in std::fs::read_dir(&nspl).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), reference.join(e.file_name())).unwrap();
    }
    gunzip(
        &real.join("geo/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv.gz"),
        &reference.join("File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv"),
    );
    std::fs::copy(
        real.join("coops/coopsuk_open_data_organisations_2017-06.csv"),
        reference.join("open_data_organisations.csv"),
    )
    .unwrap();
    std::fs::copy(
        real.join("registers/companies_house_BasicCompanyData-2020-06-01-part6_7_sample.csv"),
        reference.join("BasicCompanyData-2020-06-01-part6_7.csv"),
    )
    .unwrap();
}

#[test]
fn the_readme_walkthrough_works_as_written() {
    let Some(real) = real_data() else { return };
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let walk = section(&readme);
    let tmp = tempfile::tempdir().unwrap();
    let study = tmp.path().join("my-study");
    set_up(&real, &study);

    let (sh, toml) = (blocks(walk, "sh"), blocks(walk, "toml"));
    assert_eq!((sh.len(), toml.len()), (3, 1), "the walkthrough's blocks");
    // Step 1 is the user's own files: the test has copied real ones in their place.
    for line in sh[0].lines() {
        assert!(
            line.starts_with("mkdir ") || line.starts_with("cp "),
            "step 1 is setting up folders, not {line:?}"
        );
    }
    let mut ran = Vec::new();
    let mut run = |line: &str| {
        let w = words(line);
        assert_eq!(w[0], "spendgap", "{line}");
        let args: Vec<String> = w[1..].iter().flat_map(|a| expand(&study, a)).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = spendgap(&study, &args);
        assert!(
            code(&out) <= 1,
            "{line} failed ({}):\n{}",
            code(&out),
            stderr(&out)
        );
        ran.push((w[1].clone(), out));
    };
    for line in sh[1].lines() {
        run(line);
    }
    // Step 3: the README's TOML, added to the study file init wrote.
    let path = study.join("study.toml");
    let mut text = std::fs::read_to_string(&path).expect("init wrote study.toml");
    text += "\n";
    text += toml[0];
    std::fs::write(&path, text).unwrap();
    for line in sh[2].lines() {
        run(line);
    }

    let commands: Vec<&str> = ran.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(commands, ["inspect", "init", "run"]);
    // inspect read every ledger; init mapped every one (no file left as a comment).
    assert_eq!(code(&ran[0].1), 0, "{}", stdout(&ran[0].1));
    assert_eq!(code(&ran[1].1), 0, "{}", stderr(&ran[1].1));
    // The run read the three ledgers and every reference file the TOML names, and wrote
    // the report the README opens.
    let out = study.join("my-run");
    assert!(out.join("report.html").is_file());
    let sources = json(&out.join("sources.json")).to_string();
    for name in LEDGERS
        .iter()
        .copied()
        .chain([
            "NSPL_NOV_2021_UK_DG.csv.gz",
            "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv",
        ])
        .chain([
            "open_data_organisations.csv",
            "BasicCompanyData-2020-06-01-part6_7.csv",
        ])
    {
        assert!(
            sources.contains(name),
            "sources.json names {name}: {sources}"
        );
    }
    let rec = json(&out.join("reconciliation.json"));
    assert!(
        rec["totals"]["rows_accepted"].as_u64().unwrap() > 0,
        "{rec}"
    );
    // Step 6 names files the run wrote.
    for file in ["review.csv", "to_check.xlsx", "baseline.xlsx"] {
        assert!(out.join(file).is_file(), "{file}");
    }
}

#[test]
fn shell_words_and_blocks() {
    assert_eq!(
        words(r#"spendgap init --anchor "Hyndburn Borough Council" a/*.csv"#),
        [
            "spendgap",
            "init",
            "--anchor",
            "Hyndburn Borough Council",
            "a/*.csv"
        ]
    );
    assert_eq!(words(r#"x "" y"#), ["x", "", "y"]);
    let text = "a\n```sh\none\n```\n```toml\nk = 1\n```\n```sh\ntwo\n```\n";
    assert_eq!(blocks(text, "sh"), ["one\n", "two\n"]);
    assert_eq!(blocks(text, "toml"), ["k = 1\n"]);
}
