//! Record-level datasets read from Parquet: the same records as CSV and as Parquet (dates as `DATE` or timestamps, nulls, several row groups) give the same results, and broken Parquet (not Parquet, truncated, a damaged page, a nested column, a missing column) gives a clear diagnostic, never a panic.

use std::path::Path;
use std::sync::Arc;

use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::Type;

use crate::common::{copy_fixture, localis};

/// One column of a file to write: its values (`None` is null).
enum Column {
    Int32(Vec<Option<i32>>),
    Int64(Vec<Option<i64>>),
    Double(Vec<Option<f64>>),
    Text(Vec<Option<String>>),
    /// A list of text per row (one element each), written with repetition levels.
    TextList(Vec<String>),
}

/// A schema in the Parquet message syntax, with `_` in top-level names read as a space (the
/// syntax takes no spaces in names).
fn schema(text: &str) -> Arc<Type> {
    let parsed = parse_message_type(text).unwrap();
    let fields = parsed
        .get_fields()
        .iter()
        .map(|f| {
            if !f.is_primitive() || !f.name().contains('_') {
                return f.clone();
            }
            let info = f.get_basic_info();
            Arc::new(
                Type::primitive_type_builder(&f.name().replace('_', " "), f.get_physical_type())
                    .with_repetition(info.repetition())
                    .with_logical_type(info.logical_type_ref().cloned())
                    .with_converted_type(info.converted_type())
                    .build()
                    .unwrap(),
            )
        })
        .collect();
    Arc::new(
        Type::group_type_builder(parsed.name())
            .with_fields(fields)
            .build()
            .unwrap(),
    )
}

/// Writes a Parquet file of `schema` with the parquet crate's writer, `group` rows per row group.
fn write_parquet(path: &Path, schema_text: &str, group: usize, columns: &[Column]) {
    let schema = schema(schema_text);
    let optional: Vec<bool> = schema
        .get_fields()
        .iter()
        .map(|f| f.is_optional())
        .collect();
    let rows = match &columns[0] {
        Column::Int32(v) => v.len(),
        Column::Int64(v) => v.len(),
        Column::Double(v) => v.len(),
        Column::Text(v) => v.len(),
        Column::TextList(v) => v.len(),
    };
    let props = Arc::new(WriterProperties::builder().build());
    let mut writer =
        SerializedFileWriter::new(std::fs::File::create(path).unwrap(), schema, props).unwrap();
    let mut start = 0;
    while start < rows {
        let end = (start + group).min(rows);
        let mut g = writer.next_row_group().unwrap();
        for (c, column) in columns.iter().enumerate() {
            let mut w = g.next_column().unwrap().unwrap();
            let defs = |present: Vec<bool>| -> Option<Vec<i16>> {
                optional[c].then(|| present.iter().map(|p| i16::from(*p)).collect())
            };
            match column {
                Column::Int32(v) => {
                    let part = &v[start..end];
                    let values: Vec<i32> = part.iter().flatten().copied().collect();
                    let d = defs(part.iter().map(Option::is_some).collect());
                    w.typed::<Int32Type>()
                        .write_batch(&values, d.as_deref(), None)
                        .unwrap();
                }
                Column::Int64(v) => {
                    let part = &v[start..end];
                    let values: Vec<i64> = part.iter().flatten().copied().collect();
                    let d = defs(part.iter().map(Option::is_some).collect());
                    w.typed::<Int64Type>()
                        .write_batch(&values, d.as_deref(), None)
                        .unwrap();
                }
                Column::Double(v) => {
                    let part = &v[start..end];
                    let values: Vec<f64> = part.iter().flatten().copied().collect();
                    let d = defs(part.iter().map(Option::is_some).collect());
                    w.typed::<DoubleType>()
                        .write_batch(&values, d.as_deref(), None)
                        .unwrap();
                }
                Column::Text(v) => {
                    let part = &v[start..end];
                    let values: Vec<ByteArray> = part
                        .iter()
                        .flatten()
                        .map(|s| ByteArray::from(s.as_str()))
                        .collect();
                    let d = defs(part.iter().map(Option::is_some).collect());
                    w.typed::<ByteArrayType>()
                        .write_batch(&values, d.as_deref(), None)
                        .unwrap();
                }
                Column::TextList(v) => {
                    let values: Vec<ByteArray> = v[start..end]
                        .iter()
                        .map(|s| ByteArray::from(s.as_str()))
                        .collect();
                    // optional list, repeated group, optional element: level 3 is a value
                    let d = vec![3i16; values.len()];
                    let r = vec![0i16; values.len()];
                    w.typed::<ByteArrayType>()
                        .write_batch(&values, Some(&d), Some(&r))
                        .unwrap();
                }
            }
            w.close().unwrap();
        }
        g.close().unwrap();
        start = end;
    }
    writer.close().unwrap();
}

/// Days from 1970-01-01 to a date `YYYY-MM-DD`.
fn days(date: &str) -> i32 {
    let p: Vec<i64> = date.split('-').map(|x| x.parse().unwrap()).collect();
    let (y, m, d) = (p[0] - i64::from(p[1] <= 2), p[1], p[2]);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

/// How the complaints' dates are written.
#[derive(Clone, Copy, Debug)]
enum Dates {
    /// `DATE`: days since 1970-01-01.
    Date,
    /// `TIMESTAMP(MICROS)`, at noon.
    Timestamp,
}

/// The complaints CSV of a fixture written as Parquet: `Id` int64, `Received` a date,
/// `District` and the other texts optional strings (blank cells as nulls), the days an
/// optional int32; `group` rows per row group.
fn complaints_as_parquet(csv: &Path, parquet: &Path, dates: Dates, group: usize) {
    let mut reader = csv::Reader::from_path(csv).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "Id",
            "Received",
            "Right",
            "District",
            "Status",
            "Days to resolution"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let text = |i: usize| {
        Column::Text(
            rows.iter()
                .map(|r| Some(r[i].clone()).filter(|s| !s.is_empty()))
                .collect(),
        )
    };
    let received = match dates {
        Dates::Date => Column::Int32(rows.iter().map(|r| Some(days(&r[1]))).collect()),
        Dates::Timestamp => Column::Int64(
            rows.iter()
                .map(|r| Some((i64::from(days(&r[1])) * 86_400 + 43_200) * 1_000_000))
                .collect(),
        ),
    };
    let received_type = match dates {
        Dates::Date => "required int32 Received (DATE);",
        Dates::Timestamp => "required int64 Received (TIMESTAMP(MICROS,true));",
    };
    let schema = format!(
        "message complaints {{
          required int64 Id;
          {received_type}
          optional binary Right (STRING);
          optional binary District (STRING);
          optional binary Status (STRING);
          optional int32 Days_to_resolution;
        }}"
    );
    write_parquet(
        parquet,
        &schema,
        group,
        &[
            Column::Int64(rows.iter().map(|r| Some(r[0].parse().unwrap())).collect()),
            received,
            text(2),
            text(3),
            text(4),
            Column::Int32(rows.iter().map(|r| r[5].parse().ok()).collect()),
        ],
    );
}

/// Runs `localis eval` on a project into `out`: exit code, standard error without the
/// line naming the output.
fn eval(project: &Path, out: &Path) -> (i32, String) {
    let (code, stderr) = crate::common::eval_into(project, out, &[], |cmd| {
        cmd.env("SOURCE_DATE_EPOCH", "1764000000")
            .env("NO_COLOR", "1");
    });
    let shown = stderr
        .lines()
        .filter(|l| !l.starts_with("wrote "))
        .collect::<Vec<_>>()
        .join("\n");
    (code, shown)
}

#[test]
fn parquet_records_give_the_results_of_the_same_csv_records() {
    let (tmp, project) = copy_fixture("eval/project");
    let csv_out = tmp.path().join("csv-out");
    let (code, stderr) = eval(&project, &csv_out);
    assert_eq!(code, 0, "{stderr}");
    let results_csv = std::fs::read_to_string(csv_out.join("results.csv")).unwrap();
    let assessment_csv = std::fs::read_to_string(csv_out.join("assessment.csv")).unwrap();
    assert!(results_csv.contains("data/complaints.csv rows 1-4"));
    // the same project with the records as Parquet
    let yaml = std::fs::read_to_string(project.join("localis.yaml")).unwrap();
    assert!(yaml.contains("path: data/complaints.csv"));
    std::fs::write(
        project.join("localis.yaml"),
        yaml.replace("data/complaints.csv", "data/complaints.parquet"),
    )
    .unwrap();
    for (dates, group) in [(Dates::Date, 4), (Dates::Timestamp, 1000), (Dates::Date, 1)] {
        complaints_as_parquet(
            &project.join("data/complaints.csv"),
            &project.join("data/complaints.parquet"),
            dates,
            group,
        );
        let out = tmp.path().join(format!("parquet-out-{dates:?}-{group}"));
        let (code, stderr) = eval(&project, &out);
        assert_eq!(code, 0, "{dates:?}: {stderr}");
        let results = std::fs::read_to_string(out.join("results.csv")).unwrap();
        // the same rows, values and provenance (row numbers of the file), from the Parquet file
        assert!(
            results.contains("data/complaints.parquet rows 1-4"),
            "{results}"
        );
        assert_eq!(
            results.replace("complaints.parquet", "complaints.csv"),
            results_csv,
            "{dates:?}, {group} rows per row group"
        );
        let assessment = std::fs::read_to_string(out.join("assessment.csv")).unwrap();
        assert_eq!(
            assessment.replace("complaints.parquet", "complaints.csv"),
            assessment_csv
        );
    }
}

/// Writes the fixture's good complaints file: 2,500 complaints over 2020 and 2021, with a
/// `Right` per complaint (every seventh left null), in row groups of 1,000 rows.
fn good_complaints(path: &Path) {
    let n = 2500;
    let rights = ["housing", "health", "water"];
    write_parquet(
        path,
        "message complaints { required int64 Id; required int32 Received (DATE); optional binary Right (STRING); }",
        1000,
        &[
            Column::Int64((0..n).map(|i| Some(i as i64)).collect()),
            Column::Int32(
                (0..n)
                    .map(|i| {
                        Some(days(if i % 2 == 0 {
                            "2020-03-01"
                        } else {
                            "2021-12-31"
                        }))
                    })
                    .collect(),
            ),
            Column::Text(
                (0..n)
                    .map(|i| (i % 7 != 0).then(|| rights[i % 3].to_string()))
                    .collect(),
            ),
        ],
    );
}

/// Runs `args` on the Parquet fixture after `prepare` wrote its data; exit code and
/// standard error with the temporary folder written `<tmp>`.
fn run_broken(prepare: impl FnOnce(&Path), args: &[&str]) -> (i32, String, tempfile::TempDir) {
    let (tmp, project) = copy_fixture("eval/parquet");
    prepare(&project);
    let out = tmp.path().join("out");
    let (code, text) = if args == ["eval"] {
        eval(&project, &out)
    } else {
        let r = localis(&project, args);
        (r.code, r.stderr)
    };
    let real = std::fs::canonicalize(tmp.path()).unwrap();
    let text = text
        .replace(&real.display().to_string(), "<tmp>")
        .replace(&tmp.path().display().to_string(), "<tmp>");
    (code, text, tmp)
}

#[test]
fn good_parquet_is_counted_with_nulls_blank() {
    let (code, text, tmp) = run_broken(
        |p| good_complaints(&p.join("data/complaints.parquet")),
        &["eval"],
    );
    assert_eq!(code, 0, "{text}");
    let results = std::fs::read_to_string(tmp.path().join("out/results.csv")).unwrap();
    // 1,250 complaints a year (the even rows are 2020), those without a right included
    assert!(results.contains("complaints,100,2020,,1250,"), "{results}");
    let housing_2020 = (0..2500)
        .filter(|i| i % 2 == 0 && i % 7 != 0 && i % 3 == 0)
        .count();
    assert!(
        results.contains(&format!(
            "complaints,100,2020,Right=housing,{housing_2020},"
        )),
        "{results}"
    );
    // rows counted across the three row groups keep their numbers in the file
    assert!(
        results.contains("data/complaints.parquet rows"),
        "{results}"
    );
    assert!(results.contains("water,100,2021,,85,"), "{results}");
}

#[test]
fn a_file_that_is_not_parquet_is_a_check_error_with_its_path() {
    let (code, text, _tmp) = run_broken(
        |p| {
            std::fs::write(
                p.join("data/complaints.parquet"),
                "Id,Received\n1,2021-01-01\n",
            )
            .unwrap()
        },
        &["check"],
    );
    assert_eq!(code, 1, "{text}");
    assert!(!text.contains("panicked"), "{text}");
    insta::assert_snapshot!("parquet_not_parquet", format!("exit: {code}\n{text}"));
}

#[test]
fn a_truncated_parquet_file_is_a_check_error() {
    let (code, text, _tmp) = run_broken(
        |p| {
            let path = p.join("data/complaints.parquet");
            good_complaints(&path);
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        },
        &["check"],
    );
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("parquet_truncated", format!("exit: {code}\n{text}"));
}

#[test]
fn a_damaged_page_fails_its_dataset_and_the_run_goes_on() {
    let (code, text, tmp) = run_broken(
        |p| {
            let path = p.join("data/complaints.parquet");
            good_complaints(&path);
            // overwrite the header of the first data page of `Right` (footer intact)
            let reader = parquet::file::reader::SerializedFileReader::new(
                std::fs::File::open(&path).unwrap(),
            )
            .unwrap();
            use parquet::file::reader::FileReader;
            let chunk = reader.metadata().row_group(1).column(2);
            let at = chunk
                .dictionary_page_offset()
                .unwrap_or(chunk.data_page_offset()) as usize;
            let mut bytes = std::fs::read(&path).unwrap();
            for b in &mut bytes[at..at + 24] {
                *b = 0xff;
            }
            std::fs::write(&path, bytes).unwrap();
        },
        &["eval"],
    );
    assert_eq!(code, 1, "{text}");
    assert!(!text.contains("panicked"), "{text}");
    insta::assert_snapshot!("parquet_damaged_page", format!("exit: {code}\n{text}"));
    // the other dataset is evaluated and written
    let results = std::fs::read_to_string(tmp.path().join("out/results.csv")).unwrap();
    assert!(results.contains("water,100,2021,,85,"), "{results}");
    assert!(!results.contains("complaints,100,"), "{results}");
}

#[test]
fn a_nested_column_the_dataset_needs_is_refused_and_the_run_goes_on() {
    let (code, text, tmp) = run_broken(
        |p| {
            write_parquet(
                &p.join("data/complaints.parquet"),
                "message complaints {
                  required int32 Received (DATE);
                  optional group Right (LIST) { repeated group list { optional binary element (STRING); } }
                }",
                10,
                &[
                    Column::Int32(vec![Some(days("2021-05-01")); 3]),
                    Column::TextList(vec!["housing".into(), "health".into(), "water".into()]),
                ],
            );
        },
        &["eval"],
    );
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("parquet_nested_column", format!("exit: {code}\n{text}"));
    let results = std::fs::read_to_string(tmp.path().join("out/results.csv")).unwrap();
    assert!(results.contains("water,100,2021,,85,"), "{results}");
}

#[test]
fn a_declared_column_missing_from_parquet_is_a_check_error() {
    let (code, text, _tmp) = run_broken(
        |p| {
            good_complaints(&p.join("data/complaints.parquet"));
            let yaml = p.join("localis.yaml");
            let text = std::fs::read_to_string(&yaml).unwrap();
            std::fs::write(&yaml, text.replace("date: Received", "date: Recieved")).unwrap();
        },
        &["check"],
    );
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("parquet_missing_column", format!("exit: {code}\n{text}"));
}

#[test]
fn an_ordinary_table_reads_from_parquet_with_typed_columns() {
    let (code, text, tmp) = run_broken(
        |p| {
            good_complaints(&p.join("data/complaints.parquet"));
            // a tidy table: an int32 year, an int64 GeoCode (text for localis), a double
            // value with a null (no data, never zero), a decimal(2) as a second number
            write_parquet(
                &p.join("data/rates.parquet"),
                "message rates { required int32 Ano; required int64 Municipio; optional double Taxa; optional int64 Gasto (DECIMAL(12,2)); }",
                2,
                &[
                    Column::Int32(vec![Some(2020), Some(2021), Some(2020), Some(2021)]),
                    Column::Int64(vec![Some(100), Some(100), Some(200), Some(200)]),
                    Column::Double(vec![Some(12.5), None, Some(0.1), Some(7.0)]),
                    Column::Int64(vec![Some(123_456), Some(-5), None, Some(100)]),
                ],
            );
            let yaml = p.join("localis.yaml");
            let text = std::fs::read_to_string(&yaml).unwrap();
            std::fs::write(
                &yaml,
                format!("{text}  - {{id: rates, path: data/rates.parquet, kind: table, columns: {{period: Ano, place: Municipio, value: Taxa}}}}\nplaces: {{path: data/places.csv}}\n"),
            )
            .unwrap();
            std::fs::write(
                p.join("data/places.csv"),
                "GeoCode,Name\n100,Testville\n200,Other\n",
            )
            .unwrap();
            let lib = p.join("indicators/local/indicators.yaml");
            let text = std::fs::read_to_string(&lib).unwrap();
            std::fs::write(
                &lib,
                format!("{text}  - {{id: rate, title: Rate, computation: {{value: {{dataset: rates}}}}}}\n  - {{id: spent, title: Spent, computation: {{value: {{dataset: rates, column: Gasto}}}}}}\n"),
            )
            .unwrap();
        },
        &["eval"],
    );
    assert_eq!(code, 0, "{text}");
    let results = std::fs::read_to_string(tmp.path().join("out/results.csv")).unwrap();
    for row in [
        "rate,100,2020,,12.5,",
        "rate,100,2021,,,",
        "rate,200,2020,,0.1,",
        "rate,200,2021,,7,",
        "spent,100,2020,,1234.56,",
        "spent,100,2021,,-0.05,",
        "spent,200,2021,,1,",
    ] {
        assert!(results.contains(row), "{row} in {results}");
    }
    assert!(!results.contains("spent,200,2020,,0"), "{results}");
}

#[test]
fn a_place_list_in_parquet_is_refused_with_what_to_do() {
    let (_tmp, p) = copy_fixture("eval/project");
    std::fs::copy(p.join("data/places.csv"), p.join("data/places.parquet")).unwrap();
    let yaml = std::fs::read_to_string(p.join("localis.yaml")).unwrap();
    let edited = yaml.replace("data/places.csv", "data/places.parquet");
    assert_ne!(yaml, edited);
    std::fs::write(p.join("localis.yaml"), edited).unwrap();
    let run = localis(&p, &["eval"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "failed to read the places of data/places.parquet (a place list is read from CSV, not from .parquet)"
        ) && run.stderr.contains("hint: save the place list (GeoCode and name) as UTF-8 CSV"),
        "{}",
        run.stderr
    );
}
