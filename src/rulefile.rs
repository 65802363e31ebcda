//! Reading the rule, mapping and decision files the stages are configured by — the
//! study's own file or the shipped default, TOML or CSV — with errors naming the file and
//! line, and the words they are written in.

use std::path::Path;

use anyhow::Context;
use serde::de::DeserializeOwned;

/// A snake_case enum value written in any case and spacing (`Match`, ` COMPANIES_HOUSE`).
pub fn word<T: DeserializeOwned>(s: &str) -> Result<T, serde::de::value::Error> {
    use serde::de::IntoDeserializer;
    T::deserialize(s.trim().to_lowercase().into_deserializer())
}

/// The text of a rule file, and the name errors give it: the study's file, else the
/// shipped default.
pub fn read_or(path: Option<&Path>, builtin: &str, what: &str) -> anyhow::Result<(String, String)> {
    match path {
        Some(p) => Ok((
            std::fs::read_to_string(p)
                .with_context(|| format!("cannot read the {what} file {}", p.display()))?,
            p.display().to_string(),
        )),
        None => Ok((builtin.to_string(), format!("(built-in {what})"))),
    }
}

/// A JSON Schema as committed in `schemas/`: pretty JSON ending in a newline.
pub fn schema_text(schema: schemars::Schema) -> String {
    serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n"
}

pub fn parse_toml<T: DeserializeOwned>(text: &str, origin: &str) -> anyhow::Result<T> {
    toml::from_str(text).map_err(|e| anyhow::anyhow!("{origin}: {e}"))
}

/// [`read_or`] then [`parse_toml`].
pub fn load_toml<T: DeserializeOwned>(
    path: Option<&Path>,
    builtin: &str,
    what: &str,
) -> anyhow::Result<T> {
    let (text, origin) = read_or(path, builtin, what)?;
    parse_toml(&text, &origin)
}

/// Reads a CSV of `T` rows; a bad row names the file and line.
pub fn read_rows<T: DeserializeOwned>(text: &str, origin: &str) -> anyhow::Result<Vec<T>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut out = Vec::new();
    for row in reader.deserialize() {
        out.push(row.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            anyhow::anyhow!("{origin}, line {line}: {e}")
        })?);
    }
    Ok(out)
}
