//! A deterministic generator of large estates for benchmarks and tests: seeded xorshift, no `rand`.
//!
//! The estate looks like a real one at scale: departments of 20–130 systems, each system built from one
//! of a few dozen archetypes (payroll, casework, a tax service…) with a capability or a data entity added
//! or dropped at random; capabilities drawn with a skew, so a few are implemented everywhere and most by
//! few; interfaces to other systems of the estate (mostly in the same department) and to external parties;
//! a mix of common and bespoke infrastructure. Most of it is clean. Planted, and counted in [`Planted`]:
//! interfaces on deprecated standards (XG201), standard ids the model does not know (XG102), and a few
//! draft files with a YAML syntax error (XG001).
//!
//! The same seed and arguments give the same bytes on every machine (`cargo run --release --example
//! generate-estate -- --help`).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: small, fast, and the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// An item with a skew towards the front of the list (about harmonic: the first item is drawn most).
    pub fn pick_skewed<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let bound = 1 + self.below(items.len());
        &items[self.below(bound)]
    }
}

const CAPABILITIES: &[&str] = &[
    "FO.01.01", "FO.01.02", "FO.01.03", "FO.01.04", "FO.02.01", "FO.02.02", "FO.03.01", "FO.03.02", "FO.03.03",
    "FO.03.04", "FO.03.05", "FO.04.01", "FO.04.02", "FO.04.03", "FO.04.04", "FO.04.05", "BO.01.01", "BO.01.02",
    "BO.01.03", "BO.02.01", "BO.02.02", "BO.02.03", "BO.03.01", "BO.03.02", "BO.03.03", "BO.03.04", "BO.04.01",
    "BO.04.02", "BO.04.03", "BO.05.01", "BO.05.02", "BO.06.01", "BO.06.02", "IS.01.01", "IS.01.02", "IS.02.01",
    "IS.02.02", "IS.02.03", "IS.02.04", "IS.03.01", "IS.03.02", "IS.03.03", "IS.04.01", "IS.04.02", "IS.04.03",
    "IN.01.01", "IN.02.01", "IN.02.02", "IN.03.01", "IN.03.02", "IN.04.01", "IN.04.02", "IN.04.03",
];
const ENTITIES: &[&str] = &[
    "DE-PERSON",
    "DE-BUSINESS",
    "DE-ADDRESS",
    "DE-PROPERTY",
    "DE-VEHICLE",
    "DE-EMPLOYEE",
    "DE-CASE",
    "DE-ENTITLE",
    "DE-TAXACC",
    "DE-PAYMENT",
    "DE-DOCUMENT",
    "DE-CONTACT",
    "DE-LOCATION",
    "DE-SERVICE",
];
const GOOD_STANDARDS: &[&[&str]] = &[
    &["TRN-HTTP", "SEC-TLS", "MSG-REST", "MSG-OPENAPI", "DAT-UTF8"],
    &["TRN-HTTP", "SEC-TLS", "MSG-REST", "DAT-UTF8"],
    &["TRN-HTTP", "SEC-TLS", "IDA-X509", "DAT-CSV"],
];
const OLD_STANDARDS: &[&[&str]] = &[
    &["TRN-HTTP", "SEC-TLS", "MSG-SOAP", "MSG-WSDL", "DAT-XML"],
    &["TRN-FTP", "SEC-TLS", "DAT-CSV"],
    &["TRN-HTTP", "MSG-REST", "DAT-UTF8"],
];
/// The standards of [`OLD_STANDARDS`] that the model (2.1.0) marks deprecated: each use is one XG201.
pub const DEPRECATED: &[&str] = &["TRN-FTP", "MSG-SOAP", "MSG-WSDL"];
/// Standard ids the model does not define (a typo, a local invention): each use is one XG102.
const UNKNOWN_STANDARDS: &[&str] = &["MSG-TELEX", "DAT-YAML", "SEC-TLS13"];
const LIFECYCLES: &[&str] = &["live", "live", "live", "live", "live", "live", "retiring", "build", "planned"];
const MARKINGS: &[&str] = &["OFFICIAL", "OFFICIAL", "OFFICIAL-SENSITIVE"];

/// How the descriptors are laid out in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `dNNNN/department.yaml` and `dNNNN/dNNNN.sNNN.yaml`: one file per system, in department folders.
    PerSystem,
    /// `dNNNN.yaml`: one multi-document file per department.
    PerDepartment,
}

impl std::str::FromStr for Layout {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "per-system" => Ok(Layout::PerSystem),
            "per-department" => Ok(Layout::PerDepartment),
            _ => Err(format!("unknown layout `{s}` (expected per-system or per-department)")),
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub systems: usize,
    pub layout: Layout,
    pub seed: u64,
    /// Draft files with a YAML syntax error, besides the systems.
    pub broken_files: usize,
    /// Suppliers in each department and a `sourcing` block on every system not retiring (for `xgea sourcing`
    /// and the XG8xx rules at scale). Drawn from a generator of its own, so the rest of the estate is the same
    /// with or without them.
    pub sourcing: bool,
}

impl Spec {
    /// `systems` systems with one broken draft per 2,000 systems (at least one).
    pub fn new(systems: usize, layout: Layout, seed: u64) -> Spec {
        Spec { systems, layout, seed, broken_files: 1 + systems / 2000, sourcing: false }
    }
}

/// What was written, and the problems planted in it: what a lint run must find, rule by rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Planted {
    pub files: usize,
    pub departments: usize,
    pub systems: usize,
    pub interfaces: usize,
    /// Uses of a deprecated standard on an interface of a system that is not retired (XG201).
    pub deprecated_uses: usize,
    /// Uses of a standard id the model does not define (XG102).
    pub unknown_standards: usize,
    /// Files that do not parse as YAML (XG001, one each).
    pub broken_files: usize,
}

/// Archetypes: (capabilities, data), drawn once from the seed.
fn archetypes(rng: &mut Rng, n: usize) -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
    (0..n)
        .map(|_| {
            let mut caps: Vec<&str> = (0..2 + rng.below(4)).map(|_| *rng.pick_skewed(CAPABILITIES)).collect();
            caps.sort_unstable();
            caps.dedup();
            let mut data: Vec<&str> = (0..1 + rng.below(4)).map(|_| *rng.pick(ENTITIES)).collect();
            data.sort_unstable();
            data.dedup();
            (caps, data)
        })
        .collect()
}

/// Writes `systems` systems into `dir`, one file per department (several documents each); returns the
/// number of files.
pub fn write_estate(dir: &Path, systems: usize, seed: u64) -> std::io::Result<usize> {
    generate(dir, &Spec { broken_files: 0, ..Spec::new(systems, Layout::PerDepartment, seed) }).map(|p| p.files)
}

/// Writes the estate `spec` describes into `dir` (which must exist) and returns what it planted.
pub fn generate(dir: &Path, spec: &Spec) -> std::io::Result<Planted> {
    let systems = spec.systems;
    let mut rng = Rng::new(spec.seed);
    let mut sourcing_rng = Rng::new(spec.seed ^ 0x5_0ce5);
    let kinds = archetypes(&mut rng, 60);
    let departments = (systems / 77).max(2);
    let per_department = systems.div_ceil(departments);
    let id = |d: usize, s: usize| format!("d{d:04}.s{s:03}");
    let size = |d: usize| per_department.min(systems.saturating_sub(d * per_department));
    let mut planted = Planted::default();
    let write = |path: std::path::PathBuf, text: &str, planted: &mut Planted| {
        planted.files += 1;
        std::fs::write(path, text)
    };
    for d in 0..departments {
        let count = size(d);
        if count == 0 {
            break;
        }
        planted.departments += 1;
        let folder = match spec.layout {
            Layout::PerSystem => {
                let folder = dir.join(format!("d{d:04}"));
                std::fs::create_dir_all(&folder)?;
                folder
            }
            Layout::PerDepartment => dir.to_path_buf(),
        };
        let mut text = format!(
            "apiVersion: xgea/v1\nkind: Department\nmetadata:\n  id: d{d:04}\n  name: Department {d}\nspec:\n  sector: SEC-0{}\n  maxMarking: {}\n",
            1 + d % 9,
            if d % 10 == 0 { "OFFICIAL" } else { "SECRET" }
        );
        if spec.sourcing {
            // Four suppliers a department, from a pool of 300 shared across government: some hold contracts
            // in many departments, as real ones do.
            text.push_str("  suppliers:\n");
            for k in 0..4 {
                let n = (d * 37 + k * 71) % 300;
                let _ = writeln!(text, "    - {{id: sup-{n:03}, name: Supplier {n} (fictional), sme: {}}}", n % 3 == 0);
            }
        }
        if spec.layout == Layout::PerSystem {
            write(folder.join("department.yaml"), &text, &mut planted)?;
            text.clear();
        }
        for s in 0..count {
            let (mut caps, mut data) = rng.pick(&kinds).clone();
            if rng.chance(40) {
                caps.push(*rng.pick_skewed(CAPABILITIES));
            }
            if rng.chance(30) && data.len() > 1 {
                data.pop();
            }
            if rng.chance(30) {
                data.push(*rng.pick(ENTITIES));
            }
            caps.sort_unstable();
            caps.dedup();
            data.sort_unstable();
            data.dedup();
            let lifecycle = *rng.pick(LIFECYCLES);
            if spec.layout == Layout::PerDepartment {
                text.push_str("---\n");
            }
            planted.systems += 1;
            let _ = write!(
                text,
                "apiVersion: xgea/v1\nkind: System\nmetadata:\n  id: {}\n  name: System {s} of department {d}\n  department: d{d:04}\nspec:\n  lifecycle: {lifecycle}\n  annualCostGbp: {}\n  capabilities: [{}]\n  data: [{}]\n",
                id(d, s),
                50_000 + rng.below(20_000_000),
                caps.join(", "),
                data.join(", ")
            );
            let interfaces = rng.below(4);
            if interfaces > 0 {
                text.push_str("  interfaces:\n");
            }
            for k in 0..interfaces {
                planted.interfaces += 1;
                let counterpart = if rng.chance(25) {
                    format!("external:partner-{}", rng.below(200))
                } else {
                    // A system that exists: mostly in the department's own neighbourhood, sometimes anywhere.
                    let od = if rng.chance(60) { d } else { rng.below(departments) };
                    let os = rng.below(size(od).max(1));
                    if (od, os) == (d, s) { format!("external:partner-{}", rng.below(200)) } else { id(od, os) }
                };
                let mut standards: Vec<&str> =
                    if rng.chance(5) { rng.pick(OLD_STANDARDS) } else { rng.pick(GOOD_STANDARDS) }.to_vec();
                if rng.chance(1) {
                    standards.push(*rng.pick(UNKNOWN_STANDARDS));
                }
                planted.deprecated_uses += standards.iter().filter(|s| DEPRECATED.contains(s)).count();
                planted.unknown_standards += standards.iter().filter(|s| UNKNOWN_STANDARDS.contains(s)).count();
                let carried: Vec<&str> = data.iter().copied().take(1 + rng.below(2)).collect();
                let _ = write!(
                    text,
                    "    - id: i{k}\n      direction: {}\n      counterpart: {counterpart}\n      standards: [{}]\n      data: [{}]\n      marking: {}\n",
                    if rng.chance(50) { "provides" } else { "consumes" },
                    standards.join(", "),
                    carried.join(", "),
                    rng.pick(MARKINGS)
                );
                if rng.chance(90) {
                    text.push_str("      legalBasis: \"Digital Economy Act 2017 Part 5\"\n");
                }
            }
            if spec.sourcing && lifecycle != "retiring" {
                let k = sourcing_rng.below(4);
                let n = (d * 37 + k * 71) % 300;
                let start = 2018 + sourcing_rng.below(8);
                let years = 3 + sourcing_rng.below(7);
                let quarter_end = ["03-31", "06-30", "09-30", "12-31"][sourcing_rng.below(4)];
                let annual = 20_000 + sourcing_rng.below(5_000_000);
                let _ = write!(
                    text,
                    "  sourcing:\n    supplier: sup-{n:03}\n    contract: C-{}\n    start: {start}-04-01\n    end: {}-{quarter_end}\n    annualValueGbp: {annual}\n    totalValueGbp: {}\n    route: g-cloud\n",
                    id(d, s),
                    start + years,
                    annual * years
                );
            }
            text.push_str("  infrastructure:\n");
            let identity =
                if rng.chance(80) { "common:one-login".to_string() } else { format!("bespoke:d{d:04}-login") };
            let _ = write!(text, "    - kind: identity\n      uses: {identity}\n");
            if rng.chance(50) {
                let _ = write!(text, "    - kind: hosting\n      uses: bespoke:d{d:04}-datacentre\n");
            }
            if rng.chance(30) {
                text.push_str("    - kind: notifications\n      uses: common:gov-uk-notify\n");
            }
            if spec.layout == Layout::PerSystem {
                write(folder.join(format!("{}.yaml", id(d, s))), &text, &mut planted)?;
                text.clear();
            }
        }
        if spec.layout == Layout::PerDepartment {
            write(folder.join(format!("d{d:04}.yaml")), &text, &mut planted)?;
        }
    }
    // Broken drafts, spread over the departments: an unclosed flow sequence (one XG001 each).
    for b in 0..spec.broken_files {
        let d = (b * 7919) % planted.departments.max(1);
        let folder = match spec.layout {
            Layout::PerSystem => dir.join(format!("d{d:04}")),
            Layout::PerDepartment => dir.to_path_buf(),
        };
        let text = format!(
            "apiVersion: xgea/v1\nkind: System\nmetadata:\n  id: d{d:04}.draft{b}\n  name: Draft {b}\n  department: d{d:04}\nspec:\n  lifecycle: planned\n  capabilities: [FO.01.01, FO.01.02\n"
        );
        let name = match spec.layout {
            Layout::PerSystem => format!("draft-{b}.yaml"),
            Layout::PerDepartment => format!("d{d:04}-draft-{b}.yaml"),
        };
        write(folder.join(name), &text, &mut planted)?;
        planted.broken_files += 1;
    }
    Ok(planted)
}
