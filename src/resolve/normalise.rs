//! Reading a name the way Companies House's "same as" rules do: case, accents,
//! punctuation, "&"/"and", a leading "the" and the legal form do not make two names
//! different. The legal form is kept beside the key, as evidence, not thrown away.

use polars::prelude::{PlHashMap as HashMap, PlHashSet as HashSet};

use super::fold::{fold, words};
use super::rules::{NameRules, Phrase};

/// A name's comparison key: its words joined by single spaces, and its legal form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Key {
    pub text: String,
    /// Index into [`Normaliser::form_name`].
    pub form: Option<u8>,
}

/// Which reading of a ledger name a key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// The whole legal part.
    Whole,
    /// The legal part with bracketed words left out that read as an alias: an acronym of
    /// the name ("(NWH)"), several words ("(North West Housing)") or a legal form.
    Unbracketed,
    /// The legal part without its own initials in brackets: "(LRE)" after LAURA ROBINSON
    /// ENGINEERING adds nothing to the name, so this is the whole legal name too.
    Initialled,
    /// The legal part without one bracketed word that is no acronym ("(HOLDINGS)",
    /// "(GB)", "(2019)"): registers write such words as part of the name, and
    /// "X (HOLDINGS) LIMITED" is another company than "X LIMITED".
    Unqualified,
    /// Only the words in brackets (an alias or an acronym's expansion).
    Bracketed,
    /// The words in brackets spelling out the acronym before them ("ABC (ALPHA BRAVO
    /// CATERING LTD)"): the legal name written out, as good as the whole name.
    Expanded,
    /// The part after "T/A".
    Trading,
}

impl Reading {
    /// Whether the reading is the legal name (whole, or without its bracketed words), as
    /// opposed to a trading name or the bracketed words alone.
    pub fn is_legal_name(self) -> bool {
        matches!(
            self,
            Reading::Whole | Reading::Initialled | Reading::Unbracketed | Reading::Expanded
        )
    }

    /// Whether the reading is the whole legal name as written, bar its own initials.
    pub fn is_whole(self) -> bool {
        matches!(
            self,
            Reading::Whole | Reading::Initialled | Reading::Expanded
        )
    }
}

/// Compiled name rules.
pub struct Normaliser {
    leading: HashSet<String>,
    and_words: HashSet<String>,
    trailing: Vec<Phrase>,
    trading_as: Vec<String>,
    trading_after_form: Vec<String>,
    abbrev1: HashMap<String, String>,
    /// First word, then second word, of the two-word abbreviations.
    abbrev2: HashMap<String, HashMap<String, String>>,
    /// Spellings, longest first, with their form's index.
    forms: Vec<(Phrase, u8)>,
    form_names: Vec<String>,
    form_words: HashSet<String>,
    connectors: HashSet<String>,
    pub(crate) set_aside: super::set_aside::SetAside,
}

impl Normaliser {
    pub fn new(rules: &NameRules) -> Self {
        let lower = |v: &[String]| v.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
        let mut abbrev1 = HashMap::default();
        let mut abbrev2: HashMap<String, HashMap<String, String>> = HashMap::default();
        for (k, v) in &rules.abbreviations {
            let ws = words(&fold(k));
            match ws.as_slice() {
                [a] => {
                    abbrev1.insert(a.clone(), v.to_lowercase());
                }
                [a, b] => {
                    abbrev2
                        .entry(a.clone())
                        .or_default()
                        .insert(b.clone(), v.to_lowercase());
                }
                _ => {}
            }
        }
        let mut forms = Vec::new();
        let mut form_names = Vec::new();
        for (i, f) in rules.legal_form.iter().enumerate() {
            form_names.push(f.form.clone());
            for s in &f.spellings {
                forms.push((lower(s), i as u8));
            }
        }
        forms.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        Normaliser {
            leading: lower(&rules.leading_ignored).into_iter().collect(),
            and_words: lower(&rules.and_words).into_iter().collect(),
            trailing: rules.trailing_ignored.iter().map(|p| lower(p)).collect(),
            trading_as: lower(&rules.trading_as),
            trading_after_form: lower(&rules.trading_as_after_legal_form),
            abbrev1,
            abbrev2,
            forms,
            form_names,
            form_words: lower(&rules.form_words).into_iter().collect(),
            connectors: lower(&rules.connector_words).into_iter().collect(),
            set_aside: super::set_aside::SetAside::new(&rules.set_aside),
        }
    }

    pub fn form_name(&self, form: u8) -> &str {
        &self.form_names[form as usize]
    }

    /// The key of a name (a register's, or one part of a ledger's).
    pub fn key(&self, raw: &str) -> Key {
        self.key_of_words(words(&fold(raw)))
    }

    fn key_of_words(&self, mut ws: Vec<String>) -> Key {
        for w in ws.iter_mut() {
            if self.and_words.contains(w.as_str()) {
                *w = "and".into();
            }
        }
        let ws = self.expand(join_initials(ws));
        let mut ws: Vec<String> = ws;
        if ws.len() > 1 && self.leading.contains(&ws[0]) {
            ws.remove(0);
        }
        let mut form = None;
        loop {
            let before = ws.len();
            if form.is_none()
                && let Some((p, f)) = self
                    .forms
                    .iter()
                    .find(|(p, _)| ws.len() > p.len() && ws.ends_with(p))
            {
                ws.truncate(ws.len() - p.len());
                form = Some(*f);
            }
            if let Some(p) = self
                .trailing
                .iter()
                .find(|p| ws.len() > p.len() && ws.ends_with(p))
            {
                ws.truncate(ws.len() - p.len());
            }
            if ws.len() == before {
                break;
            }
        }
        Key {
            text: ws.join(" "),
            form,
        }
    }

    /// Abbreviations written out, two-word ones first.
    fn expand(&self, ws: Vec<String>) -> Vec<String> {
        let mut out = Vec::with_capacity(ws.len());
        let mut i = 0;
        while i < ws.len() {
            if i + 1 < ws.len()
                && let Some(v) = self.abbrev2.get(&ws[i]).and_then(|m| m.get(&ws[i + 1]))
            {
                out.push(v.clone());
                i += 2;
                continue;
            }
            out.push(
                self.abbrev1
                    .get(&ws[i])
                    .cloned()
                    .unwrap_or_else(|| ws[i].clone()),
            );
            i += 1;
        }
        out
    }

    /// A name cut short by its ledger field often ends in what is left of its legal form
    /// ("…PLUMBING LIMI", "…SECURITY L", "…BAKERY COMMUNITY INTEREST COMP"): that stub is
    /// taken off, as the form it begins when only one form's spelling starts with it. The
    /// longest stub wins; every word but its last must be the spelling's own.
    pub fn strip_cut_form(&self, key: &mut Key) {
        if key.form.is_some() {
            return;
        }
        let mut words: Vec<&str> = key.text.split(' ').collect();
        let stub = |n: usize, p: &Phrase| {
            let tail = &words[words.len() - n..];
            p.len() >= n
                && tail[..n - 1].iter().zip(p).all(|(w, s)| w == s)
                && p[n - 1].starts_with(tail[n - 1])
                && (p.len() > n || p[n - 1].len() > tail[n - 1].len())
        };
        // Forms are sorted longest spelling first; a stub leaves at least one word.
        let longest = self.forms.first().map_or(0, |(p, _)| p.len());
        let Some((n, forms)) = (1..words.len().min(longest + 1)).rev().find_map(|n| {
            let forms: HashSet<u8> = self
                .forms
                .iter()
                .filter(|(p, _)| stub(n, p))
                .map(|(_, f)| *f)
                .collect();
            (!forms.is_empty()).then_some((n, forms))
        }) else {
            return;
        };
        words.truncate(words.len() - n);
        if let Some(p) = self.trailing.iter().find(|p| {
            words.len() > p.len()
                && words.ends_with(&p.iter().map(String::as_str).collect::<Vec<_>>())
        }) {
            words.truncate(words.len() - p.len());
        }
        key.text = words.join(" ");
        key.form = (forms.len() == 1).then(|| *forms.iter().next().expect("one"));
    }

    /// Whether `word` (of a key) says what kind of body a name is ("club", "society").
    pub fn is_form_word(&self, word: &str) -> bool {
        self.form_words.contains(word)
    }

    /// Whether `word` only joins others ("and", "of").
    pub fn is_connector(&self, word: &str) -> bool {
        self.connectors.contains(word)
    }

    /// The evidence in `raw` itself that it names an organisation (see
    /// [`SetAside::organisation_evidence`]), with its legal form and trading-as marks read
    /// by this file's rules.
    ///
    /// [`SetAside::organisation_evidence`]: super::set_aside::SetAside::organisation_evidence
    pub fn organisation_evidence(&self, raw: &str) -> Option<super::set_aside::OrgEvidence> {
        let has_form = self.key(raw).form.is_some();
        let trades_as = self.split_trading(&fold(raw)).1.is_some();
        self.set_aside
            .organisation_evidence(raw, has_form, trades_as)
    }

    /// Every reading of a ledger name worth looking up, the whole legal part first.
    pub fn readings(&self, raw: &str) -> Vec<(Key, Reading)> {
        let folded = fold(raw);
        let (legal, trading) = self.split_trading(&folded);
        let mut out: Vec<(Key, Reading)> = Vec::new();
        let push = |k: Key, r: Reading, out: &mut Vec<(Key, Reading)>| {
            if !k.text.is_empty() && !out.iter().any(|(o, _)| o.text == k.text) {
                out.push((k, r));
            }
        };
        let (outside, inside) = brackets(legal);
        push(self.key_of_words(words(legal)), Reading::Whole, &mut out);
        if !inside.is_empty() {
            let outside_key = self.key_of_words(words(&outside));
            let inside_key = self.key_of_words(words(&inside));
            // "ROSSENDALE VULCANISING (SALES LTD)": the form in brackets is the name's.
            let form = outside_key.form.or(inside_key.form);
            let inside_words = match inside_key.text.as_str() {
                "" => 0,
                t => t.split(' ').count(),
            };
            let alias = inside_words != 1 || is_acronym(&inside_key.text, &outside);
            // The acronym outside is the inside's initials: the inside is the name.
            let spelt_out = inside_words >= 2
                && !outside_key.text.contains(' ')
                && outside_key.text.chars().count() >= 2
                && initials(&inside_key.text) == outside_key.text;
            let reading = if inside_words == 1 && initials(&outside_key.text) == inside_key.text {
                Reading::Initialled
            } else if alias {
                Reading::Unbracketed
            } else {
                Reading::Unqualified
            };
            push(
                Key {
                    form,
                    ..outside_key
                },
                reading,
                &mut out,
            );
            if inside_words >= 2 {
                let reading = if spelt_out {
                    Reading::Expanded
                } else {
                    Reading::Bracketed
                };
                push(inside_key, reading, &mut out);
            }
        }
        if let Some(t) = trading {
            push(
                self.key_of_words(words(&brackets(t).0)),
                Reading::Trading,
                &mut out,
            );
        }
        out
    }

    /// Splits `legal T/A trading` at the first trading-as mark standing as whole words;
    /// a mark that is also a word ("TA") only right after a legal form.
    fn split_trading<'a>(&self, folded: &'a str) -> (&'a str, Option<&'a str>) {
        let marks = self.trading_as.iter().map(|m| (m, false));
        for (mark, after_form) in marks.chain(self.trading_after_form.iter().map(|m| (m, true))) {
            let mut from = 0;
            while let Some(at) = folded[from..].find(mark.as_str()) {
                let start = from + at;
                let end = start + mark.len();
                let before_ok = start == 0
                    || !folded[..start]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric);
                let after_ok = !folded[end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
                let form_ok = !after_form || self.key(&folded[..start]).form.is_some();
                if before_ok && after_ok && start > 0 && form_ok {
                    let trading = folded[end..].trim();
                    return (&folded[..start], Some(trading).filter(|t| !t.is_empty()));
                }
                from = start + mark.len();
            }
        }
        (folded, None)
    }
}

/// Text outside brackets and text inside them (`(`…`)` and `[`…`]`, unclosed ones too).
fn brackets(s: &str) -> (String, String) {
    let (mut outside, mut inside) = (String::new(), String::new());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                outside.push(' ');
                inside.push(' ');
            }
            ')' | ']' => {
                depth = depth.saturating_sub(1);
                outside.push(' ');
                inside.push(' ');
            }
            c if depth > 0 => inside.push(c),
            c => outside.push(c),
        }
    }
    (outside, inside)
}

/// Whether `word` is the initials of the words of `name` (folded, as written: "A D D UK"
/// gives ADDU, "A.D.D. UK" AU, "CO-OPERATIVE" CO), in order from the first, leaving out
/// "and", "of", "the" and numbers.
fn is_acronym(word: &str, name: &str) -> bool {
    word.chars().count() >= 2 && initials(name).starts_with(word)
}

/// The first letters of the words of `name`, as [`is_acronym`] reads them.
fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '&' || c == '+')
        .filter(|w| !matches!(*w, "and" | "of" | "the"))
        .filter_map(|w| w.chars().next().filter(|c| c.is_alphabetic()))
        .collect()
}

/// Runs of two or more single letters become one word: `a g s heating` → `ags heating`.
fn join_initials(ws: Vec<String>) -> Vec<String> {
    let single = |w: &str| w.chars().count() == 1 && w.chars().all(char::is_alphabetic);
    let mut out: Vec<String> = Vec::with_capacity(ws.len());
    let mut run = String::new();
    let mut run_len = 0;
    for w in ws {
        if single(&w) {
            run.push_str(&w);
            run_len += 1;
            continue;
        }
        flush_run(&mut out, &mut run, &mut run_len);
        out.push(w);
    }
    flush_run(&mut out, &mut run, &mut run_len);
    out
}

fn flush_run(out: &mut Vec<String>, run: &mut String, run_len: &mut usize) {
    if *run_len > 0 {
        out.push(std::mem::take(run));
    }
    *run_len = 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n() -> Normaliser {
        Normaliser::new(&NameRules::builtin())
    }

    fn key(s: &str) -> (String, Option<String>) {
        let n = n();
        let k = n.key(s);
        (k.text, k.form.map(|f| n.form_name(f).to_string()))
    }

    fn text(s: &str) -> String {
        key(s).0
    }

    #[test]
    fn case_punctuation_and_spacing_do_not_matter() {
        assert_eq!(
            text("AGS HEATING & PLUMBING LTD"),
            "ags heating and plumbing"
        );
        assert_eq!(
            text("A G S Heating & Plumbing Ltd"),
            "ags heating and plumbing"
        );
        assert_eq!(
            text("A.G.S. Heating and Plumbing Limited"),
            "ags heating and plumbing"
        );
        assert_eq!(
            text("  Ags   Heating + Plumbing  "),
            "ags heating and plumbing"
        );
        assert_eq!(
            text("Café Riva Events Ltd"),
            text("CAFE RIVA EVENTS LIMITED")
        );
    }

    #[test]
    fn a_leading_the_is_ignored_but_not_a_lone_one() {
        // "Company" at the end is ignored too, as Companies House does.
        assert_eq!(text("The Oxford Bus Company Ltd"), "oxford bus");
        assert_eq!(text("THE"), "the");
    }

    #[test]
    fn legal_forms_are_kept_as_a_feature() {
        assert_eq!(
            key("Pinnacle Construction PLC"),
            ("pinnacle construction".into(), Some("plc".into()))
        );
        assert_eq!(key("Thame Legal LLP").1.as_deref(), Some("llp"));
        assert_eq!(
            key("Barton Community Bakery C.I.C.").1.as_deref(),
            Some("cic")
        );
        assert_eq!(
            key("Barton Community Bakery Community Interest Company")
                .1
                .as_deref(),
            Some("cic")
        );
        assert_eq!(key("Gwasanaethau Cyf").1.as_deref(), Some("limited"));
        assert_eq!(key("Barton Community Bakery").1, None);
        // A field cut at 40 characters leaves "LIMIT".
        assert_eq!(
            key("OXFORDSHIRE HOMES AND GARDENS LIMIT"),
            (
                "oxfordshire homes and gardens".into(),
                Some("limited".into())
            )
        );
        // A name that is only a legal form keeps its word.
        assert_eq!(text("Limited"), "limited");
        // "& Co" goes after the form: Smith & Co Ltd is Smith.
        assert_eq!(text("Smith & Co Ltd"), "smith");
    }

    #[test]
    fn abbreviations_are_written_out() {
        assert_eq!(
            text("Sovereign Waste Mgmt Ltd"),
            "sovereign waste management"
        );
        assert_eq!(
            text("Cowley Road Workers Co-op Ltd"),
            text("Cowley Road Workers Co-operative Limited")
        );
        assert_eq!(
            text("Cowley Road Workers Co Op"),
            "cowley road workers cooperative"
        );
        assert_eq!(text("Oxford Cleaning SVCS"), "oxford cleaning services");
        assert_eq!(
            text("Hyndburn Tenants Assoc"),
            "hyndburn tenants association"
        );
        assert_eq!(text("Acme Intl Ltd"), "acme international");
    }

    #[test]
    fn trading_names_and_brackets_are_read_separately() {
        let n = n();
        let r = n.readings("Alliance Automotive Uk Lv T/A Jpn Autoparts");
        assert_eq!(r[0].0.text, "alliance automotive uk lv");
        assert_eq!(
            r.last().unwrap(),
            &(n.key("Jpn Autoparts"), Reading::Trading)
        );
        let r = n.readings("SMITH & SONS LTD t/a Smiths Plumbing");
        assert_eq!(r[0].0, n.key("Smith and Sons Limited"));
        assert_eq!(r[1].0.text, "smiths plumbing");
        let r = n.readings("ROSSENDALE VULCANISING (SALES LTD)");
        // Read whole, it is ROSSENDALE VULCANISING (SALES) LIMITED; without "sales" it
        // would be another company, so that reading is not the legal name.
        assert_eq!(r[0].0.text, "rossendale vulcanising sales");
        assert!(r[0].0.form.is_some());
        assert!(r.iter().any(|(k, w)| *w == Reading::Unqualified
            && k.text == "rossendale vulcanising"
            && k.form.is_some()));
        // One bracketed word that is no acronym is part of the name: without it, the name
        // is another company's, so that reading is not the legal name.
        let r = n.readings("Acme Recycling (Holdings) Ltd");
        assert!(r.contains(&(n.key("Acme Recycling Ltd"), Reading::Unqualified)));
        // The name's own initials add nothing: without them it is still the whole name.
        let r = n.readings("Acme Recycling Ltd (AR)");
        assert!(r.contains(&(n.key("Acme Recycling Ltd"), Reading::Initialled)));
        let r = n.readings("A G S Heating & Plumbing (AHP)");
        assert!(r.contains(&(n.key("AGS Heating and Plumbing"), Reading::Initialled)));
        // Initials of the first words only are an alias, not the whole name's initials.
        let r = n.readings("Acme Recycling Oxford Ltd (AR)");
        assert!(r.contains(&(n.key("Acme Recycling Oxford Ltd"), Reading::Unbracketed)));
        assert!(is_acronym("nwh", "north west housing"));
        assert!(is_acronym("addu", "a d d uk"));
        assert!(is_acronym("buco", "broerron uk co-operative"));
        assert!(is_acronym("nwh", "north & west housing"));
        assert!(!is_acronym("gb", "acme recycling"));
        let r = n.readings("NWH (North West Housing)");
        assert!(r.contains(&(n.key("North West Housing"), Reading::Expanded)));
        let r = n.readings("NWH (North East Housing)");
        assert!(r.contains(&(n.key("North East Housing"), Reading::Bracketed)));
        // An acronym before its own expansion: the words in brackets are the legal name.
        let r = n.readings("KDQ (KESTREL DALE QUARRYING LTD)");
        assert!(r.contains(&(n.key("Kestrel Dale Quarrying Ltd"), Reading::Expanded)));
        assert!(Reading::Expanded.is_legal_name() && Reading::Expanded.is_whole());
        let r = n.readings("KDX (KESTREL DALE QUARRYING LTD)");
        assert!(r.contains(&(n.key("Kestrel Dale Quarrying Ltd"), Reading::Bracketed)));
        // "Data" is not "t/a"; a name starting with a mark is not split.
        assert_eq!(n.readings("Data Tech Ltd").len(), 1);
        // "TA" is a mark only right after a legal form.
        let r = n.readings("Smith & Sons Ltd TA Smiths Plumbing");
        assert_eq!(r.last().unwrap().0.text, "smiths plumbing");
        assert_eq!(n.readings("TA Holdings Ltd").len(), 1);
        assert_eq!(n.readings("Smith Ta Holdings Ltd").len(), 1);
    }

    #[test]
    fn a_cut_off_legal_form_is_taken_off_as_the_form_it_begins() {
        let n = n();
        let cut = |s: &str| {
            let mut k = n.key(s);
            n.strip_cut_form(&mut k);
            (k.text.clone(), k.form.map(|f| n.form_name(f).to_string()))
        };
        let cic = Some("cic".to_string());
        assert_eq!(
            cut("Acme Bakery Community Interest Comp"),
            ("acme bakery".into(), cic.clone())
        );
        assert_eq!(
            cut("Acme Bakery Community Inter"),
            ("acme bakery".into(), cic.clone())
        );
        assert_eq!(cut("Acme Bakery Community"), ("acme bakery".into(), cic));
        assert_eq!(cut("Acme Legal Limited Liab").1.as_deref(), Some("llp"));
        // "L" begins several forms: taken off, form unknown.
        assert_eq!(cut("Acme Security L"), ("acme security".into(), None));
        // "LIMI" is LIMITED whether or not the field was cut.
        assert_eq!(
            n.key("Acme Security Limi").form.map(|f| n.form_name(f)),
            Some("limited")
        );
        // A word that begins no form stays.
        assert_eq!(cut("Acme Bakery Commons").0, "acme bakery commons");
    }
}
