//! The interactive map (`egov render -o map.html`, `egov export html`):
//! the file itself, and the page driven in headless Chromium through
//! Python's Selenium (`map_browser.py`). Without Chromium, chromedriver or
//! Selenium the browser test says "skipped: chromium not available".

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use crate::util::{egov, egov_in, root, skip, tempdir};

/// The JSON data block of a written map.
fn map_data(html: &str) -> Value {
    let start = html
        .find("id=\"egov-data\">")
        .map(|i| i + "id=\"egov-data\">".len())
        .unwrap_or_else(|| panic!("no data block"));
    let end = start + html[start..].find("</script>").unwrap_or(0);
    serde_json::from_str(&html[start..end]).unwrap_or_else(|e| panic!("data block: {e}"))
}

fn ids(list: &Value, key: &str) -> BTreeSet<String> {
    list.as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .filter_map(|x| x[key].as_str().map(String::from))
        .collect()
}

#[test]
fn render_html_writes_one_self_contained_page() {
    let dir = tempdir();
    let run = egov_in(dir.path(), &["render", "-o", "map.html"]);
    run.expect_code(0);
    assert!(run.stderr.contains("wrote map.html"), "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("map.html")).unwrap();
    // Nothing that a browser would fetch: no external script, style,
    // image or font, and a policy that forbids any.
    for bad in ["<script src", "<link", "@import", "url(", "<img", "<iframe"] {
        assert!(!html.contains(bad), "the page holds {bad}");
    }
    assert!(html.contains("default-src 'none'"));
    assert!(html.len() < 300 * 1024, "{} bytes", html.len());
    // The default view of render (level country): every view node of the
    // built-in data, each with a position.
    let data = map_data(&html);
    let nodes = data["nodes"].as_array().unwrap();
    let hubs = egov(&[
        "hubs", "--level", "country", "--top", "1000", "--format", "json",
    ])
    .json();
    assert_eq!(ids(&data["nodes"], "id"), ids(&hubs, "id"));
    // The embedded metrics are those `egov hubs` prints.
    let weighted = egov(&[
        "hubs",
        "--level",
        "country",
        "--top",
        "1000",
        "--weighted",
        "--format",
        "json",
    ])
    .json();
    let n_1 = (nodes.len() - 1) as f64;
    for n in nodes {
        let id = n["id"].as_str().unwrap();
        let of = |list: &Value, key: &str| {
            list.as_array()
                .unwrap()
                .iter()
                .find(|x| x["id"] == id)
                .and_then(|x| x[key].as_f64())
                .unwrap()
        };
        let m = &n["m"];
        assert!((m["betweenness"].as_f64().unwrap() - of(&hubs, "betweenness")).abs() < 1e-5);
        assert!((m["pagerank"].as_f64().unwrap() - of(&weighted, "pagerank")).abs() < 1e-5);
        assert!((m["degree"].as_f64().unwrap() / n_1 - of(&hubs, "degree")).abs() < 1e-9);
    }
    assert!(nodes
        .iter()
        .all(|n| n["x"].as_f64().is_some() && n["y"].as_f64().is_some()));
    // Every citation of every tie is embedded with its quote and source.
    let with_quotes = data["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["cite"]
                .as_array()
                .is_some_and(|c| c.iter().any(|x| x.get(1).is_some()))
        })
        .count();
    assert!(with_quotes > 0);
    // The same page from `egov export html`, byte for byte (the layout is
    // deterministic).
    let export = egov_in(dir.path(), &["export", "html"]);
    export.expect_code(0);
    assert_eq!(export.stdout, html);
}

#[test]
fn map_nodes_do_not_overlap_with_either_layout() {
    for layout in ["graphviz", "builtin"] {
        let dir = tempdir();
        let out = Command::new(env!("CARGO_BIN_EXE_egov"))
            .args(["render", "--level", "all", "-o", "map.html"])
            .current_dir(dir.path())
            .env("EGOV_MAP_LAYOUT", layout)
            .output()
            .unwrap();
        assert!(out.status.success());
        let data = map_data(&std::fs::read_to_string(dir.path().join("map.html")).unwrap());
        let nodes = data["nodes"].as_array().unwrap();
        // Label boxes as the page draws them: 6.2 px a character, 36 px high.
        let boxes: Vec<(f64, f64, f64)> = nodes
            .iter()
            .map(|n| {
                let chars = n["label"].as_str().unwrap().chars().count() as f64;
                (
                    n["x"].as_f64().unwrap(),
                    n["y"].as_f64().unwrap(),
                    (chars * 6.2 + 10.0).max(30.0),
                )
            })
            .collect();
        let mut overlaps = Vec::new();
        for i in 0..boxes.len() {
            for j in i + 1..boxes.len() {
                let (a, b) = (boxes[i], boxes[j]);
                if (a.0 - b.0).abs() < (a.2 + b.2) / 2.0 - 1.0 && (a.1 - b.1).abs() < 36.0 - 1.0 {
                    overlaps.push((nodes[i]["id"].clone(), nodes[j]["id"].clone()));
                }
            }
        }
        assert!(overlaps.is_empty(), "{layout}: {overlaps:?}");
        if layout == "builtin" {
            assert!(data["layout"].as_str().unwrap().contains("built-in"));
        }
    }
}

#[test]
fn too_large_maps_are_refused_with_a_suggestion() {
    let dir = tempdir();
    egov_in(
        dir.path(),
        &[
            "generate", "--edges", "45000", "--seed", "1", "-o", "big.egdb",
        ],
    )
    .expect_code(0);
    let run = egov_in(
        dir.path(),
        &[
            "--db", "big.egdb", "render", "--level", "all", "-o", "map.html",
        ],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("--ego"), "{}", run.stderr);
    assert!(run.stderr.contains("--top N"), "{}", run.stderr);
    assert!(run.stderr.contains("--level country"), "{}", run.stderr);
    assert!(!dir.path().join("map.html").exists());
}

/// Chromium and chromedriver on the PATH, and Python's Selenium.
fn chromium() -> Option<(PathBuf, PathBuf)> {
    let which = |names: &[&str]| -> Option<PathBuf> {
        names.iter().find_map(|n| {
            let out = Command::new("which").arg(n).output().ok()?;
            let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
            (out.status.success() && !p.is_empty()).then(|| PathBuf::from(p))
        })
    };
    let browser = which(&["chromium", "chromium-browser"])?;
    let driver = which(&["chromedriver"])?;
    let selenium = Command::new("python3")
        .args(["-c", "import selenium"])
        .output()
        .is_ok_and(|o| o.status.success());
    selenium.then_some((browser, driver))
}

/// Runs map_browser.py with `job` and returns what it saw.
fn drive(job: Value) -> Option<Value> {
    let Some((browser, driver)) = chromium() else {
        skip("chromium not available (apt-get install chromium chromium-driver; pip install selenium)");
        return None;
    };
    let mut job = job;
    job["chromium"] = json!(browser);
    job["driver"] = json!(driver);
    let script = root().join("tests/integration/map_browser.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(job.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.code() == Some(3) {
        skip("chromium not available (python3 selenium missing)");
        return None;
    }
    assert!(
        out.status.success(),
        "map_browser.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn render(dir: &Path, name: &str, args: &[&str]) -> String {
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", name]);
    egov_in(dir, &all).expect_code(0);
    dir.join(name).display().to_string()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_map_works_in_a_real_browser() {
    let dir = tempdir();
    let all = render(dir.path(), "all.html", &["--level", "all"]);
    let org = render(dir.path(), "org.html", &["--level", "org"]);
    let country = render(dir.path(), "country.html", &["--level", "country"]);
    let Some(seen) = drive(json!({
        "pages": [
            {"file": all, "search": "uz", "uncheck": "borders", "as_of": 2015, "path": ["fr", "uz"]},
            {"file": org, "path": ["fr", "uz"]},
            {"file": country, "path": ["fr", "uz"]},
        ]
    })) else {
        return;
    };
    let page = &seen["pages"][0];

    // No console errors, no request but the page itself, the API.
    for p in seen["pages"].as_array().unwrap() {
        assert_eq!(p["console"], json!([]), "console messages");
        assert_eq!(p["requests"], json!([]), "network requests");
        assert_eq!(
            p["api"],
            json!(["nodes", "edges", "select", "filter", "asOf"])
        );
    }

    // The DOM holds one element per node of the view: at --level all,
    // every node `egov stats` counts, kind by kind.
    let stats = egov(&["stats", "--format", "json"]).json();
    let nodes = strings(&page["nodes"]);
    assert_eq!(nodes.len() as u64, stats["nodes"].as_u64().unwrap());
    let unique: BTreeSet<&String> = nodes.iter().collect();
    assert_eq!(unique.len(), nodes.len());
    let export = egov(&["export", "json"]).json();
    let all_ids: BTreeSet<String> = ids(&export["nodes"], "id");
    assert_eq!(nodes.iter().cloned().collect::<BTreeSet<_>>(), all_ids);

    // Search selects uz, and the details panel quotes every citation of
    // its ties (hub designations are statements, left out of views).
    assert_eq!(page["search"]["details_node"], "uz");
    assert_eq!(page["search"]["selected"], "uz");
    let details = page["search"]["details_text"].as_str().unwrap();
    // The panel lists the node's own ties (show's --level all).
    let show = egov(&["show", "uz", "--level", "all", "--format", "json"]).json();
    let mut quotes = 0;
    for (kind, list) in show["edges"].as_object().unwrap() {
        if kind == "hub_designation" {
            continue;
        }
        // Planned ties are left out of views, the map's included.
        for e in list
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["status"] != "planned")
        {
            for c in e["citations"].as_array().unwrap() {
                assert!(
                    details.contains(c["title"].as_str().unwrap()),
                    "source title {} missing",
                    c["title"]
                );
                if let Some(q) = c["quote"].as_str() {
                    assert!(details.contains(q), "quote missing: {q}\n{details}");
                    quotes += 1;
                }
            }
        }
    }
    assert!(quotes > 0, "uz has quoted ties");

    // Unchecking `borders` hides exactly the border edges: as many as
    // `egov stats` counts less those through an overseas territory (marked
    // `via`, which the view leaves out), and nothing else; checking it
    // again brings them back.
    let overseas = export["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "borders" && e["via"].is_string())
        .count() as u64;
    let kinds = &page["edge_kinds"];
    let kind = |id: &String| kinds[id][0].as_str().unwrap_or("").to_string();
    let before: BTreeSet<String> = strings(&page["uncheck"]["before"]).into_iter().collect();
    let after: BTreeSet<String> = strings(&page["uncheck"]["after"]).into_iter().collect();
    let hidden: Vec<&String> = before.difference(&after).collect();
    assert!(hidden.iter().all(|id| kind(id) == "borders"));
    assert!(after.iter().all(|id| kind(id) != "borders"));
    assert_eq!(
        hidden.len() as u64,
        stats["edges_by_kind"]["borders"].as_u64().unwrap() - overseas
    );
    assert_eq!(strings(&page["uncheck"]["again"]).len(), before.len());

    // The date slider at 2015 hides the ties of 2016 and 2017, and only
    // those: as many as the exported data dates after 2015 (hub
    // designations, signatures and attendances are not in the view).
    let before: BTreeSet<String> = strings(&page["as_of"]["before"]).into_iter().collect();
    let after: BTreeSet<String> = strings(&page["as_of"]["after"]).into_iter().collect();
    let year = |id: &String| {
        kinds[id][1]
            .as_str()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<i32>().ok())
    };
    let hidden: Vec<&String> = before.difference(&after).collect();
    assert!(!hidden.is_empty());
    assert!(hidden.iter().all(|id| year(id).is_some_and(|y| y > 2015)));
    assert!(after.iter().all(|id| year(id).is_none_or(|y| y <= 2015)));
    let later: Vec<i32> = export["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            !["hub_designation", "signed", "attended"].contains(&e["kind"].as_str().unwrap_or(""))
                && e["status"] != "planned"
        })
        .filter_map(|e| {
            e["date"]
                .as_str()
                .and_then(|d| d.get(..4))
                .and_then(|y| y.parse::<i32>().ok())
                .filter(|&y| y > 2015)
        })
        .collect();
    assert_eq!(hidden.len(), later.len());
    let years: BTreeSet<i32> = hidden.iter().filter_map(|id| year(id)).collect();
    assert_eq!(years, later.into_iter().collect::<BTreeSet<i32>>());

    // The path found in the page is `egov path`'s, at both levels.
    for (p, level) in [
        (&seen["pages"][0], "all"),
        (&seen["pages"][1], "org"),
        (&seen["pages"][2], "country"),
    ] {
        let cli = egov(&["path", "fr", "uz", "--level", level, "--format", "json"]).json();
        let expected = strings(&cli["paths"][0]["nodes"]);
        assert_eq!(strings(&p["path"]), expected, "level {level}");
        assert!(p["hash"].as_str().unwrap().contains("path=fr,uz"));
    }
    let plain = egov(&["path", "fr", "uz", "--format", "json"]).json();
    assert_eq!(
        strings(&seen["pages"][2]["path"]),
        strings(&plain["paths"][0]["nodes"])
    );
}

#[test]
fn size_colour_and_top_flags_shape_the_map() {
    let dir = tempdir();
    let run = egov_in(
        dir.path(),
        &[
            "render",
            "--size-by",
            "closeness",
            "--color-by",
            "region",
            "--top",
            "20",
            "-o",
            "top.html",
        ],
    );
    run.expect_code(0);
    let data = map_data(&std::fs::read_to_string(dir.path().join("top.html")).unwrap());
    assert_eq!(data["nodes"].as_array().unwrap().len(), 20);
    assert_eq!(data["sizeBy"], "closeness");
    assert_eq!(data["colorBy"], "region");
    // The embedded closeness is egov hubs' closeness, and the 20 kept
    // nodes are the 20 with the highest.
    let hubs = egov(&[
        "hubs",
        "--level",
        "country",
        "--metric",
        "closeness",
        "--top",
        "1000",
        "--format",
        "json",
    ])
    .json();
    let all: Vec<f64> = hubs
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["closeness"].as_f64().unwrap())
        .collect();
    let mut sorted = all.clone();
    sorted.sort_by(|a, b| b.total_cmp(a));
    for n in data["nodes"].as_array().unwrap() {
        let mine = n["m"]["closeness"].as_f64().unwrap();
        let theirs = hubs
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == n["id"])
            .and_then(|x| x["closeness"].as_f64())
            .unwrap();
        assert!((mine - theirs).abs() < 1e-5, "{}", n["id"]);
        assert!(
            theirs >= sorted[19] - 1e-9,
            "{} is not in the top 20",
            n["id"]
        );
    }
    let bad = egov_in(
        dir.path(),
        &["render", "--color-by", "bogus", "-o", "x.html"],
    );
    bad.expect_code(2);
    assert!(
        bad.stderr.contains("cannot colour by 'bogus'"),
        "{}",
        bad.stderr
    );
}
