//! What every stage reports, and nothing else: spans, findings, rule metadata, "did you mean".
//!
//! The leaf of the crate: it imports no other module of xgea, so every stage (reading, validating, the model,
//! the estate, config, rules, output) can create and read findings without reaching up the pipeline.

mod finding;
mod rule;
mod shorten;
mod span;
mod suggest;

pub use finding::{Finding, Identity, Label, Severity, sort_findings};
pub use rule::{Catalogue, Family, RuleMeta, Stage, UnknownRule};
pub use shorten::{MAX_QUOTED, shorten, shorten_json};
pub use span::{FileId, Locate, Span};
pub use suggest::did_you_mean;
