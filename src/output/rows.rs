//! Rows formatted in parallel (CSV rows, JSON items): items are cut into chunks, each chunk's bytes made on its own thread, the chunks written in the items' order.

use rayon::prelude::*;

use super::write::LimitedWriter;

/// Items formatted per chunk: large enough to amortize a writer, small enough to share work.
const CHUNK: usize = 64;

/// A CSV writer as every output file uses it (comma, `\n` after each row, quotes when needed).
pub(crate) fn csv_writer<W: std::io::Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

/// The bytes a CSV writer held in memory has written.
pub(crate) fn csv_bytes(w: csv::Writer<Vec<u8>>) -> std::io::Result<Vec<u8>> {
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// Writes to `out` the rows `rows` writes for each of `items`, formatted in parallel: the
/// same bytes as writing every item in turn (see [`write_in_order`]).
pub(crate) fn write_csv_rows<T: Sync>(
    items: &[T],
    rows: impl Fn(&mut csv::Writer<Vec<u8>>, &T) -> std::io::Result<()> + Sync,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    write_in_order(
        items,
        |chunk, _| {
            let mut w = csv_writer(Vec::with_capacity(1 << 16));
            for item in chunk {
                rows(&mut w, item)?;
            }
            csv_bytes(w)
        },
        out,
        |_| false,
    )
}

/// Writes to `out` the bytes `bytes` makes of each chunk of `items` (given with the index of
/// its first item), made in parallel and written in order. Items go a batch at a time (a few
/// chunks per thread), so that no more than a batch's bytes are held at once; after each
/// batch `enough` may end the writing (a file past its size limit).
pub(crate) fn write_in_order<T: Sync, W: std::io::Write>(
    items: &[T],
    bytes: impl Fn(&[T], usize) -> std::io::Result<Vec<u8>> + Sync,
    out: &mut W,
    enough: impl Fn(&W) -> bool,
) -> std::io::Result<()> {
    let batch = CHUNK * 4 * rayon::current_num_threads().max(1);
    for (b, items) in items.chunks(batch).enumerate() {
        let chunks: Vec<Vec<u8>> = items
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| bytes(chunk, b * batch + c * CHUNK))
            .collect::<std::io::Result<_>>()?;
        for chunk in &chunks {
            out.write_all(chunk)?;
        }
        if enough(out) {
            break;
        }
    }
    Ok(())
}

/// Writes each of `items` as JSON to `json`, serialized in parallel and written in order:
/// `opening` before the file's first item (while `first` holds, cleared once an item is
/// written), `separator` before every other; stops after the batch that passes the file's
/// size limit.
pub(crate) fn write_json_items<T: serde::Serialize + Sync, W: std::io::Write>(
    json: &mut LimitedWriter<W>,
    items: &[T],
    first: &mut bool,
    opening: &[u8],
    separator: &[u8],
) -> std::io::Result<()> {
    let starts = *first;
    *first &= items.is_empty();
    write_in_order(
        items,
        |chunk, at| {
            let mut bytes = Vec::with_capacity(1 << 16);
            for (i, item) in chunk.iter().enumerate() {
                let lead = if starts && at + i == 0 {
                    opening
                } else {
                    separator
                };
                bytes.extend_from_slice(lead);
                serde_json::to_writer(&mut bytes, item).map_err(std::io::Error::other)?;
            }
            Ok(bytes)
        },
        json,
        LimitedWriter::over,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_rows_are_the_rows_of_every_item_in_order() {
        let items: Vec<u32> = (0..1000).collect();
        let rows = |w: &mut csv::Writer<Vec<u8>>, i: &u32| -> std::io::Result<()> {
            w.write_record([i.to_string(), format!("a,{i}")])?;
            Ok(())
        };
        let mut serial = csv_writer(Vec::new());
        for i in &items {
            rows(&mut serial, i).unwrap();
        }
        let mut parallel = Vec::new();
        write_csv_rows(&items, rows, &mut parallel).unwrap();
        assert_eq!(parallel, csv_bytes(serial).unwrap());
        assert!(parallel.starts_with(b"0,\"a,0\"\n1,"));
    }

    #[test]
    fn chunks_know_their_first_item_and_writing_stops_when_enough() {
        let items: Vec<usize> = (0..5000).collect();
        let bytes = |chunk: &[usize], at: usize| -> std::io::Result<Vec<u8>> {
            // every item at the index it was given: a wrong `at` breaks the comparison below
            Ok(chunk
                .iter()
                .enumerate()
                .flat_map(|(i, item)| format!("{item}:{};", at + i).into_bytes())
                .collect())
        };
        let mut all = Vec::new();
        write_in_order(&items, bytes, &mut all, |_| false).unwrap();
        let expected: String = items.iter().map(|i| format!("{i}:{i};")).collect();
        assert_eq!(String::from_utf8(all).unwrap(), expected);
        // stopped after the batch that passed 100 bytes: a whole batch, not every item
        let mut some = Vec::new();
        write_in_order(&items, bytes, &mut some, |w: &Vec<u8>| w.len() > 100).unwrap();
        let batch = CHUNK * 4 * rayon::current_num_threads().max(1);
        assert!(some.len() > 100 && some.len() < expected.len());
        assert!(expected.starts_with(std::str::from_utf8(&some).unwrap()));
        assert!(some.ends_with(format!("{}:{};", batch - 1, batch - 1).as_bytes()));
    }
}
