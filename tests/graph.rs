//! The estate graph, the cross-estate rules (XG2xx–XG5xx) and `xgea graph`, run as a user runs them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use xgea::graph::{Edge, EstateGraph, Node};
use xgea::lint::{LintRequest, LintRun, lint};

const TODAY: &str = "2026-11-23";

fn xgea(args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("xgea")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("XGEA_TODAY", TODAY)
        .env_remove("RAYON_NUM_THREADS")
        .assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

fn run(path: &Path) -> LintRun {
    let mut request = LintRequest::new(vec![path.to_path_buf()]);
    request.today = TODAY.parse().unwrap();
    lint(&request).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---- the graph itself

#[test]
fn graph_holds_every_system_with_its_department_and_capabilities() {
    let run = run(&root().join("examples/estate"));
    let g = &run.graph;
    assert_eq!(g.system_count(), run.estate.systems.len());
    let payroll = run.model.capabilities.iter().position(|c| c.id == "BO.02.01").unwrap() as u32;
    let mut implementers: Vec<&str> =
        g.implementers(payroll).map(|(s, _)| run.estate.systems[s as usize].id.as_str()).collect();
    implementers.sort_unstable();
    let mut expected: Vec<&str> = run
        .estate
        .systems
        .iter()
        .filter(|s| s.capabilities.iter().any(|c| c.value == "BO.02.01"))
        .map(|s| s.id.as_str())
        .collect();
    expected.sort_unstable();
    assert_eq!(implementers, expected);
    assert!(implementers.len() >= 8, "{implementers:?}");
    for (s, system) in run.estate.systems.iter().enumerate() {
        assert_eq!(g.department_id(&run.estate, g.department_of(s as u32)), system.department.value);
        // Exactly one department owns each system.
        let owners = g.incoming(g.system_node(s as u32)).filter(|(_, e)| *e == Edge::Owns).count();
        assert_eq!(owners, 1, "{}", system.id.value);
    }
}

#[test]
fn interfaces_become_edges_to_systems_or_externals() {
    let run = run(&root().join("examples/estate"));
    let g = &run.graph;
    let mut to_systems = 0;
    let mut to_externals = 0;
    for (s, system) in run.estate.systems.iter().enumerate() {
        for (iface, to) in g.interfaces_of(s as u32) {
            let declared = &system.interfaces[iface as usize].counterpart.value;
            match g.node(to) {
                Node::System(o) => {
                    to_systems += 1;
                    assert_eq!(declared.system(), Some(run.estate.systems[o as usize].id.value));
                }
                Node::External(e) => {
                    to_externals += 1;
                    assert_eq!(format!("external:{}", g.external_name(&run.estate, e)), declared.to_string());
                }
                other => panic!("interface to {other:?}"),
            }
        }
    }
    assert!(to_systems > 20 && to_externals > 5, "{to_systems} {to_externals}");
    // `cis-hmrc-lookup`: dwp.cis provides, hmrc.tax-credits consumes: each is the other's other end.
    let cis = run.estate.systems.iter().position(|s| s.id.value == "dwp.cis").unwrap() as u32;
    let k = run.estate.systems[cis as usize].interfaces.iter().position(|f| f.id.value == "cis-hmrc-lookup").unwrap();
    let (other, _, there) = g.other_end(&run.estate, cis, k as u32).expect("both ends are declared");
    assert_eq!(run.estate.systems[other as usize].id.value, "hmrc.tax-credits");
    assert_eq!(there.counterpart_system().map(|id| id.as_str()), Some("dwp.cis"));
}

#[test]
fn standard_users_are_every_declared_known_standard_in_estate_order() {
    let run = run(&root().join("examples/estate"));
    let g = &run.graph;
    let mut conforms = 0;
    for (st, standard) in run.model.standards.iter().enumerate() {
        let expected: Vec<(u32, u32, u32)> = run
            .estate
            .systems
            .iter()
            .enumerate()
            .flat_map(|(s, system)| {
                system.interfaces.iter().enumerate().flat_map(move |(k, f)| {
                    f.standards.iter().enumerate().map(move |(pos, id)| (s as u32, k as u32, pos as u32, id))
                })
            })
            .filter(|(.., id)| id.value == standard.id.as_str())
            .map(|(s, k, pos, _)| (s, k, pos))
            .collect();
        assert_eq!(g.standard_users(st as u32).collect::<Vec<_>>(), expected, "{}", standard.id);
        conforms += expected.len();
    }
    assert!(conforms > 50, "the example estate declares standards: {conforms}");
    // Kept beside the petgraph, the `conforms-to` edges still count, and still export.
    assert_eq!(g.edge_count(), g.graph.edge_count() + conforms);
    assert_eq!(g.edges().count(), g.edge_count());
    assert_eq!(g.edges().filter(|(.., e)| matches!(e, Edge::Conforms { .. })).count(), conforms);
    let export = g.export(&run.model, &run.estate);
    assert!(export.edges.iter().any(|e| e.relation == "conforms-to" && e.to.starts_with("standard:")));
}

#[test]
fn graph_build_does_not_depend_on_which_rules_run() {
    // The graph is a pure function of model and estate: building it again gives the same shape.
    let run = run(&root().join("examples/estate"));
    let again = EstateGraph::build(&run.model, &run.estate);
    assert_eq!(again.node_count(), run.graph.node_count());
    assert_eq!(again.edge_count(), run.graph.edge_count());
}

// ---- the rules on the example estates

#[test]
fn example_estate_exercises_every_family() {
    let run = run(&root().join("examples/estate"));
    let codes: BTreeSet<&str> = run.findings.iter().map(|f| f.code()).collect();
    for family in ["XG2", "XG3", "XG4", "XG5"] {
        assert!(codes.iter().any(|c| c.starts_with(family)), "no {family}xx finding in {codes:?}");
    }
    for code in [
        "XG201", "XG202", "XG203", "XG204", "XG205", "XG301", "XG302", "XG303", "XG401", "XG402", "XG403", "XG501",
        "XG502",
    ] {
        assert!(codes.contains(code), "{code} does not fire on examples/estate");
    }
}

#[test]
fn deliberate_problems_are_found_where_the_readme_says() {
    let run = run(&root().join("examples/estate"));
    let at = |code: &str| -> BTreeSet<String> {
        run.findings
            .iter()
            .filter(|f| f.code() == code)
            .map(|f| {
                let file = run.sources.get(f.primary.span.file);
                let path = file.path.rsplit("examples/estate/").next().unwrap().to_string();
                format!("{path}:{}", file.line_col(f.primary.span.start).line)
            })
            .collect()
    };
    let set = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        at("XG202"),
        set(&[
            "mod/messaging.yaml:20",
            "dfes/schools.yaml:26",
            "barsetshire/planning.yaml:19",
            "barsetshire/planning.yaml:25"
        ])
    );
    assert_eq!(at("XG203"), set(&["dfes/schools.yaml:26", "barsetshire/planning.yaml:25"]));
    assert_eq!(at("XG204"), set(&["dvla/vehicles.yaml:25", "barsetshire/planning.yaml:19"]));
    assert_eq!(at("XG205"), set(&["dwp/customer-information-system.yaml:31", "hmrc/paye.yaml:28"]));
    assert_eq!(at("XG302"), set(&["home-office/corporate.yaml:13"]));
    assert_eq!(at("XG303"), set(&["dvla/corporate.yaml:43"]));
    assert_eq!(
        at("XG402"),
        set(&[
            "hmrc/tax.yaml:25",
            "hmrc/tax.yaml:71",
            "hmrc/tax-credits.yaml:32",
            "leeds-city-council/revenues-benefits.yaml:38",
            "moj/courts.yaml:32",
            "barsetshire/planning.yaml:30"
        ])
    );
    assert_eq!(at("XG501"), set(&["home-office/prevent.yaml:22"]));
    assert_eq!(at("XG502"), set(&["home-office/immigration.yaml:27", "nhs/spine.yaml:54"]));
    assert_eq!(
        at("XG503"),
        set(&[
            "barsetshire/housing.yaml:21",
            "cabinet-office/security.yaml:29",
            "mod/messaging.yaml:22",
            "moj/prisons.yaml:36"
        ])
    );
    assert_eq!(at("XG401").len(), 9);
    // A department's own platform is reported once, at its provider, listing its consumers.
    let sign_in: Vec<_> = run.findings.iter().filter(|f| f.message.contains("bespoke `justice-sign-in`")).collect();
    assert_eq!(sign_in.len(), 1);
    assert_eq!(sign_in[0].subject.as_deref(), Some("moj.justice-sign-in"));
    assert!(sign_in[0].message.contains("to 3 systems of `moj`"), "{}", sign_in[0].message);
    // Staff sign-on is its own kind: not reported as bespoke citizen identity.
    assert!(!run.findings.iter().any(|f| f.message.contains("staff-sign-on")));
    assert_eq!(at("XG403").len(), 1);
    let hosting = run.findings.iter().find(|f| f.code() == "XG403").unwrap();
    assert!(hosting.message.contains("17 systems across 5 departments"), "{}", hosting.message);
    assert_eq!(hosting.related.len(), 16);
    // SOAP in a build system is an error; SOAP in a live system before its sunset a warning.
    let border = run
        .findings
        .iter()
        .filter(|f| f.code() == "XG201" && f.subject.as_deref() == Some("home-office.border-crossing"));
    assert!(border.clone().count() > 0 && border.into_iter().all(|f| f.severity == xgea::diagnostic::Severity::Error));
    let cis = run.findings.iter().filter(|f| f.code() == "XG201" && f.subject.as_deref() == Some("dwp.cis"));
    assert!(cis.into_iter().all(|f| f.severity == xgea::diagnostic::Severity::Warning));
    let payroll = run.findings.iter().find(|f| f.code() == "XG301" && f.message.contains("`BO.02.01`")).unwrap();
    assert!(payroll.message.contains("in 7 departments"), "{}", payroll.message);
}

#[test]
fn minimal_example_stays_clean() {
    let run = run(&root().join("examples/minimal"));
    assert!(run.findings.is_empty(), "{:?}", run.findings.iter().map(|f| &f.message).collect::<Vec<_>>());
}

// ---- what users read

#[test]
fn rules_list_snapshot() {
    let a = xgea(&["rules"]).success();
    insta::assert_snapshot!("rules", stdout(&a));
}

#[test]
fn explain_snapshots() {
    for code in ["XG201", "XG301"] {
        let a = xgea(&["explain", code]).success();
        insta::assert_snapshot!(format!("explain_{code}"), stdout(&a));
    }
}

#[test]
fn estate_findings_snapshot() {
    let a = xgea(&["lint", "examples/estate"]).code(1);
    insta::assert_snapshot!("estate_findings", stdout(&a));
}

#[test]
fn graph_exports_snapshot_and_are_well_formed() {
    let dot = stdout(&xgea(&["graph", "examples/minimal", "--format", "dot"]).success());
    let mermaid = stdout(&xgea(&["graph", "examples/minimal", "--format", "mermaid"]).success());
    let json = stdout(&xgea(&["graph", "examples/minimal", "--format", "json"]).success());
    insta::assert_snapshot!("graph_minimal_dot", dot);
    insta::assert_snapshot!("graph_minimal_mermaid", mermaid);
    insta::assert_snapshot!("graph_minimal_json", json);

    // DOT: one digraph; every statement a node or an edge; every edge between declared nodes.
    let lines: Vec<&str> = dot.lines().collect();
    assert_eq!(lines.first(), Some(&"digraph estate {"));
    assert_eq!(lines.last(), Some(&"}"));
    let mut declared = BTreeSet::new();
    for line in &lines[1..lines.len() - 1] {
        let line = line.trim();
        assert!(line.ends_with(';'), "not a statement: {line}");
        if line.starts_with('"') {
            let quotes = line.matches('"').count() - line.matches("\\\"").count();
            assert_eq!(quotes, if line.contains(" -> ") { 6 } else { 4 }, "unbalanced quotes: {line}");
        }
        if let Some((from, rest)) = line.split_once(" -> ") {
            let to = rest.split(" [").next().unwrap();
            assert!(declared.contains(from) && declared.contains(to), "edge between undeclared nodes: {line}");
        } else if line.starts_with('"') {
            declared.insert(line.split(" [").next().unwrap().to_string());
        }
    }
    assert!(declared.contains("\"system:example.licensing\""));

    // JSON: the same nodes, sorted keys, every edge between listed nodes.
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys: Vec<&str> = value["nodes"].as_array().unwrap().iter().map(|n| n["key"].as_str().unwrap()).collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted);
    assert_eq!(keys.len(), declared.len());
    for e in value["edges"].as_array().unwrap() {
        assert!(keys.contains(&e["from"].as_str().unwrap()) && keys.contains(&e["to"].as_str().unwrap()));
    }
    // Mermaid: a flowchart with as many edges.
    assert!(mermaid.starts_with("flowchart LR\n"));
    assert_eq!(mermaid.matches(" -->|").count(), value["edges"].as_array().unwrap().len());
}

#[test]
fn graph_export_of_the_estate_is_deterministic() {
    let a = stdout(&xgea(&["graph", "examples/estate", "--format", "json"]).success());
    let b = stdout(&xgea(&["graph", "examples/estate", "--format", "json"]).success());
    assert_eq!(a, b);
    assert!(a.contains("\"key\": \"system:dwp.cis\""));
}

// ---- independence from file order and thread count

fn copy_tree(from: &Path, to: &Path, rename: &dyn Fn(&str) -> String) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(rename(&name)), rename);
        } else if name.ends_with(".yaml") {
            std::fs::copy(entry.path(), to.join(rename(&name))).unwrap();
        }
    }
}

type Key = (String, Option<String>, Option<String>, String, String);

fn finding_set(run: &LintRun) -> BTreeSet<Key> {
    run.findings
        .iter()
        .map(|f| {
            (f.code().to_string(), f.subject.clone(), f.pointer.clone(), f.message.clone(), f.severity.to_string())
        })
        .collect()
}

#[test]
fn findings_do_not_depend_on_file_order() {
    let original = run(&root().join("examples/estate"));
    let tmp = tempfile::tempdir().unwrap();
    // Reverse the order in which files and directories sort: `dwp` → `zz-...` style prefixes, inverted.
    let invert = |name: &str| -> String {
        let key: String =
            name.chars().map(|c| if c.is_ascii_lowercase() { (b'z' - (c as u8 - b'a')) as char } else { c }).collect();
        format!("{key}--{name}")
    };
    copy_tree(&root().join("examples/estate"), tmp.path(), &invert);
    let shuffled = run(tmp.path());
    assert_eq!(shuffled.estate.systems.len(), original.estate.systems.len());
    assert_ne!(
        shuffled.estate.systems.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        original.estate.systems.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        "the copy should load the systems in another order"
    );
    let (a, b) = (finding_set(&original), finding_set(&shuffled));
    assert_eq!(a.len(), original.findings.len());
    assert_eq!(a, b, "findings differ with file order");
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let with = |threads: &str| {
        let out = cargo_bin_cmd!("xgea")
            .args(["lint", "examples/estate"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .env("XGEA_TODAY", TODAY)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        out.stdout
    };
    let one = with("1");
    assert!(!one.is_empty());
    assert_eq!(one, with("4"));
    assert_eq!(one, with("3"));
}
