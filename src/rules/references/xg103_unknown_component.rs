use super::UnknownIds;
use crate::diagnostic::Finding;
use crate::estate::InfraSource;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// `uses: common:<id>` naming a common infrastructure component that the model does not define.
    ///
    /// ## Why it matters
    /// The common-infrastructure rules and the roadmap count who uses each shared component; an unknown id is
    /// neither counted as common nor flagged as bespoke.
    ///
    /// ## Example
    /// ```yaml
    /// infrastructure:
    ///   - kind: identity
    ///     uses: common:onelogin    # the component is `one-login`
    /// ```
    ///
    /// ## How to fix
    /// Use a component id from the model's `infrastructure.yaml`, or write `bespoke:<name>` for infrastructure
    /// the department runs itself.
    code: "XG103", name: "unknown-component", family: References, severity: Error,
    summary: "a common infrastructure component that the model does not define",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let candidates = cx.model.components.iter().map(|c| (c.id.as_str(), c.name.as_str()));
    let mut unknown = UnknownIds::new(&RULE, "common component", candidates, "the model's infrastructure.yaml");
    for (_, system) in cx.reported_systems() {
        for infra in &system.infrastructure {
            if let InfraSource::Common(id) = &infra.uses.value
                && cx.model.component(id).is_none()
            {
                out.push(unknown.finding(id.as_str(), &infra.uses).with_subject(system.id.value));
            }
        }
    }
}
