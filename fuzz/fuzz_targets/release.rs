//! The release loader: any bytes as a release file (`--model some.json`) are read, parsed, checked against
//! the model schemas and typed into a model, or refused with located findings. Never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use xgea::model::{ModelSource, load_model};
use xgea::schema::Schemas;
use xgea::source::SourceDb;

fuzz_target!(|data: &[u8]| {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    let schemas = SCHEMAS.get_or_init(|| Schemas::embedded().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("9.9.9.json");
    std::fs::write(&path, data).unwrap();
    let mut db = SourceDb::new();
    if let Err(error) = load_model(&ModelSource::Path(path), &mut db, schemas) {
        for f in &error.findings {
            let file = db.get(f.primary.span.file);
            assert!(f.primary.span.end as usize <= file.text.len(), "{f:?}");
            file.line_col(f.primary.span.start);
        }
    }
});
