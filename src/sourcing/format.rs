//! The forward look as Markdown (for Board papers), JSON and CSV (one row per contract, for spreadsheets).

use crate::markdown::{code, md};
use std::fmt::Write as _;
use std::io::Write;

use super::ForwardLook;
use crate::money::gbp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Json,
    Csv,
}

/// Writes the look in `format`.
pub fn write_look(out: &mut dyn Write, look: &ForwardLook, format: Format) -> std::io::Result<()> {
    let text = match format {
        Format::Md => markdown(look),
        Format::Csv => csv(look),
        Format::Json => {
            let mut w = std::io::BufWriter::new(out);
            serde_json::to_writer_pretty(&mut w, look)?;
            w.write_all(b"\n")?;
            return w.flush();
        }
    };
    out.write_all(text.as_bytes())
}

/// A share as a whole percentage.
pub fn pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn ids(list: &[String]) -> String {
    list.iter().map(|d| code(d)).collect::<Vec<_>>().join(", ")
}

fn markdown(look: &ForwardLook) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Sourcing: the forward look\n");
    let _ = writeln!(
        s,
        "As of {}: {} contracts declared, {} a year; {} with SMEs; {} of the declared value could be re-competed ({} of {} contracts).\n",
        look.today,
        look.contracts.len(),
        gbp(look.annual_value_gbp),
        pct(look.sme_share()),
        pct(look.recompetable_share()),
        look.recompetable_contracts,
        look.contracts.len(),
    );

    let _ = writeln!(s, "## Joint-procurement windows\n");
    let _ = writeln!(
        s,
        "The same shareable capability, contracts ending within {} months of each other in two or more departments.\n",
        look.window_months
    );
    if look.windows.is_empty() {
        let _ = writeln!(s, "None within the next {} months.\n", look.horizon_months);
    }
    for w in &look.windows {
        let _ = writeln!(s, "### {} {}: {} to {}\n", code(&w.capability), md(&w.capability_name), w.from, w.to);
        let mut line = format!(
            "{} departments ({}), {} a year together",
            w.departments.len(),
            ids(&w.departments),
            gbp(w.annual_value_gbp)
        );
        if w.total_value_gbp > 0 {
            let _ = write!(line, ", {} over the contracts' lives", gbp(w.total_value_gbp));
        }
        match &w.common_component {
            Some(c) => {
                let _ = write!(line, ". One joint procurement, or one move to `common:{}` at contract end.", md(c));
            }
            None => line.push_str(". One joint procurement at contract end."),
        }
        let _ = writeln!(s, "{line}\n");
        let _ = writeln!(s, "| system | department | supplier | ends | a year |\n| --- | --- | --- | --- | ---: |");
        for c in &w.contracts {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                code(&c.system),
                code(&c.department),
                code(&c.supplier),
                c.end,
                c.annual_value_gbp.map_or_else(|| "-".to_string(), gbp)
            );
        }
        s.push('\n');
    }

    let _ = writeln!(s, "## Contract expiries by quarter\n");
    if look.expiries.is_empty() {
        let _ = writeln!(s, "No contract ends in the next {} months.\n", look.horizon_months);
    } else {
        let _ = writeln!(
            s,
            "Contracts ending in the next {} months, filed under each system's first capability.\n",
            look.horizon_months
        );
        let _ =
            writeln!(s, "| quarter | capability | departments | systems | a year |\n| --- | --- | --- | --- | ---: |");
        for e in &look.expiries {
            let _ = writeln!(
                s,
                "| {} | {} {} | {} | {} | {} |",
                e.quarter,
                code(&e.capability),
                md(&e.capability_name),
                ids(&e.departments),
                ids(&e.systems),
                gbp(e.annual_value_gbp)
            );
        }
        s.push('\n');
    }

    let _ = writeln!(s, "## Supply base\n");
    let _ = writeln!(
        s,
        "| supplier | SME | contracts | departments | a year | share |\n| --- | --- | ---: | ---: | ---: | ---: |"
    );
    for x in &look.suppliers {
        let name =
            if x.name.is_empty() { code(&x.supplier) } else { format!("{} ({})", code(&x.supplier), md(&x.name)) };
        let _ = writeln!(
            s,
            "| {name} | {} | {} | {} | {} | {} |",
            if x.sme { "yes" } else { "no" },
            x.contracts,
            x.departments,
            gbp(x.annual_value_gbp),
            pct(x.share)
        );
    }
    let _ = writeln!(s, "\n### Concentration by capability family\n");
    let _ = writeln!(
        s,
        "Herfindahl–Hirschman index of each family's declared spend (0 to 10,000; above 2,500 is highly concentrated).\n"
    );
    let _ = writeln!(s, "| family | suppliers | a year | HHI | largest supplier |\n| --- | ---: | ---: | ---: | --- |");
    for f in &look.families {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} ({}) |",
            md(&f.family),
            f.suppliers,
            gbp(f.annual_value_gbp),
            f.hhi,
            code(&f.largest_supplier),
            pct(f.largest_share)
        );
    }
    s
}

#[derive(serde::Serialize)]
struct Row<'a> {
    system: &'a str,
    department: &'a str,
    supplier: Cell<'a>,
    supplier_name: Cell<'a>,
    sme: bool,
    capability: Cell<'a>,
    family: Cell<'a>,
    start: String,
    end: String,
    quarter: &'a str,
    annual_value_gbp: Option<u64>,
    total_value_gbp: Option<u64>,
    route: Cell<'a>,
    recompetable: bool,
    window: String,
}

/// Text a spreadsheet will not run as a formula.
struct Cell<'a>(&'a str);

impl serde::Serialize for Cell<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            s.serialize_str(&format!("'{}", self.0))
        } else {
            s.serialize_str(self.0)
        }
    }
}

fn csv(look: &ForwardLook) -> String {
    // Each contract's joint-procurement window, as `<capability> <from>`.
    let mut window_of: std::collections::HashMap<(&str, &str), String> = std::collections::HashMap::new();
    for w in &look.windows {
        for c in &w.contracts {
            window_of
                .entry((c.system.as_str(), c.department.as_str()))
                .or_insert_with(|| format!("{} {}", w.capability, w.from));
        }
    }
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let header = [
        "system",
        "department",
        "supplier",
        "supplier_name",
        "sme",
        "capability",
        "family",
        "start",
        "end",
        "quarter",
        "annual_value_gbp",
        "total_value_gbp",
        "route",
        "recompetable",
        "window",
    ];
    let mut bytes = if look.contracts.is_empty() {
        w.write_record(header).expect("writing to memory cannot fail");
        w.into_inner().expect("writing to memory cannot fail")
    } else {
        for c in &look.contracts {
            let row = Row {
                system: &c.system,
                department: &c.department,
                supplier: Cell(&c.supplier),
                supplier_name: Cell(&c.supplier_name),
                sme: c.sme,
                capability: Cell(c.capability.as_deref().unwrap_or_default()),
                family: Cell(c.family.as_deref().unwrap_or_default()),
                start: c.start.map(|d| d.to_string()).unwrap_or_default(),
                end: c.end.map(|d| d.to_string()).unwrap_or_default(),
                quarter: c.quarter.as_deref().unwrap_or_default(),
                annual_value_gbp: c.annual_value_gbp,
                total_value_gbp: c.total_value_gbp,
                route: Cell(c.route.as_deref().unwrap_or_default()),
                recompetable: c.recompetable,
                window: window_of.get(&(c.system.as_str(), c.department.as_str())).cloned().unwrap_or_default(),
            };
            w.serialize(row).expect("a contract row serialises");
        }
        w.into_inner().expect("writing to memory cannot fail")
    };
    if bytes.is_empty() {
        bytes.push(b'\n');
    }
    String::from_utf8(bytes).expect("every cell is UTF-8")
}
