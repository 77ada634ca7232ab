//! CSV rows formatted in parallel: items are cut into chunks, each chunk's rows formatted on its own thread, the chunks returned in the items' order.

use rayon::prelude::*;

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
/// same bytes as writing every item in turn. Items go a batch at a time (a few chunks per
/// thread), so that no more than a batch's text is held at once.
pub(crate) fn write_csv_rows<T: Sync>(
    items: &[T],
    rows: impl Fn(&mut csv::Writer<Vec<u8>>, &T) -> std::io::Result<()> + Sync,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let batch = CHUNK * 4 * rayon::current_num_threads().max(1);
    for items in items.chunks(batch) {
        let chunks: Vec<Vec<u8>> = items
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut w = csv_writer(Vec::with_capacity(1 << 16));
                for item in chunk {
                    rows(&mut w, item)?;
                }
                csv_bytes(w)
            })
            .collect::<std::io::Result<_>>()?;
        for chunk in &chunks {
            out.write_all(chunk)?;
        }
    }
    Ok(())
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
}
