//! The reference model's lifecycle above the rules: publishing a checked release, and the impact of a
//! candidate model on an estate (the findings it gains and loses).

pub mod impact;
pub mod publish;
