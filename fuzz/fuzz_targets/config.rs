//! The config and waiver parser: any text as `xgea.toml`, and as a descriptor carrying inline
//! `# xgea: allow` comments. Never a panic; every span lies inside the text.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use xgea::config::{Config, ConfigFile, scan_inline_allows};
use xgea::source::{SourceDb, SourceFile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = ConfigFile { path: "/fuzz/xgea.toml".into(), display: "xgea.toml".into(), text: Arc::from(text) };
    if let Ok(config) = Config::parse(file) {
        for w in &config.waivers {
            let _ = w.covers(Some("dwp.x"), "/fuzz/a.yaml", "a.yaml");
        }
    }
    let mut db = SourceDb::new();
    let id = db.add(SourceFile::new("fuzz.yaml", text));
    let (allows, problems) = scan_inline_allows(&db, id);
    for a in &allows {
        assert!(a.span.start <= a.span.end && a.span.end as usize <= text.len(), "{a:?}");
        assert!(text.is_char_boundary(a.span.start as usize) && text.is_char_boundary(a.span.end as usize));
    }
    for p in &problems {
        assert!(p.primary.span.end as usize <= text.len(), "{p:?}");
    }
});
