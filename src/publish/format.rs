//! Numbers, percentages and years written the way each publication language writes them.
//!
//! Deterministic by construction: values are rounded with Rust's exact decimal formatting
//! (`{:.N}`), never with locale settings of the machine.

/// How one language writes numbers: decimal mark, digit grouping and the space before `%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    /// The decimal mark (`.` or `,`).
    pub decimal: char,
    /// The digit group separator (`,`, `.`, a narrow no-break space).
    pub group: char,
    /// The smallest integer part that is grouped (1,000 in English; 10 000 in Spanish).
    pub group_from: u64,
    /// What stands between a number and `%` (nothing, a no-break space or a narrow one).
    pub percent_space: &'static str,
    /// The minus sign.
    pub minus: char,
}

/// A narrow no-break space (French digit groups and `%`).
const NARROW_NBSP: char = '\u{202F}';

impl NumberFormat {
    /// The format of a language (`pt-BR` uses `pt`); English for languages not known here.
    pub fn for_language(lang: &str) -> NumberFormat {
        let base = lang.split(['-', '_']).next().unwrap_or(lang);
        let english = NumberFormat {
            decimal: '.',
            group: ',',
            group_from: 1_000,
            percent_space: "",
            minus: '\u{2212}',
        };
        match base {
            "pt" => NumberFormat {
                decimal: ',',
                group: '.',
                percent_space: "",
                ..english
            },
            "es" => NumberFormat {
                decimal: ',',
                group: '.',
                group_from: 10_000,
                percent_space: "\u{A0}",
                ..english
            },
            "de" => NumberFormat {
                decimal: ',',
                group: '.',
                percent_space: "\u{A0}",
                ..english
            },
            "fr" => NumberFormat {
                decimal: ',',
                group: NARROW_NBSP,
                percent_space: "\u{202F}",
                ..english
            },
            _ => english,
        }
    }

    /// `value` with `decimals` decimal places and digit groups, such as `12,345.6` or `12.345,6`.
    pub fn number(&self, value: f64, decimals: u8) -> String {
        if !value.is_finite() {
            return "–".to_string();
        }
        let text = format!("{:.*}", usize::from(decimals), value.abs());
        let (int_part, frac_part) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text.as_str(), None),
        };
        let is_zero = text.chars().all(|c| c == '0' || c == '.');
        let mut out = String::with_capacity(text.len() + 4);
        if value < 0.0 && !is_zero {
            out.push(self.minus);
        }
        let grouped = int_part.parse::<u64>().is_ok_and(|n| n >= self.group_from);
        let digits = int_part.len();
        for (i, c) in int_part.chars().enumerate() {
            if grouped && i > 0 && (digits - i).is_multiple_of(3) {
                out.push(self.group);
            }
            out.push(c);
        }
        if let Some(f) = frac_part {
            out.push(self.decimal);
            out.push_str(f);
        }
        out
    }

    /// A percentage given in percent units (`45.2` gives `45.2%`, `45,2 %`).
    pub fn percent(&self, value: f64, decimals: u8) -> String {
        format!("{}{}%", self.number(value, decimals), self.percent_space)
    }

    /// A change in percent with its sign (`+2.3%`, `−12.2%`; `0.0%` for a rise that rounds to
    /// nothing).
    pub fn change(&self, value: f64, decimals: u8) -> String {
        let text = self.percent(value, decimals);
        if value > 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            format!("+{text}")
        } else {
            text
        }
    }

    /// A value followed by its unit: `%` is written as a percentage, other units after a space.
    pub fn with_unit(&self, value: f64, decimals: u8, unit: Option<&str>) -> String {
        match unit.map(str::trim) {
            Some(u) if names_percent(u) => self.percent(value, decimals),
            // currency symbols written before the amount: `R$ 1.234,50 por habitante`
            Some(u)
                if let Some(symbol) = PREFIX_CURRENCIES.iter().find(|s| {
                    u == **s
                        || u.strip_prefix(**s)
                            .is_some_and(|rest| rest.starts_with(' '))
                }) =>
            {
                let rest = &u[symbol.len()..];
                format!("{symbol}\u{A0}{}{rest}", self.number(value, decimals))
            }
            Some(u) if !u.is_empty() => format!("{}\u{A0}{u}", self.number(value, decimals)),
            _ => self.number(value, decimals),
        }
    }

    /// A year, never grouped (`2030`, not `2,030`).
    pub fn year(&self, year: i32) -> String {
        if year < 0 {
            format!("{}{}", self.minus, year.unsigned_abs())
        } else {
            year.to_string()
        }
    }
}

/// Whether a unit is a percentage, however a data set words it (`%`, `Percentage (%)`,
/// `Proportion (%)`, `Percent`, `Porcentaje`): its values print as `18.9%`, never
/// `18.9 Percentage (%)`.
fn names_percent(unit: &str) -> bool {
    const WORDS: [&str; 9] = [
        "percent",
        "per cent",
        "percentage",
        "porcentaje",
        "porcentagem",
        "pourcentage",
        "prozent",
        "prozentsatz",
        "percentuale",
    ];
    // called for every value printed: no allocation (the words are ASCII)
    unit == "%" || unit.ends_with("(%)") || WORDS.iter().any(|w| unit.eq_ignore_ascii_case(w))
}

/// Currency symbols written before the amount in every language.
const PREFIX_CURRENCIES: [&str; 9] = ["R$", "US$", "MX$", "AR$", "CA$", "A$", "£", "¥", "₹"];

/// The number of decimals that shows the steps of an axis whose ticks are `step` apart.
pub(crate) fn decimals_for_step(step: f64) -> u8 {
    let mut decimals = 0u8;
    let mut scaled = step.abs();
    while decimals < 6 && (scaled - scaled.round()).abs() > 1e-9 * scaled.max(1.0) {
        scaled *= 10.0;
        decimals += 1;
    }
    decimals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_groups_thousands_and_uses_a_point() {
        let f = NumberFormat::for_language("en");
        assert_eq!(f.number(1234567.891, 2), "1,234,567.89");
        assert_eq!(f.number(999.0, 0), "999");
        assert_eq!(f.number(1000.0, 0), "1,000");
        assert_eq!(f.percent(45.25, 1), "45.2%");
        assert_eq!(f.number(-3.5, 1), "\u{2212}3.5");
    }

    #[test]
    fn a_unit_that_names_a_percentage_prints_as_a_percent_sign() {
        let f = NumberFormat::for_language("en");
        for unit in [
            "%",
            "Percentage (%)",
            "Proportion (%)",
            "Percent",
            "percentage",
        ] {
            assert_eq!(f.with_unit(18.9, 1, Some(unit)), "18.9%", "{unit}");
        }
        assert_eq!(
            NumberFormat::for_language("es").with_unit(18.9, 1, Some("Porcentaje")),
            "18,9\u{A0}%"
        );
        // a rate per people is no percentage
        assert_eq!(
            f.with_unit(18.9, 1, Some("per 100,000 population")),
            "18.9\u{A0}per 100,000 population"
        );
    }

    #[test]
    fn romance_and_german_use_a_decimal_comma() {
        assert_eq!(
            NumberFormat::for_language("pt-BR").number(12345.6, 1),
            "12.345,6"
        );
        assert_eq!(NumberFormat::for_language("pt").percent(7.0, 1), "7,0%");
        assert_eq!(
            NumberFormat::for_language("de").percent(7.0, 1),
            "7,0\u{A0}%"
        );
        assert_eq!(NumberFormat::for_language("es").number(2500.0, 0), "2500");
        assert_eq!(
            NumberFormat::for_language("es").number(25000.0, 0),
            "25.000"
        );
        assert_eq!(
            NumberFormat::for_language("fr").number(25000.5, 1),
            "25\u{202F}000,5"
        );
        assert_eq!(
            NumberFormat::for_language("fr").percent(3.0, 0),
            "3\u{202F}%"
        );
    }

    #[test]
    fn rounding_to_zero_drops_the_sign_and_years_are_not_grouped() {
        let f = NumberFormat::for_language("en");
        assert_eq!(f.number(-0.04, 1), "0.0");
        assert_eq!(f.year(2030), "2030");
        assert_eq!(
            f.with_unit(12.0, 0, Some("households")),
            "12\u{A0}households"
        );
        assert_eq!(f.number(f64::NAN, 1), "–");
    }

    #[test]
    fn decimals_follow_the_tick_step() {
        assert_eq!(decimals_for_step(5.0), 0);
        assert_eq!(decimals_for_step(0.5), 1);
        assert_eq!(decimals_for_step(0.25), 2);
        assert_eq!(decimals_for_step(2000.0), 0);
    }
}
