//! One directory entry from a group of records: each field from the most trusted source
//! that gives it, every source's id kept, and where the sources disagree, said.

use std::collections::HashSet;

use crate::reference::places::Places;
use crate::reference::registers::org::OwnershipForm;

use super::source::{Field, Record};

/// An organisation of the directory.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Stable across runs: the Co-operatives UK id, else the company or charity number,
    /// else the first source's name and id.
    pub id: String,
    /// Each [`Field`]'s value, from the first source (in the study's order) that gives it.
    pub values: Vec<String>,
    /// The source each value came from.
    pub from: Vec<Option<u32>>,
    /// Every source's id of the organisation, `source: id`.
    pub source_ids: Vec<String>,
    /// `field: value (source); value (source)` where sources differ.
    pub disagreements: Vec<String>,
    /// Postcodes other records give (outlets, older addresses).
    pub other_postcodes: Vec<String>,
    /// Latitude and longitude, and where they came from.
    pub position: Option<(f64, f64)>,
    pub position_from: &'static str,
    pub form: OwnershipForm,
    /// Whether a postcode of the entry lies in the study's area (`None`: not known).
    pub in_area: Option<bool>,
    /// Indices of the records merged.
    pub records: Vec<usize>,
}

impl Entry {
    pub fn get(&self, f: Field) -> &str {
        &self.values[f.index()]
    }
}

/// A spelling with case, spacing and punctuation aside, as a person compares two.
pub fn spelling(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn coordinate(s: &str, range: std::ops::RangeInclusive<f64>) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| range.contains(x))
}

/// Builds the entry of `group` (indices into `records`, most trusted source first).
///
/// Names are compared by `name_key` (the resolve stage's reading: "Limited", "Ltd" or
/// none), legal forms by the ownership form they stand for, other fields by [`spelling`].
pub fn build(
    group: &[usize],
    records: &[Record],
    source_names: &[String],
    places: Option<&Places>,
    name_key: &dyn Fn(&str) -> String,
) -> Entry {
    let all: Vec<&Record> = group.iter().map(|&i| &records[i]).collect();
    // An organisation's fields are its own records', not its shops': outlets speak for it
    // only when nothing else does.
    let own: Vec<&Record> = all.iter().copied().filter(|r| !r.outlet).collect();
    let recs = if own.is_empty() { all.clone() } else { own };
    let mut values = vec![String::new(); Field::ALL.len()];
    let mut from = vec![None; Field::ALL.len()];
    for f in Field::ALL {
        if let Some(r) = recs.iter().find(|r| !r.get(f).is_empty()) {
            values[f.index()] = r.get(f).to_string();
            from[f.index()] = Some(r.source);
        }
    }
    let source_ids: Vec<String> = all
        .iter()
        .map(|r| {
            let id = r.get(Field::Id);
            let id = if id.is_empty() {
                format!("line {}", r.line)
            } else {
                id.to_string()
            };
            format!("{}: {id}", source_names[r.source as usize])
        })
        .collect();
    let mut disagreements = Vec::new();
    for f in [Field::Name, Field::Website, Field::LegalForm] {
        let mut seen: Vec<(&str, u32)> = Vec::new();
        let mut keys: HashSet<String> = HashSet::new();
        let mut forms: HashSet<&str> = HashSet::new();
        for r in &recs {
            let v = r.get(f);
            if v.is_empty() {
                continue;
            }
            let key = match f {
                Field::Name => name_key(v),
                _ => spelling(v),
            };
            // Registers word legal forms their own way ("Society", "Co-operative
            // Society"): a disagreement only where the words and the forms they stand
            // for both differ.
            let new_form = f != Field::LegalForm || forms.insert(r.form.as_str());
            if keys.insert(key) && new_form {
                seen.push((v, r.source));
            }
        }
        if seen.len() > 1 {
            let said: Vec<String> = seen
                .iter()
                .map(|(v, s)| format!("{v} ({})", source_names[*s as usize]))
                .collect();
            disagreements.push(format!("{}: {}", f.as_str(), said.join("; ")));
        }
    }
    let mut other_postcodes: Vec<String> = Vec::new();
    let mut keys: HashSet<String> = HashSet::from([spelling(&values[Field::Postcode.index()])]);
    for r in &all {
        let p = r.get(Field::Postcode);
        if !p.is_empty() && keys.insert(spelling(p)) {
            other_postcodes.push(p.to_string());
        }
    }
    // The position of the chosen address: the source's own coordinates, else its
    // postcode's.
    let lat = coordinate(&values[Field::Latitude.index()], 49.0..=61.5);
    let lon = coordinate(&values[Field::Longitude.index()], -9.0..=2.5);
    let (position, position_from) = match (lat, lon) {
        (Some(la), Some(lo)) if from[Field::Latitude.index()] == from[Field::Postcode.index()] => {
            (Some((la, lo)), "source")
        }
        _ => {
            let placed = places
                .map(|p| p.place(&values[Field::Postcode.index()]))
                .and_then(|p| Some((f64::from(p.lat?), f64::from(p.long?))));
            match placed {
                Some(ll) => (Some(ll), "postcode directory"),
                None => (None, ""),
            }
        }
    };
    let r0 = recs[0];
    let id = recs
        .iter()
        .find_map(|r| r.coops_uk_id.clone())
        .or_else(|| {
            let c = &values[Field::CompanyNumber.index()];
            (!c.is_empty()).then(|| format!("CH{}", c.to_uppercase()))
        })
        .or_else(|| {
            let c = &values[Field::CharityNumber.index()];
            (!c.is_empty()).then(|| format!("CC{c}"))
        })
        .unwrap_or_else(|| source_ids[0].replace(": ", ":"));
    Entry {
        id,
        values,
        from,
        source_ids,
        disagreements,
        other_postcodes,
        position,
        position_from,
        form: r0.form,
        in_area: None,
        records: group.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(source: u32, pairs: &[(Field, &str)]) -> Record {
        let mut values = vec![String::new(); Field::ALL.len()];
        for (f, v) in pairs {
            values[f.index()] = v.to_string();
        }
        Record {
            source,
            line: 2,
            values,
            ..Default::default()
        }
    }

    #[test]
    fn the_first_source_wins_and_disagreements_are_said() {
        let records = vec![
            rec(
                0,
                &[(Field::Name, "Acorn Co-op"), (Field::Postcode, "OX1 1AA")],
            ),
            rec(
                1,
                &[
                    (Field::Name, "ACORN CO-OP"),
                    (Field::Website, "acorn.coop"),
                    (Field::Postcode, "OX4 1AA"),
                ],
            ),
            rec(2, &[(Field::Name, "Acorn Workers Co-operative")]),
        ];
        let names = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let e = build(&[0, 1, 2], &records, &names, None, &|s| spelling(s));
        assert_eq!(e.get(Field::Name), "Acorn Co-op");
        assert_eq!(e.get(Field::Website), "acorn.coop");
        assert_eq!(e.from[Field::Website.index()], Some(1));
        // Case alone is no disagreement; another name is.
        assert_eq!(
            e.disagreements,
            vec!["name: Acorn Co-op (a); Acorn Workers Co-operative (c)"]
        );
        assert_eq!(e.other_postcodes, vec!["OX4 1AA"]);
        assert_eq!(e.source_ids, vec!["a: line 2", "b: line 2", "c: line 2"]);
        assert_eq!(e.id, "a:line 2");
        assert!(e.position.is_none());
    }
}
