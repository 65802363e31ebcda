//! The reference data a run went without, named with what each gap leaves unknown and
//! where to get it: a baseline resting on no postcode directory or company register must
//! say so and point the user to the download, not print unknown shares as findings.

use schemars::JsonSchema;
use serde::Serialize;

use crate::config::sources::Source;

/// One kind of reference data the study did not give.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MissingReference {
    /// The study's name for it (`postcodes`, `companies_house`, …).
    pub kind: String,
    /// What it is.
    pub what: String,
    /// What stays unknown without it.
    pub leaves_unknown: String,
    /// The official download page.
    pub get_it: String,
    /// How the study names it once downloaded.
    pub study_line: String,
}

/// Kind, what, what stays unknown, where to get it, the study's line — in the order a
/// user should fetch them: place first, then size, then form.
const EXPECTED: [(&str, &str, &str, &str, &str); 7] = [
    (
        "postcodes",
        "a postcode directory (ONS Postcode Directory or National Statistics Postcode Lookup)",
        "No supplier can be placed in a band or a neighbourhood by its postcode.",
        "https://geoportal.statistics.gov.uk/search?q=PRD_NSPL",
        "[reference] postcodes = [\"NSPL_*.zip\"]",
    ),
    (
        "companies_house",
        "Companies House's free company data (BasicCompanyData, one file or its parts)",
        "Limited companies' registered offices, sizes and legal forms stay unknown: most suppliers stay unplaced and unsized.",
        "https://download.companieshouse.gov.uk/en_output.html",
        "{ kind = \"companies_house\", path = \"BasicCompanyData*.zip\" }",
    ),
    (
        "deprivation",
        "the English Indices of Deprivation (File 1, IMD by LSOA)",
        "Which suppliers are in the most deprived neighbourhoods stays unknown.",
        "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019",
        "[reference] deprivation = \"File_1_-_IMD2019_Index_of_Multiple_Deprivation.xlsx\" (saved as CSV)",
    ),
    (
        "areas",
        "an output area to LSOA to district lookup with names",
        "Districts go unnamed, and bands drawn by county or region cannot be filled.",
        "https://geoportal.statistics.gov.uk/search?q=LUP_OA_LSOA_MSOA_LAD",
        "[reference] areas = [\"OA_LSOA_MSOA_LAD_lookup.csv\"]",
    ),
    (
        "coops_uk",
        "Co-operatives UK's open data on co-operatives",
        "Which suppliers are co-operatives stays unknown, and the gap analysis cannot look for local co-operatives.",
        "https://www.uk.coop/resources/open-data",
        "{ kind = \"coops_uk\", path = \"open_data_organisations.csv\" }",
    ),
    (
        "charity_commission",
        "the Charity Commission's register extract",
        "Which suppliers are charities, and where they are, stays unknown.",
        "https://register-of-charities.charitycommission.gov.uk/register/full-register-download",
        "{ kind = \"charity_commission\", path = \"publicextract.charity.txt\" }",
    ),
    (
        "directory",
        "a local directory of the social economy (schemas/directory.schema.json)",
        "Local social-economy suppliers in no national register go unseen: a gap can only say no registered local supplier was found.",
        "https://www.uk.coop/resources/open-data",
        "{ kind = \"directory\", path = \"directory.csv\" }",
    ),
];

/// The expected reference data no source of the run is.
pub fn missing(sources: &[Source]) -> Vec<MissingReference> {
    EXPECTED
        .iter()
        .filter(|(kind, ..)| !sources.iter().any(|s| s.kind == *kind))
        .map(
            |(kind, what, leaves_unknown, get_it, study_line)| MissingReference {
                kind: kind.to_string(),
                what: what.to_string(),
                leaves_unknown: leaves_unknown.to_string(),
                get_it: get_it.to_string(),
                study_line: study_line.to_string(),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(kind: &str) -> Source {
        Source {
            kind: kind.into(),
            path: "x".into(),
            bytes: 1,
        }
    }

    #[test]
    fn names_each_kind_the_run_went_without() {
        let all: Vec<Source> = EXPECTED.iter().map(|e| source(e.0)).collect();
        assert!(missing(&all).is_empty());
        let some = [source("ledger"), source("coops_uk"), source("deprivation")];
        let kinds: Vec<String> = missing(&some).into_iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            [
                "postcodes",
                "companies_house",
                "areas",
                "charity_commission",
                "directory"
            ]
        );
    }
}
