//! Small text helpers shared by import and export: identifiers from labels, Markdown to plain text.

use crate::model::fold_diacritics;

/// A lower-case ASCII slug of a label: letters and digits kept, everything else one `-`
/// (`Percentage (%)` -> `percentage`, `Ages 15–24` -> `ages-15-24`); empty when nothing is left.
pub(crate) fn slug(label: &str) -> String {
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
pub(crate) fn sdmx_id(label: &str) -> String {
    slug(label).replace('-', "_").to_ascii_uppercase()
}

/// Markdown or simple HTML as plain text, since reports show metadata as text (never as
/// markup): headings lose their `#`, emphasis its `*` and `_`, links become `text (url)`, tags
/// are removed, and runs of blank lines shrink to one.
pub(crate) fn plain_text(markdown: &str) -> String {
    let no_tags = strip_tags(&math_as_text(markdown));
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
        // markup written as entities (`&lt;p&gt;`) is markup too
        if l.contains('<') {
            l = strip_tags(&l)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
        }
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
    // an open `<a href>`: its URL and where its text starts in `out`
    let mut link: Option<(String, usize)> = None;
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
                let closing = after.starts_with('/');
                if name == "a" && !closing {
                    link = href(&after[..end]).map(|u| (u, out.len()));
                } else if name == "a"
                    && let Some((url, from)) = link.take()
                {
                    let text = out[from..].trim().to_string();
                    if text.is_empty() {
                        out.push_str(&url);
                    } else if text != url {
                        out.push_str(&format!(" ({url})"));
                    }
                }
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

/// The `href` of an `<a ...>` tag's inside (`a href = "url"`), if any.
fn href(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find("href")?;
    let rest = tag[at + 4..].trim_start().strip_prefix('=')?.trim_start();
    let url = match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].split(q).next()?,
        _ => rest.split_whitespace().next()?,
    };
    let url = url.trim();
    (!url.is_empty()).then(|| url.to_string())
}

/// LaTeX formulas (`$$ ... $$`, `\[ ... \]`, `\( ... \)`, and `$ ... $` holding a command,
/// a subscript or a superscript) as readable plain text: `\frac{a}{b}` as `a / b`, `\times`
/// as `×`, `x_{1}` as `x₁`, `x^{t}` as `xᵗ`; other text unchanged.
pub(crate) fn math_as_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let starts = [("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$")];
        let found = starts
            .iter()
            .filter_map(|(open, close)| rest.find(open).map(|i| (i, *open, *close)))
            .min_by_key(|(i, open, _)| (*i, std::cmp::Reverse(open.len())));
        let Some((i, open, close)) = found else {
            break;
        };
        let inner_start = i + open.len();
        let Some(len) = rest[inner_start..].find(close) else {
            break;
        };
        let inner = &rest[inner_start..inner_start + len];
        // `$...$` is a formula when it holds a command or a script, or hugs its content as
        // TeX writes it (`$t$`, `$n =$`, `$3$`), never amounts (`$5 and $6`, where the text between has spaces at its ends)
        let hugs = !inner.is_empty()
            && !inner.starts_with(char::is_whitespace)
            && !inner.ends_with(char::is_whitespace);
        let is_math =
            open != "$" || (!inner.contains('\n') && (hugs || inner.contains(['\\', '^', '_'])));
        out.push_str(&rest[..i]);
        if is_math {
            out.push_str(latex_text(inner).trim());
            rest = &rest[inner_start + len + close.len()..];
        } else {
            out.push_str(open);
            rest = &rest[inner_start..];
        }
    }
    out.push_str(rest);
    out
}

/// One LaTeX formula as plain text.
fn latex_text(tex: &str) -> String {
    let chars: Vec<char> = tex.chars().collect();
    let mut at = 0;
    let text = latex_seq(&chars, &mut at, false);
    let mut out = String::new();
    for c in text.chars() {
        if c == ' ' && (out.ends_with(' ') || out.is_empty() || out.ends_with('\n')) {
            continue;
        }
        out.push(c);
    }
    out.lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

/// Converts until the end, or a closing `}` when inside a group.
fn latex_seq(c: &[char], at: &mut usize, in_group: bool) -> String {
    let mut out = String::new();
    while *at < c.len() {
        let ch = c[*at];
        match ch {
            '}' if in_group => {
                *at += 1;
                return out;
            }
            '{' => {
                *at += 1;
                out.push_str(&latex_seq(c, at, true));
            }
            '_' | '^' => {
                *at += 1;
                let arg = latex_arg(c, at);
                out.push_str(&script(&arg, ch == '^'));
            }
            '&' => *at += 1,
            '~' => {
                out.push(' ');
                *at += 1;
            }
            '\\' => {
                *at += 1;
                let name: String = c[*at..]
                    .iter()
                    .take_while(|x| x.is_ascii_alphabetic())
                    .collect();
                if name.is_empty() {
                    // `\\` a line break, `\,` a space, `\%` a sign
                    let Some(&sym) = c.get(*at) else { break };
                    *at += 1;
                    match sym {
                        '\\' => out.push('\n'),
                        ',' | ';' | ':' | ' ' => out.push(' '),
                        '!' => {}
                        other => out.push(other),
                    }
                    continue;
                }
                *at += name.chars().count();
                match name.as_str() {
                    "frac" | "dfrac" | "tfrac" => {
                        let a = latex_arg(c, at);
                        let b = latex_arg(c, at);
                        out.push_str(&format!("{} / {}", operand(&a), operand(&b)));
                    }
                    "text" | "textrm" | "mathrm" | "mathit" | "mathbf" | "textbf" | "textit"
                    | "operatorname" | "overline" | "mbox" => {
                        out.push_str(&latex_arg(c, at));
                    }
                    "sqrt" => {
                        let a = latex_arg(c, at);
                        out.push_str(&format!("√{}", operand(&a)));
                    }
                    "begin" | "end" => {
                        latex_arg(c, at);
                    }
                    "left" | "right" | "displaystyle" | "big" | "Big" | "bigg" | "limits" => {}
                    other => out.push_str(&format!(" {} ", symbol(other))),
                }
            }
            _ => {
                out.push(ch);
                *at += 1;
            }
        }
    }
    out
}

/// The argument of a command or script: a `{group}` or one character.
fn latex_arg(c: &[char], at: &mut usize) -> String {
    while *at < c.len() && c[*at] == ' ' {
        *at += 1;
    }
    match c.get(*at) {
        Some('{') => {
            *at += 1;
            latex_seq(c, at, true).trim().to_string()
        }
        Some('\\') => {
            let mut one = *at;
            let name: String = c[one + 1..]
                .iter()
                .take_while(|x| x.is_ascii_alphabetic())
                .collect();
            one += 1 + name.chars().count().max(1);
            let s: String = c[*at..one.min(c.len())].iter().collect();
            *at = one.min(c.len());
            latex_text(&s)
        }
        Some(&ch) => {
            *at += 1;
            ch.to_string()
        }
        None => String::new(),
    }
}

/// A fraction's part, in parentheses when it is more than one term.
fn operand(s: &str) -> String {
    let s = s.trim();
    let simple = !s.contains([' ', '+', '-', '·', '×', '/', '−']);
    if simple || (s.starts_with('(') && s.ends_with(')')) {
        s.to_string()
    } else {
        format!("({s})")
    }
}

/// A subscript or superscript: Unicode small figures where every character has one, else
/// `_x` / `^x` (in parentheses when longer than one character).
fn script(s: &str, sup: bool) -> String {
    const SUB: [(char, char); 24] = [
        ('0', '₀'),
        ('1', '₁'),
        ('2', '₂'),
        ('3', '₃'),
        ('4', '₄'),
        ('5', '₅'),
        ('6', '₆'),
        ('7', '₇'),
        ('8', '₈'),
        ('9', '₉'),
        ('+', '₊'),
        ('-', '₋'),
        ('=', '₌'),
        ('(', '₍'),
        (')', '₎'),
        ('a', 'ₐ'),
        ('e', 'ₑ'),
        ('i', 'ᵢ'),
        ('j', 'ⱼ'),
        ('o', 'ₒ'),
        ('r', 'ᵣ'),
        ('t', 'ₜ'),
        ('x', 'ₓ'),
        ('n', 'ₙ'),
    ];
    const SUP: [(char, char); 24] = [
        ('0', '⁰'),
        ('1', '¹'),
        ('2', '²'),
        ('3', '³'),
        ('4', '⁴'),
        ('5', '⁵'),
        ('6', '⁶'),
        ('7', '⁷'),
        ('8', '⁸'),
        ('9', '⁹'),
        ('+', '⁺'),
        ('-', '⁻'),
        ('=', '⁼'),
        ('(', '⁽'),
        (')', '⁾'),
        ('a', 'ᵃ'),
        ('e', 'ᵉ'),
        ('i', 'ⁱ'),
        ('j', 'ʲ'),
        ('o', 'ᵒ'),
        ('r', 'ʳ'),
        ('t', 'ᵗ'),
        ('x', 'ˣ'),
        ('n', 'ⁿ'),
    ];
    let table = if sup { &SUP } else { &SUB };
    let s = s.trim();
    let mapped: Option<String> = s
        .chars()
        .map(|ch| {
            table
                .iter()
                .find(|(from, _)| *from == ch)
                .map(|(_, to)| *to)
        })
        .collect();
    match mapped {
        Some(m) if !m.is_empty() => m,
        _ => {
            let mark = if sup { '^' } else { '_' };
            if s.chars().count() > 1 {
                format!("{mark}({s})")
            } else {
                format!("{mark}{s}")
            }
        }
    }
}

/// The character a LaTeX symbol command names, else the command's name.
fn symbol(name: &str) -> String {
    match name {
        "times" => "×",
        "cdot" => "·",
        "div" => "÷",
        "pm" => "±",
        "le" | "leq" => "≤",
        "ge" | "geq" => "≥",
        "lt" => "<",
        "gt" => ">",
        "ne" | "neq" => "≠",
        "approx" => "≈",
        "sum" => "Σ",
        "prod" => "∏",
        "in" => "∈",
        "dots" | "ldots" | "cdots" => "…",
        "infty" => "∞",
        "quad" | "qquad" => "",
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "Delta" => "Δ",
        "epsilon" | "varepsilon" => "ε",
        "lambda" => "λ",
        "mu" => "μ",
        "pi" => "π",
        "rho" => "ρ",
        "sigma" => "σ",
        "Sigma" => "Σ",
        "theta" => "θ",
        other => other,
    }
    .to_string()
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

    #[test]
    fn html_links_keep_their_text_and_address() {
        assert_eq!(
            plain_text(
                r#"<p>See <a href = "https://ons.gov.uk/x">the bulletin</a>.</p><p>Or <a href='https://a.b'>https://a.b</a></p>"#
            ),
            "See the bulletin (https://ons.gov.uk/x).\n\nOr https://a.b"
        );
        assert_eq!(
            plain_text("&lt;p&gt;Escaped&lt;/p&gt; text"),
            "Escaped text"
        );
    }

    #[test]
    fn latex_formulas_become_readable_text() {
        assert_eq!(
            plain_text(r"$$PPIB^{t} = \frac{AOD_{AAEE}^{t}+AOD_{TTEE}^{t}}{PIB^{t}} \cdot 100$$"),
            "PPIBᵗ = (AOD_(AAEE)ᵗ+AOD_(TTEE)ᵗ) / PIBᵗ · 100"
        );
        assert_eq!(
            plain_text(r"Share \(x_{1} \times 100\) of $5 and $6"),
            "Share x₁ × 100 of $5 and $6"
        );
        assert_eq!(
            plain_text(r"$$\frac{a}{b}\quad \mathrm t=1,\dots,\mathrm T$$"),
            "a / b t=1, … ,T"
        );
        assert!(!plain_text(r"$$\sum_{i} \left( x_i \right)$$").contains('\\'));
        assert_eq!(
            plain_text("the year $t$ and $t-1$, $n =$ 3, costing $5 or $6 each"),
            "the year t and t-1, n = 3, costing $5 or $6 each"
        );
    }
}
