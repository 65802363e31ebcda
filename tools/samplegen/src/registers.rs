//! The four organisation registers, in the layouts their publishers release: Co-operatives
//! UK open data (2017 organisations file), Companies House BasicCompanyData, the Charity
//! Commission register extract (charity table) and an FCA Mutuals Public Register export.
//! Every organisation is made up; the co-ops and firms are the sample's suppliers and
//! directory entries, spelt as a register would spell them.

use crate::dates::Date;
use crate::formats::quoted;

// ---------------------------------------------------------------------------------------
// Co-operatives UK
// ---------------------------------------------------------------------------------------

/// SIC 2007 hierarchy as Co-ops UK spells it: (5-digit code, has a level-5 subclass,
/// section, level 2, level 3, level 4, level 5 descriptions).
type Sic = (
    &'static str,
    bool,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const SIC: &[Sic] = &[
    ("01130", false, "Agriculture, Forestry and Fishing", "Crop and animal production, hunting and related service activities", "Growing of non-perennial crops", "Growing of vegetables and melons, roots and tubers", ""),
    ("18129", true, "Manufacturing", "Printing and reproduction of recorded media", "Printing and service activities related to printing", "Other printing", "Printing (other than printing of newspapers and printing on labels and tags) n.e.c."),
    ("35110", false, "Electricity, Gas, Steam and Air Con", "Electricity, gas, steam and air conditioning supply", "Electric power generation, transmission and distribution", "Production of electricity", ""),
    ("43320", false, "Construction", "Specialised construction activities", "Building completion and finishing", "Joinery installation", ""),
    ("47110", false, "Wholesale and Retail; Vehicle Repair", "Retail trade, except of motor vehicles and motorcycles", "Retail sale in non-specialised stores", "Retail sale in non-specialised stores with food, beverages or tobacco predominating", ""),
    ("47290", false, "Wholesale and Retail; Vehicle Repair", "Retail trade, except of motor vehicles and motorcycles", "Retail sale of food, beverages and tobacco in specialised stores", "Other retail sale of food in specialised stores", ""),
    ("53202", true, "Transportation and Storage", "Postal and courier activities", "Other postal and courier activities", "Other postal and courier activities", "Unlicensed Carriers"),
    ("56101", true, "Accommodation and Food Services", "Food and beverage service activities", "Restaurants and mobile food service activities", "Restaurants and mobile food service activities", "Licensed restaurants"),
    ("56210", false, "Accommodation and Food Services", "Food and beverage service activities", "Event catering and other food service activities", "Event catering activities", ""),
    ("56302", true, "Accommodation and Food Services", "Food and beverage service activities", "Beverage serving activities", "Beverage serving activities", "Public houses and bars"),
    ("62012", true, "Information and Communication", "Computer programming, consultancy and related activities", "Computer programming, consultancy and related activities", "Computer programming activities", "Business and domestic software development"),
    ("62020", false, "Information and Communication", "Computer programming, consultancy and related activities", "Computer programming, consultancy and related activities", "Computer consultancy activities", ""),
    ("68201", true, "Real Estate", "Real estate activities", "Renting and operating of own or leased real estate", "Renting and operating of own or leased real estate", "Renting and operating of Housing Association real estate"),
    ("74100", false, "Professional, Scientific and Technical", "Other professional, scientific and technical activities", "Specialised design activities", "Specialised design activities", ""),
    ("74300", false, "Professional, Scientific and Technical", "Other professional, scientific and technical activities", "Translation and interpretation activities", "Translation and interpretation activities", ""),
    ("81210", false, "Administrative and Support Services", "Services to buildings and landscape activities", "Cleaning activities", "General cleaning of buildings", ""),
    ("81300", false, "Administrative and Support Services", "Services to buildings and landscape activities", "Landscape service activities", "Landscape service activities", ""),
    ("88100", false, "Human Health and Social Work", "Social work activities without accommodation", "Social work activities without accommodation for the elderly and disabled", "Social work activities without accommodation for the elderly and disabled", ""),
    ("88910", false, "Human Health and Social Work", "Social work activities without accommodation", "Other social work activities without accommodation", "Child day-care activities", ""),
    ("96010", false, "Other Service Activities", "Other personal service activities", "Other personal service activities", "Washing and (dry-)cleaning of textile and fur products", ""),
];

/// One row of the Co-ops UK organisations file.
pub struct Coop {
    pub id: &'static str,
    pub number: &'static str,
    pub registrar: &'static str,
    pub name: &'static str,
    pub trading: &'static str,
    pub legal_form: &'static str,
    pub street: &'static str,
    pub city: &'static str,
    pub county: &'static str,
    pub postcode: &'static str,
    pub sic: &'static str,
    pub sector: &'static str,
    pub ownership: &'static str,
    pub status: &'static str,
    pub incorporated: &'static str,
    pub dissolved: &'static str,
}

/// The Botley Road Carpenters' postcode as Co-ops UK holds it: letter O for the zero of
/// `OX2 0BT`.
pub const TYPO_POSTCODE: (&str, &str) = ("OX2 OBT", "OX2 0BT");

const FCA: &str = "FCA";
const CH: &str = "Companies House";

#[allow(clippy::too_many_arguments)]
const fn c(
    id: &'static str,
    number: &'static str,
    registrar: &'static str,
    name: &'static str,
    trading: &'static str,
    legal_form: &'static str,
    street: &'static str,
    city: &'static str,
    county: &'static str,
    postcode: &'static str,
    sic: &'static str,
    sector: &'static str,
    ownership: &'static str,
    incorporated: &'static str,
) -> Coop {
    Coop {
        id,
        number,
        registrar,
        name,
        trading,
        legal_form,
        street,
        city,
        county,
        postcode,
        sic,
        sector,
        ownership,
        status: "Live",
        incorporated,
        dissolved: "",
    }
}

#[rustfmt::skip]
pub const COOPS: &[Coop] = &[
    // Oxfordshire: the co-ops anchors pay and those in the directory.
    c("R100101", "7123CS", FCA, "Cowley Road Workers Co-operative Limited", "Cowley Road Workers Co-op", "Society", "112 Cowley Road", "Oxford", "Oxfordshire", "OX4 1HU", "18129", "Manufacturing", "Workers", "14/3/2016"),
    c("R100102", "7890CBS", FCA, "Oxford Community Energy Society Limited", "Oxford Community Energy", "Society", "Unit 2\nThe Oval\nRose Hill", "Oxford", "Oxfordshire", "OX4 4GA", "35110", "Energy and Environment", "Community of Interest", "2/6/2017"),
    c("R100103", "29876R", FCA, "Headington Wholefoods Co-operative Limited", "Headington Wholefoods", "Society", "48 London Road\nHeadington", "Oxford", "Oxfordshire", "OX3 7AG", "47290", "Retail", "Consumers", "21/9/2004"),
    c("R100104", "09234567", CH, "Isis Cycle Couriers Co-operative Limited", "Isis Cycle Couriers", "Company", "7 Park End Street", "Oxford", "Oxfordshire", "OX1 1AP", "53202", "Transport", "Workers", "22/9/2014"),
    c("R100105", "8321CS", FCA, "Blackbird Leys Care Co-operative Limited", "Blackbird Leys Care Co-op", "Society", "Blackbird Leys Community Centre\nBlackbird Leys Road", "Oxford", "Oxfordshire", "OX4 6HW", "88100", "Health and Social Care", "Multi-stakeholder", "9/1/2019"),
    c("R100106", "12345098", CH, "Wood Farm Community Gardeners C.I.C.", "Wood Farm Community Gardeners", "Community Interest Company", "The Pavilion\nTitup Hall Drive", "Oxford", "Oxfordshire", "OX3 8QQ", "81300", "Other", "Multi-stakeholder", "5/12/2019"),
    c("R100107", "7455CS", FCA, "Cherwell Tech Workers Co-operative Limited", "Cherwell Tech", "Society", "Unit 5\nRuscote Avenue", "Banbury", "Oxfordshire", "OX16 5AW", "62020", "Digital, Media and Communication", "Workers", "17/10/2017"),
    c("R100108", "6998CS", FCA, "Oxford Interpreting Co-operative Limited", "Oxford Interpreting", "Society", "21 Walton Street", "Oxford", "Oxfordshire", "OX2 6HT", "74300", "Professional and Legal services", "Self-employed", "3/3/2015"),
    c("R100109", "31877R", FCA, "Rose Hill Laundry Co-operative Limited", "Rose Hill Laundry", "Society", "4 Ashhurst Way", "Oxford", "Oxfordshire", "OX4 4JP", "96010", "Other", "Workers", "12/5/2012"),
    c("R100110", "7311CBS", FCA, "Thame Community Pub Society Limited", "Thame Community Pub", "Society", "12 Upper High Street", "Thame", "Oxfordshire", "OX9 3HH", "56302", "Food service, Accommodation and Pubs", "Community of Interest", "28/4/2016"),
    c("R100111", "4412CS", FCA, "Kidlington Cleaning Co-operative Limited", "Kidlington Cleaning Co-op", "Society", "The Moors", "Kidlington", "Oxfordshire", "OX5 2AB", "81210", "Other", "Workers", "7/7/2015"),
    c("R100112", "4587CS", FCA, "Botley Road Carpenters Co-operative Limited", "Botley Road Carpenters", "Society", "Unit 3\n250 Botley Road", "Oxford", "Oxfordshire", TYPO_POSTCODE.0, "43320", "Other", "Workers", "19/2/2016"),
    c("R100113", "30512R", FCA, "East Oxford Childcare Co-operative Limited", "East Oxford Childcare", "Society", "East Oxford Community Centre\nPrinces Street", "Oxford", "Oxfordshire", "OX4 1EY", "88910", "Education", "Consumers", "11/8/2008"),
    c("R100114", "28711R", FCA, "Eynsham Organic Growers Co-operative Limited", "Eynsham Organic Growers", "Society", "Home Farm\nWitney Road", "Eynsham", "Oxfordshire", "OX29 4HH", "01130", "Agriculture", "Enterprises", "30/1/2001"),
    c("R100115", "8102CS", FCA, "South Oxfordshire Home Care Co-operative Limited", "South Oxfordshire Home Care", "Society", "9 St Martin's Street", "Wallingford", "Oxfordshire", "OX10 8BA", "88100", "Health and Social Care", "Multi-stakeholder", "15/11/2018"),
    Coop { status: "Dead", dissolved: "22/3/2015", ..c("R100116", "21345R", FCA, "East Oxford Wholefoods Co-operative Limited", "East Oxford Wholefoods", "Society", "67 Cowley Road", "Oxford", "Oxfordshire", crate::places::TERMINATED_DEAD, "47290", "Retail", "Consumers", "4/6/1986") },
    // Elsewhere in England.
    c("R100201", "4721CS", FCA, "Northern Quarter Workers Co-operative Limited", "Northern Quarter Kitchen", "Society", "14 Tib Street", "Manchester", "Greater Manchester", "M1 1JG", "56101", "Food service, Accommodation and Pubs", "Workers", "6/9/2017"),
    c("R100202", "18874R", FCA, "Ancoats Housing Co-operative Limited", "Ancoats Housing Co-op", "Society", "2 Murray Street", "Manchester", "Greater Manchester", "M4 6DE", "68201", "Housing", "Tenants", "1/4/1982"),
    c("R100203", "10876543", CH, "Digbeth Design Co-operative Ltd", "Digbeth Design", "Company", "33 Newhall Street", "Birmingham", "West Midlands", "B1 1HQ", "74100", "Arts and Culture", "Workers", "2/8/2017"),
    c("R100204", "4950CS", FCA, "Midland Catering Workers Co-operative Limited", "Midland Catering", "Society", "8 Brindley Place", "Birmingham", "West Midlands", "B1 2HF", "56210", "Food service, Accommodation and Pubs", "Workers", "24/5/2019"),
    c("R100205", "4611CS", FCA, "Leeds Cycle Workers Co-operative Limited", "Leeds Cycle Couriers", "Society", "5 Boar Lane", "Leeds", "West Yorkshire", "LS1 6LP", "53202", "Transport", "Workers", "13/1/2016"),
    c("R100206", "5012CS", FCA, "Clerkenwell Software Workers Co-operative Limited", "Clerkenwell Software", "Society", "90 City Road", "London", "", "EC1V 9HX", "62012", "Digital, Media and Communication", "Workers", "3/10/2019"),
    c("R100207", "7403CBS", FCA, "Bristol Food Hub Co-operative Limited", "Bristol Food Hub", "Society", "17 Broad Street", "Bristol", "", "BS1 5QD", "47110", "Retail", "Multi-stakeholder", "20/2/2017"),
    c("R100208", "7566CBS", FCA, "Reading Community Energy Society Limited", "Reading Community Energy", "Society", "35-39 London Street", "Reading", "Berkshire", "RG1 3EU", "35110", "Energy and Environment", "Community of Interest", "8/11/2016"),
    c("R100209", "4832CS", FCA, "Tyneside Translation Co-operative Limited", "Tyneside Translation", "Society", "Floor 2\n7 Grey Street", "Newcastle upon Tyne", "Tyne and Wear", "NE1 7RU", "74300", "Professional and Legal services", "Self-employed", "25/6/2018"),
    c("R100210", "19332R", FCA, "Merseyside Tenants Housing Co-operative Limited", "Merseyside Tenants", "Society", "Cornwallis Street", "Liverpool", "Merseyside", "L1 4AF", "68201", "Housing", "Tenants", "17/3/1983"),
    c("R100211", "31200R", FCA, "Co-operative Cleaning Consortium Limited", "Co-op Cleaning Consortium", "Society", "1 Cloth Fair", "London", "", "EC1A 9HP", "81210", "Other", "Enterprises", "9/9/2011"),
];

pub const COOPS_HEADER: &str = "\"CUK Organisation ID\",\"Registered Number\",\"Registrar\",\"Registered Name\",\"Trading Name\",\"Legal Form\",\"Registered Street\",\"Registered City\",\"Registered State/Province\",\"Registered Postcode\",\"UK Nation\",\"SIC Code\",\"SIC section\",\"SIC code  - level 2\",\"SIC code  - level 2 description\",\"SIC code  - level 3\",\"SIC code  - level 3 description\",\"SIC code  - level 4\",\"SIC code  - level 4 description\",\"SIC code  - level 5\",\"SIC code  - level 5 description\",\"Sector - Simplified, High Level\",\"Ownership Classification\",\"Registered Status\",\"Incorporation Date\",\"Dissolved Date\"";

/// The Co-ops UK organisations file: no BOM, CRLF, every field quoted, line breaks inside
/// the street field, dates as `d/m/yyyy`.
pub fn coops_uk_csv() -> String {
    let mut lines = vec![COOPS_HEADER.to_string()];
    for co in COOPS {
        let (code, sub, section, l2, l3, l4, l5) = *SIC
            .iter()
            .find(|s| s.0 == co.sic)
            .unwrap_or_else(|| panic!("no SIC hierarchy for {}", co.sic));
        let k = |n: usize| format!("UKSIC07-{}", &code[..n]);
        let (top, lv5, lv5d) = if sub {
            (k(5), k(5), l5)
        } else {
            (k(4), String::new(), "")
        };
        let fields = [
            co.id,
            co.number,
            co.registrar,
            co.name,
            co.trading,
            co.legal_form,
            co.street,
            co.city,
            co.county,
            co.postcode,
            "England",
            &top,
            section,
            &k(2),
            l2,
            &k(3),
            l3,
            &k(4),
            l4,
            &lv5,
            lv5d,
            co.sector,
            co.ownership,
            co.status,
            co.incorporated,
            co.dissolved,
        ];
        lines.push(
            fields
                .iter()
                .map(|f| quoted(f))
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    let mut s = lines.join("\r\n");
    s.push_str("\r\n");
    s
}

// ---------------------------------------------------------------------------------------
// FCA Mutuals Public Register
// ---------------------------------------------------------------------------------------

/// The FCA-registered co-ops above, as an export of the Mutuals Public Register. The FCA
/// holds the Botley Road Carpenters' postcode correctly.
pub fn fca_mutuals_csv() -> String {
    let mut s = String::from(
        "Society Name,Registered Number,Society Type,Registration Date,Status,Registered Office Address,Postcode\n",
    );
    for co in COOPS.iter().filter(|c| c.registrar == FCA) {
        let kind = if co.number.ends_with("CBS") {
            "Community Benefit Society"
        } else if co.number.ends_with("CS") {
            "Co-operative Society"
        } else {
            "Registered Society"
        };
        let (d, m, y) = dmy_parts(co.incorporated);
        let address = format!("{}, {}", co.street.replace('\n', ", "), co.city);
        let postcode = if co.postcode == TYPO_POSTCODE.0 {
            TYPO_POSTCODE.1
        } else {
            co.postcode
        };
        let status = if co.status == "Dead" {
            "Cancelled"
        } else {
            "Registered"
        };
        let f = |v: &str| crate::formats::csv_field(v, ',');
        s.push_str(&format!(
            "{},{},{},{:02}/{:02}/{},{},{},{}\n",
            f(&co.name.to_uppercase()),
            co.number,
            kind,
            d,
            m,
            y,
            status,
            f(&address),
            postcode
        ));
    }
    s
}

fn dmy_parts(s: &str) -> (u32, u32, i32) {
    let p: Vec<&str> = s.split('/').collect();
    (
        p[0].parse().expect("day"),
        p[1].parse().expect("month"),
        p[2].parse().expect("year"),
    )
}

// ---------------------------------------------------------------------------------------
// Companies House BasicCompanyData
// ---------------------------------------------------------------------------------------

/// One company (or registered society) as Companies House holds it.
pub struct Company {
    pub number: &'static str,
    pub name: &'static str,
    pub address: [&'static str; 2],
    pub town: &'static str,
    pub county: &'static str,
    pub country: &'static str,
    pub postcode: &'static str,
    pub category: &'static str,
    pub incorporated: Date,
    /// Accounting reference date (day, month).
    pub year_end: (u32, u32),
    pub accounts: &'static str,
    pub sic: &'static [&'static str],
    /// Charges: registered, outstanding, part satisfied, satisfied.
    pub mortgages: [u32; 4],
    pub previous: &'static [(&'static str, &'static str)],
    pub dissolved: Option<Date>,
}

const LTD: &str = "Private Limited Company";
const PLC: &str = "Public Limited Company";
const LLP: &str = "Limited Liability Partnership";
const CIC: &str = "Community Interest Company";
const GUAR: &str = "PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)";
const RS: &str = "Registered Society";
const IPS: &str = "Industrial and Provident Society";

#[allow(clippy::too_many_arguments)]
const fn co(
    number: &'static str,
    name: &'static str,
    address: [&'static str; 2],
    town: &'static str,
    postcode: &'static str,
    category: &'static str,
    incorporated: Date,
    year_end: (u32, u32),
    accounts: &'static str,
    sic: &'static [&'static str],
) -> Company {
    Company {
        number,
        name,
        address,
        town,
        county: "",
        country: "UNITED KINGDOM",
        postcode,
        category,
        incorporated,
        year_end,
        accounts,
        sic,
        mortgages: [0; 4],
        previous: &[],
        dissolved: None,
    }
}

const fn d(y: i32, m: u32, day: u32) -> Date {
    Date::new(y, m, day)
}

const SOC: &[&str] = &["None Supplied"];

#[rustfmt::skip]
pub const COMPANIES: &[Company] = &[
    // Co-operatives and social enterprises the anchors pay.
    co("RS007123", "COWLEY ROAD WORKERS CO-OPERATIVE LIMITED", ["112 COWLEY ROAD", ""], "OXFORD", "OX4 1HU", RS, d(2016, 3, 14), (0, 0), "NO ACCOUNTS FILED", SOC),
    co("RS007890", "OXFORD COMMUNITY ENERGY SOCIETY LIMITED", ["UNIT 2 THE OVAL", "ROSE HILL"], "OXFORD", "OX4 4GA", RS, d(2017, 6, 2), (0, 0), "NO ACCOUNTS FILED", SOC),
    co("IP029876", "HEADINGTON WHOLEFOODS CO-OPERATIVE LIMITED", ["48 LONDON ROAD", "HEADINGTON"], "OXFORD", "OX3 7AG", IPS, d(2004, 9, 21), (0, 0), "NO ACCOUNTS FILED", SOC),
    co("RS008321", "BLACKBIRD LEYS CARE CO-OPERATIVE LIMITED", ["BLACKBIRD LEYS COMMUNITY CENTRE", "BLACKBIRD LEYS ROAD"], "OXFORD", "OX4 6HW", RS, d(2019, 1, 9), (0, 0), "NO ACCOUNTS FILED", SOC),
    co("RS007455", "CHERWELL TECH WORKERS CO-OPERATIVE LIMITED", ["UNIT 5", "RUSCOTE AVENUE"], "BANBURY", "OX16 5AW", RS, d(2017, 10, 17), (0, 0), "NO ACCOUNTS FILED", SOC),
    co("RS006998", "OXFORD INTERPRETING CO-OPERATIVE LIMITED", ["21 WALTON STREET", ""], "OXFORD", "OX2 6HT", RS, d(2015, 3, 3), (0, 0), "NO ACCOUNTS FILED", SOC),
    co("11876543", "BARTON COMMUNITY BAKERY C.I.C.", ["UNIT 1 BARTON NEIGHBOURHOOD CENTRE", "UNDERHILL CIRCUS"], "OXFORD", "OX3 9LJ", CIC, d(2019, 3, 4), (31, 3), "MICRO ENTITY", &["10710 - Manufacture of bread; manufacture of fresh pastry goods and cakes", "56210 - Event catering activities"]),
    co("09234567", "ISIS CYCLE COURIERS CO-OPERATIVE LIMITED", ["7 PARK END STREET", ""], "OXFORD", "OX1 1AP", GUAR, d(2014, 9, 22), (30, 9), "TOTAL EXEMPTION FULL", &["53202 - Unlicensed carrier"]),
    co("12345098", "WOOD FARM COMMUNITY GARDENERS C.I.C.", ["THE PAVILION", "TITUP HALL DRIVE"], "OXFORD", "OX3 8QQ", CIC, d(2019, 12, 5), (31, 12), "MICRO ENTITY", &["81300 - Landscape service activities"]),
    co("10987654", "ABINGDON FURNITURE RE-USE CIC", ["5 OCK STREET", ""], "ABINGDON", "OX14 3RF", CIC, d(2017, 9, 12), (31, 3), "SMALL", &["47790 - Retail sale of second-hand goods in stores", "38320 - Recovery of sorted materials"]),
    Company { county: "OXFORDSHIRE", ..co("05432198", "DIDCOT COMMUNITY TRANSPORT", ["THE CIVIC HALL", "BRITWELL ROAD"], "DIDCOT", "OX11 7HN", GUAR, d(2005, 4, 28), (31, 3), "TOTAL EXEMPTION FULL", &["49390 - Other passenger land transport"]) },
    // Local firms.
    Company { mortgages: [2, 1, 0, 1], ..co("06543210", "A G S HEATING & PLUMBING LIMITED", ["14 BETWEEN TOWNS ROAD", "COWLEY"], "OXFORD", "OX4 2JY", LTD, d(2008, 3, 18), (31, 3), "TOTAL EXEMPTION FULL", &["43220 - Plumbing, heat and air-conditioning installation"]) },
    co("07123456", "HEADINGTON ELECTRICAL SERVICES LIMITED", ["77 LONDON ROAD", "HEADINGTON"], "OXFORD", "OX3 7BS", LTD, d(2010, 1, 25), (31, 1), "MICRO ENTITY", &["43210 - Electrical installation"]),
    Company { county: "OXFORDSHIRE", ..co("04987123", "KIDLINGTON ROOFING LIMITED", ["UNIT 3 LANGFORD LANE", ""], "KIDLINGTON", "OX5 1AB", LTD, d(2003, 12, 1), (31, 12), "TOTAL EXEMPTION FULL", &["43910 - Roofing activities"]) },
    co("03876512", "SUMMERTOWN STATIONERS LIMITED", ["262 BANBURY ROAD", "SUMMERTOWN"], "OXFORD", "OX2 7HG", LTD, d(1999, 11, 8), (30, 11), "SMALL", &["47620 - Retail sale of newspapers and stationery in specialised stores"]),
    co("08123987", "BANBURY GROUNDS MAINTENANCE LTD", ["9 SOUTHAM ROAD", ""], "BANBURY", "OX16 2AX", LTD, d(2012, 6, 19), (30, 6), "MICRO ENTITY", &["81300 - Landscape service activities"]),
    co("05678123", "BOTLEY CATERING SUPPLIES LIMITED", ["UNIT 6 WEST WAY", "BOTLEY"], "OXFORD", "OX2 0HA", LTD, d(2006, 1, 10), (31, 1), "SMALL", &["46390 - Non-specialised wholesale of food, beverages and tobacco"]),
    Company { mortgages: [1, 1, 0, 0], ..co("06012345", "WITNEY SKIP HIRE LIMITED", ["DOWNS ROAD", ""], "WITNEY", "OX28 4BN", LTD, d(2007, 1, 3), (31, 1), "TOTAL EXEMPTION FULL", &["38110 - Collection of non-hazardous waste"]) },
    co("07890123", "ABINGDON LOCKSMITHS & SECURITY LIMITED", ["31 STERT STREET", ""], "ABINGDON", "OX14 5AX", LTD, d(2012, 1, 6), (31, 1), "MICRO ENTITY", &["80200 - Security systems service activities"]),
    co("OC345678", "THAME LEGAL LLP", ["2 HIGH STREET", ""], "THAME", "OX9 2AA", LLP, d(2009, 6, 1), (31, 5), "TOTAL EXEMPTION FULL", &["None Supplied"]),
    co("04456789", "DIDCOT VAN HIRE LIMITED", ["BROADWAY", ""], "DIDCOT", "OX11 8AB", LTD, d(2002, 5, 14), (31, 5), "TOTAL EXEMPTION FULL", &["77110 - Renting and leasing of cars and light motor vehicles"]),
    co("05123789", "JERICHO PRINT WORKS LIMITED", ["41 CRANHAM STREET", "JERICHO"], "OXFORD", "OX2 6DH", LTD, d(2004, 5, 20), (31, 5), "MICRO ENTITY", &["18129 - Printing n.e.c."]),
    co("09876012", "BICESTER JOINERY LTD", ["UNIT 12 LAUNTON ROAD", ""], "BICESTER", "OX26 6EQ", LTD, d(2015, 11, 2), (30, 11), "MICRO ENTITY", &["43320 - Joinery installation"]),
    co("03345678", "OSNEY MEAD LABORATORY SUPPLIES LIMITED", ["UNIT 8 OSNEY MEAD", ""], "OXFORD", "OX2 0ES", LTD, d(1997, 4, 9), (31, 3), "SMALL", &["46690 - Wholesale of other machinery and equipment", "46460 - Wholesale of pharmaceutical goods"]),
    co("08765123", "WALLINGFORD ARBORICULTURE LTD", ["THE YARD", "HITHERCROFT"], "WALLINGFORD", "OX10 0EU", LTD, d(2013, 10, 15), (31, 10), "MICRO ENTITY", &["02400 - Support services to forestry", "81300 - Landscape service activities"]),
    co("06789012", "HENLEY CONFERENCE & EVENTS LIMITED", ["HART STREET", ""], "HENLEY-ON-THAMES", "RG9 2AA", LTD, d(2009, 1, 20), (31, 1), "SMALL", &["82302 - Activities of conference organisers"]),
    co("05987654", "FARINGDON FENCING LIMITED", ["MARKET PLACE", ""], "FARINGDON", "SN7 7AA", LTD, d(2006, 11, 27), (30, 11), "TOTAL EXEMPTION FULL", &["43390 - Other building completion and finishing"]),
    co("10234567", "CAFE RIVA EVENTS LTD", ["9 ST ALDATES", ""], "OXFORD", "OX1 4DB", LTD, d(2016, 6, 7), (30, 6), "MICRO ENTITY", &["56210 - Event catering activities"]),
    co("07345612", "CHIPPING NORTON CLEANING SERVICES LIMITED", ["1 MARKET STREET", ""], "CHIPPING NORTON", crate::places::TERMINATED_IN_USE, LTD, d(2010, 8, 2), (31, 8), "MICRO ENTITY", &["81210 - General cleaning of buildings"]),
    co("06677889", "OXFORD TRANSLATION SERVICES LIMITED", ["WELLINGTON SQUARE", ""], "OXFORD", "OX1 2JD", LTD, d(2008, 7, 30), (31, 7), "SMALL", &["74300 - Translation and interpretation activities"]),
    co("09988776", "CUMNOR HILL CONSULTING LTD", ["140 CUMNOR HILL", ""], "OXFORD", "OX2 9HB", LTD, d(2016, 2, 29), (28, 2), "MICRO ENTITY", &["70229 - Management consultancy activities other than financial management"]),
    co("08811223", "ROSE HILL HOME CARE LTD", ["2 THE OVAL", "ROSE HILL"], "OXFORD", "OX4 4HF", LTD, d(2013, 12, 11), (31, 12), "SMALL", &["88100 - Social work activities without accommodation for the elderly and disabled"]),
    // National firms.
    Company { mortgages: [4, 2, 0, 2], ..co("02345678", "ALBION FACILITIES MANAGEMENT PLC", ["ALBION HOUSE", "250 CITY ROAD"], "LONDON", "EC1V 4PW", PLC, d(1989, 2, 14), (31, 12), "GROUP", &["81100 - Combined facilities support activities", "81210 - General cleaning of buildings"]) },
    co("04567890", "BRIGHTWELL AGENCY STAFFING LIMITED", ["PICCADILLY PLAZA", ""], "MANCHESTER", "M1 1AE", LTD, d(2002, 10, 1), (30, 9), "FULL", &["78200 - Temporary employment agency activities"]),
    Company { previous: &[("12/05/2011", "MERIDIAN COMPUTER SERVICES LIMITED")], ..co("03456789", "MERIDIAN IT SOLUTIONS LIMITED", ["1 COLMORE ROW", ""], "BIRMINGHAM", "B1 1BB", LTD, d(1997, 12, 3), (31, 3), "FULL", &["62020 - Information technology consultancy activities", "62090 - Other information technology service activities"]) },
    co("01234567", "PARAGON OFFICE SUPPLIES LIMITED", ["PARK ROW HOUSE", ""], "LEEDS", "LS1 4DY", LTD, d(1976, 1, 5), (31, 12), "FULL", &["46660 - Wholesale of other office machinery and equipment", "46650 - Wholesale of office furniture"]),
    co("02987654", "NORTHGATE ENERGY SUPPLY PLC", ["NORTHGATE HOUSE", "LONG LANE"], "LONDON", "EC1A 4HD", PLC, d(1994, 8, 22), (31, 3), "GROUP", &["35140 - Trade of electricity"]),
    Company { mortgages: [3, 1, 0, 2], ..co("03123456", "SOVEREIGN WASTE MANAGEMENT LIMITED", ["SOVEREIGN HOUSE", "NAVIGATION STREET"], "BIRMINGHAM", "B1 2JB", LTD, d(1995, 11, 16), (31, 3), "FULL", &["38110 - Collection of non-hazardous waste", "38210 - Treatment and disposal of non-hazardous waste"]) },
    co("01987654", "CROWN CATERING GROUP PLC", ["CROWN HOUSE", "PORTLAND STREET"], "MANCHESTER", "M1 3HU", PLC, d(1985, 4, 2), (30, 9), "GROUP", &["56290 - Other food services"]),
    Company { mortgages: [6, 3, 1, 2], ..co("00987654", "PINNACLE CONSTRUCTION PLC", ["PINNACLE HOUSE", "WELLINGTON STREET"], "LEEDS", "LS1 5AB", PLC, d(1970, 7, 20), (31, 12), "GROUP", &["41201 - Construction of commercial buildings"]) },
    co("05345678", "MEDISOURCE UK LIMITED", ["4 WHITWORTH STREET", ""], "MANCHESTER", "M1 4BT", LTD, d(2005, 1, 18), (31, 3), "FULL", &["46460 - Wholesale of pharmaceutical goods"]),
    co("04111222", "HARBOUR SURGICAL SUPPLIES LIMITED", ["HARBOUR HOUSE", "KING STREET"], "LEEDS", "LS1 2AB", LTD, d(2000, 11, 20), (31, 12), "FULL", &["46460 - Wholesale of pharmaceutical goods", "32500 - Manufacture of medical and dental instruments and supplies"]),
    co("OC301234", "CASTLEGATE LEGAL LLP", ["CASTLEGATE HOUSE", "ST JOHN STREET"], "LONDON", "EC1M 6HA", LLP, d(2002, 1, 15), (30, 4), "FULL", &["None Supplied"]),
    co("OC312345", "KEYSTONE CONSULTING LLP", ["KEYSTONE HOUSE", "FARRINGDON ROAD"], "LONDON", "EC1R 0HA", LLP, d(2005, 3, 7), (31, 3), "FULL", &["None Supplied"]),
    co("02456789", "ATLAS SECURITY GROUP PLC", ["ATLAS HOUSE", "BROAD STREET"], "BIRMINGHAM", "B1 3NP", PLC, d(1990, 1, 29), (31, 12), "GROUP", &["80100 - Private security activities"]),
    co("04321987", "TELECOM DIRECT LIMITED", ["TEMPLE GATE HOUSE", ""], "BRISTOL", "BS1 4DJ", LTD, d(2001, 11, 6), (31, 3), "FULL", &["61900 - Other telecommunications activities"]),
    co("06098765", "CARELINE HOMECARE SERVICES LIMITED", ["CARELINE HOUSE", "OXFORD STREET"], "MANCHESTER", "M1 2WD", LTD, d(2007, 1, 30), (31, 3), "FULL", &["88100 - Social work activities without accommodation for the elderly and disabled"]),
    // Near-namesakes no anchor pays: a dissolved firm and an unrelated courier.
    Company { dissolved: Some(d(2020, 1, 14)), ..co("07654321", "HEADINGTON ELECTRICAL CONTRACTORS LIMITED", ["77 LONDON ROAD", "HEADINGTON"], "OXFORD", "OX3 7BS", LTD, d(2011, 6, 13), (30, 6), "DORMANT", &["43210 - Electrical installation"]) },
    co("11456123", "ISIS COURIERS LIMITED", ["35 LONDON STREET", ""], "READING", "RG1 3EU", LTD, d(2018, 7, 2), (31, 7), "MICRO ENTITY", &["53202 - Unlicensed carrier"]),
];

/// The snapshot date the sample registers describe.
pub const SNAPSHOT: Date = Date::new(2025, 6, 1);

pub const CH_HEADER: &str = "CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1, RegAddress.AddressLine2,RegAddress.PostTown,RegAddress.County,RegAddress.Country,RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,DissolutionDate,IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,Accounts.NextDueDate,Accounts.LastMadeUpDate,Accounts.AccountCategory,Returns.NextDueDate,Returns.LastMadeUpDate,Mortgages.NumMortCharges,Mortgages.NumMortOutstanding,Mortgages.NumMortPartSatisfied,Mortgages.NumMortSatisfied,SICCode.SicText_1,SICCode.SicText_2,SICCode.SicText_3,SICCode.SicText_4,LimitedPartnerships.NumGenPartners,LimitedPartnerships.NumLimPartners,URI,PreviousName_1.CONDATE, PreviousName_1.CompanyName, PreviousName_2.CONDATE, PreviousName_2.CompanyName,PreviousName_3.CONDATE, PreviousName_3.CompanyName,PreviousName_4.CONDATE, PreviousName_4.CompanyName,PreviousName_5.CONDATE, PreviousName_5.CompanyName,PreviousName_6.CONDATE, PreviousName_6.CompanyName,PreviousName_7.CONDATE, PreviousName_7.CompanyName,PreviousName_8.CONDATE, PreviousName_8.CompanyName,PreviousName_9.CONDATE, PreviousName_9.CompanyName,PreviousName_10.CONDATE, PreviousName_10.CompanyName,ConfStmtNextDueDate, ConfStmtLastMadeUpDate";

fn days_in_month(y: i32, m: u32) -> u32 {
    Date::from_days(Date::new(y + i32::from(m == 12), m % 12 + 1, 1).days() - 1).d
}

/// `y-m-d`, the day clamped to the month's length (29 February → 28 in other years).
fn ymd(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d.min(days_in_month(y, m)))
}

/// `date` moved by `months`, the day clamped to the month's length.
fn add_months(date: Date, months: i32) -> Date {
    let idx = date.y * 12 + date.m as i32 - 1 + months;
    ymd(idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1, date.d)
}

/// The last `day`/`month` on or before `limit`.
fn last_on_or_before(day: u32, month: u32, limit: Date) -> Date {
    let this = ymd(limit.y, month, day);
    if this <= limit {
        this
    } else {
        ymd(limit.y - 1, month, day)
    }
}

/// BasicCompanyData: every field quoted, dates `dd/mm/yyyy`, LF line ends.
pub fn basic_company_data_csv() -> String {
    let mut s = String::from(CH_HEADER);
    s.push('\n');
    for c in COMPANIES {
        let dmy = |d: Option<Date>| d.map(|d| d.dmy()).unwrap_or_default();
        let society = c.category == RS || c.category == IPS;
        let plc = c.category == PLC;
        // Accounts: the last year end whose accounts were due by the snapshot (or by
        // dissolution), and the next due date.
        let until = c.dissolved.unwrap_or(SNAPSHOT);
        let due_after = if plc { 6 } else { 9 };
        let (acc_last, acc_next, ref_day, ref_month) = if society {
            (None, None, String::new(), String::new())
        } else {
            let (day, month) = c.year_end;
            let mut ye = last_on_or_before(day, month, add_months(until, -due_after));
            if ye < add_months(c.incorporated, 12) {
                ye = add_months(c.incorporated, 12);
            }
            let next = if c.dissolved.is_some() {
                None
            } else {
                Some(add_months(ymd(ye.y + 1, month, day), due_after))
            };
            (Some(ye), next, day.to_string(), month.to_string())
        };
        // Annual returns stopped in June 2016; confirmation statements replaced them.
        let anniversary = |y: i32| ymd(y, c.incorporated.m, c.incorporated.d);
        let (ret_last, ret_next) = if society || c.incorporated >= Date::new(2015, 6, 30) {
            (None, None)
        } else {
            let last = anniversary(2015);
            (
                Some(last),
                Some(Date::from_days(anniversary(2016).days() + 28)),
            )
        };
        let (cs_last, cs_next) = if society || c.dissolved.is_some() {
            (None, None)
        } else {
            let mut last = anniversary(SNAPSHOT.y);
            if last > SNAPSHOT {
                last = anniversary(SNAPSHOT.y - 1);
            }
            let next = Date::from_days(anniversary(last.y + 1).days() + 14);
            (Some(last), Some(next))
        };
        let status = if c.dissolved.is_some() {
            "Dissolved"
        } else {
            "Active"
        };
        let mut fields: Vec<String> = vec![
            c.name.into(),
            c.number.into(),
            String::new(),
            String::new(),
            c.address[0].into(),
            c.address[1].into(),
            c.town.into(),
            c.county.into(),
            c.country.into(),
            c.postcode.into(),
            c.category.into(),
            status.into(),
            "United Kingdom".into(),
            dmy(c.dissolved),
            c.incorporated.dmy(),
            ref_day,
            ref_month,
            dmy(acc_next),
            dmy(acc_last),
            c.accounts.into(),
            dmy(ret_next),
            dmy(ret_last),
        ];
        fields.extend(c.mortgages.iter().map(u32::to_string));
        for i in 0..4 {
            fields.push(c.sic.get(i).copied().unwrap_or("").into());
        }
        fields.extend(["0".into(), "0".into()]);
        fields.push(format!(
            "http://business.data.gov.uk/id/company/{}",
            c.number
        ));
        for i in 0..10 {
            let (when, name) = c.previous.get(i).copied().unwrap_or(("", ""));
            fields.extend([when.into(), name.into()]);
        }
        fields.extend([dmy(cs_next), dmy(cs_last)]);
        s.push_str(
            &fields
                .iter()
                .map(|f| quoted(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        s.push('\n');
    }
    s
}

// ---------------------------------------------------------------------------------------
// Charity Commission register extract
// ---------------------------------------------------------------------------------------

/// One charity in the register extract's charity table.
pub struct Charity {
    pub organisation: u32,
    pub number: u32,
    pub name: &'static str,
    pub kind: &'static str,
    pub registered: Date,
    pub removed: Option<Date>,
    pub income: u32,
    pub expenditure: u32,
    pub address: [&'static str; 3],
    pub postcode: &'static str,
    pub web: &'static str,
    pub company: &'static str,
    pub activities: &'static str,
}

#[rustfmt::skip]
pub const CHARITIES: &[Charity] = &[
    Charity { organisation: 5201001, number: 1112345, name: "DIDCOT COMMUNITY TRANSPORT", kind: "Charitable company", registered: d(2005, 11, 3), removed: None, income: 412_345, expenditure: 398_761, address: ["The Civic Hall", "Britwell Road", "Didcot"], postcode: "OX11 7HN", web: "www.didcotcommunitytransport.example", company: "05432198", activities: "Door-to-door minibus and volunteer car transport for older and disabled people in Didcot and the surrounding villages, and minibus hire to community groups." },
    Charity { organisation: 5201002, number: 1187654, name: "Leys Community Larder", kind: "CIO", registered: d(2020, 2, 17), removed: None, income: 23_456, expenditure: 21_980, address: ["Blackbird Leys Community Centre", "Blackbird Leys Road", "Oxford"], postcode: "OX4 6JZ", web: "", company: "", activities: "A community larder and cafe on the Leys estate, redistributing surplus food to local households and running cooking sessions." },
    Charity { organisation: 5201003, number: 1098765, name: "BARTON NEIGHBOURHOOD TRUST", kind: "Trust", registered: d(2003, 6, 9), removed: None, income: 86_120, expenditure: 90_403, address: ["Barton Neighbourhood Centre", "Underhill Circus", "Oxford"], postcode: "OX3 9SD", web: "www.bartonneighbourhoodtrust.example", company: "", activities: "Runs the neighbourhood centre in Barton, Oxford: youth clubs, adult learning, benefits advice and room hire for local groups." },
    Charity { organisation: 5201004, number: 1143210, name: "ROSE HILL ADVICE PROJECT", kind: "Other", registered: d(2011, 9, 1), removed: Some(d(2021, 9, 30)), income: 0, expenditure: 0, address: ["Rose Hill Community Centre", "The Oval", "Oxford"], postcode: "OX4 4PU", web: "", company: "", activities: "Free debt and welfare benefits advice for residents of Rose Hill and Iffley. Activities transferred to another charity in 2021." },
    Charity { organisation: 5201005, number: 1176543, name: "Banbury Ruscote Food Bank", kind: "CIO", registered: d(2018, 1, 22), removed: None, income: 58_904, expenditure: 55_112, address: ["St Paul's Church Hall", "Bretch Hill", "Banbury"], postcode: "OX16 5HX", web: "www.ruscotefoodbank.example", company: "", activities: "Emergency food parcels and signposting for people in crisis in Banbury, referred by local agencies." },
    Charity { organisation: 5201006, number: 1034567, name: "WALLINGFORD RIVERSIDE YOUTH TRUST", kind: "Trust", registered: d(1994, 4, 12), removed: None, income: 31_775, expenditure: 29_006, address: ["The Boathouse", "Thames Street", "Wallingford"], postcode: "OX10 0BS", web: "", company: "", activities: "Rowing, canoeing and river safety for young people in Wallingford, with bursaries for those who could not otherwise take part." },
];

pub const CHARITY_HEADER: &str = "date_of_extract\torganisation_number\tregistered_charity_number\tlinked_charity_number\tcharity_name\tcharity_type\tcharity_registration_status\tdate_of_registration\tdate_of_removal\tcharity_reporting_status\tlatest_acc_fin_period_start_date\tlatest_acc_fin_period_end_date\tlatest_income\tlatest_expenditure\tcharity_contact_address1\tcharity_contact_address2\tcharity_contact_address3\tcharity_contact_address4\tcharity_contact_address5\tcharity_contact_postcode\tcharity_contact_phone\tcharity_contact_email\tcharity_contact_web\tcharity_company_registration_number\tcharity_insolvent\tcharity_in_administration\tcharity_previously_excepted\tcharity_is_cdf_or_cif\tcharity_is_cio\tcio_is_dissolved\tdate_cio_dissolution_notice\tcharity_activities\tcharity_gift_aid\tcharity_has_land";

/// The charity table of the register extract: tab-separated, unquoted, UTF-8 with a BOM,
/// CRLF, dates as `yyyy-mm-dd 00:00:00`, flags `True`/`False`.
pub fn charity_txt() -> String {
    let when = |d: Date| format!("{} 00:00:00", d.iso());
    let flag = |b: bool| if b { "True" } else { "False" }.to_string();
    let mut lines = vec![format!("\u{feff}{CHARITY_HEADER}")];
    for c in CHARITIES {
        let live = c.removed.is_none();
        let (start, end) = if live {
            (when(Date::new(2024, 4, 1)), when(Date::new(2025, 3, 31)))
        } else {
            (String::new(), String::new())
        };
        let money = |v: u32| {
            if live {
                format!("{v}.00")
            } else {
                String::new()
            }
        };
        let cio = c.kind == "CIO";
        let email = if c.web.is_empty() {
            String::new()
        } else {
            format!("info@{}", c.web.trim_start_matches("www."))
        };
        let fields: Vec<String> = vec![
            when(SNAPSHOT),
            c.organisation.to_string(),
            c.number.to_string(),
            "0".into(),
            c.name.into(),
            c.kind.into(),
            if live { "Registered" } else { "Removed" }.into(),
            when(c.registered),
            c.removed.map(when).unwrap_or_default(),
            if live { "Submission Received" } else { "" }.into(),
            start,
            end,
            money(c.income),
            money(c.expenditure),
            c.address[0].into(),
            c.address[1].into(),
            c.address[2].into(),
            String::new(),
            String::new(),
            c.postcode.into(),
            if live {
                format!("01632 96{:04}", c.number % 10_000)
            } else {
                String::new()
            },
            email,
            c.web.into(),
            c.company.into(),
            flag(false),
            flag(false),
            flag(false),
            String::new(),
            flag(cio),
            if cio { flag(false) } else { String::new() },
            String::new(),
            c.activities.into(),
            flag(live),
            flag(c.kind != "CIO" && live),
        ];
        lines.push(fields.join("\t"));
    }
    let mut s = lines.join("\r\n");
    s.push_str("\r\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_arithmetic() {
        assert_eq!(add_months(d(2024, 3, 31), 9), d(2024, 12, 31));
        assert_eq!(add_months(d(2024, 5, 31), 9), d(2025, 2, 28));
        assert_eq!(add_months(d(2024, 1, 31), -2), d(2023, 11, 30));
        assert_eq!(last_on_or_before(31, 3, d(2024, 9, 1)), d(2024, 3, 31));
        assert_eq!(last_on_or_before(30, 9, d(2024, 9, 1)), d(2023, 9, 30));
        assert_eq!(last_on_or_before(28, 2, d(2024, 9, 1)), d(2024, 2, 28));
    }

    #[test]
    fn headers_have_the_official_column_counts() {
        assert_eq!(COOPS_HEADER.split(',').count(), 27); // one comma inside a name
        assert_eq!(CH_HEADER.split(',').count(), 55);
        assert_eq!(CHARITY_HEADER.split('\t').count(), 34);
    }
}
