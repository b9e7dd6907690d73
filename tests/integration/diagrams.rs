//! Diagrams: `egov export dot` and `egov render`, as a user meets them.
//! Graphviz tests print `skipped: graphviz not available` and return when
//! `dot` is not installed; the built-in renderer is always tested.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::{Command, Stdio};

use layout::gv::parser::ast;
use quick_xml::events::Event;
use quick_xml::XmlVersion;

use egov_graph::io::dot::without_html_values;

use crate::util::{egov, egov_in, skip, tempdir, write, Run};

/// Whether Graphviz's `dot` runs here; prints the skip message if not.
fn graphviz(test: &str) -> bool {
    let ok = Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        skip(&format!(
            "graphviz not available (no `dot` on the PATH) in {test}"
        ));
    }
    ok
}

/// Runs `egov` in `dir` with `PATH` emptied, as on a machine without Graphviz.
fn egov_without_graphviz(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_egov"))
        .args(args)
        .current_dir(dir)
        .env_remove("EGOV_DB")
        .env("PATH", "")
        .output()
        .unwrap_or_else(|e| panic!("cannot run egov: {e}"));
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// The drawn graph nodes (`n…` ids) of a DOT text and their labels, read
/// with layout-rs's parser (escapes undone) and, as Graphviz reads labels,
/// with `&amp;` as `&`.
fn node_labels(dot: &str) -> BTreeMap<String, String> {
    fn walk(g: &ast::Graph, out: &mut BTreeMap<String, String>) {
        for st in &g.list.list {
            match st {
                ast::Stmt::Node(n) if n.id.name.starts_with('n') => {
                    for (k, v) in n.list.iter() {
                        if k == "label" {
                            out.insert(n.id.name.clone(), v.replace("&amp;", "&"));
                        }
                    }
                }
                ast::Stmt::SubGraph(s) => walk(s, out),
                _ => {}
            }
        }
    }
    let g = layout::gv::DotParser::new(&without_html_values(dot))
        .process()
        .unwrap_or_else(|e| panic!("DOT does not parse: {e}\n{dot}"));
    let mut out = BTreeMap::new();
    walk(&g, &mut out);
    out
}

/// Every line of text in an SVG (text and tspan contents), counted; panics
/// if the SVG is not well-formed XML.
fn svg_text_lines(svg: &str) -> HashMap<String, usize> {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut lines = HashMap::new();
    let mut depth = 0i64;
    let mut saw_svg = false;
    // Text arrives in pieces around entity references (`&amp;`).
    let mut text = String::new();
    let mut flush = |text: &mut String| {
        let t = std::mem::take(text);
        let t = t.trim();
        if !t.is_empty() {
            *lines.entry(t.to_string()).or_insert(0) += 1;
        }
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                flush(&mut text);
                depth += 1;
                saw_svg |= e.name().as_ref() == "svg";
            }
            Ok(Event::End(_)) => {
                flush(&mut text);
                depth -= 1;
            }
            Ok(Event::Empty(e)) => {
                flush(&mut text);
                saw_svg |= e.name().as_ref() == "svg";
            }
            Ok(Event::Text(t)) => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Ok(Event::GeneralRef(r)) => {
                let c = r
                    .resolve_char_ref()
                    .unwrap_or_else(|e| panic!("bad character reference in SVG: {e}"));
                match c {
                    Some(c) => text.push(c),
                    None => text.push_str(
                        quick_xml::escape::resolve_predefined_entity(&r)
                            .unwrap_or_else(|| panic!("unknown entity &{};", &*r)),
                    ),
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "SVG is not well-formed XML at {}: {e}",
                reader.error_position()
            ),
        }
    }
    assert_eq!(depth, 0, "unbalanced SVG elements");
    assert!(saw_svg, "no <svg> element");
    lines
}

/// Asserts that the SVG carries every line of every node label in the DOT.
fn assert_svg_has_labels(svg: &str, dot: &str) {
    let lines = svg_text_lines(svg);
    let labels = node_labels(dot);
    assert!(!labels.is_empty(), "no node in\n{dot}");
    for (id, label) in &labels {
        for line in label.lines() {
            assert!(
                lines.contains_key(line.trim()),
                "node {id}: label line {line:?} is not in the SVG; SVG text: {:?}",
                lines.keys().collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn export_dot_draws_the_builtin_graph_styled_by_kind() {
    // The org level draws the ministries (the default, country, folds them).
    let r = egov(&["export", "dot", "--level", "org"]);
    r.expect_code(0);
    let dot = &r.stdout;
    assert!(dot.starts_with("digraph {"), "{dot}");
    let labels = node_labels(dot);
    let names: Vec<&str> = labels.values().map(String::as_str).collect();
    assert!(names.contains(&"Kazakhstan"), "{names:?}");
    assert!(names.contains(&"Ministry of the\nInterior"), "{names:?}");
    // Exports drawn wider by amount, with the amount on the label.
    let line = |needle: &str| {
        dot.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in\n{dot}"))
    };
    let big = line("label=\"$133.54M (derived)\"");
    let small = line("label=\"$8.71M\"");
    assert!(big.contains("penwidth=\"4.9\""), "{big}");
    assert!(small.contains("penwidth=\"3.1\""), "{small}");
    // Bodies inside their country's box; a legend; a title describing it.
    assert!(dot.contains("subgraph cluster_"), "{dot}");
    assert!(dot.contains("label=\"Republic of Korea\""), "{dot}");
    // The legend is a row of the graph's label, under the title.
    assert!(dot.contains("> MOU</TD>"), "{dot}");
    assert!(
        dot.contains("<B>E-government cooperation network<BR ALIGN=\"LEFT\"/></B>"),
        "{dot}"
    );
    // The default leaves out countries the data says nothing else about
    // (Andorra borders only France and Spain, no partner at this level).
    assert!(!names.contains(&"Andorra"), "{names:?}");
}

#[test]
fn export_dot_to_a_file_and_the_flags_that_shape_it() {
    let dir = tempdir();
    egov_in(
        dir.path(),
        &[
            "export",
            "dot",
            "-o",
            "kz.dot",
            "--ego",
            "kz",
            "--level",
            "country",
            "--rankdir",
            "TB",
            "--labels",
            "full",
            "--title",
            "Kazakhstan",
        ],
    )
    .expect_code(0);
    let dot = std::fs::read_to_string(dir.path().join("kz.dot")).unwrap();
    assert!(dot.contains("rankdir=\"TB\""), "{dot}");
    assert!(dot.contains("<B>Kazakhstan<BR"), "{dot}");
    assert!(
        dot.contains("label=\"forum 2017-04-25\\nAstana, Kazakhstan\""),
        "{dot}"
    );
    let names: Vec<String> = node_labels(&dot).into_values().collect();
    assert!(
        names.contains(&"Republic of Korea".to_string()),
        "{names:?}"
    );
    assert!(!names.contains(&"France".to_string()), "{names:?}");
    // The centre is highlighted.
    let kz = dot.find("label=\"Kazakhstan\", shape").unwrap_or(0);
    assert!(dot[kz..]
        .split('\n')
        .next()
        .unwrap_or("")
        .contains("penwidth=\"3\""));

    let none = egov(&[
        "export",
        "dot",
        "--no-context",
        "--labels",
        "none",
        "--no-legend",
    ]);
    none.expect_code(0);
    assert!(!none.stdout.contains("Legend"));
    assert!(!none.stdout.contains("label=\"2017"));
    assert!(!none.stdout.contains(" MOU</TD>"), "no legend");
    assert!(!none.stdout.contains("#b5b5b5"), "no border is drawn");

    let region = egov(&["export", "dot", "--cluster", "region"]);
    assert!(region.stdout.contains("label=\"Central Asia\""));
}

#[test]
fn path_is_highlighted_or_drawn_alone() {
    // The seed network: on the world one France borders Brazil through
    // French Guiana.
    let whole = egov(&[
        "--collection",
        "seeds",
        "export",
        "dot",
        "--path",
        "fr",
        "uz",
        "--level",
        "org",
    ]);
    whole.expect_code(0);
    assert!(whole
        .stdout
        .contains("Shortest path: France → Uzbekistan (3 hops)"));
    assert!(whole.stdout.contains(">on the path</TD>"));
    assert!(whole.stdout.contains("#d6d6d6"), "the rest is faded");
    let only = egov(&[
        "--collection",
        "seeds",
        "export",
        "dot",
        "--path",
        "fr",
        "uz",
        "--only-path",
        "--level",
        "org",
    ]);
    only.expect_code(0);
    let mut names: Vec<String> = node_labels(&only.stdout).into_values().collect();
    names.sort();
    assert_eq!(
        names,
        [
            "France",
            "Ministry for\nGovernment Reform and\nSimplification",
            "Ministry of the\nInterior",
            "Uzbekistan"
        ]
    );
    let country = egov(&[
        "export",
        "dot",
        "--path",
        "fr",
        "uz",
        "--only-path",
        "--level",
        "country",
    ]);
    assert_eq!(node_labels(&country.stdout).len(), 3, "fr, kr, uz");
    // The default level is path's: the picture says the hops path prints.
    let default = egov(&[
        "--collection",
        "seeds",
        "export",
        "dot",
        "--path",
        "fr",
        "uz",
    ]);
    let path = egov(&[
        "--collection",
        "seeds",
        "path",
        "fr",
        "uz",
        "--format",
        "json",
    ])
    .json();
    let hops = path["paths"][0]["nodes"].as_array().unwrap().len() - 1;
    assert!(
        default
            .stdout
            .contains(&format!("Shortest path: France → Uzbekistan ({hops} hops)")),
        "{hops} hops"
    );
}

#[test]
fn no_path_and_unknown_nodes_are_reported() {
    let r = egov(&["export", "dot", "--path", "fr", "uz", "--kinds", "mou"]);
    r.expect_code(1);
    assert!(
        r.stderr
            .contains("egov: no path from France (fr) to Uzbekistan (uz)"),
        "{}",
        r.stderr
    );
    let r = egov(&["export", "dot", "--ego", "kazakstn"]);
    r.expect_code(1);
    assert!(
        r.stderr.contains("no node matches 'kazakstn'"),
        "{}",
        r.stderr
    );
    let r = egov(&["export", "dot", "--kinds", "mou", "--since", "2030"]);
    r.expect_code(1);
    assert!(r.stderr.contains("nothing to draw"), "{}", r.stderr);
}

/// Names with quotes, backslashes, line breaks, markup and Hangul.
const TRICKY: &str = r#"
[[source]]
id = "s"
title = "A source"

[[node]]
id = "kr"
kind = "country"
name = "대한민국 \"Korea\""
region = "Eastern Asia"

[[node]]
id = "kr-moi"
kind = "ministry"
name = "행정안전부 \\N back\\slash"
country = "kr"

[[node]]
id = "kz"
kind = "country"
name = "Line one\nline two <b>&amp;</b> {x} ->"
region = "Central Asia"

[[edge]]
from = "kr-moi"
to = "kz"
kind = "mou"
date = "2016-11"
place = "Seoul \"quoted\" \\"
cite = [{ source = "s", quote = "a \"quote\" with \\ and\nbreak" }]

[[edge]]
from = "kr-moi"
to = "kr"
kind = "part_of"
cite = [{ source = "s" }]
"#;

fn tricky_db(dir: &Path) {
    write(dir, "g.toml", TRICKY);
    egov_in(dir, &["init", "t.egdb", "--from", "g.toml"]).expect_code(0);
}

#[test]
fn tricky_names_give_dot_that_parses_and_renders() {
    let dir = tempdir();
    tricky_db(dir.path());
    let r = egov_in(
        dir.path(),
        &[
            "--db", "t.egdb", "export", "dot", "--labels", "full", "--level", "org",
        ],
    );
    r.expect_code(0);
    let labels = node_labels(&r.stdout);
    let names: Vec<&str> = labels.values().map(String::as_str).collect();
    assert!(names.contains(&"대한민국 \"Korea\""), "{names:?}");
    assert!(names.contains(&"행정안전부 \\N back\\slash"), "{names:?}");
    assert!(
        names.contains(&"Line one\nline two <b>&amp;</b>\n{x} ->"),
        "{names:?}"
    );

    // The built-in renderer draws it, escaping the markup for XML.
    let b = egov_in(
        dir.path(),
        &[
            "--db",
            "t.egdb",
            "render",
            "--renderer",
            "builtin",
            "--level",
            "org",
            "-o",
            "t.svg",
        ],
    );
    b.expect_code(0);
    let svg = std::fs::read_to_string(dir.path().join("t.svg")).unwrap();
    assert_svg_has_labels(&svg, &r.stdout);

    if !graphviz("tricky_names_give_dot_that_parses_and_renders") {
        return;
    }
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(r.stdout.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "graphviz rejects the DOT: {err}");
    assert!(!err.contains("syntax error"), "{err}");
    assert_svg_has_labels(&String::from_utf8_lossy(&out.stdout), &r.stdout);
}

#[test]
fn builtin_renderer_draws_svg_with_every_label() {
    let dir = tempdir();
    let args = ["--ego", "kz", "--level", "country"];
    let dot = egov_in(dir.path(), &[&["export", "dot"][..], &args].concat());
    dot.expect_code(0);
    let r = egov_in(
        dir.path(),
        &[
            &["render", "--renderer", "builtin", "-o", "kz.svg"][..],
            &args,
        ]
        .concat(),
    );
    r.expect_code(0);
    assert!(
        r.stderr.contains("with the built-in renderer"),
        "{}",
        r.stderr
    );
    let svg = std::fs::read_to_string(dir.path().join("kz.svg")).unwrap();
    assert_svg_has_labels(&svg, &dot.stdout);
    // Legend entries are drawn too.
    assert!(svg_text_lines(&svg).contains_key("export (width: amount)"));
}

#[test]
fn without_graphviz_svg_falls_back_and_png_asks_for_graphviz() {
    let dir = tempdir();
    let r = egov_without_graphviz(dir.path(), &["render", "--ego", "by", "-o", "by.svg"]);
    r.expect_code(0);
    assert!(
        r.stderr.contains("with the built-in renderer"),
        "{}",
        r.stderr
    );
    svg_text_lines(&std::fs::read_to_string(dir.path().join("by.svg")).unwrap());

    let r = egov_without_graphviz(dir.path(), &["render", "--ego", "by", "-o", "by.png"]);
    r.expect_code(2);
    assert!(r.stderr.contains("PNG needs graphviz"), "{}", r.stderr);
    assert!(r.stderr.contains("install it"), "{}", r.stderr);
    assert!(!dir.path().join("by.png").exists());

    let r = egov_without_graphviz(
        dir.path(),
        &["render", "--renderer", "graphviz", "-o", "x.svg"],
    );
    r.expect_code(2);
    assert!(
        r.stderr.contains("graphviz is not installed"),
        "{}",
        r.stderr
    );

    let r = egov(&["render", "-o", "/tmp/x.gif"]);
    r.expect_code(2);
    assert!(r.stderr.contains(".svg, .png or .pdf"), "{}", r.stderr);
}

#[test]
fn graphviz_renders_svg_png_and_pdf() {
    if !graphviz("graphviz_renders_svg_png_and_pdf") {
        return;
    }
    let dir = tempdir();
    for (args, file) in [
        (vec![], "korea.svg"),
        (vec!["--ego", "kz"], "kz.svg"),
        (vec!["--path", "fr", "uz"], "path.svg"),
        (vec!["--cluster", "region", "--level", "all"], "all.svg"),
    ] {
        let dot = egov_in(dir.path(), &[&["export", "dot"][..], &args].concat());
        dot.expect_code(0);
        let r = egov_in(dir.path(), &[&["render", "-o", file][..], &args].concat());
        r.expect_code(0);
        assert!(r.stderr.contains("with graphviz"), "{}", r.stderr);
        let svg = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert_svg_has_labels(&svg, &dot.stdout);
    }
    egov_in(dir.path(), &["render", "--path", "fr", "uz", "-o", "p.png"]).expect_code(0);
    let png = std::fs::read(dir.path().join("p.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    egov_in(dir.path(), &["render", "--ego", "kz", "-o", "kz.pdf"]).expect_code(0);
    let pdf = std::fs::read(dir.path().join("kz.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn large_diagrams_are_refused_unless_forced() {
    let dir = tempdir();
    let mut toml = String::from("[[source]]\nid = \"s\"\ntitle = \"S\"\n");
    for i in 0..320 {
        toml.push_str(&format!(
            "[[node]]\nid = \"org-{i}\"\nkind = \"organization\"\nname = \"Org {i}\"\n"
        ));
    }
    for i in 1..320 {
        toml.push_str(&format!(
            "[[edge]]\nfrom = \"org-0\"\nto = \"org-{i}\"\nkind = \"mou\"\ncite = [{{ source = \"s\" }}]\n"
        ));
    }
    write(dir.path(), "big.toml", &toml);
    egov_in(dir.path(), &["init", "big.egdb", "--from", "big.toml"]).expect_code(0);
    let r = egov_in(dir.path(), &["--db", "big.egdb", "export", "dot"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("320 nodes, more than 300"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--ego"), "{}", r.stderr);
    let r = egov_in(
        dir.path(),
        &["--db", "big.egdb", "export", "dot", "--force"],
    );
    r.expect_code(0);
    assert_eq!(node_labels(&r.stdout).len(), 320);
    // The built-in renderer has a lower limit.
    let r = egov_in(
        dir.path(),
        &[
            "--db",
            "big.egdb",
            "render",
            "--renderer",
            "builtin",
            "--ego",
            "org-0",
            "-o",
            "b.svg",
        ],
    );
    r.expect_code(2);
    assert!(
        r.stderr.contains("built-in renderer's limit"),
        "{}",
        r.stderr
    );
}

#[test]
fn spreaders_picture_draws_the_source_the_region_its_spreaders_and_brokers_only() {
    let report = crate::util::egov(&[
        "spreaders",
        "--from",
        "kr",
        "--region",
        "Central Asia",
        "--format",
        "json",
    ])
    .json();
    let region = &report["regions"][0];
    let data = crate::util::egov(&["export", "json"]).json();
    let members: Vec<&str> = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["region"] == "Central Asia")
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    let r = crate::util::egov(&[
        "export",
        "dot",
        "--spreaders",
        "--from",
        "kr",
        "--region",
        "Central Asia",
    ]);
    r.expect_code(0);
    // Every drawn node, by the id in its tooltip "Name (id, kind)".
    let drawn: Vec<(String, String, &str)> = r
        .stdout
        .lines()
        .filter_map(|l| {
            let t = l.split("tooltip=\"").nth(1)?;
            let inner = t.split('"').next()?;
            let open = inner.rfind('(')?;
            let (id, kind) = inner[open + 1..].trim_end_matches(')').split_once(", ")?;
            Some((id.to_string(), kind.to_string(), l))
        })
        .collect();
    let brokers: Vec<&str> = region["brokers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert!(!brokers.is_empty());
    for (id, kind, _) in &drawn {
        if kind == "country" {
            assert!(
                id == "kr" || members.contains(&id.as_str()) || brokers.contains(&id.as_str()),
                "{id} is neither the source, a member nor a broker:\n{}",
                r.stdout
            );
        }
    }
    for m in &members {
        assert!(drawn.iter().any(|(id, _, _)| id == m), "member {m} missing");
    }
    // Spreaders are labelled with rank, score and stated-hub mark, and
    // outlined as the legend says.
    for (i, s) in region["spreaders"].as_array().unwrap().iter().enumerate() {
        let (_, _, line) = drawn
            .iter()
            .find(|(id, _, _)| id == s["id"].as_str().unwrap())
            .unwrap();
        let score = format!(
            "#{} spreader, score {:.2}",
            i + 1,
            s["score"].as_f64().unwrap()
        );
        assert!(line.contains(&score), "{line}");
        if s["designated_hub"] == true {
            let mark = if s["designation_derived"] == true {
                "hub (derived)"
            } else {
                "stated hub"
            };
            assert!(
                line.contains(mark) && line.contains("peripheries=\"2\""),
                "{line}"
            );
        }
    }
    // Brokers apart, in their own labelled box, with their role.
    let boxed = r
        .stdout
        .split("label=\"brokers (outside Central Asia)\"")
        .nth(1)
        .expect("a brokers box");
    let box_body = boxed.split('}').next().unwrap();
    for b in region["brokers"].as_array().unwrap() {
        let name = b["name"].as_str().unwrap();
        assert!(box_body.contains(name), "{name} not in the brokers box");
        assert!(box_body.contains(b["role"].as_str().unwrap()));
    }
    for words in [
        "source",
        "spreader a source names as hub",
        "broker outside the region",
    ] {
        assert!(
            r.stdout.contains(&format!(">{words}</TD>")),
            "legend lacks {words}"
        );
    }
    assert!(r
        .stdout
        .contains("Spreaders from Republic of Korea into Central Asia"));
    // The old flag still draws it; without --from it is refused.
    crate::util::egov(&["export", "dot", "--highlight-spreaders", "--from", "kr"]).expect_code(0);
    crate::util::egov(&["export", "dot", "--spreaders"]).expect_code(2);
}

/// Each drawn node's attributes (`n…` ids), from DOT as egov writes it
/// (one statement per line).
fn node_attrs(dot: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    fn walk(g: &ast::Graph, out: &mut BTreeMap<String, BTreeMap<String, String>>) {
        for st in &g.list.list {
            match st {
                ast::Stmt::Node(n) if n.id.name.starts_with('n') => {
                    let a = out.entry(n.id.name.clone()).or_default();
                    for (k, v) in n.list.iter() {
                        a.insert(k.clone(), v.clone());
                    }
                }
                ast::Stmt::SubGraph(s) => walk(s, out),
                _ => {}
            }
        }
    }
    let g = layout::gv::DotParser::new(&without_html_values(dot))
        .process()
        .unwrap_or_else(|e| panic!("DOT does not parse: {e}\n{dot}"));
    let mut out = BTreeMap::new();
    walk(&g, &mut out);
    out
}

/// The id in a node's tooltip "Name (id, kind)".
fn tooltip_id(attrs: &BTreeMap<String, String>) -> String {
    let t = attrs.get("tooltip").cloned().unwrap_or_default();
    t.rsplit('(')
        .next()
        .and_then(|s| s.split(',').next())
        .unwrap_or("")
        .to_string()
}

#[test]
fn nodes_are_coloured_by_region_and_sized_by_pagerank() {
    let run = egov(&[
        "--collection",
        "seeds",
        "export",
        "dot",
        "--ego",
        "kr",
        "--level",
        "country",
        "--color-by",
        "region",
        "--size-by",
        "pagerank",
    ]);
    run.expect_code(0);
    let nodes = node_attrs(&run.stdout);
    // Region per id, from the data (show's JSON).
    let mut fill_of_region: HashMap<String, String> = HashMap::new();
    let mut biggest = (0.0f64, String::new());
    for a in nodes.values() {
        let id = tooltip_id(a);
        let shown = egov(&["--format", "json", "show", &id]).json();
        let region = shown["region"]
            .as_str()
            .or(shown["node"]["region"].as_str())
            .map(str::to_string)
            .unwrap_or_else(|| "international".into());
        let fill = a["fillcolor"].clone();
        let earlier = fill_of_region.entry(region.clone()).or_insert(fill.clone());
        assert_eq!(
            *earlier, fill,
            "{id} ({region}) coloured apart from its region"
        );
        let size: f64 = a["fontsize"].parse().unwrap_or(0.0);
        if size > biggest.0 {
            biggest = (size, id);
        }
    }
    let fills: std::collections::BTreeSet<&String> = fill_of_region.values().collect();
    assert_eq!(fills.len(), fill_of_region.len(), "one colour per region");
    assert!(
        run.stdout.contains("<B>region:</B>"),
        "the key is in the legend"
    );
    assert!(run.stdout.contains("size: PageRank"), "{}", run.stdout);
    // The largest node is the one `hubs` ranks first by PageRank among them.
    let hubs = egov(&[
        "--collection",
        "seeds",
        "--format",
        "json",
        "hubs",
        "--metric",
        "pagerank",
        "--level",
        "country",
        "--top",
        "1000",
    ])
    .json();
    let drawn: Vec<String> = nodes.values().map(tooltip_id).collect();
    let first = hubs
        .as_array()
        .and_then(|r| {
            r.iter()
                .find(|x| drawn.iter().any(|d| x["id"] == d.as_str()))
        })
        .map(|x| x["id"].as_str().unwrap_or("").to_string())
        .unwrap_or_default();
    assert_eq!(biggest.1, first);
    let bad = egov(&["export", "dot", "--color-by", "shoe size"]);
    bad.expect_code(2);
    assert!(
        bad.stderr.contains("kind, region, community"),
        "{}",
        bad.stderr
    );
}

#[test]
fn node_filters_keep_the_top_n_and_the_kinds_asked_for() {
    // Without context edges: with them, a top node tied to the others by
    // a border alone is left out as not taking part in cooperation.
    let top = egov(&[
        "export",
        "dot",
        "--level",
        "country",
        "--no-context",
        "--top",
        "5",
        "--size-by",
        "degree",
    ]);
    top.expect_code(0);
    let drawn: std::collections::BTreeSet<String> =
        node_attrs(&top.stdout).values().map(tooltip_id).collect();
    let hubs = egov(&[
        "--format",
        "json",
        "hubs",
        "--no-context",
        "--metric",
        "degree",
        "--level",
        "country",
        "--top",
        "100000",
    ])
    .json();
    // Five nodes, and none left out ranks above one drawn (equal degrees
    // may fall either side of the cut).
    assert_eq!(drawn.len(), 5, "{drawn:?}");
    let degree = |x: &serde_json::Value| x["degree"].as_f64().unwrap_or(0.0);
    let ranked = hubs.as_array().cloned().unwrap_or_default();
    let lowest_drawn = ranked
        .iter()
        .filter(|x| drawn.contains(x["id"].as_str().unwrap_or("")))
        .map(degree)
        .fold(f64::INFINITY, f64::min);
    for x in ranked
        .iter()
        .filter(|x| !drawn.contains(x["id"].as_str().unwrap_or("")))
    {
        assert!(degree(x) <= lowest_drawn, "{} left out", x["id"]);
    }
    let kinds = egov(&[
        "export",
        "dot",
        "--level",
        "country",
        "--kinds-nodes",
        "country",
    ]);
    kinds.expect_code(0);
    for a in node_attrs(&kinds.stdout).values() {
        assert!(a["tooltip"].ends_with(", country)"), "{a:?}");
    }
}

#[test]
fn undated_events_are_left_out_of_a_dated_picture_unless_asked_for() {
    let all = egov(&["export", "dot", "--level", "country", "--no-context"]);
    let since = egov(&[
        "export",
        "dot",
        "--level",
        "country",
        "--no-context",
        "--since",
        "2016",
    ]);
    let kept = egov(&[
        "export",
        "dot",
        "--level",
        "country",
        "--no-context",
        "--since",
        "2016",
        "--undated",
    ]);
    let edges = |r: &Run| r.stdout.lines().filter(|l| l.contains(" -> ")).count();
    // An undated export is in the whole picture, not in the dated one.
    assert!(all.stdout.contains("(derived)"), "{}", all.stdout);
    assert!(!since.stdout.contains("(derived)\""), "{}", since.stdout);
    assert!(kept.stdout.contains("(derived)"), "{}", kept.stdout);
    assert!(edges(&kept) > edges(&since));
    assert!(kept.stdout.contains("undated event"), "named in the legend");
    assert!(!since.stdout.contains("undated event"));
    let undated_line = kept
        .stdout
        .lines()
        .find(|l| l.contains("(derived)"))
        .unwrap_or("");
    assert!(undated_line.contains("style=\"dashed\""), "{undated_line}");
}

#[test]
fn a_briefing_fills_an_a4_page_with_14_point_text_and_a_caption() {
    if !graphviz("a_briefing_fills_an_a4_page_with_14_point_text_and_a_caption") {
        return;
    }
    let dir = tempdir();
    let args = [
        "--collection",
        "seeds",
        "render",
        "--preset",
        "briefing",
        "--ego",
        "kr",
        "--level",
        "country",
        "--size-by",
        "pagerank",
        "--color-by",
        "region",
        "-o",
        "b.png",
    ];
    let run = egov_in(dir.path(), &args);
    run.expect_code(0);
    assert!(!run.stderr.contains("smallest text"), "{}", run.stderr);
    // A4 landscape at 150 dpi.
    let png = std::fs::read(dir.path().join("b.png")).unwrap();
    let be = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    let (w, h) = (f64::from(be(16)), f64::from(be(20)));
    assert!(
        (1700.0..=1760.0).contains(&w) || (1200.0..=1245.0).contains(&h),
        "{w}x{h}"
    );
    assert!(w > h * 1.3, "landscape: {w}x{h}");
    // The DOT of the same picture: every font at least 14 pt once
    // Graphviz scales it to the page.
    let dot = egov(
        &args[..args.len() - 2]
            .iter()
            .map(|s| match *s {
                "render" => "export",
                x => x,
            })
            .flat_map(|s| {
                if s == "export" {
                    vec!["export", "dot"]
                } else {
                    vec![s]
                }
            })
            .collect::<Vec<_>>(),
    );
    dot.expect_code(0);
    let plain = Command::new("dot")
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin
                .take()
                .map(|mut i| i.write_all(dot.stdout.as_bytes()));
            c.wait_with_output()
        })
        .unwrap();
    let text = String::from_utf8_lossy(&plain.stdout);
    let scale: f64 = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0);
    let smallest = dot
        .stdout
        .split("fontsize=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse::<f64>().ok())
        .fold(f64::INFINITY, f64::min);
    assert!(smallest * scale.min(1.0) >= 13.9, "{smallest} pt × {scale}");
    for part in [
        "Sources: ",
        "Events dated ",
        "Drawn by: egov --collection seeds export dot --preset briefing",
    ] {
        assert!(dot.stdout.contains(part), "caption lacks {part}");
    }
}

#[test]
fn spring_layouts_keep_each_node_where_the_whole_view_puts_it() {
    if !graphviz("spring_layouts_keep_each_node_where_the_whole_view_puts_it") {
        return;
    }
    let pos = |args: &[&str]| -> HashMap<String, (f64, f64)> {
        let mut all = vec!["export", "dot", "--layout", "neato", "--level", "country"];
        all.extend_from_slice(args);
        let r = egov(&all);
        r.expect_code(0);
        node_attrs(&r.stdout)
            .values()
            .filter_map(|a| {
                let p = a.get("pos")?.trim_end_matches('!').to_string();
                let (x, y) = p.split_once(',')?;
                Some((tooltip_id(a), (x.parse().ok()?, y.parse().ok()?)))
            })
            .collect()
    };
    let ego = pos(&["--ego", "kz"]);
    let path = pos(&["--path", "fr", "uz", "--only-path"]);
    assert!(ego.len() >= 3 && path.len() >= 3, "{ego:?} {path:?}");
    // Each part is the whole view's layout scaled by one factor: the same
    // ratio between any two nodes' positions in both parts.
    for part in [&ego, &path] {
        let mut ratios = part
            .iter()
            .filter_map(|(id, p)| ego.get(id).map(|q| (p.0 / q.0, p.1 / q.1)));
        let (rx, ry) = ratios.next().unwrap_or((1.0, 1.0));
        assert!((rx - ry).abs() < 0.02 * rx.abs(), "{rx} {ry}");
        for (x, y) in ratios {
            assert!((x - rx).abs() < 0.02 * rx.abs() && (y - ry).abs() < 0.02 * ry.abs());
        }
    }
}

#[test]
fn docs_img_make_sh_draws_every_picture_in_docs_img() {
    if !graphviz("docs_img_make_sh_draws_every_picture_in_docs_img") {
        return;
    }
    let chromium = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !chromium {
        skip("chromium not available (make.sh photographs the HTML map)");
        return;
    }
    let root = crate::util::root();
    let out = tempdir();
    let run = Command::new("sh")
        .arg("docs/img/make.sh")
        .arg(out.path())
        .current_dir(&root)
        .env("EGOV", env!("CARGO_BIN_EXE_egov"))
        .env_remove("EGOV_DB")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "make.sh failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pictures = |dir: &Path| -> std::collections::BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".png") || n.ends_with(".svg"))
            .collect()
    };
    let committed = pictures(&root.join("docs/img"));
    let drawn = pictures(out.path());
    let missing: Vec<&String> = committed.difference(&drawn).collect();
    assert!(missing.is_empty(), "make.sh does not draw {missing:?}");
    for name in &drawn {
        let size = std::fs::metadata(out.path().join(name))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(size > 1000, "{name} is {size} bytes");
    }
    // Every picture docs/diagrams.md shows is in docs/img.
    let doc = std::fs::read_to_string(root.join("docs/diagrams.md")).unwrap();
    for part in doc.split("](img/").skip(1) {
        let name = part.split(')').next().unwrap_or("");
        assert!(
            committed.contains(name),
            "docs/diagrams.md shows missing img/{name}"
        );
    }
}
