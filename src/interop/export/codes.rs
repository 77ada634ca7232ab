//! Codes of the SDG data structure for what localis results hold: which disaggregation is
//! `SEX`, `AGE` or `URBANISATION`, their values as SDG codes, units as `UNIT_MEASURE` and data
//! statuses as `OBS_STATUS`; what has no SDG code gets a local code, listed in the mapping table.
//!
//! | concept | code list | rule |
//! |---|---|---|
//! | `SEX` | `SDMX:CL_SEX` | a dimension named Sex, Gender (or Sexo, Sexe, Geschlecht): female, females, women, girls (and their pt, es, de, fr words) `F`; male... `M`; blank `_T` |
//! | `AGE` | `IAEG-SDGs:CL_AGE` | a dimension named Age, Age group... (Idade, Faixa etária, Edad, Alter, Âge): `15-24`, `15 to 24` `Y15T24`; `65+`, `65 and over` `Y_GE65`; `under 5` `Y0T4`; blank, `all ages` `_T` |
//! | `URBANISATION` | `IAEG-SDGs:CL_URBANISATION` | a dimension named Urbanisation, Urban/rural (Situação do domicílio, Zona; Location or Area when every value maps): urban `U`, rural `R`, blank `_T` |
//! | `UNIT_MEASURE` | `IAEG-SDGs:CL_UNIT_MEASURE` | `%`, percent... `PT`; per 100,000 population `PER_100000_POP`; per 1,000 live births `PER_1000_LIVE_BIRTHS`; per 1,000 `PER_1000_POP`; number, count, persons, households `NUMBER`; index `INDEX` |
//! | `OBS_STATUS` | `SDMX:CL_OBS_STATUS` | single-letter codes as given; normal `A`, estimated `E`, provisional `P`, forecast `F`, break `B`, imputed `I`, low reliability `U`, missing `M`; blank `A`, or `U` for a rate flagged unstable |
//!
//! Any other value, and every value of other dimensions, gets a local code: its label in
//! upper-case ASCII letters, digits and `_` (`Black or Brown` -> `BLACK_OR_BROWN`).

use crate::interop::text::sdmx_id;
use crate::model::fold_diacritics;

/// The SDG concepts a disaggregation dimension can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concept {
    /// `SEX`.
    Sex,
    /// `AGE`.
    Age,
    /// `URBANISATION`.
    Urbanisation,
}

impl Concept {
    /// The SDMX concept id.
    pub fn id(self) -> &'static str {
        match self {
            Concept::Sex => "SEX",
            Concept::Age => "AGE",
            Concept::Urbanisation => "URBANISATION",
        }
    }

    /// The code list of the SDG codes.
    pub fn code_list(self) -> &'static str {
        match self {
            Concept::Sex => "SDMX:CL_SEX",
            Concept::Age => "IAEG-SDGs:CL_AGE",
            Concept::Urbanisation => "IAEG-SDGs:CL_URBANISATION",
        }
    }

    /// The SDG code of a value, when it has one.
    pub fn code(self, label: &str) -> Option<String> {
        match self {
            Concept::Sex => sex_code(label).map(str::to_string),
            Concept::Age => age_code(label),
            Concept::Urbanisation => urbanisation_code(label).map(str::to_string),
        }
    }
}

/// Lower case, accents folded, spaces collapsed.
fn norm(s: &str) -> String {
    fold_diacritics(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Which SDG concept a dimension is, from its name (and, for ambiguous names such as
/// `Location`, from its values: every one must map).
pub fn concept_of<'a>(name: &str, values: impl IntoIterator<Item = &'a str>) -> Option<Concept> {
    let n = norm(name);
    let strong = match n.as_str() {
        "sex" | "gender" | "sexo" | "sexe" | "geschlecht" | "genero" => Some(Concept::Sex),
        "age" | "age group" | "age groups" | "age band" | "age range" | "ages" | "age (years)"
        | "idade" | "faixa etaria" | "grupo de idade" | "grupo etario" | "edad"
        | "grupo de edad" | "alter" | "altersgruppe" | "classe d'age" | "tranche d'age" => {
            Some(Concept::Age)
        }
        "urbanisation"
        | "urbanization"
        | "urban/rural"
        | "urban or rural"
        | "urban-rural"
        | "situacao do domicilio"
        | "zona"
        | "area de residencia" => Some(Concept::Urbanisation),
        _ => None,
    };
    if strong.is_some() {
        return strong;
    }
    if matches!(
        n.as_str(),
        "location" | "area" | "area type" | "type of area"
    ) {
        let mut any = false;
        for v in values {
            any = true;
            urbanisation_code(v)?;
        }
        return any.then_some(Concept::Urbanisation);
    }
    None
}

fn sex_code(label: &str) -> Option<&'static str> {
    match norm(label).as_str() {
        "" | "total" | "all" | "both sexes" | "both" => Some("_T"),
        "female" | "females" | "women" | "woman" | "girls" | "girl" | "f" | "feminino"
        | "feminina" | "mulher" | "mulheres" | "femenino" | "mujer" | "mujeres" | "weiblich"
        | "frauen" | "frau" | "femme" | "femmes" | "feminin" => Some("F"),
        "male" | "males" | "men" | "man" | "boys" | "boy" | "m" | "masculino" | "homem"
        | "homens" | "hombre" | "hombres" | "mannlich" | "maennlich" | "manner" | "mann"
        | "homme" | "hommes" | "masculin" => Some("M"),
        _ => None,
    }
}

fn urbanisation_code(label: &str) -> Option<&'static str> {
    match norm(label).as_str() {
        "" | "total" | "all" => Some("_T"),
        "urban" | "urbano" | "urbana" | "urbain" | "urbaine" | "stadtisch" | "urban areas"
        | "urban area" => Some("U"),
        "rural" | "rural areas" | "rural area" | "landlich" => Some("R"),
        _ => None,
    }
}

/// The SDG age code of a label: `15-24` `Y15T24`, `65+` `Y_GE65`, `under 5` `Y0T4`.
fn age_code(label: &str) -> Option<String> {
    let n = norm(label);
    if matches!(
        n.as_str(),
        "" | "total" | "all" | "all ages" | "todas as idades" | "todas las edades"
    ) {
        return Some("_T".to_string());
    }
    // drop the words for years
    let mut s = format!(" {n} ");
    for w in [
        " years old ",
        " year olds ",
        " years ",
        " year ",
        " yrs ",
        " y ",
        " anos ",
        " ans ",
        " jahre ",
        " aged ",
        " ages ",
        " age ",
    ] {
        s = s.replace(w, " ");
    }
    let s = s.trim().to_string();
    let num = |t: &str| -> Option<u32> {
        let t = t.trim();
        (!t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    for sep in ["-", " to ", " a ", "–", " bis "] {
        if let Some((a, b)) = s.split_once(sep)
            && let (Some(a), Some(b)) = (num(a), num(b))
            && a <= b
        {
            return Some(format!("Y{a}T{b}"));
        }
    }
    for suffix in [
        "+",
        " and over",
        " or over",
        " and older",
        " or older",
        " or more",
        " e mais",
        " ou mais",
        " y mas",
        " und alter",
        " et plus",
    ] {
        if let Some(a) = s.strip_suffix(suffix).and_then(num) {
            return Some(format!("Y_GE{a}"));
        }
    }
    for prefix in [
        "under ",
        "less than ",
        "below ",
        "<",
        "menos de ",
        "menores de ",
        "unter ",
        "moins de ",
    ] {
        if let Some(a) = s.strip_prefix(prefix).and_then(num)
            && a > 0
        {
            return Some(format!("Y0T{}", a - 1));
        }
    }
    None
}

/// The `UNIT_MEASURE` code of a unit, when it has an SDG code.
pub fn unit_code(unit: &str) -> Option<&'static str> {
    let n = norm(unit).replace([',', ' '], "");
    if n.is_empty() {
        return None;
    }
    if n.starts_with('%')
        || n.contains("percent")
        || n == "pt"
        || n.contains("porcentagem")
        || n.contains("porcentaje")
        || n.contains("prozent")
        || n.contains("pourcentage")
    {
        return Some("PT");
    }
    if n.contains("per100000livebirths") {
        return Some("PER_100000_LIVE_BIRTHS");
    }
    if n.contains("per1000livebirths") {
        return Some("PER_1000_LIVE_BIRTHS");
    }
    if n.contains("per100000") {
        return Some("PER_100000_POP");
    }
    if n.contains("per1000") {
        return Some("PER_1000_POP");
    }
    if matches!(
        n.as_str(),
        "number"
            | "numberof"
            | "count"
            | "persons"
            | "people"
            | "households"
            | "individuals"
            | "numero"
            | "pessoas"
            | "personas"
            | "anzahl"
            | "nombre"
            | "personnes"
    ) || n.starts_with("numberof")
    {
        return Some("NUMBER");
    }
    if n == "index" || n.starts_with("index(") || n == "indice" {
        return Some("INDEX");
    }
    None
}

/// The `OBS_STATUS` code of a data status, when it has one.
pub fn status_code(status: &str) -> Option<String> {
    let t = status.trim();
    if t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase()) {
        return Some(t.to_string());
    }
    let code = match norm(t).as_str() {
        "" | "normal" | "normal value" | "final" | "definitive" => "A",
        "estimated" | "estimate" | "estimated value" | "estimativa" | "estimado" | "estimada"
        | "geschatzt" | "estime" | "estimation" => "E",
        "provisional" | "provisional value" | "preliminary" | "provisorio" | "provisoria"
        | "preliminar" | "vorlaufig" | "provisoire" => "P",
        "forecast" | "forecast value" | "projection" | "projected" | "projecao" => "F",
        "break" | "time series break" | "series break" | "break in series" => "B",
        "imputed" | "imputed value" | "imputado" => "I",
        "low reliability" | "unreliable" | "low reliability value" => "U",
        "missing" | "missing value" => "M",
        _ => return None,
    };
    Some(code.to_string())
}

/// A local code for a label (`""` gives `_T`, the total).
pub fn local_code(label: &str) -> String {
    if label.trim().is_empty() {
        return "_T".to_string();
    }
    let id = sdmx_id(label);
    let id = if id.is_empty() {
        "CODE".to_string()
    } else {
        id
    };
    id.chars().take(50).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_become_sdg_concepts() {
        assert_eq!(concept_of("Sex", []), Some(Concept::Sex));
        assert_eq!(concept_of("Faixa etária", []), Some(Concept::Age));
        assert_eq!(
            concept_of("Location", ["Urban", "Rural"]),
            Some(Concept::Urbanisation)
        );
        assert_eq!(concept_of("Location", ["North", "South"]), None);
        assert_eq!(concept_of("District", []), None);
    }

    #[test]
    fn values_become_sdg_codes() {
        assert_eq!(Concept::Sex.code("Women").as_deref(), Some("F"));
        assert_eq!(Concept::Sex.code("Masculino").as_deref(), Some("M"));
        assert_eq!(Concept::Sex.code("").as_deref(), Some("_T"));
        assert_eq!(Concept::Sex.code("Intersex"), None);
        assert_eq!(Concept::Age.code("15-24").as_deref(), Some("Y15T24"));
        assert_eq!(
            Concept::Age.code("15 to 24 years").as_deref(),
            Some("Y15T24")
        );
        assert_eq!(Concept::Age.code("65+").as_deref(), Some("Y_GE65"));
        assert_eq!(
            Concept::Age.code("65 years and over").as_deref(),
            Some("Y_GE65")
        );
        assert_eq!(Concept::Age.code("Under 5").as_deref(), Some("Y0T4"));
        assert_eq!(Concept::Age.code("0 a 14 anos").as_deref(), Some("Y0T14"));
        assert_eq!(Concept::Age.code("children"), None);
        assert_eq!(Concept::Urbanisation.code("Urbana").as_deref(), Some("U"));
        assert_eq!(unit_code("%"), Some("PT"));
        assert_eq!(unit_code("Percentage (%)"), Some("PT"));
        assert_eq!(unit_code("per 100,000 inhabitants"), Some("PER_100000_POP"));
        assert_eq!(unit_code("households"), Some("NUMBER"));
        assert_eq!(unit_code("1 = in place, 0 = not in place"), None);
        assert_eq!(status_code("E").as_deref(), Some("E"));
        assert_eq!(status_code("Provisional").as_deref(), Some("P"));
        assert_eq!(status_code("see note"), None);
        assert_eq!(local_code("Black or Brown"), "BLACK_OR_BROWN");
        assert_eq!(local_code(""), "_T");
    }
}
