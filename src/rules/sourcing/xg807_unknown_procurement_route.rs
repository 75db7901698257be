use crate::diagnostic::Finding;
use crate::rules::RuleContext;
use crate::rules::references::unknown_id;

declare_rule! {
    /// ## What it finds
    /// A `sourcing.route` that is not a procurement framework of the model (`frameworks` in the model's
    /// `infrastructure.yaml`, from model 2.2.0). The message suggests the closest ids; against a model
    /// without frameworks (before 2.2.0) every route is unknown.
    ///
    /// ## Why it matters
    /// The route says how a contract was let and whether another supplier could bid for the next one; the
    /// framework's dates check the contract's (XG805). An id the model does not know checks nothing.
    ///
    /// ## Example
    /// ```yaml
    /// sourcing:
    ///   route: g-clod            # did you mean g-cloud?
    /// ```
    ///
    /// ## How to fix
    /// Use a framework id from the `frameworks` of the model's `infrastructure.yaml` (the editor schemas of
    /// the release list them), or leave `route` out when the contract was let outside any framework.
    code: "XG807", name: "unknown-procurement-route", family: Sourcing, severity: Error,
    summary: "a procurement route that is not a framework of the model",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let candidates = cx.model.frameworks.iter().map(|f| (f.id.as_str(), f.name.as_str()));
    let place = format!("the frameworks of model {} (infrastructure.yaml)", cx.model.version());
    for (_, system) in cx.reported_systems() {
        let Some(route) = system.sourcing.as_deref().and_then(|s| s.route.as_ref()) else { continue };
        if cx.model.framework(route.value).is_some() {
            continue;
        }
        out.push(
            unknown_id(&RULE, "procurement route", &route.value, route, candidates.clone(), &place)
                .with_subject(system.id.value),
        );
    }
}
