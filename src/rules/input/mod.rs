//! XG0xx: problems with the files themselves. The loader emits these while reading; they have no check.

pub mod xg001_yaml_syntax;
pub mod xg002_schema_violation;
pub mod xg003_duplicate_key;
pub mod xg004_file_too_large;
pub mod xg005_yaml_too_complex;
pub mod xg006_empty_file;
pub mod xg007_not_utf8;
pub mod xg008_unreadable_file;
