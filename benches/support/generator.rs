//! A deterministic generator of large estates for benchmarks: seeded xorshift, no `rand`.
//!
//! The estate looks like a real one at scale: departments of 20–130 systems, each system built from one
//! of a few dozen archetypes (payroll, casework, a tax service…) with a capability or a data entity added
//! or dropped at random, interfaces to other systems and to external parties, and a mix of common and
//! bespoke infrastructure. Most of it is clean; a few per cent of interfaces use deprecated standards.

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
const LIFECYCLES: &[&str] = &["live", "live", "live", "live", "live", "live", "retiring", "build", "planned"];
const MARKINGS: &[&str] = &["OFFICIAL", "OFFICIAL", "OFFICIAL-SENSITIVE"];

/// Archetypes: (capabilities, data) as indices, drawn once from the seed.
fn archetypes(rng: &mut Rng, n: usize) -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
    (0..n)
        .map(|_| {
            let mut caps: Vec<&str> = (0..2 + rng.below(4)).map(|_| *rng.pick(CAPABILITIES)).collect();
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
    let mut rng = Rng::new(seed);
    let kinds = archetypes(&mut rng, 60);
    let departments = (systems / 77).max(2);
    let per_department = systems.div_ceil(departments);
    let id = |d: usize, s: usize| format!("d{d:04}.s{s:03}");
    let mut written = 0;
    for d in 0..departments {
        let first = d * per_department;
        let count = per_department.min(systems.saturating_sub(first));
        if count == 0 {
            break;
        }
        let mut text = format!(
            "apiVersion: xgea/v1\nkind: Department\nmetadata:\n  id: d{d:04}\n  name: Department {d}\nspec:\n  sector: SEC-0{}\n  maxMarking: {}\n",
            1 + d % 9,
            if d % 10 == 0 { "OFFICIAL" } else { "SECRET" }
        );
        for s in 0..count {
            let (caps, data) = rng.pick(&kinds).clone();
            let mut caps = caps;
            let mut data = data;
            if rng.chance(40) {
                caps.push(*rng.pick(CAPABILITIES));
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
            let _ = write!(
                text,
                "---\napiVersion: xgea/v1\nkind: System\nmetadata:\n  id: {}\n  name: System {s} of department {d}\n  department: d{d:04}\nspec:\n  lifecycle: {}\n  annualCostGbp: {}\n  capabilities: [{}]\n  data: [{}]\n",
                id(d, s),
                rng.pick(LIFECYCLES),
                50_000 + rng.below(20_000_000),
                caps.join(", "),
                data.join(", ")
            );
            let interfaces = rng.below(4);
            if interfaces > 0 {
                text.push_str("  interfaces:\n");
            }
            for k in 0..interfaces {
                let counterpart = if rng.chance(25) {
                    format!("external:partner-{}", rng.below(200))
                } else {
                    // Mostly within the department's neighbourhood, sometimes anywhere.
                    let od = if rng.chance(60) { d } else { rng.below(departments) };
                    let os = rng.below(per_department.min(systems.saturating_sub(od * per_department)).max(1));
                    id(od, os)
                };
                let standards = if rng.chance(5) { rng.pick(OLD_STANDARDS) } else { rng.pick(GOOD_STANDARDS) };
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
        }
        std::fs::write(dir.join(format!("d{d:04}.yaml")), text)?;
        written += 1;
    }
    Ok(written)
}
