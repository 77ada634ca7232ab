//! The date of a run: `SOURCE_DATE_EPOCH` fixes it, so identical inputs give identical outputs; a publication without it prints the project's declared date, else today.

/// `SOURCE_DATE_EPOCH` is set to something other than a number of seconds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("failed to read SOURCE_DATE_EPOCH (`{0}` is not a number of seconds since 1970)")]
pub struct BadSourceDateEpoch(pub String);

impl BadSourceDateEpoch {
    /// The problem as a diagnostic.
    pub fn to_diagnostic(&self) -> crate::diag::Diagnostic {
        crate::diag::Diagnostic::error("source-date-epoch", self.to_string())
            .hint("set it to a Unix timestamp such as 1735689600, or unset it")
    }
}

/// The date fixed by `SOURCE_DATE_EPOCH`, if set.
pub(crate) fn source_date() -> Result<Option<time::Date>, BadSourceDateEpoch> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(None),
        Ok(s) => date_from_epoch(&s).map(Some),
    }
}

/// The date a publication prints: `SOURCE_DATE_EPOCH` when set (reproducible builds), else
/// the project's declared `date` (`2025-11-24`), else today (UTC).
pub(crate) fn publication_date(declared: Option<&str>) -> Result<time::Date, BadSourceDateEpoch> {
    if let Some(d) = source_date()? {
        return Ok(d);
    }
    if let Some(d) = declared.and_then(parse_date) {
        return Ok(d);
    }
    Ok(time::OffsetDateTime::now_utc().date())
}

/// A date written `YYYY-MM-DD`.
pub(crate) fn parse_date(s: &str) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s.trim(), &format).ok()
}

/// The UTC date of a `SOURCE_DATE_EPOCH` value.
pub fn date_from_epoch(s: &str) -> Result<time::Date, BadSourceDateEpoch> {
    s.trim()
        .parse::<i64>()
        .ok()
        .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
        .map(|t| t.date())
        .ok_or_else(|| BadSourceDateEpoch(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_epochs_and_rejects_other_text() {
        assert_eq!(
            date_from_epoch("1735689600").unwrap(),
            time::macros::date!(2025 - 01 - 01)
        );
        assert!(date_from_epoch("yesterday").is_err());
        assert_eq!(
            parse_date("2025-11-24"),
            Some(time::macros::date!(2025 - 11 - 24))
        );
        assert_eq!(parse_date("24/11/2025"), None);
    }
}
