//! One canonical organisation record for every register row, whatever its publisher's
//! layout, stored column by column so that five million companies load in a moment.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::super::RegisterKind;
use std::io::{Read, Write};

use super::super::binio::{Dict, Reader, StrTable, Writer};
use super::super::cache::Cached;

/// Who owns and controls an organisation: the ownership forms of the report.
#[derive(
    Default,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum OwnershipForm {
    Cooperative,
    CommunityBenefitSociety,
    CommunityInterestCompany,
    Charity,
    EmployeeOwned,
    OtherSocialEnterprise,
    PrivateCompany,
    PublicLimitedCompany,
    Partnership,
    PublicBody,
    Individual,
    #[default]
    Unknown,
}

impl OwnershipForm {
    /// Every form, in the order outputs list them.
    pub const ALL: [OwnershipForm; 12] = [
        OwnershipForm::Cooperative,
        OwnershipForm::CommunityBenefitSociety,
        OwnershipForm::CommunityInterestCompany,
        OwnershipForm::Charity,
        OwnershipForm::EmployeeOwned,
        OwnershipForm::OtherSocialEnterprise,
        OwnershipForm::PrivateCompany,
        OwnershipForm::PublicLimitedCompany,
        OwnershipForm::Partnership,
        OwnershipForm::PublicBody,
        OwnershipForm::Individual,
        OwnershipForm::Unknown,
    ];

    /// The name files and outputs use (`cooperative`, `private_company`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            OwnershipForm::Cooperative => "cooperative",
            OwnershipForm::CommunityBenefitSociety => "community_benefit_society",
            OwnershipForm::CommunityInterestCompany => "community_interest_company",
            OwnershipForm::Charity => "charity",
            OwnershipForm::EmployeeOwned => "employee_owned",
            OwnershipForm::OtherSocialEnterprise => "other_social_enterprise",
            OwnershipForm::PrivateCompany => "private_company",
            OwnershipForm::PublicLimitedCompany => "public_limited_company",
            OwnershipForm::Partnership => "partnership",
            OwnershipForm::PublicBody => "public_body",
            OwnershipForm::Individual => "individual",
            OwnershipForm::Unknown => "unknown",
        }
    }

    /// Forms of the social economy: democratic, community or charitable ownership.
    pub fn is_social_economy(self) -> bool {
        matches!(
            self,
            OwnershipForm::Cooperative
                | OwnershipForm::CommunityBenefitSociety
                | OwnershipForm::CommunityInterestCompany
                | OwnershipForm::Charity
                | OwnershipForm::EmployeeOwned
                | OwnershipForm::OtherSocialEnterprise
        )
    }

    fn code(self) -> u8 {
        Self::ALL.iter().position(|f| *f == self).unwrap_or(11) as u8
    }

    fn from_code(c: u8) -> Self {
        Self::ALL
            .get(c as usize)
            .copied()
            .unwrap_or(OwnershipForm::Unknown)
    }
}

const KINDS: [RegisterKind; 5] = [
    RegisterKind::CoopsUk,
    RegisterKind::FcaMutuals,
    RegisterKind::CompaniesHouse,
    RegisterKind::CharityCommission,
    RegisterKind::Directory,
];

/// A registered organisation, as `spendgap org` prints it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Organisation {
    pub register: Option<RegisterKind>,
    /// The register's own id: Co-ops UK organisation id, company number, charity number,
    /// FCA registered number, directory id.
    pub register_id: String,
    pub name: String,
    pub trading_names: Vec<String>,
    /// Earlier names, each `name` or `name (until yyyy-mm-dd)`.
    pub previous_names: Vec<String>,
    pub postcode: Option<String>,
    /// The legal form as the register writes it.
    pub legal_form: Option<String>,
    pub ownership_form: Option<OwnershipForm>,
    /// Co-operatives UK ownership classification (Workers, Consumers, …).
    pub ownership_class: Option<String>,
    /// SIC 2007 codes, five digits.
    pub sic_codes: Vec<String>,
    /// Status as the register writes it (`Active`, `Dissolved`, `Live`, `Dead`, …).
    pub status: Option<String>,
    pub incorporated: Option<NaiveDate>,
    pub dissolved: Option<NaiveDate>,
    pub employees: Option<u32>,
    pub turnover_pounds: Option<i64>,
    /// Companies House accounts category (`MICRO ENTITY`, `SMALL`, `FULL`…).
    pub accounts_category: Option<String>,
    /// Other registers' ids found in this record (company number of a co-op, …).
    pub company_number: Option<String>,
    pub charity_number: Option<String>,
    pub society_number: Option<String>,
    pub sector: Option<String>,
}

/// Free-text columns of [`OrgTable`], in storage order: id, name, trading names,
/// previous names, postcode, SIC codes, company, charity and society numbers.
const TEXT_COLS: usize = 9;
/// Few-valued columns, stored once per value: legal form, ownership class, status,
/// accounts category, sector.
const DICT_COLS: usize = 5;
const SEP: char = '\u{1f}';

/// Every organisation of a register, column by column.
#[derive(Debug, Clone, Default)]
pub struct OrgTable {
    kind: Vec<u8>,
    form: Vec<u8>,
    text: [StrTable; TEXT_COLS],
    dicts: [Dict; DICT_COLS],
    dict_ids: [Vec<u32>; DICT_COLS],
    dates: [Vec<i32>; 2],
    employees: Vec<u32>,
    turnover: Vec<i64>,
}

const NO_DATE: i32 = i32::MIN;

fn days(d: Option<NaiveDate>) -> i32 {
    d.map_or(NO_DATE, |d| {
        d.signed_duration_since(NaiveDate::default()).num_days() as i32
    })
}

fn date(n: i32) -> Option<NaiveDate> {
    (n != NO_DATE).then(|| NaiveDate::default() + chrono::Duration::days(i64::from(n)))
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn list(s: &str) -> Vec<String> {
    if s.is_empty() {
        Vec::new()
    } else {
        s.split(SEP).map(str::to_string).collect()
    }
}

impl OrgTable {
    pub fn len(&self) -> usize {
        self.kind.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kind.is_empty()
    }

    pub fn push(&mut self, o: &Organisation) {
        let kind = o
            .register
            .and_then(|k| KINDS.iter().position(|x| *x == k))
            .unwrap_or(0);
        self.kind.push(kind as u8);
        self.form
            .push(o.ownership_form.unwrap_or(OwnershipForm::Unknown).code());
        let sep = SEP.to_string();
        fn or_empty(v: &Option<String>) -> &str {
            v.as_deref().unwrap_or("")
        }
        // Companies House's own number is the record's id: not stored twice.
        let company = match (&o.company_number, o.register) {
            (Some(c), Some(RegisterKind::CompaniesHouse)) if *c == o.register_id => "",
            (c, _) => or_empty(c),
        };
        let texts: [&str; TEXT_COLS] = [
            &o.register_id,
            &o.name,
            &o.trading_names.join(&sep),
            &o.previous_names.join(&sep),
            or_empty(&o.postcode),
            &o.sic_codes.join(&sep),
            company,
            or_empty(&o.charity_number),
            or_empty(&o.society_number),
        ];
        for (t, v) in self.text.iter_mut().zip(texts) {
            t.push(v);
        }
        let dicts = [
            &o.legal_form,
            &o.ownership_class,
            &o.status,
            &o.accounts_category,
            &o.sector,
        ];
        for (c, v) in dicts.iter().enumerate() {
            let id = self.dicts[c].id(or_empty(v));
            self.dict_ids[c].push(id);
        }
        self.dates[0].push(days(o.incorporated));
        self.dates[1].push(days(o.dissolved));
        self.employees.push(o.employees.unwrap_or(u32::MAX));
        self.turnover.push(o.turnover_pounds.unwrap_or(i64::MIN));
    }

    /// Sets size evidence for row `i` from another source (Co-ops UK's economy table),
    /// keeping what the row already has where the source is silent.
    pub fn set_size(&mut self, i: usize, employees: Option<u32>, turnover_pounds: Option<i64>) {
        if let Some(e) = employees {
            self.employees[i] = e;
        }
        if let Some(t) = turnover_pounds {
            self.turnover[i] = t;
        }
    }

    /// The name of row `i`, without materialising the record.
    pub fn name(&self, i: usize) -> &str {
        self.text[1].get(i as u32)
    }

    /// The register id of row `i`.
    pub fn id(&self, i: usize) -> &str {
        self.text[0].get(i as u32)
    }

    /// Trading and previous names of row `i` (previous ones without their dates).
    pub fn other_names(&self, i: usize) -> impl Iterator<Item = &str> {
        self.names_of(i, false).chain(self.names_of(i, true))
    }

    /// Trading names (`previous: false`) or earlier names (`true`, without their dates) of
    /// row `i`.
    pub fn names_of(&self, i: usize, previous: bool) -> impl Iterator<Item = &str> {
        self.text[if previous { 3 } else { 2 }]
            .get(i as u32)
            .split(SEP)
            .filter(|s| !s.is_empty())
            .map(|s| s.split(" (until ").next().unwrap_or(s))
    }

    /// The ownership form of row `i`, from its register and legal form.
    pub fn form(&self, i: usize) -> OwnershipForm {
        OwnershipForm::from_code(self.form[i])
    }

    /// Whether row `i` is a directory entry.
    pub fn is_directory(&self, i: usize) -> bool {
        KINDS.get(self.kind[i] as usize) == Some(&RegisterKind::Directory)
    }

    /// The status of row `i` as its register writes it ("" when none).
    pub fn status(&self, i: usize) -> &str {
        self.dicts[2].values.get(self.dict_ids[2][i])
    }

    /// The postcode of row `i`, as the register writes it ("" when none).
    pub fn postcode(&self, i: usize) -> &str {
        self.text[4].get(i as u32)
    }

    /// Incorporation and dissolution dates of row `i`.
    pub fn dates(&self, i: usize) -> (Option<NaiveDate>, Option<NaiveDate>) {
        (date(self.dates[0][i]), date(self.dates[1][i]))
    }

    /// Ids of other registers held by row `i` (company, charity and society numbers).
    pub fn other_ids(&self, i: usize) -> [&str; 3] {
        [6, 7, 8].map(|c| self.text[c].get(i as u32))
    }

    pub fn get(&self, i: usize) -> Organisation {
        let t = |c: usize| self.text[c].get(i as u32);
        let d = |c: usize| opt(self.dicts[c].values.get(self.dict_ids[c][i]));
        let register = KINDS.get(self.kind[i] as usize).copied();
        let company_number = match (opt(t(6)), register) {
            (None, Some(RegisterKind::CompaniesHouse)) => opt(t(0)),
            (c, _) => c,
        };
        Organisation {
            register,
            register_id: t(0).to_string(),
            name: t(1).to_string(),
            trading_names: list(t(2)),
            previous_names: list(t(3)),
            postcode: opt(t(4)),
            legal_form: d(0),
            ownership_form: Some(OwnershipForm::from_code(self.form[i])),
            ownership_class: d(1),
            sic_codes: list(t(5)),
            status: d(2),
            incorporated: date(self.dates[0][i]),
            dissolved: date(self.dates[1][i]),
            employees: (self.employees[i] != u32::MAX).then_some(self.employees[i]),
            turnover_pounds: (self.turnover[i] != i64::MIN).then_some(self.turnover[i]),
            accounts_category: d(3),
            company_number,
            charity_number: opt(t(7)),
            society_number: opt(t(8)),
            sector: d(4),
        }
    }
}

impl Cached for OrgTable {
    fn write(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let mut w = Writer::new(out, "organisations")?;
        w.bytes(&self.kind)?;
        w.bytes(&self.form)?;
        for s in &self.text {
            w.strs(s)?;
        }
        for (d, ids) in self.dicts.iter().zip(&self.dict_ids) {
            w.strs(&d.values)?;
            w.words(ids)?;
        }
        for d in &self.dates {
            w.words(d)?;
        }
        w.words(&self.employees)?;
        w.words(
            &self
                .turnover
                .iter()
                .map(|x| *x as u64 as u32)
                .collect::<Vec<_>>(),
        )?;
        w.words(
            &self
                .turnover
                .iter()
                .map(|x| (*x as u64 >> 32) as u32)
                .collect::<Vec<_>>(),
        )?;
        w.finish()?;
        Ok(())
    }

    fn read(input: &mut dyn Read, size: u64) -> anyhow::Result<Self> {
        let mut r = Reader::new(input, size, "organisations")?;
        let kind = r.bytes()?;
        let form = r.bytes()?;
        let text = (0..TEXT_COLS)
            .map(|_| r.strs())
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut dicts = Vec::new();
        let mut dict_ids = Vec::new();
        for _ in 0..DICT_COLS {
            let values = r.strs()?;
            let ids = r.words()?;
            if ids.iter().any(|i| *i as usize >= values.len()) {
                anyhow::bail!("organisation cache is inconsistent");
            }
            dicts.push(Dict::from_values(values));
            dict_ids.push(ids);
        }
        let d0: Vec<i32> = r.words()?;
        let d1: Vec<i32> = r.words()?;
        let employees = r.words()?;
        let (lo, hi): (Vec<u32>, Vec<u32>) = (r.words()?, r.words()?);
        let n = kind.len();
        let lens_ok = form.len() == n
            && text.iter().all(|t| t.len() == n)
            && dict_ids.iter().all(|d| d.len() == n)
            && [d0.len(), d1.len(), employees.len(), lo.len(), hi.len()] == [n; 5];
        if !lens_ok {
            anyhow::bail!("organisation cache is inconsistent");
        }
        let turnover = lo
            .iter()
            .zip(&hi)
            .map(|(l, h)| ((u64::from(*h) << 32) | u64::from(*l)) as i64)
            .collect();
        let fixed = "column count is fixed by the layout";
        Ok(OrgTable {
            kind,
            form,
            text: text.try_into().expect(fixed),
            dicts: dicts.try_into().expect(fixed),
            dict_ids: dict_ids.try_into().expect(fixed),
            dates: [d0, d1],
            employees,
            turnover,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_the_cache() {
        let o = Organisation {
            register: Some(RegisterKind::CompaniesHouse),
            register_id: "01234567".into(),
            company_number: Some("01234567".into()),
            name: "ACME LTD".into(),
            previous_names: vec!["ACME TRADING LTD (until 2019-01-01)".into()],
            sic_codes: vec!["43220".into(), "43210".into()],
            ownership_form: Some(OwnershipForm::PrivateCompany),
            incorporated: NaiveDate::from_ymd_opt(1999, 2, 3),
            turnover_pounds: Some(-5_000_000_000),
            ..Default::default()
        };
        let mut t = OrgTable::default();
        t.push(&o);
        t.push(&Organisation {
            name: "X".into(),
            ..Default::default()
        });
        let back = OrgTable::decode(&t.encode()).unwrap();
        assert_eq!(back.get(0), o);
        assert_eq!(back.get(1).name, "X");
        assert_eq!(back.get(1).incorporated, None);
    }
}
