//! Mutated descriptors never make xgea panic: every example file is damaged thousands of ways (deterministically)
//! and each result is parsed, validated and rendered in every output format, as `xgea lint` would.

use xgea::document::check_file;
use xgea::output::Summary;
use xgea::output::human::write_findings;
use xgea::output::{Format, Report, emit};

/// Every output format: each must cope with whatever spans damaged input produces.
const FORMATS: &[Format] =
    &[Format::Human, Format::Concise, Format::Json, Format::Sarif, Format::Junit, Format::Github, Format::Gitlab];
use xgea::schema::{Kind, Schemas};
use xgea::source::{Limits, SourceDb, SourceFile};

/// A small deterministic generator (xorshift64*), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!int ",
    "!!binary ",
    "? ",
    "|\n",
    ">-\n",
    "\t",
    "\n",
    "  ",
    "'",
    "\"",
    "#",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "é",
    "€",
    "𝄞",
    "\u{feff}",
    "\r\n",
    "~",
    "<<: *a\n",
    "0x1F",
    ".inf",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 if at < chars.len() => {
                let len = 1 + rng.below(8).min(chars.len() - at - 1);
                chars.drain(at..at + len);
            }
            1 => {
                let piece = PIECES[rng.below(PIECES.len())];
                chars.splice(at..at, piece.chars());
            }
            _ if at < chars.len() => {
                let piece: Vec<char> = PIECES[rng.below(PIECES.len())].chars().collect();
                let end = (at + piece.len()).min(chars.len());
                chars.splice(at..end, piece);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

#[test]
fn damaged_descriptors_are_reported_never_a_panic() {
    let schemas = Schemas::embedded().unwrap();
    let mut files: Vec<_> = ["examples/minimal", "examples/estate/dwp", "examples/estate/hmrc"]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut reported = 0;
    let summary = Summary {
        files: 1,
        systems: 0,
        departments: 0,
        errors: 0,
        warnings: 0,
        infos: 0,
        model_version: "2.0.0".into(),
        waived: 0,
        baselined: 0,
        baseline_gone: 0,
    };
    for path in &files {
        let original = std::fs::read_to_string(path).unwrap();
        for _ in 0..150 {
            let text = mutate(&original, &mut rng);
            let mut db = SourceDb::new();
            let file = db.add(SourceFile::new("damaged.yaml", text.as_str()));
            let checked = check_file(file, &text, &schemas, Limits::default(), Kind::ESTATE);
            for f in &checked.findings {
                assert!(f.primary.span.start <= f.primary.span.end, "{f:?}");
                assert!(f.primary.span.end as usize <= text.len() + 1, "{f:?}");
            }
            reported += checked.findings.len();
            let report = Report { findings: checked.findings, summary: summary.clone() };
            for format in FORMATS {
                let mut out = Vec::new();
                emit(*format, &report, &db, &mut out, false, false).unwrap();
            }
        }
    }
    assert!(reported > 500, "the mutations should break most files: {reported} findings");
}

#[test]
fn a_label_inside_a_multibyte_character_still_renders() {
    // A container's label can cover just its first byte; when that starts a two-byte character it must still render.
    let text = "é: 1\n";
    let mut db = SourceDb::new();
    let file = db.add(SourceFile::new("x.yaml", text));
    let rule = &xgea::rules::input::xg002_schema_violation::RULE;
    let inside = xgea::diagnostic::Label::new(xgea::source::Span { file, start: 1, end: 2 }, "here");
    let finding = xgea::diagnostic::Finding::new(rule, "a label inside `é`", inside);
    let mut out = Vec::new();
    write_findings(&mut out, &db, &[finding], false).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("x.yaml:1:1") && out.contains("here"), "{out}");
}
