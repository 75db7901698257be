//! File names derived from ids: safe on every file system, never a path, stable across runs.

/// A file stem for an id: `[A-Za-z0-9._-]`, no leading dot, at most 80 characters. An id that needed any change
/// gets a short hash of the original appended, so two ids never share a file (`a/b` and `a_b`). (Ids that differ
/// only in case would share a file on a case-insensitive file system; the model and descriptor schemas fix the
/// case of ids.)
pub fn stem(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' => c,
            _ => '_',
        })
        .take(80)
        .collect();
    while out.starts_with('.') {
        out.replace_range(0..1, "_");
    }
    if out != id || out.is_empty() {
        out.push_str(&format!("-{:08x}", fnv1a(id.as_bytes())));
    }
    out
}

/// 32-bit FNV-1a: tiny, stable across platforms and releases.
fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

pub fn system(id: &str) -> String {
    format!("systems/{}.html", stem(id))
}
pub fn department(id: &str) -> String {
    format!("departments/{}.html", stem(id))
}
pub fn capability(id: &str) -> String {
    format!("capabilities/{}.html", stem(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_stay_readable() {
        assert_eq!(stem("dwp.pension-credit"), "dwp.pension-credit");
        assert_eq!(system("hmrc.paye"), "systems/hmrc.paye.html");
    }

    #[test]
    fn hostile_ids_cannot_leave_the_directory() {
        for id in ["../../x", "..", "/etc/passwd", "a\\b", "<script>", "", "CON", "a\0b"] {
            let s = stem(id);
            assert!(!s.contains('/') && !s.contains('\\') && !s.starts_with('.'), "{id:?} -> {s}");
            assert!(s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)), "{s}");
            assert!(!s.is_empty());
        }
    }

    #[test]
    fn distinct_ids_get_distinct_names() {
        assert_eq!(stem("BO.02.01"), "BO.02.01");
        assert_ne!(stem("a\u{e9}"), stem("a_"));
        assert_ne!(stem("a/b"), stem("a_b"));
        assert_eq!(stem("a/b"), stem("a/b"));
    }
}
