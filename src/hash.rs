//! The hash maps of the id lookups: std's maps with foldhash's fast hasher instead of SipHash, which costs
//! more than the lookups themselves at 100,000 systems. Iteration order is unspecified, as with std's maps:
//! output never depends on it.

/// A `HashMap` with the fast hasher.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A `HashSet` with the fast hasher.
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// `new` and `with_capacity` for [`HashMap`], as std's default-hasher map has them.
pub trait HashMapExt {
    fn new() -> Self;
    fn with_capacity(capacity: usize) -> Self;
}

impl<K, V> HashMapExt for HashMap<K, V> {
    fn new() -> Self {
        HashMap::with_hasher(Default::default())
    }
    fn with_capacity(capacity: usize) -> Self {
        HashMap::with_capacity_and_hasher(capacity, Default::default())
    }
}
