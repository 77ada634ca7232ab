//! `localis schema`: the JSON Schema of a kind of YAML file, for editors.

use std::process::ExitCode;

/// Prints the schema of `kind` (`project`, `library` or `indicators`).
pub(crate) fn run(kind: &str) -> anyhow::Result<ExitCode> {
    let schema = localis::schema::schema(kind)
        .ok_or_else(|| anyhow::anyhow!("unknown schema kind `{kind}`"))?;
    println!("{schema}");
    Ok(ExitCode::SUCCESS)
}
