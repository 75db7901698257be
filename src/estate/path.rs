//! Where a value sits in its descriptor, as a typed path rather than a pointer string.
//!
//! [`FieldPath::pointer`] renders a path to its JSON pointer (RFC 6901), and it is the one place that does:
//! the loader looks the value's span up with it, and findings carry it (it feeds fingerprints and baseline
//! keys). A path is 12 bytes, so each located value stays small at 100,000 systems.

use crate::source::yaml::push_index;

/// A field of a System or Department descriptor, with its list positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FieldPath {
    /// The whole document.
    Document,
    /// `metadata.id`.
    Id,
    /// `metadata.department` of a system.
    Department,
    /// `spec.lifecycle` of a system.
    Lifecycle,
    /// `spec.capabilities`, the list as a whole.
    CapabilityList,
    /// `spec.capabilities[i]`.
    Capability(u32),
    /// `spec.data[i]`.
    Data(u32),
    /// `spec.maxMarking` of a system or a department.
    MaxMarking,
    /// `spec.sector` of a department.
    Sector,
    /// A field of `spec.interfaces[i]`.
    Interface(u32, InterfaceField),
    /// A field of `spec.infrastructure[i]`.
    Infrastructure(u32, InfraField),
    /// A field of a system's `spec.sourcing`.
    Sourcing(SourcingField),
    /// `spec.suppliers[i].id` of a department.
    Supplier(u32),
}

/// A field of a system's `sourcing` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SourcingField {
    /// The whole block.
    Block,
    Supplier,
    Start,
    End,
    AnnualValue,
    TotalValue,
    ExtensionsTaken,
    ExtensionsRemaining,
    Route,
    LockIn,
}

/// A field of one interface entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum InterfaceField {
    /// The whole entry.
    Entry,
    Id,
    Counterpart,
    /// `standards`, the list as a whole.
    StandardList,
    /// `standards[j]`.
    Standard(u32),
    /// `data`, the list as a whole.
    DataList,
    /// `data[j]`.
    Data(u32),
    Marking,
    LegalBasis,
}

/// A field of one infrastructure entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum InfraField {
    /// The whole entry.
    Entry,
    Kind,
    Uses,
}

impl FieldPath {
    /// The JSON pointer of the field inside its document, e.g. `/spec/interfaces/0/standards/2`.
    pub fn pointer(self) -> String {
        let mut pointer = String::new();
        self.write_pointer(&mut pointer);
        pointer
    }

    /// Appends the JSON pointer of the field to `out`.
    pub fn write_pointer(self, out: &mut String) {
        let index = |out: &mut String, i: u32| push_index(out, i as usize);
        match self {
            FieldPath::Document => {}
            FieldPath::Id => push_keys(out, &["metadata", "id"]),
            FieldPath::Department => push_keys(out, &["metadata", "department"]),
            FieldPath::Lifecycle => push_keys(out, &["spec", "lifecycle"]),
            FieldPath::CapabilityList => push_keys(out, &["spec", "capabilities"]),
            FieldPath::Capability(i) => {
                push_keys(out, &["spec", "capabilities"]);
                index(out, i);
            }
            FieldPath::Data(i) => {
                push_keys(out, &["spec", "data"]);
                index(out, i);
            }
            FieldPath::MaxMarking => push_keys(out, &["spec", "maxMarking"]),
            FieldPath::Sector => push_keys(out, &["spec", "sector"]),
            FieldPath::Interface(i, field) => {
                push_keys(out, &["spec", "interfaces"]);
                index(out, i);
                match field {
                    InterfaceField::Entry => {}
                    InterfaceField::Id => push_keys(out, &["id"]),
                    InterfaceField::Counterpart => push_keys(out, &["counterpart"]),
                    InterfaceField::StandardList => push_keys(out, &["standards"]),
                    InterfaceField::Standard(j) => {
                        push_keys(out, &["standards"]);
                        index(out, j);
                    }
                    InterfaceField::DataList => push_keys(out, &["data"]),
                    InterfaceField::Data(j) => {
                        push_keys(out, &["data"]);
                        index(out, j);
                    }
                    InterfaceField::Marking => push_keys(out, &["marking"]),
                    InterfaceField::LegalBasis => push_keys(out, &["legalBasis"]),
                }
            }
            FieldPath::Infrastructure(i, field) => {
                push_keys(out, &["spec", "infrastructure"]);
                index(out, i);
                match field {
                    InfraField::Entry => {}
                    InfraField::Kind => push_keys(out, &["kind"]),
                    InfraField::Uses => push_keys(out, &["uses"]),
                }
            }
            FieldPath::Sourcing(field) => {
                push_keys(out, &["spec", "sourcing"]);
                match field {
                    SourcingField::Block => {}
                    SourcingField::Supplier => push_keys(out, &["supplier"]),
                    SourcingField::Start => push_keys(out, &["start"]),
                    SourcingField::End => push_keys(out, &["end"]),
                    SourcingField::AnnualValue => push_keys(out, &["annualValueGbp"]),
                    SourcingField::TotalValue => push_keys(out, &["totalValueGbp"]),
                    SourcingField::ExtensionsTaken => push_keys(out, &["extensions", "taken"]),
                    SourcingField::ExtensionsRemaining => push_keys(out, &["extensions", "remaining"]),
                    SourcingField::Route => push_keys(out, &["route"]),
                    SourcingField::LockIn => push_keys(out, &["lockIn"]),
                }
            }
            FieldPath::Supplier(i) => {
                push_keys(out, &["spec", "suppliers"]);
                index(out, i);
                push_keys(out, &["id"]);
            }
        }
    }
}

/// Appends constant keys (none holds `~` or `/`, so none needs escaping).
fn push_keys(out: &mut String, keys: &[&str]) {
    for key in keys {
        debug_assert!(!key.contains(['~', '/']));
        out.push('/');
        out.push_str(key);
    }
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.pointer())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_renders_its_pointer() {
        let cases = [
            (FieldPath::Document, ""),
            (FieldPath::Id, "/metadata/id"),
            (FieldPath::Department, "/metadata/department"),
            (FieldPath::Lifecycle, "/spec/lifecycle"),
            (FieldPath::CapabilityList, "/spec/capabilities"),
            (FieldPath::Capability(3), "/spec/capabilities/3"),
            (FieldPath::Data(0), "/spec/data/0"),
            (FieldPath::MaxMarking, "/spec/maxMarking"),
            (FieldPath::Sector, "/spec/sector"),
            (FieldPath::Interface(2, InterfaceField::Entry), "/spec/interfaces/2"),
            (FieldPath::Interface(2, InterfaceField::Id), "/spec/interfaces/2/id"),
            (FieldPath::Interface(2, InterfaceField::Counterpart), "/spec/interfaces/2/counterpart"),
            (FieldPath::Interface(2, InterfaceField::StandardList), "/spec/interfaces/2/standards"),
            (FieldPath::Interface(2, InterfaceField::Standard(11)), "/spec/interfaces/2/standards/11"),
            (FieldPath::Interface(2, InterfaceField::DataList), "/spec/interfaces/2/data"),
            (FieldPath::Interface(2, InterfaceField::Data(1)), "/spec/interfaces/2/data/1"),
            (FieldPath::Interface(2, InterfaceField::Marking), "/spec/interfaces/2/marking"),
            (FieldPath::Interface(2, InterfaceField::LegalBasis), "/spec/interfaces/2/legalBasis"),
            (FieldPath::Infrastructure(0, InfraField::Entry), "/spec/infrastructure/0"),
            (FieldPath::Infrastructure(0, InfraField::Kind), "/spec/infrastructure/0/kind"),
            (FieldPath::Infrastructure(4_000_000_000, InfraField::Uses), "/spec/infrastructure/4000000000/uses"),
            (FieldPath::Sourcing(SourcingField::Block), "/spec/sourcing"),
            (FieldPath::Sourcing(SourcingField::End), "/spec/sourcing/end"),
            (FieldPath::Sourcing(SourcingField::AnnualValue), "/spec/sourcing/annualValueGbp"),
            (FieldPath::Sourcing(SourcingField::ExtensionsRemaining), "/spec/sourcing/extensions/remaining"),
            (FieldPath::Supplier(2), "/spec/suppliers/2/id"),
        ];
        for (path, pointer) in cases {
            assert_eq!(path.pointer(), pointer, "{path:?}");
            assert_eq!(path.to_string(), pointer, "{path:?}");
        }
    }

    #[test]
    fn write_pointer_appends() {
        let mut out = String::from("/documents/0");
        FieldPath::Interface(1, InterfaceField::Standard(2)).write_pointer(&mut out);
        assert_eq!(out, "/documents/0/spec/interfaces/1/standards/2");
    }

    #[test]
    fn a_path_is_compact() {
        assert!(std::mem::size_of::<FieldPath>() <= 12, "{}", std::mem::size_of::<FieldPath>());
    }
}
