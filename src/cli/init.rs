//! `xgea init [DIR]`: scaffolds a department repository that lints clean: `xgea.toml` pinned to the built-in
//! model release, a department descriptor, one example system with the editor schema comment, and the GitHub
//! Actions workflow from `ci/github/xgea.yml`. Never overwrites a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::model::{ModelSource, load_model, schema_gen};
use crate::schema::Schemas;
use crate::source::{SourceDb, display_path_of};

#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// The repository directory to scaffold (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The department's id: lower case letters, digits and hyphens (system ids are `<department>.<slug>`).
    #[arg(long, value_name = "ID", default_value = "example")]
    pub department: String,
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

fn department(id: &str, version: &str) -> String {
    format!(
        r#"# yaml-language-server: $schema=.xgea/schemas/{version}/department.schema.json
apiVersion: xgea/v1
kind: Department
metadata:
  id: {id}
  name: Example Department
spec:
  sector: SEC-09
  maxMarking: OFFICIAL-SENSITIVE
"#
    )
}

fn system(department: &str, version: &str) -> String {
    format!(
        r#"# yaml-language-server: $schema=../.xgea/schemas/{version}/system.schema.json
# One IT system. Editors with the YAML language server complete and check fields and ids from the schema above
# (written by `xgea init` from model release {version}; `xgea schema --version V` prints another release's).
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
"#
    )
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

pub fn run(args: &InitArgs, out: &mut dyn Write) -> miette::Result<Outcome> {
    if !valid_id(&args.department) {
        return Err(miette::miette!(
            help = "use lower case letters, digits and hyphens, e.g. `--department dwp`",
            "`{}` is not a department id",
            args.department
        ));
    }
    let schemas = Schemas::embedded().map_err(|e| miette::miette!("the built-in schemas do not compile: {e}"))?;
    let model = load_model(&ModelSource::Embedded, &mut SourceDb::new(), &schemas)
        .map_err(|e| miette::miette!("the built-in model is broken: {}", e.summary))?;
    let dept = &args.department;
    let version = model.version();
    let mut files: Vec<(PathBuf, String)> = vec![
        (PathBuf::from("xgea.toml"), config(version, dept)),
        (PathBuf::from("department.yaml"), department(dept, version)),
        (Path::new("systems").join("example-service.yaml"), system(dept, version)),
        (Path::new(".github").join("workflows").join("xgea.yml"), GITHUB_WORKFLOW.to_string()),
    ];
    let editor_schemas = schema_gen::generate(&model, version).map_err(|e| miette::miette!("{e}"))?;
    files.push((Path::new(".xgea").join("schemas").join("xgea-config.schema.json"), CONFIG_SCHEMA.to_string()));
    files.extend(editor_schemas.into_iter().map(|(name, text)| (schema_dir(version).join(name), text)));
    // Check everything before writing anything, so a refused init leaves the directory as it was.
    for (rel, _) in &files {
        let path = args.dir.join(rel);
        if path.exists() {
            return Err(miette::miette!(
                help = "xgea init never overwrites files; move it aside or scaffold into another directory",
                "`{}` already exists",
                display_path_of(&path)
            ));
        }
    }
    let io = |path: &Path, e: std::io::Error| miette::miette!("cannot write `{}`: {e}", display_path_of(path));
    for (rel, text) in &files {
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
        "\nxgea.toml pins model {}. Next: `xgea lint {}` (it should report no findings), then describe your systems.",
        model.version(),
        display_path_of(&args.dir)
    )
    .map_err(|e| miette::miette!("cannot write output: {e}"))?;
    Ok(Outcome::Clean)
}
