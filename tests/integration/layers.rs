//! The layer rule of docs/ARCHITECTURE.md, checked against the code: every `crate::` path
//! in `src/` must lead to a lower layer (or, in the foundation, to a module listed before
//! it), and every module of `src/` must be placed in a layer. The layers are read from the
//! document's `layers` block, so the picture a newcomer reads is the one the code keeps.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::repo;

/// Each module's rank: layers in order, and within the foundation each module its own
/// rank, in the order listed. Modules sharing a rank may not import each other.
fn ranks(doc: &str) -> BTreeMap<String, (usize, String)> {
    let block = doc
        .split("```layers\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/ARCHITECTURE.md has a ```layers block");
    let mut ranks = BTreeMap::new();
    let mut rank = 0;
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let (layer, modules) = match line.split_once(':') {
            Some((layer, modules)) => (layer.trim().to_string(), modules),
            None => (line.trim().to_string(), line),
        };
        let ordered = line.contains(':');
        for module in modules.split_whitespace() {
            ranks.insert(module.to_string(), (rank, layer.clone()));
            if ordered {
                rank += 1;
            }
        }
        if !ordered {
            rank += 1;
        }
    }
    ranks
}

/// The top-level module a source file belongs to (`src/resolve/score.rs` → `resolve`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The `crate::x` paths of a file's code, comments left out, with their line numbers.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let preceded = rest[..at]
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
            if !name.is_empty() && !preceded {
                found.push((i + 1, name));
            }
            rest = after;
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// What the rule finds wrong in the sources under `src`, one line each.
fn violations(src: &Path, ranks: &BTreeMap<String, (usize, String)>) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let from = module_of(src, file);
        if from == "lib" || from == "main" {
            continue;
        }
        let shown = file.strip_prefix(src.parent().unwrap()).unwrap().display();
        let Some(&(rank, ref layer)) = ranks.get(&from) else {
            wrong.push(format!("{shown}: module `{from}` is in no layer"));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (line, to) in crate_paths(&text) {
            if to == from {
                continue;
            }
            match ranks.get(&to) {
                None => wrong.push(format!("{shown}:{line}: `crate::{to}` is in no layer")),
                Some(&(to_rank, ref to_layer)) if to_rank >= rank => wrong.push(format!(
                    "{shown}:{line}: `{from}` ({layer}) imports `crate::{to}` ({to_layer}), \
                     which is not below it"
                )),
                Some(_) => {}
            }
        }
    }
    wrong
}

#[test]
fn imports_run_down_the_layers() {
    let doc = std::fs::read_to_string(repo().join("docs/ARCHITECTURE.md")).unwrap();
    let wrong = violations(&repo().join("src"), &ranks(&doc));
    assert!(
        wrong.is_empty(),
        "imports that break the layer rule (docs/ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
}

/// The scan itself: an import back up, one across a layer, one to a module no layer
/// names, and one within the foundation's order, in a made-up tree.
#[test]
fn the_scan_finds_each_kind_of_wrong_import() {
    let doc = "```layers\nfoundation: text read\nconfig\ningest\ngaps todo\n```\n";
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    for (path, text) in [
        (
            "text.rs",
            "use crate::read::x; // crate::config in a comment is not code\n",
        ),
        (
            "read/mod.rs",
            "pub fn f() { crate::text::printable(\"\"); }\n",
        ),
        (
            "config/mod.rs",
            "use crate::ingest::Thing;\nuse crate::read::x;\n",
        ),
        ("ingest/mod.rs", "use crate::config::Study;\n"),
        (
            "gaps/mod.rs",
            "use crate::todo::List;\nlet _ = $crate::cli::say;\n",
        ),
        (
            "todo/mod.rs",
            "use crate::ingest::x;\nuse crate::nowhere::y;\n",
        ),
        ("stray.rs", "\n"),
        ("lib.rs", "pub mod anything;\n"),
    ] {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let wrong = violations(&src, &ranks(doc));
    assert_eq!(
        wrong,
        [
            "src/config/mod.rs:1: `config` (config) imports `crate::ingest` (ingest), which is not below it",
            "src/gaps/mod.rs:1: `gaps` (gaps todo) imports `crate::todo` (gaps todo), which is not below it",
            "src/stray.rs: module `stray` is in no layer",
            "src/text.rs:1: `text` (foundation) imports `crate::read` (foundation), which is not below it",
            "src/todo/mod.rs:2: `crate::nowhere` is in no layer",
        ]
    );
}
