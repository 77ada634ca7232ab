//! Text files that are not UTF-8: which encoding they look like and where the first byte that is not UTF-8 is.

/// What a file that is not UTF-8 looks like, and where it first stops being UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUtf8 {
    /// The encoding the bytes look like, as people name it.
    pub encoding: &'static str,
    /// One-based line of the first byte that is not UTF-8.
    pub line: usize,
    /// One-based column (in characters) of that byte.
    pub column: usize,
    /// The byte offset.
    pub offset: usize,
    /// A short description of the byte (`byte 0xE9, `é` in Latin-1`), empty for UTF-16.
    pub byte: String,
}

impl NotUtf8 {
    /// The message part after "failed to read FILE": `(it is UTF-16 text, not UTF-8)`.
    pub fn cause(&self) -> String {
        if self.encoding.starts_with("UTF-16") {
            format!("it is {} text, not UTF-8", self.encoding)
        } else {
            format!(
                "it is not UTF-8: {} at line {}, column {} looks like {}",
                self.byte, self.line, self.column, self.encoding
            )
        }
    }

    /// How to fix it.
    pub fn hint(&self, what: &str) -> String {
        format!(
            "save the {what} as UTF-8 (in a text editor: \"Save with encoding\" UTF-8; from a spreadsheet: \"CSV UTF-8\")"
        )
    }
}

/// Checks that `bytes` are UTF-8; if not, says what they look like and where the first
/// byte that is not UTF-8 is.
pub fn check_utf8(bytes: &[u8]) -> Result<&str, NotUtf8> {
    if let Some(encoding) = utf16(bytes) {
        return Err(NotUtf8 {
            encoding,
            line: 1,
            column: 1,
            offset: 0,
            byte: String::new(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => Err(not_utf8_at(bytes, e.valid_up_to())),
    }
}

/// The description of the first byte that is not UTF-8, at `offset` of `bytes`.
pub fn not_utf8_at(bytes: &[u8], offset: usize) -> NotUtf8 {
    let valid = std::str::from_utf8(&bytes[..offset.min(bytes.len())]).unwrap_or("");
    let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
    let line = memchr::memchr_iter(b'\n', valid.as_bytes()).count() + 1;
    let column = valid[line_start..].chars().count() + 1;
    let b = bytes.get(offset).copied().unwrap_or(0);
    // Windows-1252 differs from Latin-1 only in 0x80-0x9F, where it has printable characters
    let (encoding, byte) = if (0x80..0xA0).contains(&b) {
        ("Windows-1252", format!("byte 0x{b:02X}"))
    } else {
        (
            "Latin-1 (ISO-8859-1) or Windows-1252",
            format!("byte 0x{b:02X} (`{}` in Latin-1)", char::from(b)),
        )
    };
    NotUtf8 {
        encoding,
        line,
        column,
        offset,
        byte,
    }
}

/// `Some("UTF-16LE")` or `Some("UTF-16BE")` when the bytes start with a UTF-16 byte order
/// mark, or look like UTF-16 text without one (every other byte of the start NUL).
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("UTF-16LE"),
        [0xFE, 0xFF, ..] => return Some("UTF-16BE"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(256) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let nul_odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let nul_even = head.iter().step_by(2).filter(|b| **b == 0).count();
    if nul_odd * 10 >= pairs * 9 && nul_even == 0 {
        Some("UTF-16LE")
    } else if nul_even * 10 >= pairs * 9 && nul_odd == 0 {
        Some("UTF-16BE")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_utf16_and_latin1_with_the_place() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("id: x\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let e = check_utf8(&utf16).unwrap_err();
        assert_eq!(e.cause(), "it is UTF-16LE text, not UTF-8");
        let no_bom: Vec<u8> = "Year,Value\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(check_utf8(&no_bom).unwrap_err().encoding, "UTF-16BE");
        let latin1 = b"a: 1\ntitle: Sa\xfade\n";
        let e = check_utf8(latin1).unwrap_err();
        assert_eq!(
            e.cause(),
            "it is not UTF-8: byte 0xFA (`ú` in Latin-1) at line 2, column 10 looks like Latin-1 (ISO-8859-1) or Windows-1252"
        );
        assert_eq!((e.line, e.column, e.offset), (2, 10, 14));
        let cp1252 = "é\n“".as_bytes().to_vec();
        assert!(check_utf8(&cp1252).is_ok());
        let e = check_utf8(b"\xc3\xa9 \x93quoted\x94").unwrap_err();
        assert_eq!((e.line, e.column), (1, 3));
        assert_eq!(e.encoding, "Windows-1252");
    }
}
