//! Cell parsers: numbers in national formats, periods such as `2015-16`, and the year of a date.

/// How numbers are written in a dataset: the decimal separator and the thousands separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    /// Decimal separator (`.` or `,`).
    pub decimal: u8,
    /// Thousands separator: declared (accepted anywhere a group of three digits follows it), or
    /// implied (the other of `.` and `,`, accepted only in well-formed groups of three digits).
    pub thousands: Option<u8>,
}

impl NumberFormat {
    /// The format for a declared decimal and thousands separator and the file's delimiter:
    /// without a declaration, `;`-separated files use `,` as decimal separator (as Brazilian and
    /// German offices publish) and other files `.`; the thousands separator defaults to the
    /// other one of `.` and `,`.
    pub fn new(decimal: Option<char>, thousands: Option<char>, delimiter: u8) -> NumberFormat {
        let decimal = match decimal {
            Some(c) if c.is_ascii() => c as u8,
            Some(_) => b'.',
            None if delimiter == b';' => b',',
            None => b'.',
        };
        let thousands = match thousands {
            Some(c) if c.is_ascii() => Some(c as u8),
            Some('\u{a0}' | '\u{202f}') => Some(b' '),
            Some(_) => None,
            None => Some(if decimal == b',' { b'.' } else { b',' }),
        };
        NumberFormat {
            decimal,
            thousands: thousands.filter(|t| *t != decimal),
        }
    }
}

impl Default for NumberFormat {
    fn default() -> Self {
        NumberFormat {
            decimal: b'.',
            thousands: Some(b','),
        }
    }
}

/// Why a cell is not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all.
    NotANumber,
    /// Separators that do not fit the declared format (such as `12,5` with decimal `.`).
    Separators,
    /// A percent sign or another unit written in the cell.
    Unit,
}

/// Cells that mean "no data" in published tables (`..` in UN tables, `:` in Eurostat's).
fn is_missing_marker(s: &[u8]) -> bool {
    matches!(s, b".." | b"..." | b":" | b"NA" | b"N/A" | b"n/a" | b"na")
}

/// Trims ASCII whitespace and non-breaking spaces (UTF-8 `C2 A0`) from both ends.
pub fn trim(mut s: &[u8]) -> &[u8] {
    loop {
        match s {
            [b' ' | b'\t' | b'\r' | b'\n', rest @ ..] => s = rest,
            [0xC2, 0xA0, rest @ ..] => s = rest,
            [rest @ .., b' ' | b'\t' | b'\r' | b'\n'] => s = rest,
            [rest @ .., 0xC2, 0xA0] => s = rest,
            _ => return s,
        }
    }
}

/// Parses a number cell: `Ok(None)` for a blank cell or a "no data" marker, never zero.
pub fn parse_number(cell: &[u8], format: NumberFormat) -> Result<Option<f64>, NumberError> {
    // the common case first: a short plain decimal without surrounding spaces
    if cell
        .first()
        .is_some_and(|b| b.is_ascii_digit() || *b == b'-')
        && let Some(v) = parse_short_decimal(cell, format.decimal)
    {
        return Ok(Some(v));
    }
    let s = trim(cell);
    if s.is_empty() || is_missing_marker(s) {
        return Ok(None);
    }
    if let Some(v) = parse_short_decimal(s, format.decimal) {
        return Ok(Some(v));
    }
    // next fastest: a plain number (`12.5`, `-3`, `1e3`) parses whole; with `,` as decimal
    // separator only numbers without any separator are plain
    let plain = format.decimal == b'.' || memchr::memchr2(b'.', b',', s).is_none();
    if plain
        && let Ok((v, used)) = fast_float2::parse_partial::<f64, _>(s)
        && used == s.len()
    {
        return if v.is_finite() {
            Ok(Some(v))
        } else {
            Err(NumberError::NotANumber)
        };
    }
    // scratch space on the stack for usual cells, on the heap for the rare long one (a
    // number written with 100 zeros is still a number)
    let mut small = [0u8; 160];
    let mut big = Vec::new();
    let scratch: &mut [u8] = if 2 * s.len() <= small.len() {
        &mut small
    } else {
        big.resize(2 * s.len(), 0);
        &mut big
    };
    let (cleaned, buf) = scratch.split_at_mut(s.len());
    let n = normalise(s, format, cleaned, buf)?;
    match fast_float2::parse::<f64, _>(&buf[..n]) {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(classify(s)),
    }
}

/// Powers of ten that are exact doubles.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The common case of published data, `-?digits[.digits]` with at most 15 significant digits,
/// parsed exactly: the digits form an integer below 2^53 and dividing it by an exact power of
/// ten rounds correctly (Clinger's fast path). `None` for anything else.
#[inline]
fn parse_short_decimal(s: &[u8], decimal: u8) -> Option<f64> {
    let (negative, digits) = match s.first()? {
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut fraction: Option<usize> = None;
    for (i, b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' => mantissa = mantissa * 10 + u64::from(b - b'0'),
            _ if *b == decimal && fraction.is_none() && i > 0 && i + 1 < digits.len() => {
                fraction = Some(digits.len() - i - 1)
            }
            _ => return None,
        }
    }
    if mantissa > 1 << 53 {
        return None;
    }
    let v = mantissa as f64 / EXACT_POWERS_OF_TEN[fraction.unwrap_or(0)];
    Some(if negative { -v } else { v })
}

/// Rewrites a number into plain form (`1.234,5` -> `1234.5`), checking digit groups.
/// `cleaned` and `out` hold at least `s.len()` bytes each.
fn normalise(
    s: &[u8],
    format: NumberFormat,
    cleaned: &mut [u8],
    out: &mut [u8],
) -> Result<usize, NumberError> {
    // A non-breaking space (C2 A0) or narrow one (E2 80 AF) counts as a space separator.
    let mut len = 0;
    let mut i = 0;
    while i < s.len() {
        let (b, step) = match s[i] {
            0xC2 if s.get(i + 1) == Some(&0xA0) => (b' ', 2),
            0xE2 if s.get(i + 1) == Some(&0x80) && s.get(i + 2) == Some(&0xAF) => (b' ', 3),
            b if b >= 0x80 => return Err(classify(s)),
            b => (b, 1),
        };
        if len == cleaned.len() {
            return Err(NumberError::NotANumber);
        }
        cleaned[len] = b;
        len += 1;
        i += step;
    }
    let s = &cleaned[..len];
    let mut n = 0;
    let mut push = |b: u8, n: &mut usize| -> Result<(), NumberError> {
        if *n == out.len() {
            return Err(NumberError::NotANumber);
        }
        out[*n] = b;
        *n += 1;
        Ok(())
    };
    let mut i = 0;
    if matches!(s.first(), Some(b'-' | b'+')) {
        push(s[0], &mut n)?;
        i = 1;
    }
    // integer part, with optional thousands separators in groups of three
    let int_start = i;
    let mut group_len = 0usize;
    let mut groups = 0usize;
    while i < s.len() {
        let b = s[i];
        if b.is_ascii_digit() {
            push(b, &mut n)?;
            group_len += 1;
        } else if Some(b) == format.thousands {
            if groups == 0 {
                if !(1..=3).contains(&group_len) {
                    return Err(NumberError::Separators);
                }
            } else if group_len != 3 {
                return Err(NumberError::Separators);
            }
            groups += 1;
            group_len = 0;
        } else {
            break;
        }
        i += 1;
    }
    if groups > 0 && group_len != 3 {
        return Err(NumberError::Separators);
    }
    if i == int_start && i < s.len() && s[i] != format.decimal {
        return Err(classify(s));
    }
    if i < s.len() && s[i] == format.decimal {
        push(b'.', &mut n)?;
        i += 1;
        while i < s.len() && (s[i].is_ascii_digit() || matches!(s[i], b'e' | b'E' | b'-' | b'+')) {
            push(s[i], &mut n)?;
            i += 1;
        }
    } else if i < s.len() && matches!(s[i], b'e' | b'E') {
        while i < s.len() && (s[i].is_ascii_digit() || matches!(s[i], b'e' | b'E' | b'-' | b'+')) {
            push(s[i], &mut n)?;
            i += 1;
        }
    }
    if i != s.len() {
        return Err(classify(s));
    }
    Ok(n)
}

fn classify(s: &[u8]) -> NumberError {
    if s.ends_with(b"%")
        || s.starts_with(b"R$")
        || s.starts_with(b"$")
        || s.ends_with("€".as_bytes())
    {
        NumberError::Unit
    } else if s
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b' ' | b'-' | b'+' | b'\''))
        && s.iter().any(u8::is_ascii_digit)
    {
        NumberError::Separators
    } else {
        NumberError::NotANumber
    }
}

/// A cell that is not a period or date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// A period as written in a dataset: its year and, for a range such as `2015-16`, the label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first year.
    pub year: i32,
    /// Whether the cell is a range (`2015-16`, `2015/2016`), kept as written.
    pub is_range: bool,
}

fn four_digits(s: &[u8]) -> Option<i32> {
    if s.len() == 4 && s.iter().all(u8::is_ascii_digit) {
        Some(s.iter().fold(0i32, |a, b| a * 10 + i32::from(b - b'0')))
    } else {
        None
    }
}

/// Parses a period cell: `2015`, `2015.0`, or a range `2015-16`, `2015/16`, `2015-2016`.
/// `Ok(None)` for a blank cell.
pub fn parse_period(cell: &[u8]) -> Result<Option<Period>, Unreadable> {
    let s = trim(cell);
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(year) = four_digits(s) {
        return Ok(Some(Period {
            year,
            is_range: false,
        }));
    }
    if s.len() > 4
        && let Some(year) = four_digits(&s[..4])
    {
        let rest = &s[4..];
        if rest.iter().all(|b| *b == b'0' || *b == b'.') && rest[0] == b'.' {
            return Ok(Some(Period {
                year,
                is_range: false,
            }));
        }
        if matches!(rest[0], b'-' | b'/' | b'_') {
            let end = &rest[1..];
            let ok = match end.len() {
                2 => end.iter().all(u8::is_ascii_digit),
                4 => four_digits(end).is_some_and(|e| e > year),
                _ => false,
            };
            if ok {
                return Ok(Some(Period {
                    year,
                    is_range: true,
                }));
            }
        }
    }
    Err(Unreadable)
}

/// The year of a date cell: `2021-03-04` (ISO, with or without a time), `04/03/2021`,
/// `04.03.2021`, or a plain year. `Ok(None)` for a blank cell.
pub fn parse_date_year(cell: &[u8]) -> Result<Option<i32>, Unreadable> {
    // the common case first: an ISO date `YYYY-MM-DD` (perhaps with a time after it)
    if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1, rest @ ..] = cell
        && [y0, y1, y2, y3, m0, m1, d0, d1]
            .iter()
            .all(|b| b.is_ascii_digit())
        && matches!(rest.first(), None | Some(b'T' | b' '))
    {
        let month = (m0 - b'0') * 10 + (m1 - b'0');
        let day = (d0 - b'0') * 10 + (d1 - b'0');
        if (1..=12).contains(&month) && (1..=31).contains(&day) {
            let year = [y0, y1, y2, y3]
                .iter()
                .fold(0i32, |a, b| a * 10 + i32::from(**b - b'0'));
            return Ok(Some(year));
        }
        return Err(Unreadable);
    }
    let s = trim(cell);
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(y) = four_digits(s) {
        return Ok(Some(y));
    }
    let date = s.split(|b| *b == b' ' || *b == b'T').next().unwrap_or(s);
    let parts: Vec<&[u8]> = date.split(|b| matches!(b, b'-' | b'/' | b'.')).collect();
    let num = |p: &[u8]| -> Option<u32> {
        if !p.is_empty() && p.len() <= 2 && p.iter().all(u8::is_ascii_digit) {
            Some(p.iter().fold(0u32, |a, b| a * 10 + u32::from(b - b'0')))
        } else {
            None
        }
    };
    match parts.as_slice() {
        [y, m, d] if four_digits(y).is_some() => {
            let (m, d) = (num(m).ok_or(Unreadable)?, num(d).ok_or(Unreadable)?);
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                four_digits(y).map(Some).ok_or(Unreadable)
            } else {
                Err(Unreadable)
            }
        }
        [a, b, y] if four_digits(y).is_some() => {
            let (a, b) = (num(a).ok_or(Unreadable)?, num(b).ok_or(Unreadable)?);
            // day/month or month/day: the year is the same either way
            if (1..=31).contains(&a) && (1..=31).contains(&b) && (a <= 12 || b <= 12) {
                four_digits(y).map(Some).ok_or(Unreadable)
            } else {
                Err(Unreadable)
            }
        }
        [y, m] if four_digits(y).is_some() && num(m).is_some_and(|m| (1..=12).contains(&m)) => {
            four_digits(y).map(Some).ok_or(Unreadable)
        }
        _ => Err(Unreadable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str, f: NumberFormat) -> Result<Option<f64>, NumberError> {
        parse_number(s.as_bytes(), f)
    }

    #[test]
    fn plain_numbers() {
        let f = NumberFormat::default();
        assert_eq!(n("12.5", f), Ok(Some(12.5)));
        assert_eq!(n(" -3 ", f), Ok(Some(-3.0)));
        assert_eq!(n("1e3", f), Ok(Some(1000.0)));
        assert_eq!(n("", f), Ok(None));
        assert_eq!(n("  ", f), Ok(None));
        assert_eq!(n("..", f), Ok(None));
        assert_eq!(n("1,234.5", f), Ok(Some(1234.5)));
        assert_eq!(n("1,234,567", f), Ok(Some(1234567.0)));
        assert_eq!(n("12,5", f), Err(NumberError::Separators));
        assert_eq!(n("1,23,456", f), Err(NumberError::Separators));
        assert_eq!(n("12%", f), Err(NumberError::Unit));
        assert_eq!(n("abc", f), Err(NumberError::NotANumber));
        assert_eq!(n("inf", f), Err(NumberError::NotANumber));
        assert_eq!(n("NaN", f), Err(NumberError::NotANumber));
    }

    #[test]
    fn short_decimals_parse_exactly() {
        for text in [
            "0.1",
            "21.24",
            "-3.5",
            "123456789012.345",
            "0.000001",
            "7",
            "1.10",
        ] {
            let expected: f64 = text.parse().unwrap();
            assert_eq!(
                parse_short_decimal(text.as_bytes(), b'.'),
                Some(expected),
                "{text}"
            );
        }
        assert_eq!(parse_short_decimal(b"12,5", b','), Some(12.5));
        for text in [
            "1.",
            ".5",
            "1.2.3",
            "1e3",
            "--1",
            "12345678901234567",
            "9999999999999999",
            "1,5",
        ] {
            assert_eq!(parse_short_decimal(text.as_bytes(), b'.'), None, "{text}");
        }
    }

    #[test]
    fn european_numbers() {
        let f = NumberFormat::new(None, None, b';');
        assert_eq!(f.decimal, b',');
        assert_eq!(n("12,5", f), Ok(Some(12.5)));
        assert_eq!(n("1.234,56", f), Ok(Some(1234.56)));
        assert_eq!(n("-0,25", f), Ok(Some(-0.25)));
        assert_eq!(n("1234", f), Ok(Some(1234.0)));
        assert_eq!(n("1.23", f), Err(NumberError::Separators));
        let spaced = NumberFormat::new(Some(','), Some(' '), b';');
        assert_eq!(n("1 234 567,5", spaced), Ok(Some(1234567.5)));
        assert_eq!(n("1\u{a0}234,5", spaced), Ok(Some(1234.5)));
        let swiss = NumberFormat::new(Some('.'), Some('\''), b',');
        assert_eq!(n("1'234.5", swiss), Ok(Some(1234.5)));
    }

    #[test]
    fn periods() {
        let p = |s: &str| parse_period(s.as_bytes());
        assert_eq!(p("2015").unwrap().unwrap().year, 2015);
        assert!(!p("2015").unwrap().unwrap().is_range);
        assert_eq!(p("2015.0").unwrap().unwrap().year, 2015);
        let r = p("2015-16").unwrap().unwrap();
        assert_eq!((r.year, r.is_range), (2015, true));
        assert_eq!(p("2015/2016").unwrap().unwrap().year, 2015);
        assert_eq!(p(""), Ok(None));
        assert!(p("15").is_err());
        assert!(p("2015-2014").is_err());
        assert!(p("year").is_err());
    }

    #[test]
    fn date_years() {
        let d = |s: &str| parse_date_year(s.as_bytes());
        assert_eq!(d("2021-03-04"), Ok(Some(2021)));
        assert_eq!(d("2021-03-04T10:00:00"), Ok(Some(2021)));
        assert_eq!(d("04/03/2021"), Ok(Some(2021)));
        assert_eq!(d("31.12.2020"), Ok(Some(2020)));
        assert_eq!(d("2020"), Ok(Some(2020)));
        assert_eq!(d(""), Ok(None));
        assert!(d("2021-13-01").is_err());
        assert!(d("yesterday").is_err());
    }

    mod differential {
        //! The number parser against std's `f64` parsing: every value std writes reads back
        //! to the same bits, plain, with `,` as decimal separator, with thousands groups and
        //! padded with spaces; and no text makes it panic.
        use super::*;
        use proptest::prelude::*;

        /// `1234567.5` written `1,234,567.5` (or with `.` groups and `,` decimals).
        fn grouped(plain: &str, group: char, decimal: char) -> String {
            let (sign, rest) = plain.strip_prefix('-').map_or(("", plain), |r| ("-", r));
            let (int, frac) = rest
                .split_once('.')
                .map_or((rest, None), |(i, f)| (i, Some(f)));
            let mut out = String::new();
            for (k, c) in int.chars().enumerate() {
                if k > 0 && (int.len() - k) % 3 == 0 {
                    out.push(group);
                }
                out.push(c);
            }
            match frac {
                Some(f) => format!("{sign}{out}{decimal}{f}"),
                None => format!("{sign}{out}"),
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn reads_what_std_writes(v in proptest::num::f64::NORMAL | proptest::num::f64::ZERO
                | proptest::num::f64::SUBNORMAL) {
                let dot = NumberFormat::new(None, None, b',');
                let comma = NumberFormat::new(None, None, b';');
                for text in [format!("{v}"), format!("{v:e}"), format!("{v:E}")] {
                    let std: f64 = text.parse().unwrap();
                    prop_assert_eq!(parse_number(text.as_bytes(), dot).map(|o| o.map(f64::to_bits)),
                        Ok(Some(std.to_bits())), "{}", text);
                    prop_assert_eq!(parse_number(format!("  {text}\t").as_bytes(), dot)
                        .map(|o| o.map(f64::to_bits)), Ok(Some(std.to_bits())), "{}", text);
                }
                let plain = format!("{v}");
                if !plain.contains('e') {
                    let std: f64 = plain.parse().unwrap();
                    let bits = Ok(Some(std.to_bits()));
                    let with_commas = grouped(&plain, ',', '.');
                    prop_assert_eq!(parse_number(with_commas.as_bytes(), dot).map(|o| o.map(f64::to_bits)),
                        bits.clone(), "{}", with_commas);
                    let european = grouped(&plain, '.', ',');
                    prop_assert_eq!(parse_number(european.as_bytes(), comma).map(|o| o.map(f64::to_bits)),
                        bits, "{}", european);
                }
            }

            #[test]
            fn agrees_with_std_on_any_short_text(text in "[-+0-9.,eE _a-z%]{0,24}") {
                let dot = NumberFormat::new(None, None, b',');
                let ours = parse_number(text.as_bytes(), dot);
                // a text std reads in full (and we do not treat as a marker) reads the same here
                if let (Ok(std), Ok(Some(v))) = (text.trim().parse::<f64>(), &ours)
                    && std.is_finite() && !text.contains(',') && !text.contains('_')
                {
                    prop_assert_eq!(std.to_bits(), v.to_bits(), "{}", text);
                }
                if let (Ok(std), false) = (text.trim().parse::<f64>(), text.trim().is_empty())
                    && std.is_finite() && !text.contains(',') && !text.contains('_')
                    && !text.trim().starts_with('+') && !text.trim().eq_ignore_ascii_case("inf")
                {
                    prop_assert!(matches!(ours, Ok(Some(_))), "{} -> {:?}", text, ours);
                }
            }
        }
    }
}
