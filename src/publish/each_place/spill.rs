//! The intermediate results of `--each-place`: one evaluation's results, partitioned by chunk of places into files of a temporary folder, read back one chunk at a time.
//!
//! The encoding is private to one run (written and read by the same binary, then removed): a
//! plain sequence of results, lengths and integers as LEB128 varints, floats as their 8
//! little-endian bytes (so that every value reads back bit for bit). Reading never panics:
//! a damaged file is an error.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use crate::evaluate::{
    Completeness, IndicatorBatch, IndicatorResult, Observation, ObservationDetails, RowRange,
    RowSpan, Series,
};

/// A chunk's bytes are appended to its file once they pass this size.
const FLUSH_CHUNK: usize = 256 << 10;
/// Every chunk's bytes are appended to their files once all of them together pass this size.
const FLUSH_ALL: usize = 32 << 20;

/// Results written chunk by chunk into a temporary folder (removed when dropped); with a
/// single chunk (the whole run), kept in memory instead.
pub(super) struct Spill {
    /// The folder of the chunks' files (none for a single chunk).
    dir: Option<tempfile::TempDir>,
    /// The results of a single chunk, until they are read.
    kept: Option<Vec<IndicatorResult>>,
    /// The chunk of each place; the project's own place goes to every chunk.
    chunk_of: HashMap<String, usize>,
    main: String,
    /// Encoded results not yet appended to their chunk's file.
    buffers: Vec<Vec<u8>>,
    buffered: usize,
    /// Results written to each chunk.
    counts: Vec<usize>,
}

impl Spill {
    /// Creates the temporary folder inside `out` for `chunks` of places (none for a single
    /// chunk); `main` (the project's own place) is kept in every chunk.
    pub(super) fn create(out: &Path, chunks: &[BTreeSet<&str>], main: &str) -> io::Result<Spill> {
        let single = chunks.len() <= 1;
        let dir = match single {
            true => None,
            false => Some(crate::output::write::temporary_dir(out)?),
        };
        let mut chunk_of = HashMap::new();
        for (c, places) in chunks.iter().enumerate() {
            for p in places {
                chunk_of.insert((*p).to_string(), c);
            }
        }
        Ok(Spill {
            dir,
            kept: single.then(Vec::new),
            chunk_of,
            main: main.to_string(),
            buffers: vec![Vec::new(); chunks.len()],
            buffered: 0,
            counts: vec![0; chunks.len()],
        })
    }

    /// The temporary folder (none for a single chunk).
    pub(super) fn path(&self) -> Option<&Path> {
        self.dir.as_ref().map(|d| d.path())
    }

    fn file(&self, chunk: usize) -> io::Result<PathBuf> {
        match &self.dir {
            Some(d) => Ok(d.path().join(format!("chunk-{chunk}.bin"))),
            None => Err(io::Error::other(
                "no folder for the results of a single chunk",
            )),
        }
    }

    /// Takes one indicator's results: each goes to its place's chunk (the project's own place
    /// to every chunk); the results of places in no chunk are dropped.
    pub(super) fn take(&mut self, batch: IndicatorBatch) -> io::Result<()> {
        if let Some(kept) = &mut self.kept {
            let chunk_of = &self.chunk_of;
            kept.extend(
                batch
                    .results
                    .into_iter()
                    .filter(|r| r.place == self.main || chunk_of.contains_key(&r.place)),
            );
            return Ok(());
        }
        let mut one = Vec::new();
        for r in &batch.results {
            if r.place == self.main {
                one.clear();
                encode(r, &mut one);
                for (b, n) in self.buffers.iter_mut().zip(&mut self.counts) {
                    b.extend_from_slice(&one);
                    *n += 1;
                }
                self.buffered += one.len() * self.buffers.len();
            } else if let Some(&c) = self.chunk_of.get(&r.place) {
                let before = self.buffers[c].len();
                encode(r, &mut self.buffers[c]);
                self.counts[c] += 1;
                self.buffered += self.buffers[c].len() - before;
            }
        }
        let all = self.buffered >= FLUSH_ALL;
        for c in 0..self.buffers.len() {
            if all || self.buffers[c].len() >= FLUSH_CHUNK {
                self.flush(c)?;
            }
        }
        Ok(())
    }

    /// Appends what chunk `c` holds in memory to its file.
    fn flush(&mut self, c: usize) -> io::Result<()> {
        if self.buffers[c].is_empty() {
            return Ok(());
        }
        let mut f = File::options()
            .create(true)
            .append(true)
            .open(self.file(c)?)?;
        f.write_all(&self.buffers[c])?;
        self.buffered -= self.buffers[c].len();
        self.buffers[c] = Vec::new();
        Ok(())
    }

    /// Writes out everything still in memory.
    pub(super) fn finish(&mut self) -> io::Result<()> {
        for c in 0..self.buffers.len() {
            self.flush(c)?;
        }
        Ok(())
    }

    /// The results of chunk `c`, in the order they were taken (those of a single chunk can
    /// be read once only: they are handed over, not copied).
    pub(super) fn read(&mut self, c: usize) -> io::Result<Vec<IndicatorResult>> {
        if self.dir.is_none() {
            return self.kept.take().ok_or_else(|| {
                io::Error::other("the results of the single chunk were read already")
            });
        }
        let expected = self.counts.get(c).copied().unwrap_or(0);
        if expected == 0 {
            return Ok(Vec::new());
        }
        let mut reader = Reader(BufReader::with_capacity(
            1 << 20,
            File::open(self.file(c)?)?,
        ));
        let mut results = Vec::with_capacity(expected);
        while let Some(r) = reader.result()? {
            results.push(r);
        }
        if results.len() != expected {
            return Err(damaged());
        }
        Ok(results)
    }
}

fn damaged() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "damaged intermediate file")
}

fn put_u64(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    put_u64(out, n as u64);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
    }
}

fn put_f64(out: &mut Vec<u8>, v: f64) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_strings(out: &mut Vec<u8>, list: &[String]) {
    put_len(out, list.len());
    for s in list {
        put_str(out, s);
    }
}

/// Appends one result. Every struct is taken apart field by field, so that a field added to
/// one of them fails to compile here rather than being lost.
fn encode(r: &IndicatorResult, out: &mut Vec<u8>) {
    let IndicatorResult {
        indicator,
        place,
        unit,
        series,
        completeness: Completeness { expected, present },
        rows,
    } = r;
    put_str(out, indicator);
    put_str(out, place);
    put_opt_str(out, unit.as_deref());
    put_len(out, series.len());
    for s in series {
        let Series {
            disaggregation,
            observations,
        } = s;
        put_len(out, disaggregation.len());
        for (d, g) in disaggregation {
            put_str(out, d);
            put_str(out, g);
        }
        put_len(out, observations.len());
        for o in observations {
            encode_observation(o, out);
        }
    }
    put_strings(out, expected);
    put_strings(out, present);
    put_len(out, rows.len());
    for RowRange { file, first, last } in rows {
        put_u64(out, u64::from(*file));
        put_u64(out, u64::from(*first));
        put_u64(out, u64::from(*last));
    }
}

fn encode_observation(o: &Observation, out: &mut Vec<u8>) {
    let Observation {
        year,
        value,
        suppressed,
        rows: RowSpan { start, end },
        details,
    } = o;
    let flags =
        u8::from(value.is_some()) | u8::from(*suppressed) << 1 | u8::from(details.is_some()) << 2;
    out.push(flags);
    // zigzag: small negative years stay short too
    put_u64(out, u64::from(((*year << 1) ^ (*year >> 31)) as u32));
    if let Some(v) = value {
        put_f64(out, *v);
    }
    put_u64(out, u64::from(*start));
    put_u64(out, u64::from(*end));
    if let Some(d) = details {
        let ObservationDetails {
            period,
            progress,
            numerator,
            denominator,
            status,
            comment,
        } = d.as_ref();
        put_opt_str(out, period.as_deref());
        for v in [progress, numerator, denominator] {
            match v {
                None => out.push(0),
                Some(v) => {
                    out.push(1);
                    put_f64(out, *v);
                }
            }
        }
        put_opt_str(out, status.as_deref());
        put_opt_str(out, comment.as_deref());
    }
}

/// Reads results as [`encode`] wrote them.
struct Reader<R>(R);

impl<R: Read> Reader<R> {
    fn byte(&mut self) -> io::Result<u8> {
        let mut b = [0u8; 1];
        self.0.read_exact(&mut b)?;
        Ok(b[0])
    }

    /// The next byte, or `None` at the end of the input.
    fn byte_or_end(&mut self) -> io::Result<Option<u8>> {
        let mut b = [0u8; 1];
        loop {
            match self.0.read(&mut b) {
                Ok(0) => return Ok(None),
                Ok(_) => return Ok(Some(b[0])),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// A varint whose first byte is `first`.
    fn u64_from(&mut self, first: u8) -> io::Result<u64> {
        let mut v = u64::from(first & 0x7f);
        let mut b = first;
        let mut shift = 7;
        while b & 0x80 != 0 {
            if shift > 63 {
                return Err(damaged());
            }
            b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            shift += 7;
        }
        Ok(v)
    }

    fn u64(&mut self) -> io::Result<u64> {
        let first = self.byte()?;
        self.u64_from(first)
    }

    fn u32(&mut self) -> io::Result<u32> {
        u32::try_from(self.u64()?).map_err(|_| damaged())
    }

    fn len(&mut self) -> io::Result<usize> {
        usize::try_from(self.u64()?).map_err(|_| damaged())
    }

    fn str_of_len(&mut self, n: usize) -> io::Result<String> {
        let mut bytes = Vec::with_capacity(n.min(1 << 16));
        (&mut self.0).take(n as u64).read_to_end(&mut bytes)?;
        if bytes.len() != n {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        String::from_utf8(bytes).map_err(|_| damaged())
    }

    fn str(&mut self) -> io::Result<String> {
        let n = self.len()?;
        self.str_of_len(n)
    }

    fn flag(&mut self) -> io::Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(damaged()),
        }
    }

    fn opt_str(&mut self) -> io::Result<Option<String>> {
        Ok(if self.flag()? {
            Some(self.str()?)
        } else {
            None
        })
    }

    fn f64(&mut self) -> io::Result<f64> {
        let mut b = [0u8; 8];
        self.0.read_exact(&mut b)?;
        Ok(f64::from_le_bytes(b))
    }

    fn opt_f64(&mut self) -> io::Result<Option<f64>> {
        Ok(if self.flag()? {
            Some(self.f64()?)
        } else {
            None
        })
    }

    fn strings(&mut self) -> io::Result<Vec<String>> {
        let n = self.len()?;
        let mut list = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            list.push(self.str()?);
        }
        Ok(list)
    }

    /// The next result, or `None` at the end of the input.
    fn result(&mut self) -> io::Result<Option<IndicatorResult>> {
        let Some(first) = self.byte_or_end()? else {
            return Ok(None);
        };
        let n = usize::try_from(self.u64_from(first)?).map_err(|_| damaged())?;
        let indicator = self.str_of_len(n)?;
        let place = self.str()?;
        let unit = self.opt_str()?;
        let n = self.len()?;
        let mut series = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            let mut disaggregation = BTreeMap::new();
            for _ in 0..self.len()? {
                let d = self.str()?;
                disaggregation.insert(d, self.str()?);
            }
            let n = self.len()?;
            let mut observations = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                observations.push(self.observation()?);
            }
            series.push(Series {
                disaggregation,
                observations,
            });
        }
        let completeness = Completeness {
            expected: self.strings()?,
            present: self.strings()?,
        };
        let n = self.len()?;
        let mut rows = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            rows.push(RowRange {
                file: self.u32()?,
                first: self.u32()?,
                last: self.u32()?,
            });
        }
        Ok(Some(IndicatorResult {
            indicator,
            place,
            unit,
            series,
            completeness,
            rows,
        }))
    }

    fn observation(&mut self) -> io::Result<Observation> {
        let flags = self.byte()?;
        if flags > 7 {
            return Err(damaged());
        }
        let z = self.u32()?;
        let year = ((z >> 1) as i32) ^ -((z & 1) as i32);
        let value = if flags & 1 != 0 {
            Some(self.f64()?)
        } else {
            None
        };
        let rows = RowSpan {
            start: self.u32()?,
            end: self.u32()?,
        };
        let details = if flags & 4 != 0 {
            Some(Box::new(ObservationDetails {
                period: self.opt_str()?,
                progress: self.opt_f64()?,
                numerator: self.opt_f64()?,
                denominator: self.opt_f64()?,
                status: self.opt_str()?,
                comment: self.opt_str()?,
            }))
        } else {
            None
        };
        Ok(Observation {
            year,
            value,
            suppressed: flags & 2 != 0,
            rows,
            details,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(place: &str, year: i32) -> IndicatorResult {
        let plain = Observation::new(year, Some(0.1 + 0.2), RowSpan { start: 0, end: 1 });
        let mut detailed = Observation::new(-year, None, RowSpan { start: 1, end: 2 })
            .with_details(ObservationDetails {
                period: Some("2015-16".into()),
                progress: Some(f64::MIN_POSITIVE),
                numerator: None,
                denominator: Some(1e300),
                status: Some("E".into()),
                comment: Some("ação".into()),
            });
        detailed.suppressed = true;
        IndicatorResult {
            indicator: "ind_1".into(),
            place: place.into(),
            unit: Some("%".into()),
            series: vec![
                Series {
                    disaggregation: BTreeMap::new(),
                    observations: vec![plain],
                },
                Series {
                    disaggregation: [("Sex".to_string(), "Female".to_string())].into(),
                    observations: vec![detailed],
                },
            ],
            completeness: Completeness {
                expected: vec!["Sex".into()],
                present: vec![],
            },
            rows: vec![
                RowRange {
                    file: 0,
                    first: 1,
                    last: u32::MAX,
                },
                RowRange {
                    file: 3,
                    first: 200,
                    last: 200,
                },
            ],
        }
    }

    #[test]
    fn results_read_back_bit_for_bit_and_damage_is_an_error() {
        let originals = [
            result("0001", 2020),
            result("", i32::MIN),
            result("x", i32::MAX),
        ];
        let mut bytes = Vec::new();
        for r in &originals {
            encode(r, &mut bytes);
        }
        let mut reader = Reader(bytes.as_slice());
        let mut back = Vec::new();
        while let Some(r) = reader.result().unwrap() {
            back.push(r);
        }
        assert_eq!(back, originals);
        // every truncation is an error, never a panic nor a silent shorter list
        for cut in 1..bytes.len() {
            let mut reader = Reader(&bytes[..cut]);
            let mut n = 0;
            let outcome = loop {
                match reader.result() {
                    Ok(Some(_)) => n += 1,
                    Ok(None) => break Ok(n),
                    Err(e) => break Err(e),
                }
            };
            if let Ok(n) = outcome {
                assert!(n < originals.len(), "cut at {cut}");
                // only a cut between two results reads as a shorter list (the count catches it)
                let mut whole = Vec::new();
                for r in &originals[..n] {
                    encode(r, &mut whole);
                }
                assert_eq!(whole.len(), cut);
            }
        }
        // garbage never panics
        for seed in 0u8..=255 {
            let junk: Vec<u8> = (0..64u8).map(|i| i.wrapping_mul(31) ^ seed).collect();
            let mut reader = Reader(junk.as_slice());
            while let Ok(Some(_)) = reader.result() {}
        }
    }

    #[test]
    fn the_project_place_goes_to_every_chunk_and_others_to_their_own() {
        let out = tempfile::tempdir().unwrap();
        let chunks = vec![BTreeSet::from(["a", "b"]), BTreeSet::from(["c"])];
        let mut spill = Spill::create(out.path(), &chunks, "main").unwrap();
        let dir = spill.path().unwrap().to_path_buf();
        let batch = IndicatorBatch {
            indicator: "ind_1".into(),
            results: ["a", "c", "main", "unknown", "b"]
                .iter()
                .map(|p| result(p, 2020))
                .collect(),
        };
        spill.take(batch).unwrap();
        spill.finish().unwrap();
        let mut places = |c| -> Vec<String> {
            spill
                .read(c)
                .unwrap()
                .into_iter()
                .map(|r| r.place)
                .collect()
        };
        assert_eq!(places(0), ["a", "main", "b"]);
        assert_eq!(places(1), ["c", "main"]);
        assert!(dir.is_dir());
        drop(spill);
        assert!(!dir.exists(), "the folder is removed with the spill");

        // a single chunk stays in memory: no folder, and its results are handed over once
        let chunks = vec![BTreeSet::from(["a", "b"])];
        let mut spill = Spill::create(out.path(), &chunks, "main").unwrap();
        assert!(spill.path().is_none());
        let results: Vec<IndicatorResult> = ["a", "c", "main", "b"]
            .iter()
            .map(|p| result(p, 2020))
            .collect();
        spill
            .take(IndicatorBatch {
                indicator: "ind_1".into(),
                results: results.clone(),
            })
            .unwrap();
        spill.finish().unwrap();
        let back = spill.read(0).unwrap();
        assert_eq!(
            back,
            [&results[0], &results[2], &results[3]].map(Clone::clone)
        );
        assert!(spill.read(0).is_err());
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    }
}
