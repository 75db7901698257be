//! XG0xx: problems with the files themselves. They have no check: the loader reports them while reading, through
//! the constructors in each rule file.

pub mod xg001_yaml_syntax;
pub mod xg002_schema_violation;
pub mod xg003_duplicate_key;
pub mod xg004_file_too_large;
pub mod xg005_yaml_too_complex;
pub mod xg006_empty_file;
pub mod xg007_not_utf8;
pub mod xg008_unreadable_file;
