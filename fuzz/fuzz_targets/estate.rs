//! Descriptor validation and estate loading: one file of any bytes is read, checked against the schemas,
//! loaded into the estate, put in the graph and run through every rule against the embedded model. Never a
//! panic, and every finding is located inside the file it names.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use xgea::date::Date;
use xgea::estate::{LoadOptions, load_estate};
use xgea::graph::EstateGraph;
use xgea::model::{Model, ModelSource, load_model};
use xgea::rules::{RuleContext, RuleOptions, run_checks};
use xgea::schema::Schemas;
use xgea::source::SourceDb;

struct Fixed {
    schemas: Schemas,
    model: Model,
    model_sources: SourceDb,
}

fn fixed() -> &'static Fixed {
    static FIXED: OnceLock<Fixed> = OnceLock::new();
    FIXED.get_or_init(|| {
        let schemas = Schemas::embedded().unwrap();
        let mut model_sources = SourceDb::new();
        let model = load_model(&ModelSource::Embedded, &mut model_sources, &schemas).unwrap();
        Fixed { schemas, model, model_sources }
    })
}

fuzz_target!(|data: &[u8]| {
    let fixed = fixed();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.yaml");
    std::fs::write(&path, data).unwrap();
    let mut sources = fixed.model_sources.clone();
    let options = LoadOptions { max_file_size: 1024 * 1024, ..LoadOptions::default() };
    let mut estate = load_estate(&[path], &mut sources, &fixed.schemas, options);
    let mut findings = std::mem::take(&mut estate.findings);
    let graph = EstateGraph::build(&fixed.model, &estate);
    let options = RuleOptions::default();
    let cx = RuleContext {
        model: &fixed.model,
        estate: &estate,
        sources: &sources,
        today: Date::parse("2026-06-01").unwrap(),
        graph: &graph,
        options: &options,
    };
    findings.extend(run_checks(&cx));
    for f in &findings {
        let file = sources.get(f.primary.span.file);
        assert!(f.primary.span.start <= f.primary.span.end, "{f:?}");
        assert!(f.primary.span.end as usize <= file.text.len(), "{f:?}");
        file.line_col(f.primary.span.start);
    }
});
