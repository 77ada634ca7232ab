//! Small text helpers shared by import and export: identifiers from labels, Markdown to plain text.

use crate::model::fold_diacritics;

/// A lower-case ASCII slug of a label: letters and digits kept, everything else one `-`
/// (`Percentage (%)` -> `percentage`, `Ages 15–24` -> `ages-15-24`); empty when nothing is left.
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in fold_diacritics(label).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// An SDMX identifier of a label: upper-case ASCII letters, digits and `_`
/// (`Black or Brown` -> `BLACK_OR_BROWN`); empty when nothing is left.
pub fn sdmx_id(label: &str) -> String {
    slug(label).replace('-', "_").to_ascii_uppercase()
}

/// Markdown or simple HTML as plain text, since reports show metadata as text (never as
/// markup): headings lose their `#`, emphasis its `*` and `_`, links become `text (url)`, tags
/// are removed, and runs of blank lines shrink to one.
pub fn plain_text(markdown: &str) -> String {
    let no_tags = strip_tags(markdown);
    let mut lines: Vec<String> = Vec::new();
    for line in no_tags.lines() {
        let mut l = line.trim_end().to_string();
        let trimmed = l.trim_start();
        if trimmed.starts_with('#') {
            l = trimmed.trim_start_matches('#').trim_start().to_string();
        }
        l = l.replace("**", "").replace("__", "");
        l = links_as_text(&l);
        l = decode_entities(&l);
        if l.trim().is_empty() {
            if lines.last().is_some_and(|p| p.is_empty()) || lines.is_empty() {
                continue;
            }
            lines.push(String::new());
        } else {
            lines.push(l);
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Removes HTML tags (`<p>`, `<br/>`, `<a href=...>`), turning block tags into line breaks.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(end) if is_tag => {
                let tag = after[..end].trim_start_matches('/').to_ascii_lowercase();
                let name: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if matches!(
                    name.as_str(),
                    "p" | "br" | "div" | "li" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "tr"
                ) {
                    out.push('\n');
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `[text](url)` as `text (url)`, and `[text](url)` whose text is the url as the url.
fn links_as_text(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else {
            break;
        };
        let text = &rest[open + 1..close];
        let url = &rest[close + 2..end];
        out.push_str(&rest[..open]);
        if text.trim() == url.trim() || text.trim().is_empty() {
            out.push_str(url);
        } else {
            out.push_str(&format!("{text} ({url})"));
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_sdmx_ids() {
        assert_eq!(slug("Percentage (%)"), "percentage");
        assert_eq!(slug("Ages 15–24"), "ages-15-24");
        assert_eq!(slug("São João"), "sao-joao");
        assert_eq!(slug("%"), "");
        assert_eq!(sdmx_id("Black or Brown"), "BLACK_OR_BROWN");
    }

    #[test]
    fn markdown_becomes_plain_text() {
        let md = "## Definition:\n\n\n**Employment:** all persons, see [the ILO](https://ilo.org).<br>Next &amp; last";
        assert_eq!(
            plain_text(md),
            "Definition:\n\nEmployment: all persons, see the ILO (https://ilo.org).\nNext & last"
        );
        assert_eq!(plain_text("a < b"), "a < b");
    }
}
