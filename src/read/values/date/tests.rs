use super::*;

#[test]
fn the_quick_reading_agrees_with_the_general_one() {
    // Every combination of short digit runs and separators, plus near misses: the
    // quick path must read each exactly as the general reading does (or leave it).
    let runs = [
        "", "0", "1", "7", "12", "13", "31", "32", "00", "123", "99", "2024", "20245",
    ];
    let seps = ["/", "-", ".", "//", " ", "x"];
    let mut seen = 0;
    for a in runs {
        for s1 in seps {
            for b in runs {
                for s2 in seps {
                    for c in runs {
                        let text = format!("{a}{s1}{b}{s2}{c}");
                        let t = text.trim();
                        if t.is_empty() || t.bytes().all(|b| b == b'#') {
                            continue;
                        }
                        if digit_triple(t).is_some() {
                            seen += 1;
                        }
                        assert_eq!(read_date(&text), read_general(t), "{text:?}");
                    }
                }
            }
        }
    }
    assert!(seen > 1000, "the quick path was taken {seen} times");
}

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}
fn uk(s: &str) -> Option<NaiveDate> {
    parse_date(s, DateOrder::Dmy)
}

#[test]
fn numeric_forms() {
    assert_eq!(uk("04/01/2017"), d(2017, 1, 4));
    assert_eq!(uk("5/4/17"), d(2017, 4, 5));
    assert_eq!(uk("05/10/23"), d(2023, 10, 5));
    assert_eq!(uk("04.03.2025"), d(2025, 3, 4));
    assert_eq!(uk("04-03-2025"), d(2025, 3, 4));
    assert_eq!(uk("2024-04-01"), d(2024, 4, 1));
    assert_eq!(uk("2024-04-01 00:00:00"), d(2024, 4, 1));
    assert_eq!(uk("2024-04-01T13:45:00"), d(2024, 4, 1));
    assert_eq!(uk("04/01/2017 00:00"), d(2017, 1, 4));
    assert_eq!(uk("20240401"), d(2024, 4, 1));
}

#[test]
fn two_digit_year_pivot() {
    assert_eq!(uk("01/01/68"), d(2068, 1, 1));
    assert_eq!(uk("01/01/69"), d(1969, 1, 1));
    assert_eq!(uk("01/01/00"), d(2000, 1, 1));
}

#[test]
fn month_names() {
    assert_eq!(uk("11-Aug-22"), d(2022, 8, 11));
    assert_eq!(uk("05-Apr-17"), d(2017, 4, 5));
    assert_eq!(uk("14 Apr 2023"), d(2023, 4, 14));
    assert_eq!(uk("4 May 2023"), d(2023, 5, 4));
    assert_eq!(uk("01 August 2023"), d(2023, 8, 1));
    assert_eq!(uk("13 Sept 2023"), d(2023, 9, 13));
    assert_eq!(uk("August 11, 2023"), d(2023, 8, 11));
    // regression: upper-case months containing a T were split at it
    assert_eq!(uk("14-OCT-23"), d(2023, 10, 14));
    assert_eq!(uk("01 OCTOBER 2023"), d(2023, 10, 1));
    assert_eq!(uk("5 SEPTEMBER 2023"), d(2023, 9, 5));
}

#[test]
fn excel_serials() {
    assert_eq!(uk("43658"), d(2019, 7, 12));
    assert_eq!(uk("45384.041666666664"), d(2024, 4, 2));
    assert_eq!(date_from_serial(45044.0), d(2023, 4, 28));
    assert_eq!(date_from_serial(0.0), None);
    assert_eq!(uk("7.25"), None);
    assert_eq!(uk("910"), None);
}

#[test]
fn order_matters_only_for_numeric() {
    assert_eq!(parse_date("04/05/2023", DateOrder::Mdy), d(2023, 4, 5));
    assert_eq!(parse_date("2023/05/04", DateOrder::Ymd), d(2023, 5, 4));
    assert_eq!(parse_date("11-Aug-22", DateOrder::Mdy), d(2022, 8, 11));
}

#[test]
fn not_dates() {
    for bad in [
        "",
        "31/02/2023",
        "13/13/2023",
        "tbc",
        "P-CARD - MAY 23",
        "1/2",
        "123456789",
    ] {
        assert_eq!(uk(bad), None, "{bad:?}");
    }
}

fn days(y: i32, m: u32, day: u32) -> i32 {
    epoch_days(NaiveDate::from_ymd_opt(y, m, day).unwrap())
}

#[test]
fn reading_without_an_order() {
    use DateRead::*;
    assert_eq!(read_date("29/05/2021"), DayFirst(days(2021, 5, 29)));
    assert_eq!(read_date("5/29/2021"), MonthFirst(days(2021, 5, 29)));
    assert_eq!(read_date("8/31/2021 00:00"), MonthFirst(days(2021, 8, 31)));
    assert_eq!(
        read_date("04/05/2023"),
        Either {
            dmy: days(2023, 5, 4),
            mdy: days(2023, 4, 5)
        }
    );
    assert_eq!(read_date("05/05/2023").certain(), Some(days(2023, 5, 5)));
    assert_eq!(
        read_date("12/05/10"),
        Either {
            dmy: days(2010, 5, 12),
            mdy: days(2010, 12, 5)
        }
    );
    assert_eq!(read_date("13.11.2013"), DayFirst(days(2013, 11, 13)));
    assert_eq!(read_date("2024-04-01"), Fixed(days(2024, 4, 1)));
    assert_eq!(read_date("11-Aug-22"), Fixed(days(2022, 8, 11)));
    assert_eq!(read_date("43658"), Fixed(days(2019, 7, 12)));
    assert_eq!(read_date("Jul 2014"), MonthOnly(days(2014, 7, 1)));
    assert_eq!(read_date("September 2014"), MonthOnly(days(2014, 9, 1)));
    assert_eq!(read_date(""), Missing(Undated::Empty));
    assert_eq!(read_date("  "), Missing(Undated::Empty));
    assert_eq!(read_date("######"), Missing(Undated::Hashes));
    assert_eq!(read_date("P-CARD - SEP 22"), Missing(Undated::Unreadable));
    assert_eq!(read_date("13/13/2023"), Missing(Undated::Unreadable));
    assert_eq!(read_date("31/02/2023"), Missing(Undated::Unreadable));
}

#[test]
fn proofs_and_resolution() {
    let either = read_date("04/05/2023");
    assert_eq!(either.proves(), None);
    assert_eq!(either.resolve(DateOrder::Mdy), Some(days(2023, 4, 5)));
    assert_eq!(either.resolve(DateOrder::Dmy), Some(days(2023, 5, 4)));
    assert_eq!(read_date("5/29/2021").proves(), Some(DateOrder::Mdy));
    assert_eq!(read_date("29/5/2021").proves(), Some(DateOrder::Dmy));
    assert_eq!(read_date("Jul 2014").certain(), None);
    assert!(read_date("Jul 2014").readable());
}

#[test]
fn epoch() {
    assert_eq!(epoch_days(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
    assert_eq!(epoch_date(1), NaiveDate::from_ymd_opt(1970, 1, 2).unwrap());
    assert_eq!(
        epoch_date(-1),
        NaiveDate::from_ymd_opt(1969, 12, 31).unwrap()
    );
    assert_eq!(
        epoch_date(i32::MAX),
        NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
    );
}
