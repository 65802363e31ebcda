//! Reading a name the way Companies House's "same as" rules do: case, accents,
//! punctuation, "&"/"and", a leading "the" and the legal form do not make two names
//! different. The legal form is kept beside the key, as evidence, not thrown away.

use polars::prelude::{PlHashMap as HashMap, PlHashSet as HashSet};

use super::fold::{fold, words};
use super::name_rules::{NameRules, Phrase};

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
    /// Initials in brackets in place of the words before them they stand for: "Members
    /// in Need of Accommodation (MINA) Housing Co-operative" as "MINA Housing
    /// Co-operative", the name as its own initials write it.
    Abbreviated,
    /// The bracketed words read first: "Royal British Legion Club (Wendover)" is the
    /// register's "Wendover Royal British Legion Club", a place or branch written where
    /// the other puts it. Not for initials or a number in brackets.
    Moved,
    /// The part after "T/A".
    Trading,
}

impl Reading {
    /// Whether the reading is the legal name (whole, or without its bracketed words), as
    /// opposed to a trading name or the bracketed words alone.
    pub fn is_legal_name(self) -> bool {
        matches!(
            self,
            Reading::Whole
                | Reading::Initialled
                | Reading::Unbracketed
                | Reading::Expanded
                | Reading::Moved
                | Reading::Abbreviated
        )
    }

    /// Whether the reading is the whole legal name as written, bar its own initials.
    pub fn is_whole(self) -> bool {
        matches!(
            self,
            Reading::Whole
                | Reading::Initialled
                | Reading::Expanded
                | Reading::Moved
                | Reading::Abbreviated
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

    /// The words a name qualifies itself with in brackets ("(Iver Heath)", "(Europe)"):
    /// of each bracket that is closed and is not a legal form ("(Ltd)"), folded into words.
    pub fn qualifier_words(&self, raw: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (inside, closed) in scan_brackets(raw).2 {
            let key = self.key(&format!("x {inside}"));
            let legal_form = key.form.is_some() && key.text == "x";
            if closed && !legal_form {
                out.extend(words(&fold(&inside)));
            }
        }
        out
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
            // "Members in Need of Accommodation (MINA) Housing Co-operative" is also the
            // "MINA Housing Co-operative": the initials stand for the words before them.
            if inside_words == 1
                && let Some((before, after)) = legal.split_once(['(', '['])
                && let Some((_, after)) = after.split_once([')', ']'])
                && before.split_whitespace().count() >= 2
                && initials(&self.key_of_words(words(before)).text) == inside_key.text
            {
                let short = self.key_of_words(words(&format!("{inside} {after}")));
                push(short, Reading::Abbreviated, &mut out);
            }
            let numeric = inside_key.text.chars().any(|c| c.is_ascii_digit());
            if reading != Reading::Initialled
                && !spelt_out
                && !numeric
                && inside_key.form.is_none()
                && !(inside_words == 1 && is_acronym(&inside_key.text, &outside))
            {
                let moved = self.key_of_words(words(&format!("{inside} {outside}")));
                push(moved, Reading::Moved, &mut out);
            }
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
    let (outside, inside, _) = scan_brackets(s);
    (outside, inside)
}

/// [`brackets`], and each bracket's text with whether it is closed: a name cut short by
/// its ledger field can end inside one ("… (HOLD").
fn scan_brackets(s: &str) -> (String, String, Vec<(String, bool)>) {
    let (mut outside, mut inside) = (String::new(), String::new());
    let mut groups: Vec<(String, bool)> = Vec::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' => {
                if depth == 0 {
                    groups.push((String::new(), false));
                }
                depth += 1;
                outside.push(' ');
                inside.push(' ');
            }
            ')' | ']' => {
                if depth == 1
                    && let Some(g) = groups.last_mut()
                {
                    g.1 = true;
                }
                depth = depth.saturating_sub(1);
                outside.push(' ');
                inside.push(' ');
            }
            c if depth > 0 => {
                inside.push(c);
                if let Some(g) = groups.last_mut() {
                    g.0.push(c);
                }
            }
            c => outside.push(c),
        }
    }
    (outside, inside, groups)
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
mod tests;
