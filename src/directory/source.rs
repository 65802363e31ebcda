//! Reading one directory source as its publisher wrote it: each field found by the header
//! names of `schemas/defaults/directory-columns.toml`, every row kept or set aside with
//! a reason, and the register behind it inferred from the file itself.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::reference::RegisterKind;
use crate::reference::registers::forms::Forms;
use crate::reference::registers::org::OwnershipForm;
use crate::reference::textfile::{next_record, open_csv, text};

pub const DEFAULT_COLUMNS: &str = include_str!("../../schemas/defaults/directory-columns.toml");

/// A field of a directory entry. The order is the order of [`Field::ALL`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Id,
    Name,
    TradingName,
    Description,
    Street,
    Locality,
    Region,
    Postcode,
    Country,
    Website,
    Phone,
    Email,
    Twitter,
    Facebook,
    CompanyNumber,
    SocietyNumber,
    CharityNumber,
    Registrar,
    Latitude,
    Longitude,
    Sector,
    SicSection,
    SicCode,
    Ownership,
    LegalForm,
    Status,
    OrganisationalStructure,
    PrimaryActivity,
    Activities,
    MembershipType,
    Qualifiers,
}

impl Field {
    pub const ALL: [Field; 31] = [
        Field::Id,
        Field::Name,
        Field::TradingName,
        Field::Description,
        Field::Street,
        Field::Locality,
        Field::Region,
        Field::Postcode,
        Field::Country,
        Field::Website,
        Field::Phone,
        Field::Email,
        Field::Twitter,
        Field::Facebook,
        Field::CompanyNumber,
        Field::SocietyNumber,
        Field::CharityNumber,
        Field::Registrar,
        Field::Latitude,
        Field::Longitude,
        Field::Sector,
        Field::SicSection,
        Field::SicCode,
        Field::Ownership,
        Field::LegalForm,
        Field::Status,
        Field::OrganisationalStructure,
        Field::PrimaryActivity,
        Field::Activities,
        Field::MembershipType,
        Field::Qualifiers,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The name the columns file gives the field (`trading_name`).
    pub fn as_str(self) -> &'static str {
        FIELD_NAMES[self.index()]
    }
}

const FIELD_NAMES: [&str; 31] = [
    "id",
    "name",
    "trading_name",
    "description",
    "street",
    "locality",
    "region",
    "postcode",
    "country",
    "website",
    "phone",
    "email",
    "twitter",
    "facebook",
    "company_number",
    "society_number",
    "charity_number",
    "registrar",
    "latitude",
    "longitude",
    "sector",
    "sic_section",
    "sic_code",
    "ownership",
    "legal_form",
    "status",
    "organisational_structure",
    "primary_activity",
    "activities",
    "membership_type",
    "qualifiers",
];

/// The directory-columns file (schemas/directory-columns.schema.json).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// For each field, the header names publishers give it: a row takes the first of them
    /// that is not empty.
    pub fields: BTreeMap<Field, Vec<String>>,
    /// Statuses (any case) of organisations that have gone: such records are not listed.
    #[serde(default)]
    pub closed_status: Vec<String>,
}

impl Columns {
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        crate::rulefile::load_toml(path, DEFAULT_COLUMNS, "directory columns")
    }
}

/// schemas/directory-columns.schema.json.
pub fn columns_schema() -> String {
    crate::rulefile::schema_text(schemars::schema_for!(Columns))
}

/// One row of a source, its fields trimmed (empty where the source has no such column).
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The source's position in the study's list.
    pub source: u32,
    /// The line of the file the row starts on.
    pub line: u64,
    pub values: Vec<String>,
    /// The Co-operatives UK organisation id, when the source's ids are Co-operatives UK's.
    pub coops_uk_id: Option<String>,
    pub form: OwnershipForm,
    /// A shop or branch of the organisation (a Co-operatives UK outlets file): its own
    /// address and web page, not the organisation's.
    pub outlet: bool,
}

impl Record {
    pub fn get(&self, f: Field) -> &str {
        self.values.get(f.index()).map_or("", String::as_str)
    }
}

/// What one source gave.
#[derive(Debug, Clone, Default)]
pub struct SourceRead {
    pub records: Vec<Record>,
    /// Rows kept (the records, once the stage has taken them).
    pub kept: usize,
    /// The register the file's header says it is from.
    pub kind: Option<RegisterKind>,
    pub rows: usize,
    /// Rows of organisations that have gone (a closed status).
    pub closed: usize,
    /// Rows of a general register whose legal form is not of the social economy
    /// (a Companies House private company).
    pub not_social_economy: usize,
    /// Rows with no name.
    pub unnamed: usize,
    /// Fields the file has no column for, among those the directory writes.
    pub missing: Vec<Field>,
}

fn is_coops_uk_id(s: &str) -> bool {
    let s = s.trim();
    s.len() >= 2 && s.starts_with(['R', 'r']) && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Reads source number `source` at `path`.
pub fn read(
    source: u32,
    path: &Path,
    columns: &Columns,
    forms: &Forms,
) -> anyhow::Result<SourceRead> {
    let (mut r, header) = open_csv(path, None)?;
    // Every column a field may come from, in the file, in the columns file's order: a row
    // takes the first that is not empty (the standard layout's "Latitude" is often empty
    // where its "Geo Container Latitude" is not).
    let find = |f: Field, not: Option<usize>| -> Vec<usize> {
        let mut cols: Vec<usize> = Vec::new();
        for n in columns.fields.get(&f).into_iter().flatten() {
            let n = n.trim().to_lowercase();
            if let Some(c) = header.iter().position(|h| *h == n)
                && Some(c) != not
                && !cols.contains(&c)
            {
                cols.push(c);
            }
        }
        cols
    };
    let mut at: Vec<Vec<usize>> = Field::ALL.iter().map(|f| find(*f, None)).collect();
    at[Field::TradingName.index()] =
        find(Field::TradingName, at[Field::Name.index()].first().copied());
    if at[Field::Name.index()].is_empty() {
        anyhow::bail!(
            "{}: line 1: no name column (looked for {})",
            path.display(),
            columns
                .fields
                .get(&Field::Name)
                .map_or(String::new(), |n| n.join(", "))
        );
    }
    let id_header = at[Field::Id.index()].first().map(|&c| header[c].as_str());
    let kind = if id_header == Some("cuk organisation id") {
        Some(RegisterKind::CoopsUk)
    } else if header.iter().any(|h| h == "companynumber") {
        Some(RegisterKind::CompaniesHouse)
    } else if header.iter().any(|h| h == "registered_charity_number") {
        Some(RegisterKind::CharityCommission)
    } else {
        None
    };
    let closed: Vec<String> = columns
        .closed_status
        .iter()
        .map(|s| s.trim().to_lowercase())
        .collect();
    let mut out = SourceRead {
        kind,
        missing: Field::ALL
            .iter()
            .copied()
            .filter(|f| at[f.index()].is_empty())
            .collect(),
        ..Default::default()
    };
    let outlets = header.iter().any(|h| h == "outlet name");
    let mut bytes = csv::ByteRecord::new();
    while let Some(line) = next_record(&mut r, &mut bytes, path)? {
        if bytes.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        out.rows += 1;
        let values: Vec<String> = at
            .iter()
            .map(|cols| {
                cols.iter()
                    .filter_map(|&c| bytes.get(c))
                    .map(|f| text(f).trim().to_string())
                    .find(|v| !v.is_empty())
                    .unwrap_or_default()
            })
            .collect();
        let mut rec = Record {
            source,
            line,
            values,
            outlet: outlets,
            ..Default::default()
        };
        if rec.get(Field::Name).is_empty() {
            out.unnamed += 1;
            continue;
        }
        if closed.contains(&rec.get(Field::Status).to_lowercase()) {
            out.closed += 1;
            continue;
        }
        // Co-ops UK 2017 gives one registered number and says whose it is.
        if rec
            .get(Field::Registrar)
            .eq_ignore_ascii_case("companies house")
            && rec.get(Field::CompanyNumber).is_empty()
        {
            rec.values[Field::CompanyNumber.index()] =
                std::mem::take(&mut rec.values[Field::SocietyNumber.index()]);
        }
        rec.form = forms.form(
            kind.unwrap_or(RegisterKind::Directory),
            rec.get(Field::LegalForm),
        );
        if matches!(
            kind,
            Some(RegisterKind::CompaniesHouse | RegisterKind::CharityCommission)
        ) && !rec.form.is_social_economy()
        {
            out.not_social_economy += 1;
            continue;
        }
        out.records.push(rec);
    }
    // A standard-layout file (workers.coop, the 2023 Co-operatives UK layout) names its
    // rows by Co-operatives UK's own ids: taken as such when nearly all of them read so.
    let ids = out
        .records
        .iter()
        .filter(|r| !r.get(Field::Id).is_empty())
        .count();
    let cuk = out
        .records
        .iter()
        .filter(|r| is_coops_uk_id(r.get(Field::Id)))
        .count();
    if out.kind == Some(RegisterKind::CoopsUk) || (ids > 0 && cuk * 10 >= ids * 9) {
        out.kind = Some(RegisterKind::CoopsUk);
        for r in &mut out.records {
            let id = r.get(Field::Id).trim().to_ascii_uppercase();
            r.coops_uk_id = is_coops_uk_id(&id).then_some(id);
            r.form = forms.form(RegisterKind::CoopsUk, r.get(Field::LegalForm));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> Columns {
        Columns::load(None).unwrap()
    }

    #[test]
    fn the_name_column_is_not_also_the_trading_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("wc.csv");
        std::fs::write(
            &p,
            "Identifier,Name,Postcode,Organisation Name,Registered Status\n\
             R025671,Metro,LE1 5EW,Metro Limited,Live\n\
             R025672,Gone Co-op,LE1 5EX,Gone Co-op Limited,Dead\n\
             R025673,Only A Name,LE1 5EY,,Live\n",
        )
        .unwrap();
        let s = read(0, &p, &columns(), &Forms::builtin()).unwrap();
        assert_eq!((s.rows, s.closed, s.records.len()), (3, 1, 2));
        // No registered name: the other name column is the name.
        assert_eq!(s.records[1].get(Field::Name), "Only A Name");
        let r = &s.records[0];
        assert_eq!(
            (r.get(Field::Name), r.get(Field::TradingName)),
            ("Metro Limited", "Metro")
        );
        assert_eq!(r.coops_uk_id.as_deref(), Some("R025671"));
        assert_eq!(s.kind, Some(RegisterKind::CoopsUk));

        std::fs::write(&p, "Identifier,Name,Postcode\nR1,A,OX1 1AA\n").unwrap();
        let s = read(0, &p, &columns(), &Forms::builtin()).unwrap();
        assert_eq!(s.records[0].get(Field::TradingName), "");
    }

    #[test]
    fn field_names_are_the_columns_files_names() {
        for f in Field::ALL {
            assert_eq!(serde_json::to_value(f).unwrap(), f.as_str(), "{f:?}");
            assert_eq!(Field::ALL[f.index()], f);
        }
    }

    #[test]
    fn a_general_register_gives_only_its_social_economy() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ch.csv");
        std::fs::write(
            &p,
            "CompanyName,CompanyNumber,RegAddress.PostCode,CompanyCategory,CompanyStatus\n\
             ACME LTD,01234567,OX1 1AA,Private Limited Company,Active\n\
             GOOD CIC,07654321,OX1 1AB,Community Interest Company,Active\n",
        )
        .unwrap();
        let s = read(0, &p, &columns(), &Forms::builtin()).unwrap();
        assert_eq!((s.records.len(), s.not_social_economy), (1, 1));
        assert_eq!(s.records[0].get(Field::CompanyNumber), "07654321");
        assert_eq!(s.kind, Some(RegisterKind::CompaniesHouse));
    }

    #[test]
    fn a_file_without_names_is_refused_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        std::fs::write(&p, "Domain,Postcode\na.coop,OX1 1AA\n").unwrap();
        let e = format!(
            "{:#}",
            read(0, &p, &columns(), &Forms::builtin()).unwrap_err()
        );
        assert!(e.contains("x.csv: line 1: no name column"), "{e}");
    }
}
