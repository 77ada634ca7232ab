//! Packs a PDF's objects into compressed object streams with a cross-reference stream (PDF 1.5), keeping every object as it is.
//!
//! typst writes each object of the tag tree (one structure element per paragraph, cell and
//! span: some 100,000 in the demonstration VLR) as plain text outside any stream, which makes
//! most of a tagged report's size. PDF 1.5 lets such objects live in object streams, which
//! are deflated; PDF/A-2 and PDF/UA-1 (based on PDF 1.7) allow them. This pass reads the
//! classic cross-reference table typst writes, copies every stream object as it is (its
//! content is already compressed), puts every other object into object streams of at most
//! [`PER_STREAM`] objects, and ends the file with a cross-reference stream carrying the old
//! trailer's entries. Object numbers, contents and order stay the same, so the document and
//! its tags are unchanged; the result is deterministic. Any file it does not understand is
//! returned unchanged.

use std::io::Write;

use rayon::prelude::*;

/// Objects per object stream (Acrobat's own writer uses about a hundred).
const PER_STREAM: usize = 200;

/// The PDF with its non-stream objects in object streams, or `None` when the file is not
/// laid out as expected (then the caller keeps the original).
pub(crate) fn pack_objects(pdf: &[u8]) -> Option<Vec<u8>> {
    let layout = Layout::read(pdf)?;
    let first = layout.offsets.iter().filter_map(|o| *o).min()?;
    let header = &pdf[..first];

    let mut out: Vec<u8> = Vec::with_capacity(pdf.len() / 3);
    out.extend_from_slice(header);
    // where each object ends up: (kind, field 2, field 3) of its cross-reference entry
    let count = layout.offsets.len();
    let mut entries: Vec<(u8, u64, u64)> = vec![(0, 0, 0); count];
    entries[0] = (0, 0, 65535);

    let mut loose: Vec<(usize, &[u8])> = Vec::new();
    let mut order: Vec<(usize, usize)> = layout
        .offsets
        .iter()
        .enumerate()
        .filter_map(|(n, o)| o.map(|o| (o, n)))
        .collect();
    order.sort();
    for (i, &(start, number)) in order.iter().enumerate() {
        let end = order
            .get(i + 1)
            .map(|(s, _)| *s)
            .unwrap_or(layout.xref_start);
        let object = &pdf[start..end];
        let body = object_body(object, number)?;
        if is_stream(body) {
            entries[number] = (1, out.len() as u64, 0);
            out.extend_from_slice(object);
        } else {
            loose.push((number, trim(body)));
        }
    }

    // each object stream is assembled and deflated on its own (in parallel), then written in
    // order: the bytes do not depend on the number of threads
    let streams: Vec<Option<(usize, Vec<u8>)>> = loose
        .par_chunks(PER_STREAM)
        .map(|chunk| {
            let mut index = Vec::new();
            let mut objects = Vec::new();
            for (number, body) in chunk {
                write!(index, "{} {} ", number, objects.len()).ok()?;
                objects.extend_from_slice(body);
                objects.push(b'\n');
            }
            let first_offset = index.len();
            index.extend_from_slice(&objects);
            Some((
                first_offset,
                miniz_oxide::deflate::compress_to_vec_zlib(&index, 6),
            ))
        })
        .collect();
    let mut next = count;
    for (chunk, stream) in loose.chunks(PER_STREAM).zip(streams) {
        let stream_number = next;
        next += 1;
        for (i, (number, _)) in chunk.iter().enumerate() {
            entries[*number] = (2, stream_number as u64, i as u64);
        }
        let (first_offset, data) = stream?;
        entries.push((1, out.len() as u64, 0));
        write!(
            out,
            "{stream_number} 0 obj\n<</Type/ObjStm/N {}/First {first_offset}/Filter/FlateDecode/Length {}>>\nstream\n",
            chunk.len(),
            data.len()
        )
        .ok()?;
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    // the cross-reference stream, itself an object
    let xref_number = next;
    let xref_offset = out.len() as u64;
    entries.push((1, xref_offset, 0));
    let width = bytes_for(entries.iter().map(|e| e.1).max().unwrap_or(0));
    let third = bytes_for(entries.iter().map(|e| e.2).max().unwrap_or(0));
    let mut rows = Vec::with_capacity(entries.len() * (1 + width + third));
    for (kind, two, three) in &entries {
        rows.push(*kind);
        rows.extend_from_slice(&two.to_be_bytes()[8 - width..]);
        rows.extend_from_slice(&three.to_be_bytes()[8 - third..]);
    }
    let data = miniz_oxide::deflate::compress_to_vec_zlib(&rows, 6);
    write!(
        out,
        "{xref_number} 0 obj\n<</Type/XRef/Size {}/W[1 {width} {third}]{}/Filter/FlateDecode/Length {}>>\nstream\n",
        entries.len(),
        String::from_utf8_lossy(layout.trailer_entries),
        data.len()
    )
    .ok()?;
    out.extend_from_slice(&data);
    write!(
        out,
        "\nendstream\nendobj\nstartxref\n{xref_offset}\n%%EOF\n"
    )
    .ok()?;
    Some(out)
}

/// The PDF's bytes followed by the inflated content of each of its object streams: text in
/// which the dictionaries packed by [`pack_objects`] can be searched (for tests and checks).
pub fn searchable(pdf: &[u8]) -> Vec<u8> {
    let mut out = pdf.to_vec();
    let mut at = 0;
    while let Some(found) = find_first(&pdf[at..], b"/Type/ObjStm") {
        let start = at + found;
        at = start + 1;
        let Some(open) = find_first(&pdf[start..], b"stream\n") else {
            break;
        };
        let data_start = start + open + 7;
        let Some(close) = find_first(&pdf[data_start..], b"\nendstream") else {
            break;
        };
        if let Ok(inflated) =
            miniz_oxide::inflate::decompress_to_vec_zlib(&pdf[data_start..data_start + close])
        {
            out.push(b'\n');
            out.extend_from_slice(&inflated);
        }
    }
    out
}

/// How many bytes a number needs (at least one).
fn bytes_for(n: u64) -> usize {
    ((64 - n.leading_zeros() as usize).div_ceil(8)).max(1)
}

/// The classic cross-reference table at the end of a PDF.
struct Layout<'a> {
    /// The offset of each object by number (`None`: free).
    offsets: Vec<Option<usize>>,
    /// Where the `xref` keyword starts (the end of the last object).
    xref_start: usize,
    /// The trailer dictionary's entries but `/Size` (`/Root 9 0 R/Info 8 0 R/ID[...]`).
    trailer_entries: &'a [u8],
}

impl<'a> Layout<'a> {
    fn read(pdf: &'a [u8]) -> Option<Layout<'a>> {
        let tail_start = pdf.len().saturating_sub(64);
        let tail = &pdf[tail_start..];
        let sx = find_last(tail, b"startxref")?;
        let digits = std::str::from_utf8(&tail[sx + 9..]).ok()?;
        let xref_start: usize = digits.split_whitespace().next()?.parse().ok()?;
        let table = pdf.get(xref_start..)?;
        if !table.starts_with(b"xref") {
            return None;
        }
        let trailer_at = find_first(table, b"trailer")?;
        let mut lines = table[4..trailer_at]
            .split(|b| *b == b'\n' || *b == b'\r')
            .filter(|l| !l.is_empty());
        let head = std::str::from_utf8(lines.next()?).ok()?;
        let mut head = head.split_whitespace();
        // one subsection starting at object 0, as typst writes it
        if head.next()? != "0" {
            return None;
        }
        let count: usize = head.next()?.parse().ok()?;
        let mut offsets = Vec::with_capacity(count);
        for _ in 0..count {
            let line = std::str::from_utf8(lines.next()?).ok()?;
            let mut parts = line.split_whitespace();
            let offset: usize = parts.next()?.parse().ok()?;
            let generation: u32 = parts.next()?.parse().ok()?;
            match parts.next()? {
                "n" if generation == 0 => offsets.push(Some(offset)),
                "n" => return None,
                _ => offsets.push(None),
            }
        }
        if lines.next().is_some() {
            return None;
        }
        let trailer = &table[trailer_at + 7..];
        let open = find_first(trailer, b"<<")?;
        let close = find_last(trailer, b">>")?;
        let dict = &trailer[open + 2..close];
        // drop /Size (rewritten); refuse anything but Size, Root, Info and ID
        let size_at = find_first(dict, b"/Size")?;
        let mut after = size_at + 5;
        while after < dict.len() && (dict[after] == b' ' || dict[after].is_ascii_digit()) {
            after += 1;
        }
        if size_at != 0
            || find_first(dict, b"/Encrypt").is_some()
            || find_first(dict, b"/Prev").is_some()
        {
            return None;
        }
        Some(Layout {
            offsets,
            xref_start,
            trailer_entries: &dict[after..],
        })
    }
}

/// The value of an indirect object (`N 0 obj` ... `endobj` stripped).
fn object_body(object: &[u8], number: usize) -> Option<&[u8]> {
    let head = format!("{number} 0 obj");
    let rest = object.strip_prefix(head.as_bytes())?;
    let end = find_last(rest, b"endobj")?;
    Some(&rest[..end])
}

/// Whether an object's value is a stream: it ends with `endstream`.
fn is_stream(body: &[u8]) -> bool {
    trim(body).ends_with(b"endstream")
}

fn trim(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end]
}

fn find_first(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal PDF as typst lays it out: objects, a classic table, a trailer.
    fn sample() -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec();
        let objects: [&[u8]; 4] = [
            b"<</Type/Pages/Count 1/Kids[2 0 R]>>",
            b"<</Type/Page/Parent 1 0 R/MediaBox[0 0 10 10]/Contents 3 0 R>>",
            b"<</Length 5>>\nstream\nq Q\nQ\nendstream",
            b"<</Type/Catalog/Pages 1 0 R>>",
        ];
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            pdf.extend_from_slice(o);
            pdf.extend_from_slice(b"\nendobj\n\n");
        }
        let xref = pdf.len();
        pdf.extend_from_slice(b"xref\n0 5\n0000000000 65535 f\r\n");
        for o in offsets {
            pdf.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<</Size 5/Root 4 0 R/ID[(a)(b)]>>\nstartxref\n{xref}\n%%EOF")
                .as_bytes(),
        );
        pdf
    }

    #[test]
    fn packs_dictionaries_and_keeps_streams() {
        let pdf = sample();
        let packed = pack_objects(&pdf).expect("packed");
        let text = String::from_utf8_lossy(&packed);
        assert!(text.starts_with("%PDF-1.7\n"));
        // the stream object is copied as it is, the dictionaries are gone from the top level
        assert!(text.contains("3 0 obj\n<</Length 5>>\nstream\nq Q\nQ\nendstream"));
        assert!(!text.contains("/Type/Catalog"));
        assert!(text.contains("/Type/ObjStm/N 3/"));
        assert!(text.contains("/Type/XRef/Size 7/W[1 "));
        assert!(text.contains("]/Root 4 0 R/ID[(a)(b)]/Filter"));
        // the object stream holds the three dictionaries
        let start = text.find("/Type/ObjStm").unwrap();
        let stream_at = packed[start..]
            .windows(7)
            .position(|w| w == b"stream\n")
            .unwrap()
            + start
            + 7;
        let end = packed[stream_at..]
            .windows(10)
            .position(|w| w == b"\nendstream")
            .unwrap()
            + stream_at;
        let inflated =
            miniz_oxide::inflate::decompress_to_vec_zlib(&packed[stream_at..end]).unwrap();
        let inflated = String::from_utf8(inflated).unwrap();
        assert!(inflated.starts_with("1 0 2 "), "{inflated}");
        assert!(inflated.contains("<</Type/Catalog/Pages 1 0 R>>"));
        // startxref points at the cross-reference stream
        let sx: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(packed[sx..].starts_with(b"6 0 obj\n<</Type/XRef"));
    }

    #[test]
    fn leaves_unknown_layouts_alone() {
        assert!(pack_objects(b"%PDF-1.7\nnot a pdf").is_none());
        let mut pdf = sample();
        let at = pdf.windows(5).position(|w| w == b"/Size").unwrap();
        pdf.splice(at..at, b"/Encrypt 9 0 R".iter().copied());
        assert!(pack_objects(&pdf).is_none());
    }
}
