//! `xgea init` for a real department: `--id`, `--name` and `--sector` make the descriptor and the example system,
//! the result lints clean for every sector of the model, and a bad value is refused (exit 2) with nothing written.
//! Run as a user runs it: the binary in a scratch directory, stdin not a terminal.

use std::path::Path;

use xgea::model::{ModelSource, load_model};
use xgea::schema::Schemas;
use xgea::source::SourceDb;

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

fn xgea(dir: &Path, args: &[&str]) -> Ran {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xgea");
    let out = cmd.current_dir(dir).args(args).env("NO_COLOR", "1").write_stdin("").output().unwrap();
    Ran {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn init(dir: &Path, repo: &str, flags: &[&str]) -> Ran {
    xgea(dir, &[&["init", repo][..], flags].concat())
}

/// `xgea lint` in the repository, as the workflow runs it: exit 0 and no annotation.
fn assert_lints_clean(repo: &Path) {
    let ran = xgea(repo, &["lint", ".", "--format", "github"]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stdout.is_empty(), "no annotations: {}", ran.stdout);
    let ran = xgea(repo, &["lint"]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stdout.contains("1 system in 1 department") && ran.stdout.contains("0 errors, 0 warnings, 0 infos"));
}

/// The department's label in the estate graph: the name as xgea reads it back from the descriptor.
fn department_label(repo: &Path, id: &str) -> String {
    let ran = xgea(repo, &["graph", ".", "--format", "json"]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let graph: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    let node = graph["nodes"].as_array().unwrap().iter().find(|n| n["key"] == format!("department:{id}")).unwrap();
    node["label"].as_str().unwrap().to_string()
}

#[test]
fn real_departments_get_their_id_name_and_sector_and_lint_clean() {
    let dir = tempfile::tempdir().unwrap();
    for (id, name, sector) in [
        ("hmrc", "HM Revenue & Customs", "SEC-07"),
        ("dwp", "Department for Work and Pensions", "SEC-05"),
        ("moj", "Ministry of Justice", "SEC-03"),
        // YAML's special characters in a name: `:`, `#`, quotes, a leading `&`, a backslash, non-ASCII.
        ("dsit", "Department for Science, Innovation & Technology: \"DSIT\" # not a comment", "SEC-09"),
        ("ons-2", "& Office for National Statistics \\ Swyddfa — Ystadegau Gwladol", "SEC-08"),
    ] {
        let ran = init(dir.path(), id, &["--id", id, "--name", name, "--sector", sector]);
        assert_eq!(ran.code, 0, "{id}: {}", ran.stderr);
        assert!(ran.stderr.is_empty(), "all flags given, nothing to note: {}", ran.stderr);
        assert!(ran.stdout.contains("wrote") && ran.stdout.contains(&format!("Scaffolded for {id}")), "{}", ran.stdout);
        let repo = dir.path().join(id);
        let department = std::fs::read_to_string(repo.join("department.yaml")).unwrap();
        assert!(department.contains(&format!("\n  id: {id}\n")), "{department}");
        assert!(department.contains(&format!("\n  sector: {sector}\n")), "{department}");
        assert!(!department.contains("Example Department"), "{department}");
        let system = std::fs::read_to_string(repo.join("systems/example-service.yaml")).unwrap();
        assert!(system.contains(&format!("id: {id}.example-service\n")), "{system}");
        assert!(system.contains(&format!("department: {id}\n")), "{system}");
        assert!(system.contains(&format!("One IT system of {name}")), "{system}");
        let config = std::fs::read_to_string(repo.join("xgea.toml")).unwrap();
        assert!(config.contains(&format!("target = \"{id}.example-service\"")), "{config}");
        assert_lints_clean(&repo);
        assert_eq!(department_label(&repo, id), name, "the name reads back as given");
    }
}

#[test]
fn every_sector_of_the_model_scaffolds_a_clean_repository() {
    let schemas = Schemas::embedded().unwrap();
    let model = load_model(&ModelSource::Embedded, &mut SourceDb::new(), &schemas).unwrap();
    assert!(model.sectors.len() > 1);
    let dir = tempfile::tempdir().unwrap();
    for sector in &model.sectors {
        let repo = sector.id.to_ascii_lowercase();
        let ran = init(dir.path(), &repo, &["--id", &repo, "--name", &sector.name, "--sector", &sector.id]);
        assert_eq!(ran.code, 0, "{}: {}", sector.id, ran.stderr);
        let ran = xgea(&dir.path().join(&repo), &["lint", ".", "--format", "github"]);
        assert_eq!((ran.code, ran.stdout.as_str()), (0, ""), "{}: {}", sector.id, ran.stderr);
    }
}

/// Nothing was written: the repository directory was not even created.
fn assert_refused(dir: &Path, ran: &Ran) {
    assert_eq!(ran.code, 2, "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stdout.is_empty(), "{}", ran.stdout);
    assert!(!dir.join("repo").exists(), "nothing written");
}

#[test]
fn a_bad_sector_is_refused_with_did_you_mean_and_the_valid_sectors() {
    let dir = tempfile::tempdir().unwrap();
    let ran = init(dir.path(), "repo", &["--id", "hmrc", "--name", "HM Revenue & Customs", "--sector", "SEC-7"]);
    assert_refused(dir.path(), &ran);
    assert!(ran.stderr.contains("--sector: `SEC-7` is not a sector of model 2.2.0"), "{}", ran.stderr);
    assert!(ran.stderr.contains("did you mean `SEC-07` (HM Revenue & Customs)?"), "{}", ran.stderr);
    for listed in ["SEC-01  Education", "SEC-09  Rest of Central Government", "SEC-14"] {
        assert!(ran.stderr.contains(listed), "lists {listed}: {}", ran.stderr);
    }
    // Far from every sector: no suggestion, still the list.
    let ran = init(dir.path(), "repo", &["--id", "hmrc", "--name", "HM Revenue & Customs", "--sector", "taxation"]);
    assert_refused(dir.path(), &ran);
    assert!(
        !ran.stderr.contains("did you mean") && ran.stderr.contains("SEC-07  HM Revenue & Customs"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_bad_id_or_an_empty_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (id, suggestion) in [("HMRC", Some("hmrc")), ("hm_rc", Some("hm-rc")), ("2gether", Some("gether")), ("-", None)]
    {
        let ran = init(dir.path(), "repo", &["--id", id, "--name", "HM Revenue & Customs", "--sector", "SEC-07"]);
        assert_refused(dir.path(), &ran);
        assert!(ran.stderr.contains(&format!("--id: `{id}` is not a department id")), "{}", ran.stderr);
        // The pattern named is the schema's.
        assert!(ran.stderr.contains("^[a-z][a-z0-9-]*$"), "{}", ran.stderr);
        match suggestion {
            Some(s) => assert!(ran.stderr.contains(&format!("did you mean `{s}`?")), "{}", ran.stderr),
            None => assert!(!ran.stderr.contains("did you mean"), "{}", ran.stderr),
        }
    }
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("schemas/common.schema.json").unwrap()).unwrap();
    assert_eq!(schema["$defs"]["departmentId"]["pattern"], "^[a-z][a-z0-9-]*$", "update the expectation above");
    for name in ["", "   ", "HM Revenue\n& Customs"] {
        let ran = init(dir.path(), "repo", &["--id", "hmrc", "--name", name, "--sector", "SEC-07"]);
        assert_refused(dir.path(), &ran);
        assert!(ran.stderr.contains("--name: the department name"), "{}", ran.stderr);
    }
}

/// Without a terminal nothing is asked: a missing flag takes the old default, and a note names the flags that
/// were missing, so a script sees what it left out.
#[test]
fn missing_flags_without_a_terminal_take_the_defaults_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let ran = init(dir.path(), "flagless", &[]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(ran.stderr.contains("stdin is not a terminal"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("--id example --name \"Example Department\" --sector SEC-09"),
        "names every missing flag: {}",
        ran.stderr
    );
    let repo = dir.path().join("flagless");
    let department = std::fs::read_to_string(repo.join("department.yaml")).unwrap();
    assert!(department.contains("id: example\n") && department.contains("sector: SEC-09\n"), "{department}");
    assert_lints_clean(&repo);

    let ran = init(dir.path(), "partial", &["--id", "hmrc", "--sector", "SEC-07"]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(ran.stderr.contains("used --name \"Example Department\" ("), "only the missing flag: {}", ran.stderr);
    assert!(!ran.stderr.contains("--id") && !ran.stderr.contains("--sector"), "{}", ran.stderr);
    assert_eq!(department_label(&dir.path().join("partial"), "hmrc"), "Example Department");

    // A bad flag is refused even when the others would be defaulted.
    let ran = init(dir.path(), "repo", &["--sector", "SEC-99"]);
    assert_refused(dir.path(), &ran);
    assert!(!ran.stderr.contains("stdin is not a terminal"), "{}", ran.stderr);
}

#[test]
fn the_old_department_flag_still_names_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let ran = init(dir.path(), "repo", &["--department", "dwp", "--name", "DWP", "--sector", "SEC-05"]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(department_label(&dir.path().join("repo"), "dwp"), "DWP");
    let help = xgea(dir.path(), &["init", "--help"]);
    for flag in ["--id <ID>", "--department", "--name <NAME>", "--sector <SECTOR>"] {
        assert!(help.stdout.contains(flag), "{flag}: {}", help.stdout);
    }
}
