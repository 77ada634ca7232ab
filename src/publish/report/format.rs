//! Dates, year ranges, counts and differences written the way each report language writes them.
//!
//! Numbers themselves are written by [`crate::publish::format::NumberFormat`], the one number
//! format of charts, sentences and reports, so that a value reads the same everywhere.

use crate::publish::format::NumberFormat;

/// Writes a whole count (`1,234`).
pub fn count(n: usize, lang: &str) -> String {
    NumberFormat::for_language(lang).number(n as f64, 0)
}

/// Writes a difference of two values with its unit: differences of percentages are in
/// percentage points (`4.4 percentage points`), others in the unit.
pub fn difference_with_unit(
    value: f64,
    decimals: u8,
    unit: Option<&str>,
    points_label: &str,
    lang: &str,
) -> String {
    let f = NumberFormat::for_language(lang);
    match unit.map(str::trim) {
        Some("%") => format!("{}\u{a0}{points_label}", f.number(value, decimals)),
        _ => f.with_unit(value, decimals, unit),
    }
}

/// The fewest decimals (at most `max`) that show every value as it is, after rounding to `max`.
pub fn decimals_for(values: impl IntoIterator<Item = f64>, max: u8) -> u8 {
    let mut needed = 0;
    for v in values {
        if !v.is_finite() {
            continue;
        }
        let scale = 10f64.powi(i32::from(max));
        let rounded = (v * scale).round();
        let mut d = max;
        while d > needed {
            let step = 10f64.powi(i32::from(max - d + 1));
            if (rounded / step).fract().abs() > 1e-9 {
                break;
            }
            d -= 1;
        }
        needed = needed.max(d);
    }
    needed
}

/// A year range `2015–2023` (one year alone when both are equal).
pub fn year_range(first: i32, last: i32) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}\u{2013}{last}")
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_PT: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Writes a date in the language's long form: `3 March 2025`, `3 de março de 2025`,
/// `3 de marzo de 2025`, `3. März 2025`, `1er mars 2025`.
pub fn date(d: time::Date, lang: &str) -> String {
    let m = usize::from(d.month() as u8) - 1;
    let (day, year) = (d.day(), d.year());
    match lang.split(['-', '_']).next().unwrap_or(lang) {
        "pt" => format!("{day} de {} de {year}", MONTHS_PT[m]),
        "es" => format!("{day} de {} de {year}", MONTHS_ES[m]),
        "de" => format!("{day}. {} {year}", MONTHS_DE[m]),
        "fr" if day == 1 => format!("1er {} {year}", MONTHS_FR[m]),
        "fr" => format!("{day} {} {year}", MONTHS_FR[m]),
        _ => format!("{day} {} {year}", MONTHS_EN[m]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_differences_follow_each_language() {
        assert_eq!(count(1234, "en"), "1,234");
        assert_eq!(count(1234, "es"), "1234");
        assert_eq!(count(12345, "fr"), "12\u{202f}345");
        assert_eq!(
            difference_with_unit(4.4, 1, Some("%"), "percentage points", "en"),
            "4.4\u{a0}percentage points"
        );
        assert_eq!(
            difference_with_unit(4.4, 1, Some("households"), "pp", "de"),
            "4,4\u{a0}households"
        );
    }

    #[test]
    fn decimals_show_values_as_they_are() {
        assert_eq!(decimals_for([1.0, 2.0, 30.0], 2), 0);
        assert_eq!(decimals_for([1.5, 2.0], 2), 1);
        assert_eq!(decimals_for([1.25, 2.0], 2), 2);
        assert_eq!(decimals_for([1.2345], 2), 2);
        assert_eq!(decimals_for([], 2), 0);
    }

    #[test]
    fn dates_in_long_form() {
        let d = time::macros::date!(2025 - 03 - 01);
        assert_eq!(date(d, "en"), "1 March 2025");
        assert_eq!(date(d, "pt-BR"), "1 de março de 2025");
        assert_eq!(date(d, "es"), "1 de marzo de 2025");
        assert_eq!(date(d, "de"), "1. März 2025");
        assert_eq!(date(d, "fr"), "1er mars 2025");
        assert_eq!(year_range(2015, 2023), "2015–2023");
        assert_eq!(year_range(2023, 2023), "2023");
    }
}
