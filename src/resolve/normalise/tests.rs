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
