//! The sample's postcodes: every postcode a sample supplier, anchor, directory entry or
//! register row uses, each placed in a real LSOA, plus a few made-up neighbours per OX
//! sector; written as the ONS National Statistics Postcode Lookup (NSPL, Nov 2021 layout),
//! the IMD 2019 File 1 and the ONS OA→LSOA→MSOA→LAD lookup.
//!
//! LSOA, MSOA, OA, district, county, region and country codes, output-area
//! classifications and IMD ranks are real. Ward, division, constituency, built-up-area and
//! health/police/LEP codes are plausible stand-ins, and so are the postcodes' coordinates.

use crate::formats::{csv_field, quoted};
use crate::geography::{Geography, Lsoa, national_grid};
use anyhow::{Result, bail};
use rand::Rng;
use rand::seq::IndexedRandom;
use std::collections::{BTreeMap, BTreeSet};

/// A neighbourhood or town: where its postcodes lie and the codes they share.
pub struct Locality {
    pub key: &'static str,
    pub lat: f64,
    pub lon: f64,
    pub ward: &'static str,
    pub ced: &'static str,
    pub pcon: &'static str,
    pub bua: &'static str,
    pub buasd: &'static str,
    pub ru: &'static str,
    pub ttwa: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn loc(
    key: &'static str,
    lat: f64,
    lon: f64,
    ward: &'static str,
    ced: &'static str,
    pcon: &'static str,
    bua: &'static str,
    buasd: &'static str,
    ru: &'static str,
    ttwa: &'static str,
) -> Locality {
    Locality {
        key,
        lat,
        lon,
        ward,
        ced,
        pcon,
        bua,
        buasd,
        ru,
        ttwa,
    }
}

const NO: &str = "E99999999";
const NO_BUA: &str = "E34999999";
const NO_SD: &str = "E35999999";
const OXF: (&str, &str) = ("E34004733", NO_SD); // Oxford built-up area
const OXE: &str = "E14000873"; // Oxford East
const OXW: &str = "E14000874"; // Oxford West and Abingdon
const OX_TTWA: &str = "E30000250";

#[rustfmt::skip]
pub const LOCALITIES: &[Locality] = &[
    loc("oxford-centre", 51.7520, -1.2577, "E05013020", "E58001246", OXE, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("jericho", 51.7590, -1.2680, "E05013021", "E58001247", OXW, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("summertown", 51.7760, -1.2640, "E05013035", "E58001260", OXW, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("osney", 51.7500, -1.2760, "E05013031", "E58001255", OXW, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("headington", 51.7590, -1.2120, "E05013025", "E58001251", OXE, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("headington-north", 51.7640, -1.2190, "E05013026", "E58001251", OXE, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("barton", 51.7625, -1.1935, "E05013017", "E58001243", OXE, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("wood-farm", 51.7540, -1.1960, "E05013019", "E58001245", OXE, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("east-oxford", 51.7470, -1.2370, "E05013028", "E58001254", OXE, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("cowley", 51.7330, -1.2110, "E05013023", "E58001249", OXE, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("littlemore", 51.7220, -1.2240, "E05013030", "E58001257", OXE, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("rose-hill", 51.7290, -1.2290, "E05013034", "E58001258", OXE, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("blackbird-leys", 51.7175, -1.2000, "E05013018", "E58001244", OXE, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("botley", 51.7505, -1.2960, "E05009768", "E58001290", OXW, OXF.0, OXF.1, "C1", OX_TTWA),
    loc("cumnor-hill", 51.7440, -1.3060, "E05009771", "E58001291", OXW, "E34004734", NO_SD, "C1", OX_TTWA),
    loc("abingdon", 51.6700, -1.2830, "E05009760", "E58001285", OXW, "E34004612", NO_SD, "C1", OX_TTWA),
    loc("abingdon-south", 51.6620, -1.2870, "E05009761", "E58001286", OXW, "E34004612", NO_SD, "C1", OX_TTWA),
    loc("wantage", 51.5890, -1.4270, "E05009790", "E58001300", "E14001024", "E34001813", NO_SD, "D1", OX_TTWA),
    loc("faringdon", 51.6560, -1.5860, "E05009774", "E58001294", "E14001024", "E34001650", NO_SD, "D1", "E30000274"),
    loc("didcot", 51.6080, -1.2410, "E05009725", "E58001270", "E14001024", "E34004640", NO_SD, "C1", OX_TTWA),
    loc("wallingford", 51.5990, -1.1250, "E05009741", "E58001279", "E14000742", "E34001790", NO_SD, "D1", OX_TTWA),
    loc("thame", 51.7470, -0.9760, "E05009738", "E58001277", "E14000742", "E34001775", NO_SD, "D1", OX_TTWA),
    loc("henley", 51.5360, -0.9020, "E05009729", "E58001272", "E14000742", "E34001702", NO_SD, "D1", "E30000256"),
    loc("banbury", 52.0610, -1.3390, "E05011153", "E58001229", "E14000546", "E34004620", NO_SD, "C1", "E30000166"),
    loc("banbury-ruscote", 52.0680, -1.3560, "E05011157", "E58001232", "E14000546", "E34004620", NO_SD, "C1", "E30000166"),
    loc("bodicote", 52.0400, -1.3320, "E05011152", "E58001228", "E14000546", NO_BUA, NO_SD, "E1", "E30000166"),
    loc("bicester", 51.8990, -1.1530, "E05011160", "E58001235", "E14000546", "E34004625", NO_SD, "C1", OX_TTWA),
    loc("kidlington", 51.8230, -1.2880, "E05011165", "E58001239", OXW, "E34004651", NO_SD, "C1", OX_TTWA),
    loc("witney", 51.7850, -1.4850, "E05009795", "E58001310", "E14001047", "E34004688", NO_SD, "C1", OX_TTWA),
    loc("chipping-norton", 51.9420, -1.5470, "E05009799", "E58001305", "E14001047", "E34001600", NO_SD, "D1", OX_TTWA),
    loc("eynsham", 51.7800, -1.3740, "E05009802", "E58001307", "E14001047", "E34001645", NO_SD, "D1", OX_TTWA),
    // Out of area.
    loc("manchester", 53.4790, -2.2400, "E05011368", NO, "E14000807", "E34004743", NO_SD, "A1", "E30000239"),
    loc("ancoats", 53.4850, -2.2270, "E05011362", NO, "E14000807", "E34004743", NO_SD, "A1", "E30000239"),
    loc("birmingham", 52.4800, -1.9030, "E05011129", NO, "E14000564", "E34004740", NO_SD, "A1", "E30000169"),
    loc("leeds", 53.7970, -1.5450, "E05011416", NO, "E14000777", "E34004756", NO_SD, "A1", "E30000212"),
    loc("city-of-london", 51.5180, -0.0990, "E05009305", NO, "E14000639", "E34004707", "E35000758", "A1", "E30000234"),
    loc("clerkenwell", 51.5260, -0.1010, "E05000370", NO, "E14000764", "E34004707", "E35000168", "A1", "E30000234"),
    loc("bristol", 51.4530, -2.5920, "E05010897", NO, "E14000602", "E34004700", NO_SD, "A1", "E30000180"),
    loc("reading", 51.4560, -0.9710, "E05008360", NO, "E14000888", "E34004725", NO_SD, "C1", "E30000256"),
    loc("newcastle", 54.9740, -1.6130, "E05001107", NO, "E14000831", "E34004630", NO_SD, "A1", "E30000245"),
    loc("liverpool", 53.4050, -2.9850, "E05001010", NO, "E14000793", "E34004796", NO_SD, "A1", "E30000233"),
];

pub fn locality(key: &str) -> &'static Locality {
    LOCALITIES
        .iter()
        .find(|l| l.key == key)
        .unwrap_or_else(|| panic!("no locality {key}"))
}

/// Codes shared by a whole district: county, learning and skills council, primary care
/// trust, clinical commissioning group, LEP, police force area, cancer alliance and STP.
struct District {
    lad: &'static str,
    cty: &'static str,
    teclec: &'static str,
    pct: &'static str,
    ccg: &'static str,
    lep: &'static str,
    pfa: &'static str,
    calncv: &'static str,
    stp: &'static str,
}

#[rustfmt::skip]
const DISTRICTS: &[District] = &[
    District { lad: "E07000177", cty: "E10000025", teclec: "E24000028", pct: "E16000114", ccg: "E38000136", lep: "E37000027", pfa: "E23000029", calncv: "E56000013", stp: "E54000044" },
    District { lad: "E07000178", cty: "E10000025", teclec: "E24000028", pct: "E16000114", ccg: "E38000136", lep: "E37000027", pfa: "E23000029", calncv: "E56000013", stp: "E54000044" },
    District { lad: "E07000179", cty: "E10000025", teclec: "E24000028", pct: "E16000114", ccg: "E38000136", lep: "E37000027", pfa: "E23000029", calncv: "E56000013", stp: "E54000044" },
    District { lad: "E07000180", cty: "E10000025", teclec: "E24000028", pct: "E16000114", ccg: "E38000136", lep: "E37000027", pfa: "E23000029", calncv: "E56000013", stp: "E54000044" },
    District { lad: "E07000181", cty: "E10000025", teclec: "E24000028", pct: "E16000114", ccg: "E38000136", lep: "E37000027", pfa: "E23000029", calncv: "E56000013", stp: "E54000044" },
    District { lad: "E08000003", cty: "E11000001", teclec: "E24000024", pct: "E16000028", ccg: "E38000217", lep: "E37000015", pfa: "E23000005", calncv: "E56000019", stp: "E54000007" },
    District { lad: "E08000025", cty: "E11000005", teclec: "E24000040", pct: "E16000008", ccg: "E38000220", lep: "E37000012", pfa: "E23000014", calncv: "E56000007", stp: "E54000055" },
    District { lad: "E08000035", cty: "E11000006", teclec: "E24000045", pct: "E16000023", ccg: "E38000225", lep: "E37000062", pfa: "E23000010", calncv: "E56000030", stp: "E54000054" },
    District { lad: "E09000001", cty: "E13000001", teclec: "E24000015", pct: "E16000010", ccg: "E38000255", lep: "E37000051", pfa: "E23000034", calncv: "E56000028", stp: "E54000029" },
    District { lad: "E09000019", cty: "E13000001", teclec: "E24000014", pct: "E16000048", ccg: "E38000240", lep: "E37000051", pfa: "E23000001", calncv: "E56000027", stp: "E54000028" },
    District { lad: "E06000023", cty: "E99999999", teclec: "E24000031", pct: "E16000012", ccg: "E38000222", lep: "E37000037", pfa: "E23000036", calncv: "E56000016", stp: "E54000039" },
    District { lad: "E06000038", cty: "E99999999", teclec: "E24000026", pct: "E16000104", ccg: "E38000221", lep: "E37000035", pfa: "E23000029", calncv: "E56000013", stp: "E54000044" },
    District { lad: "E08000021", cty: "E11000007", teclec: "E24000018", pct: "E16000031", ccg: "E38000212", lep: "E37000025", pfa: "E23000007", calncv: "E56000029", stp: "E54000050" },
    District { lad: "E08000012", cty: "E11000002", teclec: "E24000023", pct: "E16000026", ccg: "E38000101", lep: "E37000022", pfa: "E23000004", calncv: "E56000005", stp: "E54000008" },
];

/// Health area, NHS region and European electoral region of each English region (as in
/// the real NSPL).
fn region_codes(rgn: &str) -> (&'static str, &'static str, &'static str) {
    match rgn {
        "E12000001" => ("E18000001", "E40000009", "E15000001"),
        "E12000002" => ("E18000002", "E40000010", "E15000002"),
        "E12000003" => ("E18000003", "E40000009", "E15000003"),
        "E12000005" => ("E18000005", "E40000008", "E15000005"),
        "E12000007" => ("E18000007", "E40000003", "E15000007"),
        "E12000008" => ("E18000008", "E40000005", "E15000008"),
        "E12000009" => ("E18000010", "E40000006", "E15000009"),
        other => panic!("no NHS codes for region {other}"),
    }
}

/// A postcode the sample needs, placed by hand.
pub struct Fixed {
    pub postcode: &'static str,
    pub lsoa: &'static str,
    pub locality: &'static str,
    pub usertype: u8,
    pub dointr: &'static str,
    pub doterm: &'static str,
}

const fn p(postcode: &'static str, lsoa: &'static str, locality: &'static str) -> Fixed {
    Fixed {
        postcode,
        lsoa,
        locality,
        usertype: 0,
        dointr: "198001",
        doterm: "",
    }
}

/// A large user (one address receiving a lot of mail: a hospital, a county hall).
const fn big(postcode: &'static str, lsoa: &'static str, locality: &'static str) -> Fixed {
    Fixed {
        usertype: 1,
        ..p(postcode, lsoa, locality)
    }
}

const fn ended(
    postcode: &'static str,
    lsoa: &'static str,
    locality: &'static str,
    doterm: &'static str,
) -> Fixed {
    Fixed {
        dointr: "199002",
        doterm,
        ..p(postcode, lsoa, locality)
    }
}

/// The terminated postcode a sample supplier still prints on its invoices.
pub const TERMINATED_IN_USE: &str = "OX7 5AA";
/// The terminated postcode of a dissolved co-op in the Co-ops UK sample.
pub const TERMINATED_DEAD: &str = "OX4 1XT";

#[rustfmt::skip]
pub const FIXED: &[Fixed] = &[
    // Oxford (E07000178).
    p("OX1 1AP", "E01028521", "oxford-centre"),      // Isis Cycle Couriers
    big("OX1 1ND", "E01033282", "oxford-centre"),    // County Hall: county council, pension fund
    big("OX1 1BX", "E01028522", "oxford-centre"),    // Town Hall: Oxford City Council
    p("OX1 4DB", "E01028522", "oxford-centre"),      // Cafe Riva Events (Carfax, decile 2)
    big("OX1 2JD", "E01033282", "oxford-centre"),    // University offices; Oxford Translation Services
    p("OX2 6HT", "E01028548", "jericho"),            // Oxford Interpreting Co-op
    p("OX2 6DH", "E01028549", "jericho"),            // Jericho Print Works
    p("OX2 6AE", "E01028548", "jericho"),            // Jericho Bike Kitchen (directory)
    p("OX2 7HG", "E01028591", "summertown"),         // Summertown Stationers
    p("OX2 0ES", "E01028541", "osney"),              // Osney Mead Laboratory Supplies
    p("OX2 0BT", "E01028543", "osney"),              // Botley Road Carpenters (directory)
    p("OX3 7AG", "E01028539", "headington"),         // Headington Wholefoods
    p("OX3 7BS", "E01028534", "headington"),         // Headington Electrical Services
    big("OX3 9DU", "E01028535", "headington-north"), // John Radcliffe Hospital (OUH)
    p("OX3 9LJ", "E01028514", "barton"),             // Barton Community Bakery (decile 2)
    p("OX3 9SD", "E01028513", "barton"),             // Barton Neighbourhood Trust (charity)
    p("OX3 8QQ", "E01028525", "wood-farm"),          // Wood Farm Community Gardeners
    p("OX4 1HU", "E01028587", "east-oxford"),        // Cowley Road Workers Co-op
    p("OX4 1EY", "E01028582", "east-oxford"),        // East Oxford Childcare (directory)
    ended(TERMINATED_DEAD, "E01028582", "east-oxford", "201606"), // East Oxford Wholefoods (dead)
    p("OX4 2JY", "E01028532", "cowley"),             // A G S Heating & Plumbing
    p("OX4 3LP", "E01028519", "littlemore"),         // Cowley Tyre & Exhaust
    p("OX4 4GA", "E01028576", "rose-hill"),          // Oxford Community Energy (decile 2)
    p("OX4 4HF", "E01028552", "rose-hill"),          // Rose Hill Home Care (decile 2)
    p("OX4 4JP", "E01028576", "rose-hill"),          // Rose Hill Laundry (directory, decile 2)
    p("OX4 4PU", "E01028576", "rose-hill"),          // Rose Hill Advice Project (charity)
    p("OX4 6HW", "E01028568", "blackbird-leys"),     // Blackbird Leys Care Co-op (decile 1)
    p("OX4 6JZ", "E01028520", "blackbird-leys"),     // Leys Community Larder (charity)
    // Vale of White Horse (E07000180).
    p("OX2 0HA", "E01028733", "botley"),             // Botley Catering Supplies
    p("OX2 9HB", "E01028709", "cumnor-hill"),        // Cumnor Hill Consulting
    p("OX14 3RF", "E01028692", "abingdon-south"),    // Abingdon Furniture Reuse (decile 2)
    p("OX14 5AX", "E01028697", "abingdon"),          // Abingdon Locksmiths & Security
    p("OX12 8AH", "E01028759", "wantage"),           // Wantage Makerspace (directory)
    p("SN7 7AA", "E01028732", "faringdon"),          // Faringdon Fencing
    // South Oxfordshire (E07000179).
    p("OX11 7HN", "E01028631", "didcot"),            // Didcot Community Transport
    p("OX11 8AB", "E01028633", "didcot"),            // Didcot Van Hire
    p("OX10 0EU", "E01028636", "wallingford"),       // Wallingford Arboriculture
    p("OX10 0BS", "E01028636", "wallingford"),       // Wallingford Riverside Youth Trust (charity)
    p("OX10 8BA", "E01028635", "wallingford"),       // South Oxfordshire Home Care (directory)
    p("OX9 2AA", "E01028671", "thame"),              // Thame Legal
    p("OX9 3HH", "E01028673", "thame"),              // Thame Community Pub (directory)
    p("RG9 2AA", "E01028663", "henley"),             // Henley Conference & Events
    // Cherwell (E07000177).
    p("OX16 5AW", "E01028450", "banbury-ruscote"),   // Cherwell Tech Workers Co-op (decile 2)
    p("OX16 5HX", "E01028454", "banbury-ruscote"),   // Banbury Ruscote Food Bank (charity)
    p("OX16 2AX", "E01028437", "banbury"),           // Banbury Grounds Maintenance
    big("OX15 4AA", "E01028433", "bodicote"),        // Cherwell District Council
    p("OX5 1AB", "E01028493", "kidlington"),         // Kidlington Roofing
    big("OX5 2NX", "E01028496", "kidlington"),       // Thames Valley Police
    p("OX5 2AB", "E01028490", "kidlington"),         // Kidlington Cleaning Co-op (directory)
    p("OX26 6EQ", "E01028456", "bicester"),          // Bicester Joinery
    p("OX26 2NB", "E01028466", "bicester"),          // Bicester Community Catering (directory)
    // West Oxfordshire (E07000181).
    p("OX28 4BN", "E01028809", "witney"),            // Witney Skip Hire
    ended(TERMINATED_IN_USE, "E01028781", "chipping-norton", "202003"), // Chipping Norton Cleaning
    p("OX29 4HH", "E01028772", "eynsham"),           // Eynsham Organic Growers (directory)
    // Out of area: national firms, pension schemes and out-of-area co-ops.
    p("M1 1AE", "E01033681", "manchester"),
    p("M1 3HU", "E01033681", "manchester"),
    p("M1 4BT", "E01033683", "manchester"),
    p("M1 2WD", "E01033683", "manchester"),
    p("M1 1JG", "E01033681", "manchester"),
    p("M4 6DE", "E01033683", "ancoats"),
    p("B1 1BB", "E01033622", "birmingham"),
    p("B1 2JB", "E01033625", "birmingham"),
    p("B1 3NP", "E01033622", "birmingham"),
    p("B1 1HQ", "E01033622", "birmingham"),
    p("B1 2HF", "E01033625", "birmingham"),
    p("LS1 4DY", "E01033018", "leeds"),
    p("LS1 5AB", "E01033016", "leeds"),
    p("LS1 2AB", "E01033018", "leeds"),
    p("LS1 6LP", "E01033016", "leeds"),
    p("EC1A 4HD", "E01032739", "city-of-london"),
    p("EC1A 9HP", "E01032739", "city-of-london"),
    p("EC1V 4PW", "E01033489", "clerkenwell"),
    p("EC1M 6HA", "E01033489", "clerkenwell"),
    p("EC1R 0HA", "E01033489", "clerkenwell"),
    p("EC1V 9HX", "E01033489", "clerkenwell"),
    p("BS1 4DJ", "E01014540", "bristol"),
    p("BS1 5QD", "E01014540", "bristol"),
    p("RG1 3EU", "E01033420", "reading"),
    big("NE15 8NY", "E01033545", "newcastle"),
    p("NE1 7RU", "E01033545", "newcastle"),
    big("L1 4DQ", "E01033760", "liverpool"),
    p("L1 4AF", "E01033760", "liverpool"),
];

/// Made-up neighbours added to every OX sector the sample uses.
pub const NEIGHBOURS_PER_SECTOR: usize = 5;

/// One row of the postcode lookup.
pub struct Postcode {
    pub pcds: String,
    pub dointr: String,
    pub doterm: String,
    pub usertype: u8,
    pub lat: f64,
    pub lon: f64,
    pub oa: &'static str,
    pub oac: &'static str,
    pub lsoa: &'static str,
    pub locality: &'static Locality,
    /// Placed by hand (as opposed to a made-up neighbour).
    pub fixed: bool,
}

impl Postcode {
    /// The postcode area: `OX` for `OX14 3RF`, `EC` for `EC1V 4PW`.
    pub fn area(&self) -> &str {
        let end = self
            .pcds
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(self.pcds.len());
        &self.pcds[..end]
    }

    /// `OX4 1` for `OX4 1HU`.
    pub fn sector(&self) -> String {
        self.pcds[..self.pcds.len() - 2].to_string()
    }
}

/// The postcode directory: the fixed postcodes plus their neighbours, sorted as the NSPL is.
pub fn postcodes(geo: &Geography, rng: &mut impl Rng) -> Vec<Postcode> {
    let mut out: Vec<Postcode> = FIXED
        .iter()
        .map(|f| {
            let l = locality(f.locality);
            let oa = &geo.oas[f.lsoa][0];
            Postcode {
                pcds: f.postcode.to_string(),
                dointr: f.dointr.to_string(),
                doterm: f.doterm.to_string(),
                usertype: f.usertype,
                lat: l.lat + 0.006 * jitter(f.postcode, 1),
                lon: l.lon + 0.009 * jitter(f.postcode, 2),
                oa: oa.code,
                oac: oa.oac,
                lsoa: geo.lsoa(f.lsoa).code,
                locality: l,
                fixed: true,
            }
        })
        .collect();
    let mut taken: BTreeSet<String> = out.iter().map(|p| p.pcds.clone()).collect();
    let mut sectors: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in out.iter().enumerate() {
        if p.area() == "OX" {
            sectors.entry(p.sector()).or_default().push(i);
        }
    }
    const UNIT: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ"; // no C I K M O V in the inward code
    const INTRODUCED: [&str; 6] = ["198001", "198001", "198001", "199002", "200012", "201208"];
    let mut extra = Vec::new();
    for (sector, members) in &sectors {
        for _ in 0..NEIGHBOURS_PER_SECTOR {
            let base = &out[*members.choose(rng).expect("sector has a member")];
            let pcds = loop {
                let u = [*UNIT.choose(rng).unwrap(), *UNIT.choose(rng).unwrap()];
                let candidate = format!("{sector}{}", String::from_utf8_lossy(&u));
                if taken.insert(candidate.clone()) {
                    break candidate;
                }
            };
            let home = geo.lsoa(base.lsoa);
            let lsoa: &Lsoa = if rng.random_bool(0.35) {
                geo.siblings(home).choose(rng).copied().unwrap_or(home)
            } else {
                home
            };
            let oa = geo.oas[lsoa.code].choose(rng).expect("LSOA has an OA");
            extra.push(Postcode {
                dointr: INTRODUCED.choose(rng).unwrap().to_string(),
                doterm: String::new(),
                usertype: u8::from(rng.random_bool(0.08)),
                lat: base.lat + rng.random_range(-0.0018..0.0018),
                lon: base.lon + rng.random_range(-0.0027..0.0027),
                oa: oa.code,
                oac: oa.oac,
                lsoa: lsoa.code,
                locality: base.locality,
                fixed: false,
                pcds,
            });
        }
    }
    out.extend(extra);
    // Inside its own LSOA on the sample's map: a postcode of an LSOA the sample has
    // boundaries for (Oxford's) takes one of that LSOA's interior points.
    let inner = interior_points();
    for p in &mut out {
        if let Some(points) = inner.get(p.lsoa) {
            let i = ((jitter(&p.pcds, 3) + 1.0) / 2.0 * points.len() as f64) as usize;
            (p.lat, p.lon) = points[i.min(points.len() - 1)];
        }
    }
    out.sort_by_key(|p| pcd(&p.pcds));
    out
}

/// Points inside each Oxford LSOA, from tools/samplegen/extract_boundaries.py.
fn interior_points() -> BTreeMap<&'static str, Vec<(f64, f64)>> {
    const TABLE: &str = include_str!("../data/oxford_lsoa_points.tsv");
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let code = f.next()?;
            let points: Vec<(f64, f64)> = f
                .filter_map(|p| {
                    let (la, lo) = p.split_once(',')?;
                    Some((la.parse().ok()?, lo.parse().ok()?))
                })
                .collect();
            (!points.is_empty()).then_some((code, points))
        })
        .collect()
}

/// A deterministic value in [-1, 1) from a string (FNV-1a).
fn jitter(s: &str, salt: u32) -> f64 {
    let h = s.bytes().fold(2_166_136_261u32 ^ salt, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16_777_619)
    });
    f64::from(h % 20_001) / 10_000.0 - 1.0
}

/// The 7-character NSPL `pcd`: `M1  1AE`, `OX4 1HU`, `OX143RF`.
pub fn pcd(pcds: &str) -> String {
    let (out, inw) = pcds.split_once(' ').expect("postcode has a space");
    format!("{out:<4}{inw}")
}

/// The 8-character `pcd2`: `M1   1AE`, `OX4  1HU`, `OX14 3RF`.
pub fn pcd2(pcds: &str) -> String {
    let (out, inw) = pcds.split_once(' ').expect("postcode has a space");
    format!("{out:<4} {inw}")
}

pub const NSPL_HEADER: &str = "pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa11,cty,ced,laua,ward,hlthau,nhser,ctry,rgn,pcon,eer,teclec,ttwa,pct,itl,park,lsoa11,msoa11,wz11,ccg,bua11,buasd11,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,stp";

/// One NSPL record: every field quoted except `lat`, `long` and `imd`, as ONS writes it.
pub fn nspl_line(geo: &Geography, pc: &Postcode) -> String {
    let lsoa = geo.lsoa(pc.lsoa);
    let d = DISTRICTS
        .iter()
        .find(|d| d.lad == lsoa.lad)
        .unwrap_or_else(|| panic!("no district codes for {}", lsoa.lad));
    let (hlthau, nhser, eer) = region_codes(lsoa.rgn);
    let l = pc.locality;
    let (e, n) = national_grid(pc.lat, pc.lon);
    let oac = {
        let mut c = pc.oac.chars();
        let (g, s, r) = (c.next().unwrap(), c.next().unwrap(), c.as_str());
        format!("{g}{}{r}", s.to_ascii_uppercase())
    };
    let wz = format!(
        "E33{:06}",
        (jitter(pc.oa, 7) + 1.0).mul_add(24_000.0, 1_000.0) as u32
    );
    let q = |s: &str| quoted(s);
    let fields = [
        q(&pcd(&pc.pcds)),
        q(&pcd2(&pc.pcds)),
        q(&pc.pcds),
        q(&pc.dointr),
        q(&pc.doterm),
        q(&pc.usertype.to_string()),
        q(&format!("{e:06}")),
        q(&format!("{n:07}")),
        q("1"),
        q(pc.oa),
        q(d.cty),
        q(l.ced),
        q(lsoa.lad),
        q(l.ward),
        q(hlthau),
        q(nhser),
        q("E92000001"),
        q(lsoa.rgn),
        q(l.pcon),
        q(eer),
        q(d.teclec),
        q(l.ttwa),
        q(d.pct),
        q(lsoa.lad),
        q(NO),
        q(lsoa.code),
        q(lsoa.msoa),
        q(&wz),
        q(d.ccg),
        q(l.bua),
        q(l.buasd),
        q(l.ru),
        q(&oac),
        format!("{:.6}", pc.lat),
        format!("{:.6}", pc.lon),
        q(d.lep),
        q(""),
        q(d.pfa),
        lsoa.rank.to_string(),
        q(d.calncv),
        q(d.stp),
    ];
    fields.join(",")
}

/// The NSPL file for the postcodes `keep` selects (LF line ends, no BOM, like ONS's).
pub fn nspl_csv(geo: &Geography, pcs: &[Postcode], keep: impl Fn(&Postcode) -> bool) -> String {
    let mut s = String::from(NSPL_HEADER);
    s.push('\n');
    for pc in pcs.iter().filter(|p| keep(p)) {
        s.push_str(&nspl_line(geo, pc));
        s.push('\n');
    }
    s
}

/// `29199` → `"29,199"`, `546` → `546`, as File 1 writes ranks.
fn rank_field(rank: u32) -> String {
    if rank >= 1000 {
        format!("\"{},{:03}\"", rank / 1000, rank % 1000)
    } else {
        rank.to_string()
    }
}

/// IMD 2019 File 1 for the LSOAs the postcodes use: UTF-8 with a BOM, CRLF, no line end
/// after the last row, ranks with a thousands separator, exactly as MHCLG publishes it.
pub fn imd_file1(geo: &Geography, lsoas: &BTreeSet<&str>) -> String {
    let mut lines = vec![
        "\u{feff}LSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile".to_string(),
    ];
    for code in lsoas {
        let l = geo.lsoa(code);
        lines.push(format!(
            "{},{},{},{},{},{}",
            l.code,
            csv_field(l.name, ','),
            l.lad,
            csv_field(l.lad_name, ','),
            rank_field(l.rank),
            l.decile
        ));
    }
    lines.join("\r\n")
}

/// The ONS OA11→LSOA11→MSOA11→LAD17 lookup rows of those LSOAs' first OAs: UTF-8 with a
/// BOM, LF, fields quoted only when they hold a comma, in FID order.
pub fn oa_lookup(geo: &Geography, lsoas: &BTreeSet<&str>) -> String {
    let mut s = String::from(
        "\u{feff}OA11CD,OAC11CD,OAC11NM,LSOA11CD,LSOA11NM,SOAC11CD,SOAC11NM,MSOA11CD,MSOA11NM,LAD17CD,LAD17NM,LACCD,LACNM,RGN11CD,RGN11NM,CTRY11CD,CTRY11NM,FID\n",
    );
    let mut oas: Vec<_> = lsoas.iter().flat_map(|c| &geo.oas[c]).collect();
    oas.sort_by_key(|o| o.fid);
    for o in oas {
        let l = geo.lsoa(o.lsoa);
        let f = |v: &str| csv_field(v, ',');
        let row = [
            o.code,
            o.oac,
            geo.name(o.oac),
            l.code,
            l.name,
            l.soac,
            geo.name(l.soac),
            l.msoa,
            l.msoa_name,
            l.lad,
            l.lad_name,
            o.lac,
            geo.name(o.lac),
            l.rgn,
            geo.name(l.rgn),
            "E92000001",
            geo.name("E92000001"),
        ];
        let row: Vec<String> = row.iter().map(|v| f(v)).collect();
        s.push_str(&format!("{},{}\n", row.join(","), o.fid));
    }
    s
}

/// Fails unless every postcode in `needed` is in the directory.
pub fn check_covered<'a>(
    pcs: &[Postcode],
    needed: impl IntoIterator<Item = (&'a str, String)>,
) -> Result<()> {
    let have: BTreeSet<&str> = pcs.iter().map(|p| p.pcds.as_str()).collect();
    let missing: Vec<String> = needed
        .into_iter()
        .filter(|(pc, _)| !pc.is_empty() && !have.contains(pc))
        .map(|(pc, who)| format!("{pc} ({who})"))
        .collect();
    if !missing.is_empty() {
        bail!(
            "postcodes missing from the NSPL sample: {}",
            missing.join(", ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nspl_postcode_spellings() {
        assert_eq!(pcd("M1 1AE"), "M1  1AE");
        assert_eq!(pcd("OX4 1HU"), "OX4 1HU");
        assert_eq!(pcd("OX14 3RF"), "OX143RF");
        assert_eq!(pcd2("M1 1AE"), "M1   1AE");
        assert_eq!(pcd2("OX4 1HU"), "OX4  1HU");
        assert_eq!(pcd2("EC1V 4PW"), "EC1V 4PW");
        assert_eq!(rank_field(29_199), "\"29,199\"");
        assert_eq!(rank_field(3_168), "\"3,168\"");
        assert_eq!(rank_field(546), "546");
    }
}
