//! What each fuzz target does with its input: the readers of localis fed arbitrary bytes,
//! which must return values or diagnostics and never panic, hang or exhaust memory.

use std::io::Write;

use localis::load::dataset::{self, FileToRead, NumberFormat, ReadRequest};
use localis::model::DatasetSpec;

/// The YAML reader and the deserializer of a library file, collecting every problem.
pub fn yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(node) = localis::yaml::parse(text) {
        let _ = localis::yaml::from_node_all::<localis::model::LibraryFile>(&node);
        let _ = localis::yaml::from_node_all::<localis::model::Project>(&node);
    }
}

/// Number, period and date cells in every number format.
pub fn number(data: &[u8]) {
    for delimiter in [b',', b';'] {
        let _ = dataset::number::parse_number(data, NumberFormat::new(None, None, delimiter));
    }
    let _ = dataset::number::parse_number(data, NumberFormat::new(Some(','), Some(' '), b';'));
    let _ = dataset::number::parse_period(data);
    let _ = dataset::number::parse_date_year(data);
}

fn spec(yaml: &str) -> DatasetSpec {
    localis::yaml::from_node(&localis::yaml::parse(yaml).expect("spec")).expect("spec")
}

/// Reads `data` as a dataset file with the extension `ext`, for headers and for the table.
fn read_as(data: &[u8], ext: &str, spec_yaml: &str) {
    let Ok(mut file) = tempfile::Builder::new().suffix(ext).tempfile() else {
        return;
    };
    if file.write_all(data).is_err() {
        return;
    }
    let spec = spec(spec_yaml);
    let _ = dataset::read_headers(file.path(), &spec);
    let files = [FileToRead {
        index: 0,
        path: file.path().to_path_buf(),
        display: format!("data{ext}"),
    }];
    let _ = dataset::read_table("d", &spec, &files, &ReadRequest::default(), "1");
}

/// A CSV file: header, delimiter detection, the fast path in parallel parts, cell parsing.
pub fn csv(data: &[u8]) {
    read_as(data, ".csv", "path: d.csv");
}

/// A workbook: zip, XML, shared strings, cells read one by one.
pub fn xlsx(data: &[u8]) {
    read_as(data, ".xlsx", "path: d.xlsx");
    read_as(data, ".xlsx", "{path: d.xlsx, range: 'B2:D9'}");
}

/// A formula as `expression:` computations parse and evaluate it, with two inputs.
pub fn expression(data: &[u8]) {
    use evalexpr::{ContextWithMutableVariables, HashMapContext, Value};
    let Ok(formula) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(tree) = evalexpr::build_operator_tree::<evalexpr::DefaultNumericTypes>(formula) else {
        return;
    };
    let mut context = HashMapContext::<evalexpr::DefaultNumericTypes>::new();
    let _ = context.set_value("a".into(), Value::Float(12.5));
    let _ = context.set_value("b".into(), Value::Float(0.0));
    let _ = tree.eval_number_with_context(&context);
}
