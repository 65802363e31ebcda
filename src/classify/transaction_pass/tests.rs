use super::*;
use crate::classify::tests::test_analysis;
use crate::reference::registers::org::OwnershipForm;

/// One row per default exclusion rule, built so that only that rule can match it,
/// and a row of ordinary spend that none matches.
fn cases() -> Vec<(
    &'static str,
    &'static str,
    OwnershipForm,
    Option<&'static str>,
    &'static str,
)> {
    use OwnershipForm::*;
    vec![
        (
            "payee-hmrc",
            "HM Revenue & Customs",
            Unknown,
            None,
            "Sundries",
        ),
        (
            "payee-pension-fund",
            "Lancashire County Pension Fund",
            Unknown,
            None,
            "Sundries",
        ),
        (
            "payee-public-body",
            "Cherwell District Council",
            PublicBody,
            None,
            "Sundries",
        ),
        (
            "individual-support",
            "(individual: name withheld)",
            Individual,
            Some("individual"),
            "In-house Fostering | Boarding Out Allowances",
        ),
        (
            "individual-purpose-unknown",
            "(individual: name withheld)",
            Individual,
            Some("individual"),
            "#N/A",
        ),
        (
            "payee-internal",
            "PETTY CASH",
            Unknown,
            Some("internal"),
            "Sundries",
        ),
        (
            "salaries",
            "ACME LTD",
            PrivateCompany,
            None,
            "Salaries - Teaching",
        ),
        (
            "pensions",
            "ACME LTD",
            PrivateCompany,
            None,
            "Employer Pension Contributions",
        ),
        ("paye-ni", "ACME LTD", PrivateCompany, None, "PAYE & NI"),
        // Landfill tax passed through by a waste contractor is a tax, not PAYE.
        (
            "taxes-duties",
            "Suez Recycling And Recovery Uk",
            PrivateCompany,
            None,
            "Landfill Tax",
        ),
        (
            "precepts-levies",
            "ACME LTD",
            PrivateCompany,
            None,
            "Parish Precepts",
        ),
        (
            "payments-to-public-bodies",
            "ACME LTD",
            PrivateCompany,
            None,
            "Payments to Other Local Authorities",
        ),
        (
            "benefits",
            "ACME LTD",
            PrivateCompany,
            None,
            "Housing Benefit Payments",
        ),
        (
            "grants-to-individuals",
            "ACME LTD",
            PrivateCompany,
            None,
            "Grants to Individuals",
        ),
        ("refunds", "ACME LTD", PrivateCompany, None, "Refunds"),
        (
            "internal-recharges",
            "ACME LTD",
            PrivateCompany,
            None,
            "Internal Recharges",
        ),
        (
            "loans-financing",
            "ACME LTD",
            PrivateCompany,
            None,
            "Loan Interest",
        ),
        (
            "",
            "ACME LTD",
            PrivateCompany,
            None,
            "Building Repairs & Maintenance",
        ),
        // Real categories the rules once misread (Hyndburn 2023/24): an admin cost
        // centre's outside purchases, and rechargeable works, are influenceable.
        (
            "",
            "ADOBE SYSTEM SOFTWARE",
            PrivateCompany,
            None,
            "CENTRAL ADMIN",
        ),
        (
            "",
            "Kays Traffic Management System",
            PrivateCompany,
            None,
            "Rechargeable Repairs",
        ),
        // A sole trader paid for works or a service is influenceable, never named.
        (
            "",
            "(individual: name withheld)",
            Individual,
            Some("individual"),
            "CONTRACTOR OTHER",
        ),
        (
            "",
            "(individual: name withheld)",
            Individual,
            Some("individual"),
            "Cleaning Of Buildings",
        ),
        // Capital spend stays influenceable unless a study enables the capital rule.
        ("", "ACME LTD", PrivateCompany, None, "Capital Works"),
    ]
}

fn run(rules: &Rules) -> Rows {
    run_in(rules, RUN)
}

fn run_in(rules: &Rules, runs: usize) -> Rows {
    let cases = cases();
    let n = cases.len();
    let df = DataFrame::new(
        n,
        vec![
            Column::new(
                "amount_pence".into(),
                (0..n as i64).map(|i| 100 + i).collect::<Vec<_>>(),
            ),
            Column::new("duplicate_of".into(), vec![None::<&str>; n]),
            Column::new(
                "expense_type".into(),
                cases.iter().map(|c| c.4).collect::<Vec<_>>(),
            ),
            Column::new("capital_revenue".into(), vec!["Capital"; n]),
        ],
    )
    .unwrap();
    let suppliers: Vec<SupplierInput> = cases
        .iter()
        .map(|c| SupplierInput {
            display_name: c.1.into(),
            set_aside_reason: c.3.map(String::from),
            ..Default::default()
        })
        .collect();
    let classified: Vec<Classified> = cases
        .iter()
        .map(|c| Classified {
            ownership_form: c.2,
            ..Default::default()
        })
        .collect();
    let rows = (0..n as u32).map(Some).collect();
    let dup = duplicates(&df).unwrap();
    classify_runs(&df, rows, &dup, &suppliers, &classified, rules, runs).unwrap()
}

#[test]
fn runs_of_any_length_give_the_same_verdicts_and_sums() {
    let rules = Rules::load(&test_analysis()).unwrap();
    let whole = run(&rules);
    assert!(
        whole
            .exclusions
            .iter()
            .filter(|e| e.transactions > 0)
            .count()
            > 10
    );
    for runs in [1, 2, 5] {
        let split = run_in(&rules, runs);
        assert_eq!(split.rule, whole.rule, "runs of {runs}");
        assert_eq!(split.market, whole.market);
        assert_eq!(split.market_source, whole.market_source);
        assert_eq!(split.exclusions, whole.exclusions);
        assert_eq!(split.unmapped, whole.unmapped);
        assert_eq!(
            (split.counted_pence, split.influenceable_pence),
            (whole.counted_pence, whole.influenceable_pence)
        );
    }
}

#[test]
fn each_default_rule_excludes_its_own_case_and_names_itself() {
    let rules = Rules::load(&test_analysis()).unwrap();
    let out = run(&rules);
    let got: Vec<&str> = out
        .rule
        .iter()
        .map(|r| r.map_or("", |r| out.rule_ids[r as usize].as_str()))
        .collect();
    let want: Vec<&str> = cases().iter().map(|c| c.0).collect();
    assert_eq!(got, want);
    // Every enabled default rule has a case here.
    for r in &rules.influence {
        assert!(
            want.contains(&r.id.as_str()),
            "rule {} has no test case",
            r.id
        );
    }
    // Each rule's total is the pence of its rows.
    for (i, id) in want.iter().enumerate().filter(|(_, id)| !id.is_empty()) {
        let e = out.exclusions.iter().find(|e| e.rule == *id).unwrap();
        assert_eq!((e.transactions, e.pence), (1, 100 + i as i64), "{id}");
    }
}

#[test]
fn the_capital_rule_applies_when_a_study_enables_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("rules.toml");
    let text = crate::classify::rule_files::DEFAULT_INFLUENCEABLE
        .replace("enabled = false", "enabled = true");
    std::fs::write(&p, text).unwrap();
    let mut a = test_analysis();
    a.files.influenceable = Some(p);
    let out = run(&Rules::load(&a).unwrap());
    let last = out.rule.last().unwrap().unwrap();
    assert_eq!(out.rule_ids[last as usize], "capital");
    assert!(
        out.rule[cases().len() - 6].is_some(),
        "ordinary spend coded capital is excluded too"
    );
}

#[test]
fn a_rule_without_a_test_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("rules.toml");
    std::fs::write(&p, "[[rule]]\nid = \"all\"\ndescription = \"oops\"\n").unwrap();
    let e = crate::classify::rule_files::load_influence(Some(&p))
        .unwrap_err()
        .to_string();
    assert!(e.contains("\"all\"") && e.contains("no test"), "{e}");
}
