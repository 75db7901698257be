//! `xgea report`: the site is self-contained (no network reference, every link resolves inside it), escapes
//! every user-supplied string, writes only inside `--out`, and is byte-identical from run to run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

const XSS: &str = "<script>alert(1)</script>";

fn report(args: &[&str]) -> std::process::Output {
    cargo_bin_cmd!("xgea")
        .arg("report")
        .args(args)
        .env("NO_COLOR", "1")
        .env("XGEA_TODAY", "2026-11-23")
        .output()
        .unwrap()
}

fn generate(out: &Path) {
    let o = report(&["examples/estate", "tests/fixtures/report", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The values of every `href="…"` and `src="…"` attribute.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn the_site_is_self_contained_and_every_link_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    generate(&site);
    let all = files(&site);
    for page in ["index.html", "heatmap.html", "roadmap.html", "graph.html", "model.html", "style.css"] {
        assert!(all.contains_key(page), "missing {page}");
    }
    assert!(all.keys().any(|k| k.starts_with("departments/")));
    assert!(all.keys().any(|k| k.starts_with("systems/")));
    assert!(all.keys().any(|k| k.starts_with("capabilities/")));
    let mut checked = 0;
    for (name, bytes) in &all {
        let text = std::str::from_utf8(bytes).unwrap();
        let lower = text.to_ascii_lowercase();
        // No script at all, no remote or inline-imported resource.
        assert!(!lower.contains("<script"), "{name} has a script element");
        assert!(!lower.contains("@import") && !lower.contains("url("), "{name} loads a resource from CSS");
        if !name.ends_with(".html") {
            continue;
        }
        assert!(text.starts_with("<!DOCTYPE html>"), "{name}");
        assert!(text.contains("Content-Security-Policy"), "{name} has no CSP");
        for link in links(text) {
            assert!(!link.contains("://") && !link.starts_with("//"), "{name}: non-relative link {link}");
            assert!(!link.starts_with('/') && !link.starts_with("javascript:"), "{name}: {link}");
            let path = link.split('#').next().unwrap();
            if path.is_empty() {
                continue; // an anchor on the same page
            }
            let base = Path::new(name).parent().unwrap();
            let target = normalise(&base.join(path));
            assert!(all.contains_key(&target), "{name}: broken link {link} ({target})");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

fn normalise(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                assert!(parts.pop().is_some(), "link leaves the site: {}", p.display());
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn every_user_string_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    generate(&site);
    let all = files(&site);
    let system = String::from_utf8(all["systems/xss-test.script.html"].clone()).unwrap();
    assert!(system.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the name is shown, escaped");
    assert!(system.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), "the owner is escaped");
    assert!(system.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;"), "the legal basis is escaped");
    assert!(system.contains("external:&lt;svg onload=alert(5)&gt;"), "the counterpart is escaped");
    let dept = String::from_utf8(all["departments/xss-test.html"].clone()).unwrap();
    assert!(dept.contains("&lt;script&gt;alert(1)&lt;/script&gt; Department"));
    let amp = String::from_utf8(all["systems/xss-test.ampersand.html"].clone()).unwrap();
    // Attributes are always double-quoted, so `'` needs no escape.
    assert!(amp.contains("Tom &amp; Jerry's &quot;quoted&quot; &lt;b&gt;system&lt;/b&gt;"));
    let index = String::from_utf8(all["index.html"].clone()).unwrap();
    assert!(index.contains("&lt;img src=x onerror=alert(4)&gt;"), "a finding quoting the hostile value is escaped");
    for (name, bytes) in &all {
        let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        assert!(!text.contains(&XSS.to_ascii_lowercase()), "{name} holds the raw script");
        for tag in ["<img", "<iframe", "<svg onload", "<b>system", "</td></tr></table><script"] {
            assert!(!text.contains(tag), "{name} holds raw {tag}");
        }
        // Every <svg> is one of ours (graph pictures and the roadmap's timelines).
        let ours = text.matches("<svg class=\"graph\"").count() + text.matches("<svg class=\"timeline\"").count();
        assert_eq!(text.matches("<svg").count(), ours, "{name}");
    }
}

#[test]
fn a_hostile_name_and_id_are_escaped_on_every_page_that_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    generate(&site);
    let all = files(&site);
    let page = |name: &str| String::from_utf8(all[name].clone()).unwrap();
    // The system named `<script>alert(1)</script>` (its department's name holds it too): wherever it shows, it
    // shows escaped, in text and in attributes (picture titles) alike.
    let mut showing = Vec::new();
    for (name, bytes) in &all {
        let text = String::from_utf8_lossy(bytes);
        let shown = text.matches("alert(1)").count();
        if shown > 0 {
            let escaped = text.matches("&lt;script&gt;alert(1)&lt;/script&gt;").count();
            assert_eq!(shown, escaped, "{name} shows the name unescaped");
            showing.push(name.as_str());
        }
    }
    for expected in [
        "systems/xss-test.script.html",
        "departments/xss-test.html",
        "capabilities/BO.02.01.html",
        "roadmap.html",
        "graph.html",
    ] {
        assert!(showing.contains(&expected), "{expected} should show the hostile name; shown on {showing:?}");
    }
    // An id with quotes, `&` and markup (an external counterpart): escaped on every page, shown on its system's.
    let raw = "external:\"id\" & <i>x</i>";
    let escaped = "external:&quot;id&quot; &amp; &lt;i&gt;x&lt;/i&gt;";
    for (name, bytes) in &all {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(raw) && !text.contains("<i>x"), "{name} holds the raw id");
        assert_eq!(text.matches("external:&quot;id").count(), text.matches(escaped).count(), "{name}");
    }
    assert!(page("systems/xss-test.ampersand.html").contains(&format!("<code>{escaped}</code>")));
}

#[test]
fn output_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    generate(&a);
    let o = report(&["tests/fixtures/report", "examples/estate", "--out", b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between runs");
    }
}

#[test]
fn refuses_a_non_empty_directory_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join("keep.txt"), "mine").unwrap();
    let o = report(&["examples/minimal", "--out", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not empty"));
    assert_eq!(files(&site).len(), 1, "nothing written");
    let o = report(&["examples/minimal", "--out", site.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(site.join("keep.txt")).unwrap(), "mine", "other files are left alone");
    assert!(site.join("index.html").is_file());
    // A file where the directory should be is refused too.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert_eq!(report(&["examples/minimal", "--out", file.to_str().unwrap()]).status.code(), Some(2));
}

#[test]
fn writes_only_inside_the_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let site = dir.path().join("nested/site");
    generate(&site);
    let top: Vec<PathBuf> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(top.len(), 2, "{top:?}");
    assert!(files(&outside).is_empty());
}

#[cfg(unix)]
#[test]
fn never_writes_through_a_symlink_left_in_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::os::unix::fs::symlink(&outside, site.join("systems")).unwrap();
    std::os::unix::fs::symlink(outside.join("target.html"), site.join("index.html")).unwrap();
    let o = report(&["examples/estate", "--out", site.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(2), "a linked directory is refused");
    assert!(String::from_utf8_lossy(&o.stderr).contains("symbolic link"));
    assert!(files(&outside).is_empty(), "nothing written through the links");
}
