//! Readers for each register's published layout, each turning rows into canonical
//! organisations. Columns are found by their official names; a missing required column
//! or an unreadable row is an error naming the file and line.

use std::path::Path;

use super::super::RegisterKind;
use super::super::textfile::{column, next_record, open_csv, required, text};
use super::forms::Forms;
use super::org::{OrgTable, Organisation};
use crate::read::values::date::{DateOrder, parse_date};

/// Employees and turnover (pounds) by Co-ops UK organisation id.
pub type Sizes = std::collections::HashMap<String, (Option<u32>, Option<i64>)>;

/// Whether a Co-ops UK file is the economy table (turnover, employees… by year) rather
/// than the organisations list.
pub fn is_coops_uk_economy(path: &Path) -> anyhow::Result<bool> {
    let (_, header) = open_csv(path, None)?;
    Ok(column(&header, &["cuk organisation id"]).is_some()
        && column(&header, &["employees"]).is_some()
        && column(&header, &["registered postcode", "legal form"]).is_none())
}

/// Reads Co-ops UK's economy table: for each organisation, the most recent year's
/// employees and turnover (the rows marked `Is Most Recent?` = 1, latest economic year).
pub fn read_coops_uk_economy(path: &Path) -> anyhow::Result<Sizes> {
    let (mut r, header) = open_csv(path, None)?;
    let id = required(
        &header,
        &["cuk organisation id"],
        path,
        "CUK Organisation ID",
    )?;
    let employees = required(&header, &["employees"], path, "Employees")?;
    let turnover = column(&header, &["turnover"]);
    let recent = column(&header, &["is most recent?"]);
    let year = column(&header, &["economic year"]);
    let mut best: std::collections::HashMap<String, (i32, Option<u32>, Option<i64>)> =
        Default::default();
    let mut rec = csv::ByteRecord::new();
    while next_record(&mut r, &mut rec, path)?.is_some() {
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(|f| text(f).trim().to_string())
                .unwrap_or_default()
        };
        if recent.is_some() && get(recent) != "1" {
            continue;
        }
        let y: i32 = get(year).parse().unwrap_or(0);
        let e = employees_of(&get(Some(employees)));
        let t = pounds_of(&get(turnover));
        let entry = best.entry(get(Some(id))).or_insert((i32::MIN, None, None));
        if y >= entry.0 {
            *entry = (y, e, t);
        }
    }
    Ok(best.into_iter().map(|(k, (_, e, t))| (k, (e, t))).collect())
}

/// A staff count as registers write it (`1,204`, `12.0`).
fn employees_of(s: &str) -> Option<u32> {
    s.replace(',', "")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .map(|x| x.round() as u32)
}

/// Whole pounds as registers write them (`£1,204,500`, `412345.00`).
fn pounds_of(s: &str) -> Option<i64> {
    s.replace([',', '£'], "")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .map(|x| x.round() as i64)
}

/// Reads one register file of `kind`.
pub fn read(kind: RegisterKind, path: &Path, forms: &Forms) -> anyhow::Result<OrgTable> {
    let (mut r, header) = open_csv(path, None)?;
    let layout = Layout::for_kind(kind, &header, path)?;
    let mut table = OrgTable::default();
    let mut bytes = csv::ByteRecord::new();
    let mut record = csv::StringRecord::new();
    while let Some(line) = next_record(&mut r, &mut bytes, path)? {
        if bytes.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        record.clear();
        bytes.iter().for_each(|f| record.push_field(&text(f)));
        let org = layout.organisation(&record, forms);
        if org.register_id.is_empty() && org.name.is_empty() {
            anyhow::bail!(
                "{}: line {line}: a row with neither an id nor a name",
                path.display()
            );
        }
        table.push(&org);
    }
    Ok(table)
}

/// Where each canonical field sits in one file.
struct Layout {
    kind: RegisterKind,
    id: usize,
    name: usize,
    trading: Option<usize>,
    previous: Vec<(usize, Option<usize>)>,
    postcode: Option<usize>,
    legal_form: Option<usize>,
    class: Option<usize>,
    sic: Vec<usize>,
    status: Option<usize>,
    incorporated: Option<usize>,
    dissolved: Option<usize>,
    employees: Option<usize>,
    turnover: Option<usize>,
    accounts: Option<usize>,
    company_number: Option<usize>,
    charity_number: Option<usize>,
    society_number: Option<usize>,
    sector: Option<usize>,
    /// FCA and Co-ops UK 2017: which registrar holds the registered number.
    registrar: Option<usize>,
}

impl Layout {
    fn for_kind(kind: RegisterKind, h: &[String], path: &Path) -> anyhow::Result<Self> {
        let c = |names: &[&str]| column(h, names);
        let req = |names: &[&str], what: &str| required(h, names, path, what);
        let blank = Layout {
            kind,
            id: 0,
            name: 0,
            trading: None,
            previous: Vec::new(),
            postcode: None,
            legal_form: None,
            class: None,
            sic: Vec::new(),
            status: None,
            incorporated: None,
            dissolved: None,
            employees: None,
            turnover: None,
            accounts: None,
            company_number: None,
            charity_number: None,
            society_number: None,
            sector: None,
            registrar: None,
        };
        Ok(match kind {
            RegisterKind::CoopsUk => Layout {
                id: req(
                    &["cuk organisation id", "identifier"],
                    "Co-ops UK organisation id",
                )?,
                name: req(&["registered name", "name"], "name")?,
                // The outlets file names each shop or funeral home under its society.
                trading: c(&["trading name", "outlet name"]),
                postcode: c(&["registered postcode", "postcode"]),
                legal_form: c(&["legal form"]),
                class: c(&["ownership classification"]),
                sic: c(&["sic code"]).into_iter().collect(),
                status: c(&["registered status"]),
                incorporated: c(&["incorporation date"]),
                dissolved: c(&["dissolved date"]),
                company_number: c(&["companies house number"]),
                society_number: c(&["registered number"]),
                registrar: c(&["registrar"]),
                sector: c(&["sector - simplified, high level", "sector"]),
                ..blank
            },
            RegisterKind::FcaMutuals => Layout {
                id: req(
                    &[
                        "registered number",
                        "firm reference number",
                        "society number",
                    ],
                    "registered number",
                )?,
                name: req(&["society name", "name", "firm name"], "society name")?,
                postcode: c(&["postcode", "post code"]),
                legal_form: c(&["society type", "registered as", "type"]),
                status: c(&["status", "society status"]),
                incorporated: c(&["registration date", "date registered"]),
                dissolved: c(&["deregistration date", "date deregistered"]),
                society_number: c(&["registered number"]),
                ..blank
            },
            RegisterKind::CompaniesHouse => Layout {
                id: req(&["companynumber"], "CompanyNumber")?,
                name: req(&["companyname"], "CompanyName")?,
                previous: (1..=10)
                    .filter_map(|n| {
                        Some((
                            c(&[&format!("previousname_{n}.companyname")])?,
                            c(&[&format!("previousname_{n}.condate")]),
                        ))
                    })
                    .collect(),
                postcode: c(&["regaddress.postcode"]),
                legal_form: c(&["companycategory"]),
                sic: (1..=4)
                    .filter_map(|n| c(&[&format!("siccode.sictext_{n}")]))
                    .collect(),
                status: c(&["companystatus"]),
                incorporated: c(&["incorporationdate"]),
                dissolved: c(&["dissolutiondate"]),
                accounts: c(&["accounts.accountcategory"]),
                company_number: c(&["companynumber"]),
                ..blank
            },
            RegisterKind::CharityCommission => Layout {
                id: req(
                    &["registered_charity_number", "regno"],
                    "registered_charity_number",
                )?,
                name: req(&["charity_name", "name"], "charity_name")?,
                postcode: c(&["charity_contact_postcode", "postcode"]),
                legal_form: c(&["charity_type"]),
                status: c(&["charity_registration_status"]),
                incorporated: c(&["date_of_registration"]),
                dissolved: c(&["date_of_removal"]),
                turnover: c(&["latest_income"]),
                company_number: c(&["charity_company_registration_number"]),
                charity_number: c(&["registered_charity_number", "regno"]),
                ..blank
            },
            RegisterKind::Directory => Layout {
                id: req(&["id", "identifier"], "id")?,
                name: req(&["name"], "name")?,
                trading: c(&["trading_name", "trading name"]),
                postcode: c(&["postcode"]),
                legal_form: c(&["legal_form", "legal form"]),
                sic: c(&["sic_code", "sic_codes", "sic code"])
                    .into_iter()
                    .collect(),
                sector: c(&["sector", "category"]),
                employees: c(&["employees"]),
                turnover: c(&["turnover"]),
                company_number: c(&["company_number", "companies house number"]),
                charity_number: c(&["charity_number"]),
                society_number: c(&["registered_number", "society_number"]),
                ..blank
            },
        })
    }

    fn organisation(&self, rec: &csv::StringRecord, forms: &Forms) -> Organisation {
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(str::trim).unwrap_or("");
        let opt = |c: Option<usize>| Some(get(c).to_string()).filter(|s| !s.is_empty());
        let legal_form = get(self.legal_form);
        let mut org = Organisation {
            register: Some(self.kind),
            register_id: get(Some(self.id)).to_string(),
            name: get(Some(self.name)).to_string(),
            trading_names: opt(self.trading)
                .filter(|t| t != get(Some(self.name)))
                .into_iter()
                .collect(),
            previous_names: self
                .previous
                .iter()
                .filter_map(|(n, d)| {
                    let name = get(Some(*n));
                    let until = parse_date(get(*d), DateOrder::Dmy);
                    (!name.is_empty()).then(|| match until {
                        Some(d) => format!("{name} (until {d})"),
                        None => name.to_string(),
                    })
                })
                .collect(),
            postcode: opt(self.postcode),
            legal_form: opt(self.legal_form),
            ownership_form: Some(forms.form(self.kind, legal_form)),
            ownership_class: opt(self.class),
            sic_codes: self.sic.iter().filter_map(|c| sic(get(Some(*c)))).collect(),
            status: opt(self.status),
            incorporated: parse_date(get(self.incorporated), DateOrder::Dmy),
            dissolved: parse_date(get(self.dissolved), DateOrder::Dmy),
            employees: employees_of(get(self.employees)),
            turnover_pounds: pounds_of(get(self.turnover)),
            accounts_category: opt(self.accounts),
            company_number: opt(self.company_number),
            charity_number: opt(self.charity_number),
            society_number: opt(self.society_number),
            sector: opt(self.sector),
        };
        // Co-ops UK 2017 gives one registered number and says whose it is.
        if self.kind == RegisterKind::CoopsUk
            && get(self.registrar).eq_ignore_ascii_case("companies house")
        {
            org.company_number = org.society_number.take();
        }
        org
    }
}

/// A SIC 2007 code from `43220 - Plumbing…`, `UKSIC07-4711` or `4711` (→ `47110`).
pub fn sic(raw: &str) -> Option<String> {
    let digits: String = raw
        .trim()
        .trim_start_matches("UKSIC07-")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.len() {
        5 => Some(digits),
        2..=4 => Some(format!("{digits:0<5}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_and_money_read_alike_in_every_layout() {
        // Regression: the organisation layouts refused "12.0" staff, the economy table took it.
        assert_eq!(employees_of("12.0"), Some(12));
        assert_eq!(employees_of("1,204"), Some(1204));
        assert_eq!(employees_of(""), None);
        assert_eq!(employees_of("NaN"), None);
        assert_eq!(pounds_of("£1,204,500"), Some(1_204_500));
        assert_eq!(pounds_of("412345.00"), Some(412_345));
    }

    #[test]
    fn sic_codes() {
        assert_eq!(
            sic("43220 - Plumbing, heat and air-conditioning installation").as_deref(),
            Some("43220")
        );
        assert_eq!(sic("UKSIC07-4711").as_deref(), Some("47110"));
        assert_eq!(sic("None Supplied"), None);
    }

    #[test]
    fn companies_house_header_with_leading_spaces() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("ch.csv");
        std::fs::write(
            &p,
            "CompanyName, CompanyNumber,RegAddress.PostCode,CompanyCategory,CompanyStatus,DissolutionDate,IncorporationDate,Accounts.AccountCategory,SICCode.SicText_1,SICCode.SicText_2,PreviousName_1.CONDATE, PreviousName_1.CompanyName\n\
             \"ACME LTD\",\"01234567\",\"OX4 2JY\",\"Private Limited Company\",\"Active\",\"\",\"03/02/1999\",\"SMALL\",\"43220 - Plumbing\",\"None Supplied\",\"01/01/2019\",\"ACME TRADING LTD\"\n",
        )
        .unwrap();
        let t = read(RegisterKind::CompaniesHouse, &p, &Forms::builtin()).unwrap();
        let o = t.get(0);
        assert_eq!(
            (o.register_id.as_str(), o.name.as_str()),
            ("01234567", "ACME LTD")
        );
        assert_eq!(o.sic_codes, vec!["43220"]);
        assert_eq!(
            o.previous_names,
            vec!["ACME TRADING LTD (until 2019-01-01)"]
        );
        assert_eq!(
            o.ownership_form,
            Some(super::super::org::OwnershipForm::PrivateCompany)
        );
        assert_eq!(o.accounts_category.as_deref(), Some("SMALL"));
        std::fs::write(&p, "Name,Number\nx,1\n").unwrap();
        let e = format!(
            "{:#}",
            read(RegisterKind::CompaniesHouse, &p, &Forms::builtin()).unwrap_err()
        );
        assert!(e.contains("ch.csv: line 1: no CompanyNumber column"), "{e}");
    }
}
