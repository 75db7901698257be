//! xgea: lint departments' architecture descriptors against a cross-government reference model.
//!
//! Data flows one way: [`source`] (files, YAML with spans) → [`document`] and [`schema`] (validated
//! documents) → [`model`] and [`estate`] (typed records) → [`rules`] (findings) → [`output`].

#[macro_use]
mod macros;

pub mod baseline;
pub mod cli;
pub mod config;
pub mod document;
pub mod estate;

pub mod diagnostic;
pub mod graph;
pub mod lifecycle;
pub mod lint;
pub mod model;
pub mod money;
pub mod output;
pub mod roadmap;
pub mod rules;
pub mod schema;
pub mod site;
pub mod source;
