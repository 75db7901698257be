//! `xgea roadmap`: snapshots of what the Board reads (Markdown, CSV), and the properties behind them.

use std::path::PathBuf;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;
use xgea::lint::{LintRequest, lint};
use xgea::roadmap::{SavingModel, Uses};

fn roadmap(args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("xgea")
        .arg("roadmap")
        .args(args)
        .env("NO_COLOR", "1")
        .env("XGEA_TODAY", "2026-11-23")
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = roadmap(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn markdown_for_the_example_estate() {
    let (code, out, err) = roadmap(&["examples/estate"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("roadmap_estate_md", out);
}

#[test]
fn csv_for_the_example_estate() {
    let (code, out, err) = roadmap(&["examples/estate", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let header = out.lines().next().unwrap();
    let columns = header.split(',').count();
    assert!(header.starts_with("sector,rank,id,kind,rule,"));
    // Every row has the header's number of fields (quoted fields hold no separators here).
    for line in out.lines().skip(1) {
        assert_eq!(line.split(',').count(), columns, "{line}");
    }
    insta::assert_snapshot!("roadmap_estate_csv", out);
}

#[test]
fn candidates_are_ranked_by_score_then_id_with_rounded_ranges() {
    let v = json(&["examples/estate"]);
    let candidates = v["candidates"].as_array().unwrap();
    assert!(candidates.len() >= 10);
    for pair in candidates.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (sa, sb) = (a["score"].as_f64().unwrap(), b["score"].as_f64().unwrap());
        assert!(sa > sb || (sa == sb && a["id"].as_str() < b["id"].as_str()), "{} before {}", a["id"], b["id"]);
    }
    for c in candidates {
        let (low, high) = (c["saving_low_gbp"].as_u64().unwrap(), c["saving_high_gbp"].as_u64().unwrap());
        assert!(low <= high, "{}", c["id"]);
        assert_eq!(low % 100_000, 0, "{}: savings are rounded to £0.1m", c["id"]);
        assert_eq!(high % 100_000, 0, "{}", c["id"]);
        let departments = c["departments"].as_array().unwrap().len();
        let score = c["score"].as_f64().unwrap();
        assert!(score >= departments as f64, "{}: score {score} below its {departments} departments", c["id"]);
    }
    // Every kind of candidate is there, with the evidence of the estate's README.
    let find = |id: &str| candidates.iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no {id}"));
    let payroll = find("cap:BO.02.01");
    assert_eq!(payroll["departments"].as_array().unwrap().len(), 7);
    assert_eq!(payroll["rate"]["low"], 0.2);
    assert_eq!(payroll["rate"]["high"], 0.4);
    assert_eq!(payroll["common_component"], "shared-services-centre");
    // cabinet-office.payroll is already on the shared service centre: listed, not counted as a saving.
    let on_common: Vec<&Value> =
        payroll["systems"].as_array().unwrap().iter().filter(|s| s.get("on_common").is_some()).collect();
    assert_eq!(on_common.len(), 1);
    assert_eq!(on_common[0]["id"], "cabinet-office.payroll");
    let hosting = find("kind:hosting");
    assert_eq!(hosting["systems"].as_array().unwrap().len(), 17);
    assert_eq!(hosting["departments"].as_array().unwrap().len(), 5);
    let identity = find("move:identity:one-login");
    assert_eq!(identity["departments"].as_array().unwrap().len(), 6);
    // dvla's mailer and the fictional council's messaging platform (3 systems).
    assert_eq!(find("move:notifications:gov-uk-notify")["systems"].as_array().unwrap().len(), 4);
    // Non-shareable capabilities (casework) are never candidates.
    assert!(candidates.iter().all(|c| !c["id"].as_str().unwrap().starts_with("cap:FO.04")));
}

#[test]
fn saving_model_file_changes_the_estimate() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("savings.toml");
    std::fs::write(&file, "[roadmap.rates]\ncorporate = { low = 0.1, high = 0.1, basis = \"board's own\" }\n").unwrap();
    let v = json(&["examples/estate", "--savings", file.to_str().unwrap()]);
    let payroll = v["candidates"].as_array().unwrap().iter().find(|c| c["id"] == "cap:BO.02.01").unwrap();
    let addressable = payroll["addressable_gbp"].as_u64().unwrap() as f64;
    let low = payroll["saving_low_gbp"].as_u64().unwrap() as f64;
    let high = payroll["saving_high_gbp"].as_u64().unwrap() as f64;
    assert!(low <= addressable * 0.1 && addressable * 0.1 - low < 100_000.0);
    assert!(high >= addressable * 0.1 && high - addressable * 0.1 < 100_000.0);
    assert_eq!(v["saving_model"]["rates"]["corporate"]["basis"], "board's own");
    // The other families keep their defaults.
    assert_eq!(v["saving_model"]["rates"]["information"]["low"], 0.1);

    std::fs::write(&file, "[rates]\ncorporate = { low = 40, high = 30 }\n").unwrap();
    let (code, _, err) = roadmap(&["examples/estate", "--savings", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid saving model"), "{err}");
}

#[test]
fn min_departments_filters_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("savings.toml");
    std::fs::write(&file, "min-departments = 6\n").unwrap();
    let v = json(&["examples/estate", "--savings", file.to_str().unwrap()]);
    for c in v["candidates"].as_array().unwrap() {
        if c["kind"] != "move-to-common" {
            assert!(c["departments"].as_array().unwrap().len() >= 6, "{}", c["id"]);
        }
    }
}

#[test]
fn grouped_by_sector() {
    let v = json(&["examples/estate", "--group-by", "sector"]);
    let groups = v["groups"].as_array().unwrap();
    let sectors: Vec<&str> = groups.iter().map(|g| g["sector"].as_str().unwrap()).collect();
    let mut sorted = sectors.clone();
    sorted.sort_unstable();
    assert_eq!(sectors, sorted);
    let justice = groups.iter().find(|g| g["sector"] == "SEC-03").unwrap();
    assert_eq!(justice["departments"], serde_json::json!(["home-office", "moj"]));
    let payroll = justice["candidates"].as_array().unwrap().iter().find(|c| c["id"] == "cap:BO.02.01").unwrap();
    // Within the sector: home-office's two payroll systems and moj's one.
    assert_eq!(payroll["departments"], serde_json::json!(["home-office", "moj"]));
    assert_eq!(payroll["systems"].as_array().unwrap().len(), 3);
    let (code, md, _) = roadmap(&["examples/estate", "--group-by", "sector"]);
    assert_eq!(code, 0);
    assert!(md.contains("## `SEC-03` Criminal Justice (`home-office`, `moj`)"), "{md}");
}

#[test]
fn output_does_not_depend_on_argument_order() {
    let a = roadmap(&["examples/estate/dwp", "examples/estate/hmrc", "examples/estate/mod", "--format", "json"]);
    let b = roadmap(&["examples/estate/mod", "examples/estate/hmrc", "examples/estate/dwp", "--format", "json"]);
    assert_eq!(a.0, 0);
    assert_eq!(a.1, b.1);
}

#[test]
fn an_estate_that_cannot_be_read_exits_2() {
    let (code, out, _) = roadmap(&["tests/fixtures/does-not-exist"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
}

/// The roadmap reads the estate graph; the same maps built straight from the records must agree.
#[test]
fn graph_and_records_agree() {
    for dir in ["examples/estate", "examples/minimal", "tests/fixtures/report"] {
        let mut request = LintRequest::new(vec![PathBuf::from(dir)]);
        request.today = "2026-11-23".parse().unwrap();
        let run = lint(&request).unwrap();
        let from_graph = Uses::from_graph(&run.graph, &run.model, &run.estate);
        let from_records = Uses::from_estate(&run.model, &run.estate);
        assert_eq!(from_graph, from_records, "{dir}");
        let map = xgea::roadmap::build(&run.graph, &run.model, &run.estate, &SavingModel::default());
        assert_eq!(map.systems, run.estate.systems.len());
    }
}

/// A kind no live component serves (`staff-identity`: staff sign-on is not citizen identity) has no common
/// component to move to: the roadmap, XG401 and XG403 give the same answer for it.
#[test]
fn a_kind_no_live_component_serves_is_a_bespoke_candidate() {
    let dir = "tests/fixtures/rules/XG403/fail";
    let v = json(&[dir]);
    let candidates = v["candidates"].as_array().unwrap();
    let network =
        candidates.iter().find(|c| c["id"] == "kind:staff-identity").expect("kind:staff-identity is a candidate");
    assert_eq!(network["kind"], "bespoke-kind");
    assert_eq!(network["rule"], "XG403");
    assert_eq!(network["common_component"], Value::Null);
    assert!(network["title"].as_str().unwrap().ends_with("no common component"), "{}", network["title"]);
    assert!(!candidates.iter().any(|c| c["id"].as_str().unwrap().starts_with("move:staff-identity:")));

    let mut request = LintRequest::new(vec![PathBuf::from(dir)]);
    request.today = "2026-11-23".parse().unwrap();
    let run = lint(&request).unwrap();
    let about_network =
        |code: &str| run.findings.iter().filter(|f| f.code() == code && f.message.contains("`staff-identity`")).count();
    assert_eq!(about_network("XG403"), 1, "XG403 reports the kind once");
    assert_eq!(about_network("XG401"), 0, "XG401 does not advise a move to citizen identity");
}

#[test]
fn human_json_for_the_example_estate() {
    let (code, out, err) = roadmap(&["examples/estate", "--format", "human"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("roadmap_estate_human", out);
    let (code, out, err) = roadmap(&["examples/estate", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("roadmap_estate_json", out);
}

/// Programmes group the candidates, count every system once, leave retiring systems out and come in order.
#[test]
fn programmes_add_up_and_come_in_order() {
    let v = json(&["examples/estate"]);
    let plan = &v["plan"];
    let programmes = plan["programmes"].as_array().unwrap();
    let find = |id: &str| programmes.iter().find(|p| p["id"] == id).unwrap_or_else(|| panic!("no {id}"));
    // Every candidate is in exactly one programme.
    let mut listed: Vec<&str> =
        programmes.iter().flat_map(|p| p["candidates"].as_array().unwrap()).map(|c| c.as_str().unwrap()).collect();
    listed.sort_unstable();
    let mut candidates: Vec<&str> =
        v["candidates"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    candidates.sort_unstable();
    assert_eq!(listed, candidates);
    // The back-office candidates are one programme, for the shared service centres.
    let ssc = find("component:shared-services-centre");
    assert_eq!(ssc["candidates"].as_array().unwrap().len(), 11);
    assert!(ssc["already_on_component"].as_array().unwrap().iter().any(|s| s == "cabinet-office.payroll"));
    // The top candidates without a component get a proposed one.
    let data = find("proposed:IS.02");
    assert_eq!(data["component"], Value::Null);
    assert!(data["proposal"].as_str().unwrap().contains("cross-government data platform"), "{}", data["proposal"]);
    assert!(data["candidates"].as_array().unwrap().iter().any(|c| c == "cap:IS.02.03"));
    assert_eq!(find("component:gov-uk-forms")["candidates"], serde_json::json!(["cap:FO.03.01"]));
    // Retiring systems are listed apart and not counted, anywhere.
    let retiring: Vec<&str> =
        programmes.iter().flat_map(|p| p["retiring"].as_array().unwrap()).map(|r| r["id"].as_str().unwrap()).collect();
    for id in ["hmrc.chief", "home-office.hmpo-payroll"] {
        assert!(retiring.contains(&id), "{id} shown apart");
    }
    let chief = programmes
        .iter()
        .flat_map(|p| p["retiring"].as_array().unwrap())
        .find(|r| r["id"] == "hmrc.chief" && r["replacement"] == "hmrc.cds");
    assert!(chief.is_some(), "hmrc.chief's replacement in the forms programme, hmrc.cds, is named");
    let payroll = v["candidates"].as_array().unwrap().iter().find(|c| c["id"] == "cap:BO.02.01").unwrap();
    let counted: u64 = payroll["systems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s.get("on_common").is_none() && s["lifecycle"] != "retiring")
        .map(|s| s["counted_gbp"].as_u64().unwrap())
        .sum();
    assert_eq!(payroll["addressable_gbp"].as_u64().unwrap(), counted, "retiring payroll is not addressable");
    // Totals: each system once, no more than the programmes added up, every figure a range.
    let t = &plan["totals"];
    let sum = |key: &str| programmes.iter().map(|p| p[key].as_u64().unwrap()).sum::<u64>();
    assert!(t["systems"].as_u64().unwrap() <= programmes.iter().map(|p| p["systems"].as_u64().unwrap()).sum());
    assert!(t["saving_high_gbp"].as_u64().unwrap() <= sum("saving_high_gbp"));
    assert_eq!(t["programmes_saving_high_gbp"].as_u64().unwrap(), sum("saving_high_gbp"));
    assert!(t["systems_in_several_programmes"].as_u64().unwrap() > 0);
    for p in programmes {
        assert!(p["saving_low_gbp"].as_u64() <= p["saving_high_gbp"].as_u64(), "{}", p["id"]);
        assert!(p["transition_low_gbp"].as_u64() <= p["transition_high_gbp"].as_u64(), "{}", p["id"]);
        assert_eq!(p["starts_after"].is_null(), p["starts_after_reason"].is_null(), "{}", p["id"]);
    }
    // Order: identity before forms, hosting before the migrations whose systems still run bespoke hosting.
    let position = |id: &str| programmes.iter().position(|p| p["id"] == id).unwrap();
    let wave = |id: &str| find(id)["wave"].as_u64().unwrap();
    assert!(position("component:one-login") < position("component:gov-uk-forms"));
    assert!(wave("component:one-login") < wave("component:gov-uk-forms"));
    assert!(wave("proposed:hosting") < wave("component:shared-services-centre"));
    let after: Vec<&str> = find("component:gov-uk-forms")["after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["programme"].as_str().unwrap())
        .collect();
    assert!(after.contains(&"component:one-login") && after.contains(&"proposed:hosting"), "{after:?}");
    assert_eq!(plan["cycles"], serde_json::json!([]));
    // Rates without a source are assumptions, visibly.
    assert!(
        find("component:gov-uk-forms")["assumptions"].as_array().unwrap().iter().any(|a| a["what"] == "saving rate")
    );
    let (_, md, _) = roadmap(&["examples/estate"]);
    assert!(md.contains("| **assumption** |"), "assumptions are marked in the saving model");
    assert!(md.contains("https://www.nao.org.uk/reports/"), "the corporate rates cite the NAO");
    assert!(md.contains("Confidence: 100% (50 of 50)"), "{md}");
}

/// A `needs` table that makes two programmes need each other: the cycle is reported and they share a wave.
#[test]
fn a_needs_cycle_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("savings.toml");
    std::fs::write(&file, "[needs]\nhosting = [\"identity\"]\n").unwrap();
    let v = json(&["examples/estate", "--savings", file.to_str().unwrap()]);
    let cycles = v["plan"]["cycles"].as_array().unwrap();
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert_eq!(cycles[0]["programmes"], serde_json::json!(["component:one-login", "proposed:hosting"]));
    let programmes = v["plan"]["programmes"].as_array().unwrap();
    let wave = |id: &str| programmes.iter().find(|p| p["id"] == id).unwrap()["wave"].as_u64().unwrap();
    assert_eq!(wave("component:one-login"), wave("proposed:hosting"));
    let (_, md, _) = roadmap(&["examples/estate", "--savings", file.to_str().unwrap()]);
    assert!(md.contains("**Cycle:** `component:one-login`, `proposed:hosting` need each other"), "{md}");
}

/// The sector view leaves out candidates with nothing to do in the sector (all systems already on the component).
#[test]
fn sector_view_has_no_candidate_already_done() {
    let v = json(&["examples/estate", "--group-by", "sector"]);
    for g in v["groups"].as_array().unwrap() {
        for c in g["candidates"].as_array().unwrap() {
            let open = c["systems"].as_array().unwrap().iter().any(|s| s.get("on_common").is_none());
            assert!(open, "{} in {} has every system on the component already", c["id"], g["sector"]);
        }
    }
}

/// `--previous`: the trend between a snapshot of the example estate and an edited copy.
#[test]
fn trend_since_a_previous_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("previous.json");
    let made = cargo_bin_cmd!("xgea")
        .args(["snapshot", "examples/estate", "--out", snapshot.to_str().unwrap()])
        .env("XGEA_TODAY", "2026-10-01")
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    // The edit: dwp's pension-credit service moves from its own login to GOV.UK One Login and adopts OpenAPI;
    // a new council system duplicates payroll.
    let estate = dir.path().join("estate");
    copy_dir(std::path::Path::new("examples/estate"), &estate);
    let benefits = estate.join("dwp/benefits.yaml");
    let text = std::fs::read_to_string(&benefits).unwrap();
    let edited = text
        .lines()
        .map(|l| if l.contains("bespoke:dwp-pension-credit-login") { "      uses: common:one-login" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(text.trim_end(), edited.trim_end());
    std::fs::write(&benefits, edited + "\n").unwrap();
    let (code, out, err) = roadmap(&[estate.to_str().unwrap(), "--previous", snapshot.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let section = out.split("## Programmes").next().unwrap().split("## Since the last run").nth(1).unwrap();
    insta::assert_snapshot!("roadmap_trend_md", section);
    assert!(section.contains("`move:identity:one-login`"), "{section}");
    assert!(section.contains("6 → 5 departments"), "{section}");
    assert!(section.contains("common infrastructure 1 → 0"), "{section}");
    let v = json(&[estate.to_str().unwrap(), "--previous", snapshot.to_str().unwrap()]);
    assert_eq!(v["trend"]["previous_created"], "2026-10-01");
    let dwp = v["trend"]["departments"].as_array().unwrap().iter().find(|d| d["department"] == "dwp").unwrap();
    assert!(dwp["findings"].as_array().unwrap().iter().any(|f| f["previous"] != f["current"]));
    // The same snapshot as the estate: nothing changed.
    let (_, same, _) = roadmap(&["examples/estate", "--previous", snapshot.to_str().unwrap()]);
    assert!(same.contains("Nothing changed."), "{same}");
    // An unreadable snapshot is a tool error.
    let (code, _, err) = roadmap(&["examples/estate", "--previous", dir.path().join("none.json").to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    // The report's roadmap page shows the trend and the programme timeline.
    let site = dir.path().join("site");
    let out = cargo_bin_cmd!("xgea")
        .args(["report", estate.to_str().unwrap(), "--out", site.to_str().unwrap(), "--previous"])
        .arg(&snapshot)
        .env("XGEA_TODAY", "2026-11-23")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(site.join("roadmap.html")).unwrap();
    assert!(page.contains("Since the last run (2026-10-01)"), "trend on the roadmap page");
    assert!(page.contains("<svg class=\"timeline\""), "programme timeline");
    assert!(page.contains("Total, each system once"));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A programme starts when the first contract it replaces ends; moving that end moves the start.
#[test]
fn a_programme_starts_when_its_first_contract_ends() {
    let start = |v: &Value| {
        let programmes = v["plan"]["programmes"].as_array().unwrap();
        let ssc = programmes.iter().find(|p| p["id"] == "component:shared-services-centre").unwrap();
        (ssc["starts_after"].as_str().unwrap().to_string(), ssc["starts_after_reason"].as_str().unwrap().to_string())
    };
    let (date, reason) = start(&json(&["examples/estate"]));
    assert_eq!(date, "2027-03-31");
    assert!(reason.contains("from 2027-03-31"), "{reason}");

    // HMRC's payroll contract is brought forward: the programme can start then.
    let dir = tempfile::tempdir().unwrap();
    let estate = dir.path().join("estate");
    copy_dir(std::path::Path::new("examples/estate"), &estate);
    let payroll = estate.join("hmrc/payroll.yaml");
    let text = std::fs::read_to_string(&payroll).unwrap();
    let edited = text.replacen("end: 2027-03-31", "end: 2026-12-15", 1);
    assert_ne!(text, edited);
    std::fs::write(&payroll, edited).unwrap();
    let (date, reason) = start(&json(&[estate.to_str().unwrap()]));
    assert_eq!(date, "2026-12-15");
    assert!(reason.contains("2026-12-15 (hmrc.payroll)"), "{reason}");
}

#[path = "../benches/support/generator.rs"]
mod generator;

/// On a generated estate of 2,000 systems, the plan's figures are what its candidates say, recounted here by
/// system id: each programme's counted systems, departments and retiring systems, and the totals' systems each
/// counted once however many programmes they are in.
#[test]
fn plan_figures_recount_from_the_candidates_on_a_generated_estate() {
    use std::collections::{BTreeMap, BTreeSet};
    let dir = tempfile::tempdir().unwrap();
    let spec = generator::Spec { sourcing: true, ..generator::Spec::new(2000, generator::Layout::PerDepartment, 5) };
    generator::generate(dir.path(), &spec).unwrap();
    let v = json(&[dir.path().to_str().unwrap()]);
    let candidates: BTreeMap<&str, &Value> =
        v["candidates"].as_array().unwrap().iter().map(|c| (c["id"].as_str().unwrap(), c)).collect();
    assert!(candidates.len() >= 5, "{} candidates", candidates.len());
    let counts = |s: &Value| s.get("on_common").is_none() && s["lifecycle"] != "retiring";
    for c in candidates.values() {
        let systems = c["systems"].as_array().unwrap();
        let departments: BTreeSet<&str> = systems.iter().map(|s| s["department"].as_str().unwrap()).collect();
        let listed: Vec<&str> = c["departments"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
        assert_eq!(listed, departments.into_iter().collect::<Vec<_>>(), "{}", c["id"]);
        for u in c["standards"].as_array().unwrap() {
            assert!(u["systems"].as_u64().unwrap() as usize <= systems.len(), "{}", c["id"]);
        }
    }
    let mut membership: BTreeMap<&str, usize> = BTreeMap::new();
    let mut retiring_seen = 0;
    for p in v["plan"]["programmes"].as_array().unwrap() {
        let mine: Vec<&Value> =
            p["candidates"].as_array().unwrap().iter().map(|id| candidates[id.as_str().unwrap()]).collect();
        let systems: Vec<&Value> = mine.iter().flat_map(|c| c["systems"].as_array().unwrap()).collect();
        let counted: BTreeSet<&str> = systems.iter().filter(|s| counts(s)).map(|s| s["id"].as_str().unwrap()).collect();
        assert_eq!(p["systems"].as_u64().unwrap() as usize, counted.len(), "{}", p["id"]);
        let departments: BTreeSet<&str> =
            mine.iter().flat_map(|c| c["departments"].as_array().unwrap()).map(|d| d.as_str().unwrap()).collect();
        let listed: Vec<&str> = p["departments"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
        assert_eq!(listed, departments.into_iter().collect::<Vec<_>>(), "{}", p["id"]);
        let retiring: BTreeSet<&str> = systems
            .iter()
            .filter(|s| s.get("on_common").is_none() && s["lifecycle"] == "retiring")
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        let listed: BTreeSet<&str> =
            p["retiring"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(listed, retiring, "{}", p["id"]);
        retiring_seen += retiring.len();
        for id in counted {
            *membership.entry(id).or_default() += 1;
        }
    }
    assert!(retiring_seen > 0, "the generated estate has retiring systems in candidates");
    let totals = &v["plan"]["totals"];
    assert_eq!(totals["systems"].as_u64().unwrap() as usize, membership.len());
    let several = membership.values().filter(|&&n| n > 1).count();
    assert!(several > 0);
    assert_eq!(totals["systems_in_several_programmes"].as_u64().unwrap() as usize, several);
}
