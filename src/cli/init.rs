//! `xgea init [DIR]`: scaffolds a department repository that lints clean: `xgea.toml` pinned to the built-in
//! model release, the department's descriptor (its id, name and sector, from `--id`, `--name` and `--sector`, or
//! asked for on a terminal), one example system with the editor schema comment, and the GitHub Actions workflow
//! from `ci/github/xgea.yml`. Never overwrites a file; checks every answer before writing anything.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::diagnostic::did_you_mean;
use crate::model::{Model, ModelSource, load_model, schema_gen};
use crate::schema::Schemas;
use crate::source::{SourceDb, display_path_of};

#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// The repository directory to scaffold (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The department's id, the prefix of its system ids (`<id>.<slug>`): a lower-case letter, then lower-case
    /// letters, digits and hyphens (`hmrc`). Asked for on a terminal when missing.
    #[arg(long = "id", visible_alias = "department", value_name = "ID")]
    pub id: Option<String>,
    /// The department's full name (`"HM Revenue & Customs"`). Asked for on a terminal when missing.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The department's shared-services sector, a sector id of the model (`SEC-07`). Asked for on a terminal
    /// when missing.
    #[arg(long, value_name = "SECTOR")]
    pub sector: Option<String>,
}

/// What init used before it took the department's identity; still used, with a note, when a flag is missing and
/// there is no terminal to ask on, so scripted `xgea init` keeps working.
const DEFAULT_ID: &str = "example";
const DEFAULT_NAME: &str = "Example Department";
const DEFAULT_SECTOR: &str = "SEC-09";

/// The department a repository is scaffolded for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity {
    id: String,
    name: String,
    sector: String,
}

/// Why an id, name or sector was refused: shown as an error for a flag, or before asking again on a terminal.
#[derive(Debug)]
struct Invalid {
    message: String,
    /// One line: a suggestion or the rule.
    help: String,
    /// More, for an error only (a question has shown it already): the sectors to choose from.
    list: Option<String>,
}

impl Invalid {
    fn report(self, flag: &str) -> miette::Report {
        let help = match self.list {
            Some(list) => format!("{}\n{list}", self.help),
            None => self.help,
        };
        miette::miette!(help = help, "--{flag}: {}", self.message)
    }
}

/// The department id pattern of `schemas/common.schema.json` (`$defs/departmentId`), the one the linter checks.
fn id_pattern() -> String {
    let common = crate::schema::EMBEDDED.iter().find(|(name, _)| *name == "common.schema.json").map(|(_, text)| text);
    let schema: Option<serde_json::Value> = common.and_then(|text| serde_json::from_str(text).ok());
    let pattern = schema.as_ref().and_then(|s| s.pointer("/$defs/departmentId/pattern")).and_then(|p| p.as_str());
    pattern.unwrap_or("^[a-z][a-z0-9-]*$").to_string()
}

/// `text` as a department id, if it is one: a lower-case letter first, then lower-case letters, digits, hyphens.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-').trim_end_matches('-').to_string()
}

fn check_id(id: &str) -> Result<String, Invalid> {
    let pattern = id_pattern();
    let schema = serde_json::json!({ "type": "string", "pattern": pattern });
    let validator = jsonschema::draft202012::options().offline().build(&schema).map_err(|e| Invalid {
        message: format!("the department id pattern does not compile: {e}"),
        help: String::new(),
        list: None,
    })?;
    if validator.is_valid(&serde_json::Value::from(id)) {
        return Ok(id.to_string());
    }
    let suggestion = slug(id);
    // The pattern on a line of its own, so that wrapping does not split it at a hyphen.
    let mut help =
        format!("a department id is a lower-case letter, then lower-case letters, digits and hyphens:\n`{pattern}`");
    if !suggestion.is_empty() && validator.is_valid(&serde_json::Value::from(suggestion.as_str())) {
        help = format!("did you mean `{suggestion}`? {help}");
    }
    Err(Invalid { message: format!("`{id}` is not a department id"), help, list: None })
}

fn check_name(name: &str) -> Result<String, Invalid> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Invalid {
            message: "the department name is empty".into(),
            help: "give its full name, e.g. --name \"HM Revenue & Customs\"".into(),
            list: None,
        });
    }
    if name.chars().any(char::is_control) {
        return Err(Invalid {
            message: "the department name has a control character (a line break or tab)".into(),
            help: "give the name on one line".into(),
            list: None,
        });
    }
    Ok(name.to_string())
}

fn check_sector(sector: &str, model: &Model) -> Result<String, Invalid> {
    if model.sector(sector).is_some() {
        return Ok(sector.to_string());
    }
    let suggestions = did_you_mean(sector, model.sectors.iter().map(|s| s.id.as_str()));
    let help = match suggestions.first().and_then(|id| model.sector(id)) {
        Some(best) => format!("did you mean `{}` ({})?", best.id, best.name),
        None => "a sector is one of the model's sector ids".to_string(),
    };
    let mut list = format!("the sectors of model {}:", model.version());
    for s in &model.sectors {
        list.push_str(&format!("\n  {}  {}", s.id, s.name));
    }
    Err(Invalid { message: format!("`{sector}` is not a sector of model {}", model.version()), help, list: Some(list) })
}

/// Asks on `prompts` until `check` accepts an answer read from `input`.
fn ask(
    input: &mut dyn BufRead,
    prompts: &mut dyn Write,
    question: &str,
    check: &dyn Fn(&str) -> Result<String, Invalid>,
) -> miette::Result<String> {
    let io = |e: std::io::Error| miette::miette!("cannot ask: {e}");
    loop {
        write!(prompts, "{question}: ").and_then(|()| prompts.flush()).map_err(io)?;
        let mut line = String::new();
        if input.read_line(&mut line).map_err(io)? == 0 {
            writeln!(prompts).map_err(io)?;
            return Err(miette::miette!(
                help = "answer the question, or give --id, --name and --sector on the command line",
                "no answer to `{question}` (end of input); nothing was written"
            ));
        }
        match check(line.trim()) {
            Ok(answer) => return Ok(answer),
            Err(invalid) => writeln!(prompts, "  {}; {}", invalid.message, invalid.help).map_err(io)?,
        }
    }
}

/// The department's identity from the flags, checking each; a missing one is asked for when `terminal` gives an
/// input and somewhere to ask, and otherwise takes the old default, with a note on `notes`.
fn identity(
    args: &InitArgs,
    model: &Model,
    terminal: Option<(&mut dyn BufRead, &mut dyn Write)>,
    notes: &mut dyn Write,
) -> miette::Result<Identity> {
    // Flags first, all of them, so a bad one fails before any question.
    let id = args.id.as_deref().map(check_id).transpose().map_err(|e| e.report("id"))?;
    let name = args.name.as_deref().map(check_name).transpose().map_err(|e| e.report("name"))?;
    let sector = args.sector.as_deref().map(|s| check_sector(s, model)).transpose().map_err(|e| e.report("sector"))?;
    match terminal {
        Some((input, prompts)) => {
            let id = match id {
                Some(id) => id,
                None => ask(input, prompts, "Department id, the prefix of its system ids (e.g. hmrc)", &check_id)?,
            };
            let name = match name {
                Some(name) => name,
                None => ask(input, prompts, "Department name (e.g. HM Revenue & Customs)", &check_name)?,
            };
            let sector = match sector {
                Some(sector) => sector,
                None => {
                    let io = |e: std::io::Error| miette::miette!("cannot ask: {e}");
                    writeln!(prompts, "Sectors of model {}:", model.version()).map_err(io)?;
                    for s in &model.sectors {
                        writeln!(prompts, "  {}  {}", s.id, s.name).map_err(io)?;
                    }
                    ask(input, prompts, "Sector", &|s: &str| check_sector(s, model))?
                }
            };
            Ok(Identity { id, name, sector })
        }
        None => {
            let mut defaulted = Vec::new();
            let id = id.unwrap_or_else(|| {
                defaulted.push(format!("--id {DEFAULT_ID}"));
                DEFAULT_ID.to_string()
            });
            let name = name.unwrap_or_else(|| {
                defaulted.push(format!("--name \"{DEFAULT_NAME}\""));
                DEFAULT_NAME.to_string()
            });
            let sector = sector.unwrap_or_else(|| {
                defaulted.push(format!("--sector {DEFAULT_SECTOR}"));
                DEFAULT_SECTOR.to_string()
            });
            if !defaulted.is_empty() {
                let _ = writeln!(
                    notes,
                    "xgea: stdin is not a terminal, so init did not ask; it used {} (give the flags to describe your \
                     department)",
                    defaulted.join(" ")
                );
            }
            Ok(Identity { id, name, sector })
        }
    }
}

/// The GitHub Actions workflow, the same file as `ci/github/xgea.yml`.
pub const GITHUB_WORKFLOW: &str = include_str!("../../ci/github/xgea.yml");

fn config(model_version: &str, department: &str) -> String {
    format!(
        r#"#:schema .xgea/schemas/xgea-config.schema.json
# xgea settings for this repository. `xgea lint` finds this file from any directory below it.
# Reference: `xgea rules` lists every rule; `xgea explain XG201` explains one.

# Exit 1 on findings of this severity or above: error | warning | info.
fail-on = "error"

# Rules by code (XG201), family prefix (XG2), kebab-case name (deprecated-standard) or ALL.
# select = ["ALL"]
# ignore = []

[model]
# The reference model release this estate is checked against.
version = "{model_version}"

# [severity]
# XG301 = "warning"          # error | warning | info | off

# [per-path-ignores]
# "legacy/**" = ["XG2"]

# Dispensations: a waived finding is hidden but counted; an expired waiver is itself a finding (XG601).
# [[waivers]]
# rule = "XG201"
# target = "{department}.example-service"   # a system id, or a glob over system ids or file paths
# reason = "SOAP retained until the 2027 re-platforming"
# approver = "Design Authority"
# expires = 2027-03-31
"#
    )
}

/// The schema of `xgea.toml`, for editors (taplo, Even Better TOML).
const CONFIG_SCHEMA: &str = include_str!("../../schemas/xgea-config.schema.json");

/// Where init puts the release's editor schemas, so editors complete ids offline.
fn schema_dir(version: &str) -> PathBuf {
    Path::new(".xgea").join("schemas").join(version)
}

fn department(who: &Identity, version: &str) -> String {
    // A JSON string is a YAML double-quoted scalar: any name (`&`, `:`, `#`, quotes) reads back as written.
    let name = serde_json::to_string(&who.name).unwrap_or_default();
    format!(
        r#"# yaml-language-server: $schema=.xgea/schemas/{version}/department.schema.json
apiVersion: xgea/v1
kind: Department
metadata:
  id: {id}
  name: {name}
spec:
  sector: {sector}
  maxMarking: OFFICIAL-SENSITIVE
"#,
        id = who.id,
        sector = who.sector,
    )
}

fn system(who: &Identity, version: &str) -> String {
    format!(
        r#"# yaml-language-server: $schema=../.xgea/schemas/{version}/system.schema.json
# One IT system of {name}, an example to replace with your own. Editors with the YAML language server complete and
# check fields and ids from the schema above (written by `xgea init` from model release {version};
# `xgea schema --version V` prints another release's).
apiVersion: xgea/v1
kind: System
metadata:
  id: {department}.example-service
  name: Example Licence Applications
  department: {department}
  owner: Licensing Service
  description: Businesses apply online for a licence; the register of licences is published for checking.
spec:
  lifecycle: live
  annualCostGbp: 350000
  capabilities: [FO.04.04]
  data: [DE-BUSINESS]
  interfaces:
    - id: licence-register
      direction: provides
      counterpart: external:licence-checkers
      standards: [TRN-HTTP, SEC-TLS, MSG-REST, MSG-OPENAPI, DAT-UTF8, DAT-DATE]
      data: [DE-BUSINESS]
      marking: OFFICIAL
  infrastructure:
    - kind: identity
      uses: common:one-login
    - kind: notifications
      uses: common:gov-uk-notify
"#,
        name = who.name,
        department = who.id,
    )
}

pub fn run(args: &InitArgs, out: &mut dyn Write) -> miette::Result<Outcome> {
    let schemas = Schemas::embedded().map_err(|e| miette::miette!("the built-in schemas do not compile: {e}"))?;
    let model = load_model(&ModelSource::Embedded, &mut SourceDb::new(), &schemas)
        .map_err(|e| miette::miette!("the built-in model is broken: {}", e.summary))?;
    let version = model.version();
    // The files that name the department, written first; then the ones that do not.
    let department_files = [
        PathBuf::from("xgea.toml"),
        PathBuf::from("department.yaml"),
        Path::new("systems").join("example-service.yaml"),
    ];
    let mut other_files: Vec<(PathBuf, String)> =
        vec![(Path::new(".github").join("workflows").join("xgea.yml"), GITHUB_WORKFLOW.to_string())];
    let editor_schemas = schema_gen::generate(&model, version).map_err(|e| miette::miette!("{e}"))?;
    other_files.push((Path::new(".xgea").join("schemas").join("xgea-config.schema.json"), CONFIG_SCHEMA.to_string()));
    other_files.extend(editor_schemas.into_iter().map(|(name, text)| (schema_dir(version).join(name), text)));
    // Check everything before asking or writing anything, so a refused init leaves the directory as it was.
    for rel in department_files.iter().chain(other_files.iter().map(|(rel, _)| rel)) {
        let path = args.dir.join(rel);
        if path.exists() {
            return Err(miette::miette!(
                help = "xgea init never overwrites files; move it aside or scaffold into another directory",
                "`{}` already exists",
                display_path_of(&path)
            ));
        }
    }
    let stdin = std::io::stdin();
    let who = if stdin.is_terminal() {
        identity(args, &model, Some((&mut stdin.lock(), &mut std::io::stderr())), &mut std::io::stderr())?
    } else {
        identity(args, &model, None, &mut std::io::stderr())?
    };
    let texts = [config(version, &who.id), department(&who, version), system(&who, version)];
    let files = department_files.into_iter().zip(texts).chain(other_files);
    let io = |path: &Path, e: std::io::Error| miette::miette!("cannot write `{}`: {e}", display_path_of(path));
    for (rel, text) in files {
        let path = args.dir.join(rel);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        // `create_new` refuses a file that appeared since the check.
        let mut file =
            std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| io(&path, e))?;
        file.write_all(text.as_bytes()).map_err(|e| io(&path, e))?;
        writeln!(out, "wrote {}", display_path_of(&path)).map_err(|e| miette::miette!("cannot write output: {e}"))?;
    }
    writeln!(
        out,
        "\nScaffolded for {} ({}, sector {}); xgea.toml pins model {}. Next: `xgea lint {}` (it should report no \
         findings), then describe your systems.",
        who.id,
        who.name,
        who.sector,
        model.version(),
        display_path_of(&args.dir)
    )
    .map_err(|e| miette::miette!("cannot write output: {e}"))?;
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        crate::model::embedded_model()
    }

    fn args(id: Option<&str>, name: Option<&str>, sector: Option<&str>) -> InitArgs {
        InitArgs {
            dir: PathBuf::from("."),
            id: id.map(String::from),
            name: name.map(String::from),
            sector: sector.map(String::from),
        }
    }

    /// Answers `input` on a terminal; returns the identity (or the error) and what was shown.
    fn on_terminal(args: &InitArgs, input: &str) -> (Result<Identity, String>, String) {
        let model = model();
        let mut input = std::io::Cursor::new(input.as_bytes().to_vec());
        let (mut prompts, mut notes) = (Vec::new(), Vec::new());
        let who = identity(args, &model, Some((&mut input, &mut prompts)), &mut notes).map_err(|e| e.to_string());
        assert!(notes.is_empty(), "a terminal asks instead of noting defaults");
        (who, String::from_utf8(prompts).unwrap())
    }

    #[test]
    fn a_terminal_is_asked_for_each_missing_flag_until_the_answer_is_valid() {
        let (who, shown) =
            on_terminal(&args(None, None, None), "HMRC\n  hmrc  \n\nHM Revenue & Customs\nsec-7\nSEC-07\n");
        assert_eq!(
            who.unwrap(),
            Identity { id: "hmrc".into(), name: "HM Revenue & Customs".into(), sector: "SEC-07".into() }
        );
        assert!(shown.contains("`HMRC` is not a department id; did you mean `hmrc`?"), "{shown}");
        assert!(shown.contains("the department name is empty"), "{shown}");
        assert!(shown.contains("Sectors of model 2.2.0:\n  SEC-01  Education\n"), "{shown}");
        assert!(shown.contains("`sec-7` is not a sector of model 2.2.0; did you mean `SEC-07`"), "{shown}");
        assert_eq!(shown.matches("Sector: ").count(), 2, "asked again: {shown}");
    }

    #[test]
    fn a_terminal_is_asked_only_for_what_the_flags_left_out() {
        let (who, shown) = on_terminal(&args(Some("dwp"), None, Some("SEC-05")), "Department for Work and Pensions\n");
        assert_eq!(who.unwrap().name, "Department for Work and Pensions");
        assert!(shown.starts_with("Department name") && !shown.contains("Department id") && !shown.contains("Sector"));
        let (who, shown) = on_terminal(&args(Some("dwp"), Some("DWP"), Some("SEC-05")), "");
        assert_eq!(who.unwrap().id, "dwp");
        assert!(shown.is_empty(), "{shown}");
    }

    #[test]
    fn a_bad_flag_fails_before_any_question_and_end_of_input_fails() {
        let (who, shown) = on_terminal(&args(Some("Bad Id"), None, None), "hmrc\n");
        assert!(who.unwrap_err().contains("--id: `Bad Id` is not a department id"));
        assert!(shown.is_empty(), "{shown}");
        let (who, _) = on_terminal(&args(Some("hmrc"), None, None), "HM Revenue & Customs\n");
        assert!(who.unwrap_err().contains("no answer to `Sector` (end of input)"));
    }

    #[test]
    fn an_id_is_suggested_from_what_was_typed() {
        assert_eq!(slug("HM Revenue & Customs"), "hm-revenue-customs");
        assert_eq!(slug("--9 Lives--"), "lives");
        assert_eq!(slug("HMRC"), "hmrc");
    }
}
