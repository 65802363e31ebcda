//! The made-up Oxfordshire supply base: who gets paid, how each anchor spells them, what
//! they sell, and the local social-economy directory that lists the co-ops among them.

/// What a payment buys; each anchor's ledger calls it something different.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sector {
    Maintenance,
    Construction,
    Cleaning,
    Catering,
    Food,
    Printing,
    Energy,
    It,
    Telecoms,
    Stationery,
    Furniture,
    Grounds,
    Waste,
    Transport,
    Security,
    Legal,
    Consultancy,
    Agency,
    Care,
    Medical,
    Interpreting,
    Events,
    Tax,
    Pension,
    Public,
    Personal,
}

use Sector::*;

impl Sector {
    /// The expense category as each anchor's ERP names it (city, county, hospital, uni).
    #[rustfmt::skip]
    pub fn label(self, anchor: usize) -> &'static str {
        let labels: [&str; 4] = match self {
            Maintenance => ["Repairs & Maintenance", "Building Repairs and Maintenance", "Estates - Maintenance", "Maintenance - Mechanical & Electrical"],
            Construction => ["Capital Works", "Construction Works", "Capital - Building Works", "Capital Projects"],
            Cleaning => ["Cleaning", "Cleaning & Domestic Services", "Domestic Services", "Cleaning Services"],
            Catering => ["Catering", "Catering Services", "Patient Catering", "Hospitality"],
            Food => ["Food & Provisions", "Provisions", "Provisions - Food", "Food Supplies"],
            Printing => ["Printing & Stationery", "Printing", "Printing & Reprographics", "Printing & Design"],
            Energy => ["Electricity", "Energy - Electricity", "Utilities - Electricity", "Utilities"],
            It => ["IT Services", "ICT Services", "IM&T - Services", "IT Consultancy & Services"],
            Telecoms => ["Telephones", "Telecommunications", "IM&T - Telecoms", "Telephony"],
            Stationery => ["Office Supplies", "Stationery", "Office Consumables", "Stationery & Office Supplies"],
            Furniture => ["Furniture & Equipment", "Furniture", "Furniture & Fittings", "Furniture"],
            Grounds => ["Grounds Maintenance", "Highways Verges & Grounds", "Estates - Grounds", "Grounds & Gardens"],
            Waste => ["Waste Disposal", "Waste Management", "Clinical & Domestic Waste", "Waste & Recycling"],
            Transport => ["Transport & Couriers", "Passenger Transport", "Patient Transport", "Couriers & Postage"],
            Security => ["Security Services", "Security", "Security Services", "Security"],
            Legal => ["Legal Fees", "Legal Services", "Legal Fees", "Professional Fees - Legal"],
            Consultancy => ["Consultancy", "Consultants Fees", "Consultancy Services", "Professional Fees - Consultancy"],
            Agency => ["Agency Staff", "Agency Staff Costs", "Agency Nursing", "Temporary Staff"],
            Care => ["Supported Housing", "Adult Social Care - Home Care", "Community Care Packages", "Student Support Services"],
            Medical => ["Equipment", "Equipment - Other", "Medical & Surgical Equipment", "Laboratory Consumables"],
            Interpreting => ["Translation & Interpreting", "Interpreting Services", "Interpreters", "Translation Services"],
            Events => ["Conferences & Events", "Events", "Training & Conferences", "Conferences & Events"],
            Tax => ["PAYE & NI", "Tax and National Insurance", "HMRC - PAYE/NI", "PAYE/NIC"],
            Pension => ["Pension Contributions", "Employer Pension Contributions", "Pension Contributions", "Pension Contributions"],
            Public => ["Contributions to Other Bodies", "Payments to Other Local Authorities", "Recharges - Other Public Bodies", "Payments to Public Bodies"],
            Personal => ["Grants to Individuals", "Direct Payments", "Patient Refunds", "Student Bursaries"],
        };
        labels[anchor]
    }

    /// Typical size of one payment, in whole pounds.
    pub fn range(self) -> (i64, i64) {
        match self {
            Maintenance | Furniture | Grounds => (500, 40_000),
            // Regular small call-outs (locks, CCTV, key holding): the sample's market to
            // incubate, as no local co-operative offers it.
            Security => (300, 15_000),
            Construction => (20_000, 900_000),
            Cleaning | Waste | Agency | Legal => (800, 70_000),
            Catering | Printing | Telecoms | Events => (300, 20_000),
            Food | Stationery | Interpreting => (120, 8_000),
            Energy | It | Consultancy | Care | Medical => (1_500, 120_000),
            Transport => (200, 30_000),
            Tax => (180_000, 2_400_000),
            Pension => (150_000, 1_300_000),
            Public => (5_000, 400_000),
            Personal => (100, 3_000),
        }
    }

    /// Lines a payment description is picked from.
    #[rustfmt::skip]
    pub fn descriptions(self) -> &'static [&'static str] {
        match self {
            Maintenance => &["Boiler service and repairs", "Reactive repairs - plumbing", "Emergency call-out, heating failure", "Electrical testing (PAT/EICR)"],
            Construction => &["Stage payment - refurbishment works", "Retention release", "Roof replacement, phase 2"],
            Cleaning => &["Contract cleaning - monthly charge", "Deep clean after flooding", "Window cleaning"],
            Catering => &["Catering for staff away day", "Working lunch, 40 covers", "Buffet for public consultation event"],
            Food => &["Fresh produce delivery", "Dry goods order", "Wholefoods order - weekly"],
            Printing => &["Printing of annual report", "Leaflets, 5,000 copies", "Posters and banners"],
            Energy => &["Electricity - half-hourly sites", "Community solar PPA - quarterly", "Gas supply"],
            It => &["Software licences - annual", "Network support contract", "Laptop refresh"],
            Telecoms => &["Mobile phone contract", "Line rental and calls"],
            Stationery => &["Office stationery", "Paper and toner"],
            Furniture => &["Refurbished office chairs", "Desks and storage"],
            Grounds => &["Grass cutting - parks", "Tree works, storm damage", "Hedge and verge maintenance"],
            Waste => &["Commercial waste collection", "Skip hire", "Confidential waste shredding"],
            Transport => &["Courier services - monthly", "Minibus hire", "Vehicle servicing and tyres"],
            Security => &["Manned guarding", "Locks changed, void property", "CCTV maintenance"],
            Legal => &["Legal advice - employment", "Counsel's fees", "Conveyancing"],
            Consultancy => &["Feasibility study", "Project management support", "Options appraisal"],
            Agency => &["Agency staff - week ending", "Temporary cover, reception"],
            Care => &["Home care package", "Supported living - monthly", "Respite care"],
            Medical => &["Consumables order", "Diagnostic equipment", "Laboratory reagents"],
            Interpreting => &["Interpreting - Polish", "Translation of leaflets", "BSL interpreter"],
            Events => &["Conference venue hire", "Training day venue and catering"],
            Tax => &["PAYE and NIC - month", "Apprenticeship levy"],
            Pension => &["Employer contributions - month"],
            Public => &["Contribution to joint service", "Recharge - shared service", "Partnership funding"],
            Personal => &["Refund of overpayment", "Grant award", "Reimbursement"],
        }
    }
}

/// One payee and how the four anchors' ledgers spell it.
pub struct Supplier {
    /// Spelling variants; anchor `i` mostly uses `names[i % len]`.
    pub names: &'static [&'static str],
    pub postcode: &'static str,
    pub sector: Sector,
    /// Companies House / mutuals register number; empty for individuals and public bodies.
    pub company: &'static str,
    /// Which anchors buy from it: C city, K county, H hospital, U university.
    pub buyers: &'static str,
    /// Relative chance of being picked for a random payment (0: only paid on schedule).
    pub weight: u32,
}

const fn s(
    names: &'static [&'static str],
    postcode: &'static str,
    sector: Sector,
    company: &'static str,
    buyers: &'static str,
    weight: u32,
) -> Supplier {
    Supplier {
        names,
        postcode,
        sector,
        company,
        buyers,
        weight,
    }
}

pub const ANCHOR_LETTERS: [char; 4] = ['C', 'K', 'H', 'U'];

#[rustfmt::skip]
pub const SUPPLIERS: &[Supplier] = &[
    // Co-operatives and social enterprises.
    s(&["Cowley Road Workers Co-operative Ltd", "Cowley Road Workers Co-op Ltd", "Cowley Road Workers Cooperative Limited"], "OX4 1HU", Printing, "RS007123", "CKHU", 3),
    s(&["Oxford Community Energy Society Ltd", "Oxford Community Energy Soc Ltd", "Oxford Community Energy Society Limited"], "OX4 4GA", Energy, "RS007890", "CKU", 2),
    s(&["Barton Community Bakery CIC", "Barton Community Bakery C.I.C.", "Barton Community Bakery"], "OX3 9LJ", Catering, "11876543", "CHU", 3),
    s(&["Headington Wholefoods Co-op", "Headington Wholefoods Co-operative Ltd"], "OX3 7AG", Food, "IP029876", "CHU", 2),
    s(&["Isis Cycle Couriers Co-operative Ltd", "Isis Cycle Couriers Co-op", "ISIS Cycle Couriers"], "OX1 1AP", Transport, "09234567", "CKHU", 3),
    s(&["Blackbird Leys Care Co-operative Ltd", "Blackbird Leys Care Co-op"], "OX4 6HW", Care, "RS008321", "CK", 3),
    s(&["Wood Farm Community Gardeners CIC", "Wood Farm Community Gardeners C.I.C"], "OX3 8QQ", Grounds, "12345098", "CKU", 2),
    s(&["Abingdon Furniture Reuse CIC", "Abingdon Furniture Re-use CIC"], "OX14 3RF", Furniture, "10987654", "CKU", 2),
    s(&["Cherwell Tech Workers Co-op Ltd", "Cherwell Tech Workers Co-operative Limited"], "OX16 5AW", It, "RS007455", "KHU", 2),
    s(&["Didcot Community Transport Ltd", "Didcot Community Transport"], "OX11 7HN", Transport, "05432198", "KH", 2),
    s(&["Oxford Interpreting Co-operative Ltd", "Oxford Interpreting Co-op"], "OX2 6HT", Interpreting, "RS006998", "CKH", 3),
    // Local private firms and sole traders (Henley and Faringdon are Oxfordshire too).
    s(&["A G S Heating & Plumbing Ltd", "AGS Heating & Plumbing Ltd", "A.G.S. Heating and Plumbing Limited", "AGS Heating and Plumbing"], "OX4 2JY", Maintenance, "06543210", "CKHU", 5),
    s(&["Headington Electrical Services Ltd", "Headington Electrical Services Limited", "Headington Electrical"], "OX3 7BS", Maintenance, "07123456", "CKU", 4),
    s(&["Kidlington Roofing Ltd", "Kidlington Roofing Limited"], "OX5 1AB", Maintenance, "04987123", "CK", 3),
    s(&["Summertown Stationers Ltd"], "OX2 7HG", Stationery, "03876512", "CKU", 3),
    s(&["Banbury Grounds Maintenance Ltd", "Banbury Grounds Maint Ltd"], "OX16 2AX", Grounds, "08123987", "K", 3),
    s(&["Botley Catering Supplies Ltd"], "OX2 0HA", Food, "05678123", "CHU", 3),
    s(&["Witney Skip Hire Ltd", "Witney Skip Hire"], "OX28 4BN", Waste, "06012345", "CK", 3),
    s(&["Abingdon Locksmiths & Security Ltd", "Abingdon Locksmiths and Security Ltd"], "OX14 5AX", Security, "07890123", "CHU", 2),
    s(&["Thame Legal LLP", "Thame Legal"], "OX9 2AA", Legal, "OC345678", "CK", 2),
    s(&["Didcot Van Hire Ltd"], "OX11 8AB", Transport, "04456789", "KH", 2),
    s(&["Jericho Print Works Ltd", "Jericho Printworks Ltd"], "OX2 6DH", Printing, "05123789", "CU", 2),
    s(&["Bicester Joinery Ltd"], "OX26 6EQ", Maintenance, "09876012", "CK", 2),
    s(&["Osney Mead Laboratory Supplies Ltd", "Osney Mead Lab Supplies Ltd"], "OX2 0ES", Medical, "03345678", "HU", 4),
    s(&["Cowley Tyre & Exhaust Centre", "Cowley Tyre and Exhaust"], "OX4 3LP", Transport, "", "CK", 2),
    s(&["Wallingford Arboriculture Ltd"], "OX10 0EU", Grounds, "08765123", "CKU", 2),
    s(&["Henley Conference & Events Ltd"], "RG9 2AA", Events, "06789012", "KHU", 2),
    s(&["Faringdon Fencing Ltd"], "SN7 7AA", Grounds, "05987654", "K", 2),
    s(&["Café Riva Events Ltd", "Cafe Riva Events Ltd"], "OX1 4DB", Catering, "10234567", "CU", 2),
    s(&["Chipping Norton Cleaning Services Ltd", "Chipping Norton Cleaning Ltd"], "OX7 5AA", Cleaning, "07345612", "CK", 2),
    s(&["Oxford Translation Services Ltd"], "OX1 2JD", Interpreting, "06677889", "HU", 2),
    s(&["Cumnor Hill Consulting Ltd"], "OX2 9HB", Consultancy, "09988776", "CKU", 2),
    s(&["Rose Hill Home Care Ltd"], "OX4 4HF", Care, "08811223", "K", 3),
    // National firms.
    s(&["Albion Facilities Management plc", "Albion Facilities Management PLC", "Albion FM plc"], "EC1V 4PW", Cleaning, "02345678", "CKHU", 6),
    s(&["Brightwell Agency Staffing Ltd", "Brightwell Agency Staffing Limited", "Brightwell Staffing"], "M1 1AE", Agency, "04567890", "CKHU", 5),
    s(&["Meridian IT Solutions Ltd", "Meridian I.T. Solutions Ltd"], "B1 1BB", It, "03456789", "CKHU", 5),
    s(&["Paragon Office Supplies Ltd"], "LS1 4DY", Stationery, "01234567", "CKHU", 4),
    s(&["Northgate Energy Supply plc", "Northgate Energy Supply PLC"], "EC1A 4HD", Energy, "02987654", "CKHU", 3),
    s(&["Sovereign Waste Management Ltd", "Sovereign Waste Mgmt Ltd"], "B1 2JB", Waste, "03123456", "CKHU", 4),
    s(&["Crown Catering Group plc", "Crown Catering Group PLC"], "M1 3HU", Catering, "01987654", "KHU", 4),
    s(&["Pinnacle Construction plc", "Pinnacle Construction PLC", "Pinnacle Construction"], "LS1 5AB", Construction, "00987654", "CKU", 3),
    s(&["Medisource UK Ltd", "MediSource UK Limited"], "M1 4BT", Medical, "05345678", "HU", 6),
    s(&["Harbour Surgical Supplies Ltd"], "LS1 2AB", Medical, "04111222", "H", 4),
    s(&["Castlegate Legal LLP"], "EC1M 6HA", Legal, "OC301234", "CKHU", 2),
    s(&["Keystone Consulting LLP", "Keystone Consulting"], "EC1R 0HA", Consultancy, "OC312345", "CKHU", 3),
    s(&["Atlas Security Group plc"], "B1 3NP", Security, "02456789", "CKHU", 3),
    s(&["Telecom Direct Ltd", "Telecom Direct Limited"], "BS1 4DJ", Telecoms, "04321987", "CKHU", 3),
    s(&["Careline Homecare Services Ltd"], "M1 2WD", Care, "06098765", "K", 4),
    // Public bodies, tax and pensions: never influenceable.
    s(&["HM Revenue & Customs", "HMRC", "H M Revenue and Customs", "HMRC"], "", Tax, "", "CKHU", 0),
    s(&["Oxfordshire Pension Fund"], "OX1 1ND", Pension, "", "CK", 0),
    s(&["NHS Business Services Authority"], "NE15 8NY", Pension, "", "H", 0),
    s(&["Universities Superannuation Scheme"], "L1 4DQ", Pension, "", "U", 0),
    s(&["Thames Valley Police"], "OX5 2NX", Public, "", "CKU", 1),
    s(&["Cherwell District Council"], "OX15 4AA", Public, "", "K", 1),
    s(&["Oxfordshire County Council"], "OX1 1ND", Public, "", "CU", 1),
    // Individuals and redactions.
    s(&["Mr J Smith"], "", Personal, "", "CK", 1),
    s(&["Mrs A Patel"], "", Personal, "", "K", 1),
    s(&["Ms K O'Brien"], "", Personal, "", "U", 1),
    s(&["Redacted personal data", "REDACTED PERSONAL DATA", "Redacted personal data", "Personal data - redacted"], "", Personal, "", "CKHU", 3),
];

/// A UK VAT number with valid mod-97 check digits, derived from the company number.
pub fn vat_number(sup: &Supplier) -> String {
    if sup.company.is_empty() || sup.weight < 3 && sup.company.starts_with("RS") {
        return String::new(); // small societies below the VAT threshold
    }
    let seed = sup.names[0].bytes().fold(2_166_136_261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16_777_619)
    });
    let body = 1_000_000 + seed % 9_000_000;
    let digits: Vec<u32> = body
        .to_string()
        .chars()
        .map(|c| c.to_digit(10).unwrap())
        .collect();
    let sum: u32 = digits.iter().zip((2..=8).rev()).map(|(d, w)| d * w).sum();
    let check = (97 - sum % 97) % 97;
    format!(
        "GB {} {} {:02}",
        &body.to_string()[..3],
        &body.to_string()[3..],
        check
    )
}

/// One entry of the local social-economy directory.
pub struct DirEntry {
    pub name: &'static str,
    pub legal_form: &'static str,
    pub postcode: &'static str,
    pub sector: &'static str,
    pub sic: &'static str,
    pub website: &'static str,
}

const fn d(
    name: &'static str,
    legal_form: &'static str,
    postcode: &'static str,
    sector: &'static str,
    sic: &'static str,
    website: &'static str,
) -> DirEntry {
    DirEntry {
        name,
        legal_form,
        postcode,
        sector,
        sic,
        website,
    }
}

/// The directory: the co-ops paid above (names as the directory spells them), then ten
/// that no anchor pays.
#[rustfmt::skip]
pub const DIRECTORY: &[DirEntry] = &[
    d("Cowley Road Workers Co-operative Ltd", "Co-operative Society", "OX4 1HU", "Printing and design", "18129", "https://cowleyroadworkers.example"),
    d("Oxford Community Energy Society", "Community Benefit Society", "OX4 4GA", "Renewable energy", "35110", "https://oxfordcommunityenergy.example"),
    d("Barton Community Bakery CIC", "Community Interest Company", "OX3 9LJ", "Bakery and catering", "10710", "https://bartonbakery.example"),
    d("Headington Wholefoods Co-operative", "Co-operative Society", "OX3 7AG", "Wholefoods retail and wholesale", "47290", "https://headingtonwholefoods.example"),
    d("Isis Cycle Couriers Co-operative Limited", "Company Limited by Guarantee", "OX1 1AP", "Courier services", "53202", "https://isiscouriers.example"),
    d("Blackbird Leys Care Co-operative Ltd", "Co-operative Society", "OX4 6HW", "Home care", "88100", ""),
    d("Wood Farm Community Gardeners CIC", "Community Interest Company", "OX3 8QQ", "Grounds maintenance and gardening", "81300", "https://woodfarmgardeners.example"),
    d("Abingdon Furniture Reuse CIC", "Community Interest Company", "OX14 3RF", "Furniture reuse", "47790", "https://abingdonreuse.example"),
    d("Cherwell Tech Workers Co-op Ltd", "Co-operative Society", "OX16 5AW", "IT services", "62020", "https://cherwelltech.example"),
    d("Didcot Community Transport", "Company Limited by Guarantee", "OX11 7HN", "Community transport", "49390", ""),
    d("Oxford Interpreting Co-operative Ltd", "Co-operative Society", "OX2 6HT", "Translation and interpreting", "74300", "https://oxfordinterpreting.example"),
    d("Jericho Bike Kitchen CIC", "Community Interest Company", "OX2 6AE", "Bicycle repair", "95290", "https://jerichobikekitchen.example"),
    d("Rose Hill Laundry Co-operative Ltd", "Co-operative Society", "OX4 4JP", "Laundry", "96010", ""),
    d("Thame Community Pub Society Ltd", "Community Benefit Society", "OX9 3HH", "Pub and venue hire", "56302", "https://thamecommunitypub.example"),
    d("Wantage Makerspace CIC", "Community Interest Company", "OX12 8AH", "Training and workshops", "85590", "https://wantagemakers.example"),
    d("Kidlington Cleaning Co-operative Ltd", "Co-operative Society", "OX5 2AB", "Commercial cleaning", "81210", "https://kidlingtoncleaning.example"),
    d("Botley Road Carpenters Co-op Ltd", "Co-operative Society", "OX2 0BT", "Joinery and building repairs", "43320", ""),
    d("East Oxford Childcare Co-operative Ltd", "Co-operative Society", "OX4 1EY", "Childcare", "88910", "https://eastoxfordchildcare.example"),
    d("Bicester Community Catering CIC", "Community Interest Company", "OX26 2NB", "Catering", "56210", "https://bicestercatering.example"),
    d("Eynsham Organic Growers Co-operative Ltd", "Co-operative Society", "OX29 4HH", "Organic vegetables", "01130", ""),
    d("South Oxfordshire Home Care Co-operative Ltd", "Co-operative Society", "OX10 8BA", "Home care", "88100", "https://southoxoncare.example"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vat_check_digits_hold() {
        for sup in SUPPLIERS {
            let v = vat_number(sup).replace(['G', 'B', ' '], "");
            if v.is_empty() {
                continue;
            }
            let d: Vec<u32> = v.chars().map(|c| c.to_digit(10).unwrap()).collect();
            let sum: u32 = d[..7].iter().zip((2..=8).rev()).map(|(x, w)| x * w).sum();
            assert_eq!((sum + d[7] * 10 + d[8]) % 97, 0, "{v}");
        }
        assert!((40..=60).contains(&SUPPLIERS.len()));
    }
}
