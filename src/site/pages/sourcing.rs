//! `sourcing.html`: the forward look of sourcing — an expiry timeline (SVG), the joint-procurement windows and
//! the supply base's concentration — from the same computation as `xgea sourcing`.

use maud::{Markup, html};

use crate::date::Date;
use crate::money::gbp;
use crate::site::Cx;
use crate::site::layout::page;
use crate::site::parts::{ROOT, capability_link, department_link, join, system_link};
use crate::sourcing::{ForwardLook, LookOptions, look, quarter_of};

/// Drawing area of the timeline, in SVG units.
const WIDTH: u32 = 960;
const HEIGHT: u32 = 220;
const MARGIN: u32 = 40;

pub fn render(cx: &Cx<'_>) -> String {
    let options = LookOptions {
        today: Date::today(),
        horizon_months: LookOptions::DEFAULT_HORIZON,
        window_months: LookOptions::DEFAULT_WINDOW,
    };
    let look = look(&cx.run.model, &cx.run.estate, options);
    let body = html! {
        p {
            "As of " (look.today) ": " (look.contracts.len()) " contracts declared in systems' " code { "sourcing" }
            " blocks, " (gbp(look.annual_value_gbp)) " a year; " (pct(look.sme_share())) " of it with SMEs; "
            (pct(look.recompetable_share())) " could be re-competed as it stands (no declared lock-in, every \
            interface standard open). The same figures as " code { "xgea sourcing" } "."
        }
        h2 { "Contract expiries" }
        p { "Declared annual value of the contracts ending in each quarter of the next " (look.horizon_months) " months." }
        (timeline(&look))
        h2 id="windows" { "Joint-procurement windows" }
        p {
            "The same shareable capability, contracts ending within " (look.window_months) " months of each other \
             in two or more departments: one joint procurement, or one move to a shared service, at contract end."
        }
        @if look.windows.is_empty() {
            p { "None in the next " (look.horizon_months) " months." }
        } @else {
            table.windows {
                caption { "Shareable capabilities whose contracts end close together in two or more departments" }
                thead { tr { th { "capability" } th { "ends" } th { "departments" } th { "contracts" } th { "a year" } th { "common component" } } }
                tbody {
                    @for w in &look.windows {
                        tr {
                            td { (capability_link(cx, ROOT, &w.capability)) }
                            td { (w.from) " to " (w.to) }
                            td { (join(w.departments.iter().map(|d| department_link(ROOT, d)), ", ")) }
                            td { (join(w.contracts.iter().map(|c| html! { (system_link(ROOT, &c.system)) " (" (c.end) ")" }), ", ")) }
                            td.num { (gbp(w.annual_value_gbp)) }
                            td { @if let Some(c) = &w.common_component { code { "common:" (c) } } }
                        }
                    }
                }
            }
        }
        h2 id="concentration" { "Concentration" }
        p { "Herfindahl–Hirschman index of each capability family's declared spend (0 to 10,000; above 2,500 is highly concentrated)." }
        table.concentration {
            caption { "Supplier concentration by capability family" }
            thead { tr { th { "family" } th { "suppliers" } th { "a year" } th { "HHI" } th { "largest supplier" } } }
            tbody {
                @for f in &look.families {
                    tr {
                        td { (f.family) }
                        td.num { (f.suppliers) }
                        td.num { (gbp(f.annual_value_gbp)) }
                        td.num class=[(f.hhi > 2500).then_some("high")] { (f.hhi) }
                        td { code { (f.largest_supplier) } " (" (pct(f.largest_share)) ")" }
                    }
                }
            }
        }
        h3 { "Suppliers by share of declared spend" }
        table.suppliers {
            caption { "Suppliers by share of declared spend" }
            thead { tr { th { "supplier" } th { "SME" } th { "contracts" } th { "departments" } th { "a year" } th { "share" } } }
            tbody {
                @for s in &look.suppliers {
                    tr {
                        td { code { (s.supplier) } " " (s.name) }
                        td { @if s.sme { "yes" } @else { "no" } }
                        td.num { (s.contracts) }
                        td.num { (s.departments) }
                        td.num { (gbp(s.annual_value_gbp)) }
                        td.num { (pct(s.share)) }
                    }
                }
            }
        }
    };
    page(ROOT, "sourcing.html", "Sourcing", &cx.footer, body)
}

fn pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// Bars of the annual value ending per quarter, from this quarter to the horizon's.
fn timeline(look: &ForwardLook) -> Markup {
    let horizon = look.today.add_months(i32::try_from(look.horizon_months).unwrap_or(i32::MAX));
    // Quarter labels from today's quarter to the horizon's, in order.
    let mut quarters: Vec<String> = Vec::new();
    let mut d = look.today;
    while d <= horizon.add_months(2) && quarters.len() < 400 {
        let q = quarter_of(d);
        if quarters.last() != Some(&q) {
            quarters.push(q);
        }
        d = d.add_months(3);
    }
    let mut values = vec![0u64; quarters.len()];
    let mut counts = vec![0usize; quarters.len()];
    for c in &look.contracts {
        let Some(end) = c.end.filter(|e| *e >= look.today && *e <= horizon) else { continue };
        if let Some(i) = quarters.iter().position(|q| *q == quarter_of(end)) {
            values[i] = values[i].saturating_add(c.annual_value_gbp.unwrap_or(0));
            counts[i] += 1;
        }
    }
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    let n = quarters.len().max(1) as u32;
    let slot = (WIDTH - 2 * MARGIN) / n;
    let plot = HEIGHT - 2 * MARGIN;
    html! {
        svg.timeline xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img"
            aria-label="Declared annual value of contracts ending per quarter" {
            line x1=(MARGIN) y1=(HEIGHT - MARGIN) x2=(WIDTH - MARGIN) y2=(HEIGHT - MARGIN) class="axis" {}
            @for (i, q) in quarters.iter().enumerate() {
                @let x = MARGIN + i as u32 * slot;
                @let h = ((values[i] as f64 / max as f64) * plot as f64).round() as u32;
                @if counts[i] > 0 {
                    rect.bar x=(x + 4) y=(HEIGHT - MARGIN - h.max(2)) width=(slot.saturating_sub(8).max(2)) height=(h.max(2)) {
                        title { (q) ": " (counts[i]) " contracts, " (gbp(values[i])) " a year" }
                    }
                    text.value x=(x + slot / 2) y=(HEIGHT - MARGIN - h.max(2) - 4) text-anchor="middle" { (gbp(values[i])) }
                }
                text.quarter x=(x + slot / 2) y=(HEIGHT - MARGIN + 16) text-anchor="middle" { (q) }
            }
        }
    }
}
