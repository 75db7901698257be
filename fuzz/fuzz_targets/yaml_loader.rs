//! The YAML loader and its span map: any text parses to documents and problems, never a panic, every span
//! it hands out lies inside the text on character boundaries, and the block-style fast path agrees with the
//! general parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xgea::source::{Limits, SourceFile, YamlProblem, parse_yaml, parse_yaml_general, takes_fast_path};

fn check_span(text: &str, (start, end): (u32, u32)) {
    let (start, end) = (start as usize, end as usize);
    assert!(start <= end && end <= text.len(), "span {start}..{end} outside {} bytes", text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "span {start}..{end} splits a character");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = parse_yaml(text, Limits::default());
    // The block-style fast path gives what the general parser gives, spans and problems included.
    if takes_fast_path(text) {
        assert_eq!(parsed, parse_yaml_general(text, Limits::default()), "the fast path disagrees");
    }
    let file = SourceFile::new("fuzz.yaml", text);
    for doc in &parsed.documents {
        check_span(text, doc.root);
        if let Some(root) = doc.spans.get("") {
            check_span(text, root.value);
        }
        // Every pointer of the value resolves to a span (its own or an ancestor's).
        let mut stack = vec![(String::new(), &doc.value)];
        let mut visited = 0;
        while let Some((pointer, value)) = stack.pop() {
            visited += 1;
            if visited > 10_000 {
                break;
            }
            let span = doc.spans.lookup(&pointer).expect("every node has a span");
            check_span(text, span.value);
            if let Some(key) = span.key {
                check_span(text, key);
            }
            file.line_col(span.value.0);
            match value {
                serde_json::Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let mut p = pointer.clone();
                        xgea::source::yaml::push_index(&mut p, i);
                        stack.push((p, item));
                    }
                }
                serde_json::Value::Object(map) => {
                    for (k, item) in map {
                        let mut p = pointer.clone();
                        xgea::source::yaml::push_key(&mut p, k);
                        stack.push((p, item));
                    }
                }
                _ => {}
            }
        }
    }
    for problem in &parsed.problems {
        match problem {
            YamlProblem::Syntax { at, .. }
            | YamlProblem::TooDeep { at, .. }
            | YamlProblem::AliasBudget { at, .. }
            | YamlProblem::AliasBytes { at, .. }
            | YamlProblem::ComplexKey { at } => check_span(text, *at),
            YamlProblem::DuplicateKey { first, second, .. } => {
                check_span(text, *first);
                check_span(text, *second);
            }
            _ => {}
        }
    }
});
