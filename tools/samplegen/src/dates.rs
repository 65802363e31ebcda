//! Calendar dates without a date crate: the few conversions and spellings ledgers use.

use rand::Rng;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A proleptic Gregorian calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Date {
    pub const fn new(y: i32, m: u32, d: u32) -> Date {
        Date { y, m, d }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (i64::from(self.m) + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (`civil_from_days`).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Date::new((yoe + era * 400) as i32 + i32::from(m <= 2), m, d)
    }

    /// Excel's 1900-system serial number (day 25569 is 1970-01-01).
    pub fn excel_serial(self) -> i64 {
        self.days() + 25_569
    }

    /// `01/04/2023`
    pub fn dmy(self) -> String {
        format!("{:02}/{:02}/{}", self.d, self.m, self.y)
    }

    /// `01/04/23`
    pub fn dmy_short(self) -> String {
        format!("{:02}/{:02}/{:02}", self.d, self.m, self.y % 100)
    }

    /// `11-Aug-23`
    pub fn d_mon_yy(self) -> String {
        format!(
            "{:02}-{}-{:02}",
            self.d,
            MONTHS[self.m as usize - 1],
            self.y % 100
        )
    }

    /// `2023-04-01`
    pub fn iso(self) -> String {
        format!("{}-{:02}-{:02}", self.y, self.m, self.d)
    }

    /// 0 for Apr–Jun, 1 for Jul–Sep, 2 for Oct–Dec, 3 for Jan–Mar.
    pub fn fy_quarter(self) -> usize {
        ((self.m + 8) % 12 / 3) as usize
    }
}

/// A UK public-sector financial year, April to March.
#[derive(Clone, Copy, Debug)]
pub struct Fy {
    pub start_year: i32,
}

impl Fy {
    /// `2023-24`
    pub fn label(self) -> String {
        format!("{}-{:02}", self.start_year, (self.start_year + 1) % 100)
    }

    pub fn first(self) -> Date {
        Date::new(self.start_year, 4, 1)
    }

    pub fn last(self) -> Date {
        Date::new(self.start_year + 1, 3, 31)
    }

    /// A uniformly random day of the year.
    pub fn random_day(self, rng: &mut impl Rng) -> Date {
        Date::from_days(rng.random_range(self.first().days()..=self.last().days()))
    }

    /// The `day`-th of each month, April first.
    pub fn monthly(self, day: u32) -> impl Iterator<Item = Date> {
        (0..12).map(move |i| {
            let m = (3 + i) % 12 + 1;
            Date::new(self.start_year + i32::from(m < 4), m, day)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_excel_serials() {
        for d in [-800_000, -1, 0, 1, 19_000, 20_000, 900_000] {
            assert_eq!(Date::from_days(d).days(), d);
        }
        assert_eq!(Date::new(2023, 8, 11).excel_serial(), 45_149);
        assert_eq!(Date::new(1900, 3, 1).excel_serial(), 61);
        assert_eq!(Date::new(2024, 1, 5).fy_quarter(), 3);
        assert_eq!(Date::new(2023, 4, 1).fy_quarter(), 0);
        assert_eq!(Date::new(2023, 8, 11).d_mon_yy(), "11-Aug-23");
    }
}
