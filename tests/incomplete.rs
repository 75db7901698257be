//! Incomplete descriptors: what is missing becomes located warnings with suggestions, an id of the wrong shape
//! gets "did you mean", and one schema error does not hide the rest of the document's findings.

use assert_cmd::Command;

fn xgea() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xgea");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env("NO_COLOR", "1").env("XGEA_TODAY", "2026-11-23");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn a_half_written_descriptor_lints_as_a_to_do_list() {
    let out = xgea().args(["lint", "tests/fixtures/incomplete/half-written.yaml"]).assert().code(1);
    let out = text(&out.get_output().stdout);
    // The schema error on `maxMarking` is reported, and the document is still read without it.
    for code in ["XG002", "XG102", "XG112", "XG206", "XG304"] {
        assert!(out.contains(&format!("{code}(")), "{code} missing:\n{out}");
    }
    assert!(out.contains("did you mean `MSG-OPENAPI`?"), "{out}");
    assert!(!out.contains("does not match \"^"), "no regular expression in the output: {out}");
    insta::assert_snapshot!("half_written_lint", out);
}

#[test]
fn a_capability_id_of_the_wrong_shape_is_an_unknown_id_with_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "apiVersion: xgea/v1\nkind: System\nmetadata:\n  id: example.licensing\n  name: Licensing\n  department: example\nspec:\n  lifecycle: live\n  annualCostGbp: 1000\n  capabilities: [FO.04.04X]\n";
    std::fs::write(dir.path().join("s.yaml"), yaml).unwrap();
    let out = xgea().arg("lint").arg(dir.path()).args(["--format", "concise"]).assert().code(1);
    let out = text(&out.get_output().stdout);
    assert!(out.contains("XG101"), "{out}");
    assert!(out.contains("FO.04.04"), "{out}");
    assert!(!out.contains("XG002"), "{out}");
}

#[test]
fn a_document_that_loses_its_identity_to_the_schema_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "apiVersion: xgea/v1\nkind: System\nmetadata:\n  id: Not An Id\n  name: Licensing\n  department: example\nspec:\n  lifecycle: production\n  capabilities: []\n";
    std::fs::write(dir.path().join("s.yaml"), yaml).unwrap();
    let out = xgea().arg("lint").arg(dir.path()).args(["--format", "concise"]).assert();
    let out = text(&out.get_output().stdout);
    assert!(out.contains("XG002"), "{out}");
    assert!(!out.contains("XG112"), "a system without a valid id or lifecycle is not checked further: {out}");
}

/// How often the top three suggestions for a system of the example estate include a capability its authors
/// listed, with the system's capabilities hidden from the query: the ranking's recall, kept from regressing.
#[test]
fn suggestions_recall_the_example_estates_capabilities() {
    use xgea::model::suggest::TextIndex;
    let mut request = xgea::lint::LintRequest::new(vec!["examples/estate".into()]);
    request.today = "2026-11-23".parse().unwrap();
    let run = xgea::lint::lint(&request).unwrap();
    let index = TextIndex::capabilities(&run.model);
    let (mut hits, mut total) = (0, 0);
    for system in run.estate.systems.iter().filter(|s| !s.capabilities.is_empty()) {
        let top = index.rank(&system.suggestion_query(&run.model), 3);
        total += 1;
        if top.iter().any(|s| system.capabilities.iter().any(|c| c.value == s.id.as_str())) {
            hits += 1;
        }
    }
    eprintln!("top-3 recall on examples/estate: {hits}/{total} ({}%)", hits * 100 / total);
    // 43/62 (69%) against model 2.1.0 with weighted fields, spread picks and data names in the query (34/62
    // before them); the floor leaves a small margin.
    assert!(hits * 100 >= total * 65, "top-3 recall {hits}/{total} below 65%");
}

#[test]
fn suggest_prints_capabilities_for_systems_that_list_none() {
    let out = xgea().args(["suggest", "tests/fixtures/incomplete"]).assert().code(0);
    insta::assert_snapshot!("half_written_suggest", text(&out.get_output().stdout));
    let out = xgea().args(["suggest", "examples/minimal"]).assert().code(0);
    assert!(text(&out.get_output().stdout).starts_with("every system lists its capabilities"));
}
