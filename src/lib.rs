//! xgea: lint departments' architecture descriptors against a cross-government reference model.
//!
//! # Module map
//!
//! Data flows one way. Each layer uses only the layers above it in this list; `tests/layers.rs` reads every
//! source file's `crate::` paths and fails on an import that reaches down the list (or round in a circle).
//!
//! | layer | modules | what they hold |
//! | --- | --- | --- |
//! | leaf | [`diagnostic`], [`date`], [`money`], [`markdown`], `hash`, [`intern`] | spans, findings and their identity, rule metadata, "did you mean"; calendar dates; the money formatter; Markdown escaping; the fast-hasher maps of id lookups; interned ids |
//! | read | [`source`] | files → text with a line index; YAML → JSON value with a pointer → span map |
//! | validate | [`schema`], [`document`], [`rules::input`] | documents checked against their JSON Schema; the XG0xx findings |
//! | model | [`model`] | the typed reference model, its releases, diffs and editor schemas |
//! | model checks | [`rules::model`] | what the XG7xx rules read, and their checks |
//! | estate | [`estate`] | descriptors as compact typed records, every cited value located |
//! | graph | [`graph`] | the estate graph, built once per run |
//! | snapshot | [`snapshot`] | the estate as one canonical file, the union with linted files, snapshot diffs |
//! | rules | [`rules`] | one file per rule (metadata, docs, messages, check), the registry, the runner, rule options |
//! | config | [`config`] | `xgea.toml`, waivers and inline allows as parsed |
//! | lint | [`lint`], [`baseline`] | one lint run as a library call: model → estate → graph → rules → select, waive, govern |
//! | lifecycle and output | [`lifecycle`], [`roadmap`], [`scorecard`], [`sourcing`], [`output`], [`import`] | publish and impact; the Board's roadmap; department scorecards; the forward look of sourcing; the formats users read; onboarding from Backstage, spreadsheets, CALM and ArchiMate, and the ArchiMate export |
//! | report | [`site`] | the static HTML report |
//! | command line | [`cli`] | one file per subcommand; `main.rs` only parses arguments |

// Panic policy: bad input is a finding or an error, never a panic. No `unwrap` outside tests; an `expect`
// states the invariant that makes it unreachable (and a panic that still happens prints a short bug report,
// see `cli::install_panic_hook`).
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

#[macro_use]
mod macros;

pub mod baseline;
pub mod cli;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod document;
pub mod estate;
pub mod graph;
mod hash;
pub mod import;
pub mod intern;
pub mod lifecycle;
pub mod lint;
pub mod markdown;
pub mod model;
pub mod money;
pub mod output;
pub mod roadmap;
pub mod rules;
pub mod schema;
pub mod scorecard;
pub mod site;
pub mod snapshot;
pub mod source;
pub mod sourcing;
