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
        .env("SOURCE_DATE_EPOCH", "1795000000")
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
        // The downloads are data (a name may say `<script>`), never loaded by a page.
        if name.ends_with(".xlsx") || name.ends_with(".csv") {
            continue;
        }
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
    // The pages; the downloads hold the names as data (see the_downloads_…).
    for (name, bytes) in all.iter().filter(|(name, _)| name.ends_with(".html")) {
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
    for (name, bytes) in all.iter().filter(|(name, _)| name.ends_with(".html")) {
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
    for (name, bytes) in all.iter().filter(|(name, _)| name.ends_with(".html")) {
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

#[test]
fn every_footer_names_the_generation_date_and_source_revision() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let o = report(&["examples/estate", "--out", site.to_str().unwrap(), "--revision", "v1.2 <b>"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let all = files(&site);
    let mut pages = 0;
    for (name, bytes) in all.iter().filter(|(name, _)| name.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            text.contains("<footer>Generated 2026-11-18 11:06 UTC from source revision v1.2 &lt;b&gt; by xgea"),
            "{name}: {}",
            &text[text.find("<footer>").unwrap()..]
        );
        pages += 1;
    }
    assert!(pages > 50, "{pages}");
}

#[test]
fn without_revision_the_repository_commit_is_read_from_dot_git() {
    let dir = tempfile::tempdir().unwrap();
    // A repository of its own, holding one department: HEAD → a branch → a packed commit.
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git/refs/heads")).unwrap();
    std::fs::write(repo.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(repo.join(".git/packed-refs"), "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b refs/heads/main\n")
        .unwrap();
    std::fs::create_dir_all(repo.join("estate")).unwrap();
    std::fs::copy("tests/fixtures/report/department.yaml", repo.join("estate/department.yaml")).unwrap();
    let site = dir.path().join("site");
    let o = report(&[repo.join("estate").to_str().unwrap(), "--out", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("from source revision 9f86d081884c by xgea"), "{index}");
    // Outside any repository: unknown.
    let bare = tempfile::tempdir().unwrap();
    std::fs::copy("tests/fixtures/report/department.yaml", bare.path().join("department.yaml")).unwrap();
    let site = dir.path().join("site2");
    let o = report(&[bare.path().to_str().unwrap(), "--out", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("from source revision unknown by xgea"), "{index}");
}

#[test]
fn the_same_source_date_epoch_gives_a_byte_identical_report_and_another_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, epoch: &str| {
        let out = dir.path().join(name);
        let o = cargo_bin_cmd!("xgea")
            .args(["report", "examples/estate", "--revision", "abc", "--out", out.to_str().unwrap()])
            .env("XGEA_TODAY", "2026-11-23")
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        files(&out)
    };
    let (a, b, c) = (run("a", "1700000000"), run("b", "1700000000"), run("c", "1800000000"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between two builds with the same SOURCE_DATE_EPOCH");
    }
    assert_ne!(a["index.html"], c["index.html"]);
    assert_ne!(a["findings.xlsx"], c["findings.xlsx"], "the workbook records its creation time");
    assert_eq!(a["findings.csv"], c["findings.csv"]);
}

#[test]
fn a_bad_source_date_epoch_exits_2_with_help() {
    let dir = tempfile::tempdir().unwrap();
    let o = cargo_bin_cmd!("xgea")
        .args(["report", "examples/estate", "--out", dir.path().join("s").to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("SOURCE_DATE_EPOCH `yesterday`") && err.contains("whole seconds"), "{err}");
    assert!(!dir.path().join("s").exists(), "nothing written");
}

#[test]
fn the_downloads_hold_the_findings_roadmap_and_scorecards_and_are_linked() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    generate(&site);
    let all = files(&site);
    let text = |name: &str| String::from_utf8(all[name].clone()).unwrap();
    let findings = text("findings.csv");
    assert!(findings.starts_with("severity,code,rule,department,system,message,help,path,line,column\n"));
    let rows = findings.lines().count() - 1;
    let index = text("index.html");
    assert!(index.contains(&format!("<div class=\"big\">{rows}</div>findings")), "one row per finding ({rows})");
    // The hostile name is data here: a spreadsheet would not run it, and a formula is neutralised.
    assert!(findings.contains("xss-test"));
    for line in findings.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with('=') && !cell.starts_with('@'), "{line}");
        }
    }
    assert!(text("scorecards.csv").starts_with("department,name,systems,compliant_systems,"));
    assert!(text("roadmap.csv").lines().count() > 5);
    for stem in ["findings", "roadmap", "scorecards"] {
        assert!(all[&format!("{stem}.xlsx")].starts_with(b"PK\x03\x04"), "{stem}.xlsx is a zip");
    }
    assert!(index.contains("href=\"findings.csv\"") && index.contains("href=\"findings.xlsx\""));
    assert!(text("roadmap.html").contains("href=\"roadmap.xlsx\""));
    assert!(text("scorecards.html").contains("href=\"scorecards.csv\""));
}

#[test]
fn findings_show_inline_code_as_code() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    generate(&site);
    let all = files(&site);
    let mut code = 0;
    for (name, bytes) in all.iter().filter(|(n, _)| n.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        let Some(start) = text.find("<table class=\"findings\">") else { continue };
        let table = &text[start..start + text[start..].find("</table>").unwrap()];
        for cell in table.split("<td>").skip(1) {
            let cell = &cell[..cell.find("</td>").unwrap_or(cell.len())];
            assert!(!cell.contains('`') || cell.matches('`').count() % 2 == 1, "{name}: literal backticks in {cell}");
        }
        code += table.matches("<code>").count();
    }
    assert!(code > 100, "inline code rendered as <code> ({code})");
}
