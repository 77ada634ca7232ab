//! Fonts for typst: those embedded in the binary (typst-assets and `report-templates/fonts/`), plus a project's own.

use std::path::Path;
use std::sync::{Arc, LazyLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::load::builtin;

/// A set of fonts with the book typst looks families up in.
#[derive(Debug)]
pub struct FontSet {
    /// Metadata of every font, in the order of `fonts`.
    pub book: LazyHash<FontBook>,
    /// The fonts.
    pub fonts: Vec<Font>,
}

/// The fonts embedded in the binary, parsed once per process.
static EMBEDDED: LazyLock<Arc<FontSet>> = LazyLock::new(|| {
    let mut fonts = Vec::new();
    for data in typst_assets::fonts() {
        fonts.extend(Font::iter(Bytes::new(data)));
    }
    if let Some(dir) = builtin::TEMPLATES.get_dir("fonts") {
        let mut files: Vec<_> = dir.files().filter(|f| is_font_file(f.path())).collect();
        files.sort_by_key(|f| f.path());
        for f in files {
            fonts.extend(Font::iter(Bytes::new(f.contents())));
        }
    }
    Arc::new(FontSet::new(fonts))
});

impl FontSet {
    fn new(fonts: Vec<Font>) -> Self {
        FontSet {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    }

    /// The fonts embedded in the binary.
    pub fn embedded() -> Arc<FontSet> {
        EMBEDDED.clone()
    }

    /// The embedded fonts followed by `extra` font files (a project's `report-templates/fonts/`).
    /// Returns the set and the names of the files that held no font.
    pub fn with_extra(extra: Vec<(String, Vec<u8>)>) -> (Arc<FontSet>, Vec<String>) {
        if extra.is_empty() {
            return (Self::embedded(), Vec::new());
        }
        let mut fonts = EMBEDDED.fonts.clone();
        let mut unreadable = Vec::new();
        for (name, data) in extra {
            let before = fonts.len();
            fonts.extend(Font::iter(Bytes::new(data)));
            if fonts.len() == before {
                unreadable.push(name);
            }
        }
        (Arc::new(FontSet::new(fonts)), unreadable)
    }

    /// The family names available, sorted and without duplicates.
    pub fn families(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .book
            .families()
            .map(|(name, _)| name.to_string())
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

/// Whether a file name looks like a font file.
pub(crate) fn is_font_file(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|x| x.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("ttf" | "otf" | "ttc" | "otc")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds_body_and_arabic_families_and_no_system_font() {
        let set = FontSet::embedded();
        let families = set.families();
        for family in [
            "Noto Sans",
            "Noto Sans Arabic",
            "Libertinus Serif",
            "DejaVu Sans Mono",
        ] {
            assert!(
                families.iter().any(|f| f.eq_ignore_ascii_case(family)),
                "{family} missing from {families:?}"
            );
        }
        // every font comes from the binary: typst-assets plus our six Noto files
        let assets: usize = typst_assets::fonts()
            .map(|d| Font::iter(Bytes::new(d)).count())
            .sum();
        assert_eq!(set.fonts.len(), assets + 6);
    }
}
