use std::collections::BTreeSet;

use crate::diagnostic::{Finding, Label};
use crate::estate::{Direction, FieldPath, Id, Interface, InterfaceField, Located};
use crate::rules::RuleContext;
use crate::source::Span;

declare_rule! {
    /// ## What it finds
    /// The two ends of one interface that disagree. Two interface entries are the ends of one interface when
    /// system A declares an interface with counterpart B, system B declares one with counterpart A, both use
    /// the same interface `id`, and one `provides` while the other `consumes`. They disagree when:
    ///
    /// - their messaging standards (the model's `MSG` category) differ — one end says SOAP, the other REST;
    /// - their `marking`s differ;
    /// - the data entities they list differ.
    ///
    /// Each disagreement is one finding, on the providing end, with the consuming end labelled.
    ///
    /// ## Why it matters
    /// Each department describes its own end. When the descriptions disagree, at least one is wrong: the
    /// interface cannot work as both describe it, or the assurance checks (markings, personal data) are run
    /// against the wrong facts.
    ///
    /// ## Example
    /// ```yaml
    /// # dwp/cis.yaml                               # hmrc/tax-credits.yaml
    /// - id: cis-hmrc-lookup                        - id: cis-hmrc-lookup
    ///   direction: provides                          direction: consumes
    ///   counterpart: hmrc.tax-credits                counterpart: dwp.cis
    ///   standards: [TRN-HTTP, SEC-TLS, MSG-SOAP]     standards: [TRN-HTTP, SEC-TLS, MSG-REST]
    /// ```
    ///
    /// ## How to fix
    /// Agree the interface with the other department and correct the end that is wrong, so both descriptors
    /// say the same thing.
    code: "XG205", name: "interface-ends-disagree", family: Interfaces, severity: Warning,
    summary: "the two ends of one interface declare different messaging standards, markings or data",
    stage: Estate,
}

fn ids(items: &[Located<Id>]) -> BTreeSet<&str> {
    items.iter().map(|s| s.as_str()).collect()
}

fn list(set: &BTreeSet<&str>) -> String {
    if set.is_empty() {
        "none".to_string()
    } else {
        set.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
    }
}

/// The first item of `items` not in `other`, else the first item, else `fallback`.
fn differing(items: &[Located<Id>], other: &BTreeSet<&str>, fallback: Span) -> Span {
    items.iter().find(|s| !other.contains(s.as_str())).or(items.first()).map_or(fallback, |s| s.span)
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let messaging = |f: &Interface| -> Vec<Located<Id>> {
        f.standards
            .iter()
            .filter(|s| cx.model.standard(s.value).is_some_and(|st| st.category == "MSG"))
            .cloned()
            .collect()
    };
    for (s, provider) in cx.estate.systems.iter().enumerate() {
        for (k, here) in provider.interfaces.iter().enumerate() {
            if here.direction != Direction::Provides {
                continue;
            }
            // Reported when either end is: the other end is the system the counterpart id resolves to.
            let reported = cx.reports_system(s as u32)
                || here
                    .counterpart_system()
                    .and_then(|id| cx.estate.system_position(id))
                    .is_some_and(|o| cx.reports_system(o as u32));
            if !reported {
                continue;
            }
            let Some((o, _, there)) = cx.graph.other_end(cx.estate, s as u32, k as u32) else { continue };
            let consumer = &cx.estate.systems[o as usize];
            let pair = format!("`{}` (`{}` ↔ `{}`)", here.id.value, provider.id.value, consumer.id.value);
            // Labelled on the first differing entry of each end, but about the field as a whole.
            let finding = |what: &str, message: String, primary: Label, related: Label, path: FieldPath| {
                Finding::new(&RULE, message, primary)
                    .with_related(related)
                    .with_subject(provider.id.value)
                    .with_pointer(path.pointer())
                    .with_help(format!(
                        "agree the {what} with `{}`'s owners and correct the end that is wrong",
                        consumer.department.value
                    ))
            };

            let (mine, theirs) = (messaging(here), messaging(there));
            let (a, b) = (ids(&mine), ids(&theirs));
            if a != b {
                out.push(finding(
                    "messaging standards",
                    format!(
                        "the two ends of interface {pair} disagree on messaging standards: {} vs {}",
                        list(&a),
                        list(&b)
                    ),
                    Label::new(
                        differing(&mine, &b, here.id.span),
                        format!("`{}` says {}", provider.id.value, list(&a)),
                    ),
                    Label::new(
                        differing(&theirs, &a, there.id.span),
                        format!("`{}` says {}", consumer.id.value, list(&b)),
                    ),
                    here.path(InterfaceField::StandardList),
                ));
            }

            let rank =
                |m: &Option<Located<Id>>| m.as_ref().map(|m| cx.model.marking(m.value).map_or(u32::MAX, |r| r.rank));
            let same_marking = match (&here.marking, &there.marking) {
                (Some(x), Some(y)) => x.value == y.value || rank(&here.marking) == rank(&there.marking),
                (None, None) => true,
                _ => false,
            };
            if !same_marking {
                let show =
                    |m: &Option<Located<Id>>| m.as_ref().map_or("no marking".to_string(), |m| format!("`{}`", m.value));
                out.push(finding(
                    "marking",
                    format!(
                        "the two ends of interface {pair} disagree on marking: {} vs {}",
                        show(&here.marking),
                        show(&there.marking)
                    ),
                    Label::new(
                        here.marking.as_ref().map_or(here.id.span, |m| m.span),
                        format!("`{}` says {}", provider.id.value, show(&here.marking)),
                    ),
                    Label::new(
                        there.marking.as_ref().map_or(there.id.span, |m| m.span),
                        format!("`{}` says {}", consumer.id.value, show(&there.marking)),
                    ),
                    here.path(InterfaceField::Marking),
                ));
            }

            let (a, b) = (ids(&here.data), ids(&there.data));
            if a != b {
                out.push(finding(
                    "data carried",
                    format!(
                        "the two ends of interface {pair} disagree on the data carried: {} vs {}",
                        list(&a),
                        list(&b)
                    ),
                    Label::new(
                        differing(&here.data, &b, here.id.span),
                        format!("`{}` says {}", provider.id.value, list(&a)),
                    ),
                    Label::new(
                        differing(&there.data, &a, there.id.span),
                        format!("`{}` says {}", consumer.id.value, list(&b)),
                    ),
                    here.path(InterfaceField::DataList),
                ));
            }
        }
    }
}
