//! The mapping from each register's legal-form values to ownership forms: a data file
//! (schemas/defaults/ownership-forms.toml), so that a new category needs no release.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::super::RegisterKind;
use super::org::OwnershipForm;

pub const DEFAULT_FORMS: &str = include_str!("../../../schemas/defaults/ownership-forms.toml");

/// One register's mapping.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormMapping {
    /// The form of a row whose legal form is empty or not listed.
    pub default: OwnershipForm,
    /// Legal-form value (any case) → ownership form.
    #[serde(default)]
    pub legal_forms: BTreeMap<String, OwnershipForm>,
}

/// The ownership-forms file: one mapping per register kind.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormsFile(pub BTreeMap<RegisterKind, FormMapping>);

/// Lookup form of the file.
#[derive(Debug, Clone)]
pub struct Forms {
    by_kind: HashMap<RegisterKind, (OwnershipForm, HashMap<String, OwnershipForm>)>,
}

impl Forms {
    pub fn parse(text: &str, origin: &str) -> anyhow::Result<Self> {
        let file: FormsFile = toml::from_str(text).map_err(|e| anyhow::anyhow!("{origin}: {e}"))?;
        let by_kind = file
            .0
            .into_iter()
            .map(|(k, m)| {
                (
                    k,
                    (
                        m.default,
                        m.legal_forms
                            .into_iter()
                            .map(|(v, f)| (v.trim().to_lowercase(), f))
                            .collect(),
                    ),
                )
            })
            .collect();
        Ok(Forms { by_kind })
    }

    pub fn builtin() -> Self {
        Self::parse(DEFAULT_FORMS, "(built-in ownership forms)")
            .expect("the shipped ownership-forms file is valid")
    }

    /// The ownership form of a row of `kind` whose legal form reads `legal_form`.
    pub fn form(&self, kind: RegisterKind, legal_form: &str) -> OwnershipForm {
        let Some((default, map)) = self.by_kind.get(&kind) else {
            return OwnershipForm::Unknown;
        };
        map.get(&legal_form.trim().to_lowercase())
            .copied()
            .unwrap_or(*default)
    }
}

/// The JSON Schema of the ownership-forms file.
pub fn json_schema() -> String {
    crate::rulefile::schema_text(schemars::schema_for!(FormsFile))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_mapping() {
        let f = Forms::builtin();
        assert_eq!(
            f.form(RegisterKind::CompaniesHouse, "Community Interest Company"),
            OwnershipForm::CommunityInterestCompany
        );
        assert_eq!(
            f.form(RegisterKind::CompaniesHouse, " private limited company "),
            OwnershipForm::PrivateCompany
        );
        assert_eq!(
            f.form(RegisterKind::CoopsUk, "Company"),
            OwnershipForm::Cooperative
        );
        assert_eq!(
            f.form(RegisterKind::CharityCommission, ""),
            OwnershipForm::Charity
        );
        assert_eq!(
            f.form(RegisterKind::Directory, "Community Benefit Society"),
            OwnershipForm::CommunityBenefitSociety
        );
    }
}
