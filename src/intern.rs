//! Interned ids: each distinct id text (a system, department, capability, standard, data entity, marking…) is
//! stored once for the life of the process, and a record holds an 8-byte [`Id`] that copies without
//! allocating and compares by address.
//!
//! At 100,000 systems an estate holds some four million id values but only a few hundred thousand distinct
//! ones: a `String` per value was most of the records' memory and of the loader's allocations. The table only
//! grows (a process lints one estate; a long-lived library caller keeps each distinct id once).

use std::borrow::Borrow;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Deref;
use std::sync::{Mutex, OnceLock};

/// An interned id. Two `Id`s are equal exactly when their texts are; they order and hash as their texts,
/// so sorted output and `HashMap<Id, _>` lookups by `&str` behave as with `String`.
///
/// It points at the table's one reference to its text rather than holding that (two-word) reference itself:
/// 8 bytes instead of 16 in every record, list and map that holds ids, for one more load when the text is
/// read (by ordering, hashing and printing, not by equality).
#[derive(Clone, Copy)]
pub struct Id(&'static &'static str);

/// Shards of the table, so the loader's threads rarely wait for one another.
const SHARDS: usize = 64;

/// Each entry keeps the text beside the id, so a lookup compares texts without first loading the id's
/// reference.
type Entries = Mutex<hashbrown::HashTable<(&'static str, Id)>>;

/// One shard on cache lines of its own: the loader's threads lock different shards all the time, and two
/// locks on one line would make each wait for the line to travel between cores.
#[repr(align(128))]
#[derive(Default)]
struct Shard(Entries);

fn hash_of(text: &str) -> u64 {
    foldhash::fast::FixedState::default().hash_one(text)
}

fn table() -> &'static [Shard; SHARDS] {
    static TABLE: OnceLock<[Shard; SHARDS]> = OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|_| Shard::default()))
}

/// The shard of a text whose hash is `hash`: from bits the table itself does not use (it takes the low bits for
/// the bucket and the top seven as the tag), so entries of one shard still spread over its buckets and tags.
fn shard_of(hash: u64) -> &'static Entries {
    &table()[(hash >> 32) as usize % SHARDS].0
}

/// Slots of each thread's cache of ids it interned lately.
const RECENT: usize = 1024;

thread_local! {
    /// Each thread's ids seen lately, by hash: most ids a loader meets are a few hundred capability,
    /// standard, marking and department ids repeated in every record, and a hit here costs neither the
    /// shard's lock nor a probe of a table of every id in the estate.
    static RECENTLY: std::cell::RefCell<[(u64, Option<Id>); RECENT]> =
        const { std::cell::RefCell::new([(0, None); RECENT]) };
}

impl Id {
    /// The id of `text`, interning it on first sight.
    pub fn new(text: &str) -> Id {
        let hash = hash_of(text);
        let slot = hash as usize % RECENT;
        let recent = RECENTLY.with_borrow(|recent| match recent[slot] {
            (h, Some(id)) if h == hash && *id.0 == text => Some(id),
            _ => None,
        });
        if let Some(id) = recent {
            return id;
        }
        let id = Id::interned(text, hash);
        RECENTLY.with_borrow_mut(|recent| recent[slot] = (hash, Some(id)));
        id
    }

    /// The id of `text` if it was ever interned, without interning it.
    pub fn existing(text: &str) -> Option<Id> {
        let hash = hash_of(text);
        let set = shard_of(hash).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        set.find(hash, |(stored, _)| *stored == text).map(|&(_, id)| id)
    }

    /// The id of `text` from the table, whose hash is `hash`.
    fn interned(text: &str, hash: u64) -> Id {
        // A poisoned shard still holds only complete entries: keep using it.
        let mut set = shard_of(hash).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(&(_, known)) = set.find(hash, |(stored, _)| *stored == text) {
            return known;
        }
        let owned: &'static str = Box::leak(text.into());
        let id = Id(Box::leak(Box::new(owned)));
        set.insert_unique(hash, (owned, id), |(s, _)| hash_of(s));
        id
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl Default for Id {
    fn default() -> Id {
        Id::new("")
    }
}

impl Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl PartialEq for Id {
    fn eq(&self, other: &Id) -> bool {
        // Every `Id` comes from the table, which holds each text once.
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Id {}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<Id> for &str {
    fn eq(&self, other: &Id) -> bool {
        *self == *other.0
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Id) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Id) -> std::cmp::Ordering {
        if self == other { std::cmp::Ordering::Equal } else { (*self.0).cmp(*other.0) }
    }
}

impl Hash for Id {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As the text hashes, so a map keyed by `Id` is searched by `&str` (`Borrow<str>`).
        (*self.0).hash(state)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(*self.0, f)
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0.to_string()
    }
}

impl serde::Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            // Borrowed or not, the text is only looked up: no `String` per value.
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Id, E> {
                Ok(Id::new(text))
            }
        }
        d.deserialize_str(Text)
    }
}

/// Positions by id, the first position of each id: the model's and the estate's id indexes.
///
/// An id is found by its address (one multiply to hash it, one compare), since the table holds each text
/// once; a `&str` is first looked up in the table (a text never interned is in no index). The rules and the
/// graph look up millions of ids at 100,000 systems, all of them interned: hashing and comparing their texts
/// was most of the cost of the reference rules.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    by_address: crate::hash::HashMap<usize, usize>,
}

impl IdIndex {
    pub fn with_capacity(capacity: usize) -> IdIndex {
        use crate::hash::HashMapExt;
        IdIndex { by_address: crate::hash::HashMap::with_capacity(capacity) }
    }

    /// The index of `ids`, each at its position; a repeated id keeps its first.
    pub fn of(ids: impl ExactSizeIterator<Item = Id>) -> IdIndex {
        let mut index = IdIndex::with_capacity(ids.len());
        for (position, id) in ids.enumerate() {
            index.insert_first(id, position);
        }
        index
    }

    /// Records `id` at `position` unless it has a position already.
    pub fn insert_first(&mut self, id: Id, position: usize) {
        self.by_address.entry(id.address()).or_insert(position);
    }

    /// The position of `id`.
    pub fn get(&self, id: impl IdKey) -> Option<usize> {
        id.position_in(self)
    }

    pub fn len(&self) -> usize {
        self.by_address.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_address.is_empty()
    }
}

impl Id {
    /// Where the table's reference to the text lives: equal for equal texts, different otherwise.
    fn address(self) -> usize {
        std::ptr::from_ref::<&'static str>(self.0) as usize
    }
}

/// What an [`IdIndex`] is searched by: an interned id, by its address, or a text.
pub trait IdKey {
    fn position_in(self, index: &IdIndex) -> Option<usize>;
}

impl IdKey for Id {
    fn position_in(self, index: &IdIndex) -> Option<usize> {
        index.by_address.get(&self.address()).copied()
    }
}

impl<T: IdKey + Copy> IdKey for &T {
    fn position_in(self, index: &IdIndex) -> Option<usize> {
        (*self).position_in(index)
    }
}

impl IdKey for &str {
    fn position_in(self, index: &IdIndex) -> Option<usize> {
        Id::existing(self)?.position_in(index)
    }
}

impl IdKey for &String {
    fn position_in(self, index: &IdIndex) -> Option<usize> {
        self.as_str().position_in(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_give_one_id_and_different_texts_differ() {
        let a = Id::new("cap-payments");
        let b = Id::new(&String::from("cap-payments"));
        assert_eq!(a, b);
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_ne!(a, Id::new("cap-payment"));
        assert_eq!(a, "cap-payments");
        assert_eq!(Id::new(""), Id::default());
    }

    #[test]
    fn the_recent_ids_cache_never_answers_with_another_text() {
        // Far more texts than the cache has slots, so slots are shared and replaced, looked up twice over.
        let texts: Vec<String> = (0..RECENT * 8).map(|i| format!("sys-{i}")).collect();
        let first: Vec<Id> = texts.iter().map(|t| Id::new(t)).collect();
        for (text, id) in texts.iter().zip(&first).rev() {
            assert_eq!(Id::new(text), *id);
            assert_eq!(id.as_str(), text);
        }
        let distinct: std::collections::HashSet<&str> = first.iter().map(|id| id.as_str()).collect();
        assert_eq!(distinct.len(), texts.len());
    }

    #[test]
    fn an_id_is_one_pointer_and_an_absent_one_costs_nothing() {
        assert_eq!(std::mem::size_of::<Id>(), std::mem::size_of::<usize>());
        assert_eq!(std::mem::size_of::<Option<Id>>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn orders_and_hashes_as_its_text() {
        let mut ids: Vec<Id> = ["b", "a", "c", "ab"].into_iter().map(Id::new).collect();
        ids.sort();
        assert_eq!(ids.iter().map(|i| i.as_str()).collect::<Vec<_>>(), ["a", "ab", "b", "c"]);
        let mut map = crate::hash::HashMap::<Id, u32>::default();
        map.insert(Id::new("sys-1"), 7);
        assert_eq!(map.get("sys-1"), Some(&7));
        assert_eq!(map.get("sys-2"), None);
    }

    #[test]
    fn interning_from_many_threads_agrees() {
        let ids: Vec<Vec<Id>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| (0..2_000).map(|i| Id::new(&format!("sys-{i}"))).collect::<Vec<_>>()))
                .collect();
            handles.into_iter().map(|h| h.join().expect("no panic")).collect()
        });
        assert!(ids.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn serialises_as_a_string_and_reads_back_interned() {
        let id = Id::new("std-rest");
        let text = serde_json::to_string(&id).expect("serialises");
        assert_eq!(text, "\"std-rest\"");
        let back: Id = serde_json::from_str(&text).expect("reads");
        assert_eq!(back, id);
        let escaped: Id = serde_json::from_str("\"std-\\u0072est\"").expect("reads an escaped string");
        assert_eq!(escaped, id);
    }

    #[test]
    fn an_index_finds_the_first_position_of_an_id_by_the_id_or_its_text() {
        let index = IdIndex::of(["cap-a", "cap-b", "cap-a"].into_iter().map(Id::new));
        assert_eq!(index.len(), 2);
        assert_eq!(index.get(Id::new("cap-a")), Some(0));
        assert_eq!(index.get("cap-a"), Some(0));
        assert_eq!(index.get(Id::new(&String::from("cap-b"))), Some(1));
        assert_eq!(index.get(&String::from("cap-b")), Some(1));
        // Interned after the index was built, and never in it.
        assert_eq!(index.get(Id::new("cap-c")), None);
        assert_eq!(index.get("cap-c"), None);
        assert_eq!(index.get("cap-never-interned"), None);
        assert_eq!(Id::existing("cap-never-interned"), None);
        assert_eq!(Id::existing("cap-a"), Some(Id::new("cap-a")));
        assert!(IdIndex::default().is_empty());
    }
}
