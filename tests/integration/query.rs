//! `egov query`: openCypher over the built-in graph, checked against what
//! the other commands report, and on scratch graphs made here.

use crate::util::{egov, tempdir, write};

/// `egov stats` as JSON.
fn stats() -> serde_json::Value {
    egov(&["stats", "--format", "json"]).json()
}

#[test]
fn labels_and_types_count_what_stats_counts() {
    let s = stats();
    let rows = egov(&[
        "query",
        "MATCH ()-[r]-() RETURN type(r) AS t, count(DISTINCT r) AS n",
        "--format",
        "json",
    ]);
    rows.expect_code(0);
    let rows = rows.json();
    let by_kind = s["edges_by_kind"].as_object().unwrap();
    // stats lists every kind, those with no edge (the `tie` kind) as 0.
    let present = by_kind.values().filter(|n| n.as_u64() != Some(0)).count();
    assert_eq!(rows.as_array().unwrap().len(), present);
    for r in rows.as_array().unwrap() {
        let kind = r["t"].as_str().unwrap().to_ascii_lowercase();
        assert_eq!(r["n"], by_kind[&kind], "{kind}");
    }
    let nodes = egov(&[
        "query",
        "MATCH (n) WHERE NOT n:Source RETURN count(n) AS n",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(nodes[0]["n"], s["nodes"]);
}

#[test]
fn symmetric_kinds_match_both_directions() {
    let s = stats();
    let count = |q: &str| {
        egov(&["query", q, "--format", "json"]).json()[0]["n"]
            .as_u64()
            .unwrap()
    };
    let mou = s["edges_by_kind"]["mou"].as_u64().unwrap();
    assert!(mou > 0);
    assert_eq!(count("MATCH (a)-[:MOU]->(b) RETURN count(*) AS n"), 2 * mou);
    assert_eq!(count("MATCH (a)<-[:MOU]-(b) RETURN count(*) AS n"), 2 * mou);
    // a directed kind matches only its own way
    let export = s["edges_by_kind"]["export"].as_u64().unwrap();
    assert_eq!(
        count("MATCH (a)-[:EXPORT]->(b) RETURN count(*) AS n"),
        export
    );
    assert_eq!(
        count("MATCH (a)-[:EXPORT]-(b) RETURN count(*) AS n"),
        2 * export
    );
}

#[test]
fn a_relationship_in_a_table_shows_its_citations() {
    let q = "MATCH (a)-[r:EXPORT]->(b) RETURN a.id AS a, b.id AS b, r ORDER BY a, b";
    let j = egov(&["query", q, "--format", "json"]).json();
    let table = egov(&["query", q, "--wide"]);
    table.expect_code(0);
    let rows = j.as_array().unwrap();
    assert!(!rows.is_empty());
    for r in rows {
        assert_eq!(r["r"]["type"], "EXPORT");
        let cites = r["r"]["properties"]["citations"].as_array().unwrap();
        assert!(!cites.is_empty());
        for c in cites {
            let quote = c["quote"].as_str().unwrap();
            assert!(
                table.stdout.contains(&format!("\"{quote}\"")),
                "{}",
                table.stdout
            );
        }
    }
    let csv = egov(&["query", q, "--format", "csv"]);
    assert!(csv.stdout.starts_with("a,b,r\n"), "{}", csv.stdout);
}

#[test]
fn parameters_and_files_of_statements() {
    let dir = tempdir();
    let f = write(
        dir.path(),
        "q.cypher",
        "// two statements\nMATCH (c:Country) WHERE c.region = $r RETURN count(c) AS n;\n\nMATCH (c:Country) WHERE c.region = $r RETURN c.id AS id ORDER BY id;\n",
    );
    let f = f.to_str().unwrap();
    let r = egov(&[
        "query",
        "-f",
        f,
        "--param",
        "r=Central Asia",
        "--format",
        "csv",
    ]);
    r.expect_code(0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "n");
    let n: usize = lines[1].parse().unwrap();
    assert!(n > 0);
    // the second statement's header and n ids, sorted
    assert_eq!(lines[2], "id");
    let ids: Vec<&str> = lines[3..].to_vec();
    assert_eq!(ids.len(), n);
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    // a JSON parameter value
    let r = egov(&[
        "query",
        "RETURN $x + 1 AS y",
        "--param",
        "x=41",
        "--format",
        "json",
    ]);
    assert_eq!(r.json()[0]["y"], 42);
}

#[test]
fn errors_are_opencypher_kinds_with_line_and_column() {
    let r = egov(&["query", "MATCH (n)\nRETURN m"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("SyntaxError (UndefinedVariable) at line 2, column 8"),
        "{}",
        r.stderr
    );
    let r = egov(&["query", "MATCH (n RETURN n"]);
    r.expect_code(2);
    assert!(r.stderr.contains("SyntaxError"), "{}", r.stderr);
    let r = egov(&["query", "RETURN 1 / 0"]);
    r.expect_code(2);
    assert!(r.stderr.contains("ArgumentError"), "{}", r.stderr);
    // lines count from the top of a file
    let dir = tempdir();
    let f = write(
        dir.path(),
        "bad.cypher",
        "RETURN 1 AS a;\nRETURN 2 AS b;\nRETURN x;\n",
    );
    let r = egov(&["query", "-f", f.to_str().unwrap()]);
    r.expect_code(2);
    assert!(r.stderr.contains("at line 3, column 8"), "{}", r.stderr);
}

#[test]
fn writes_run_only_on_a_scratch_graph() {
    let r = egov(&["query", "MATCH (c:Country) SET c.name = 'x'"]);
    r.expect_code(2);
    assert!(r.stderr.contains("--scratch"), "{}", r.stderr);
    let r = egov(&[
        "query",
        "--scratch",
        "CREATE (a:X {v: 1})-[:T]->(b:X {v: 2}) WITH a MATCH (a)-[:T]->(b) RETURN a.v + b.v AS s",
        "--format",
        "json",
    ]);
    r.expect_code(0);
    assert_eq!(r.json()[0]["s"], 3);
}

#[test]
fn no_rows_exits_1() {
    let r = egov(&["query", "MATCH (n:NoSuchLabel) RETURN n"]);
    r.expect_code(1);
    assert!(r.stdout.contains("| n |"), "{}", r.stdout);
}

/// `egov shell` with `input` on stdin (not a terminal), from the crate root.
fn shell(args: &[&str], input: &str) -> crate::util::Run {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_egov"))
        .arg("shell")
        .args(args)
        .current_dir(crate::util::root())
        .env_remove("EGOV_DB")
        .env_remove("COLUMNS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run egov shell: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    crate::util::Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

#[test]
fn shell_reads_statements_over_lines_and_answers_as_query_does() {
    let q = "MATCH (c:Country)-[r:MEMBER_OF]->(o:Organization) RETURN c.id AS a, o.id AS b, r.date AS date ORDER BY a, b";
    let direct = egov(&["query", q, "--format", "json"]).json();
    assert!(!direct.as_array().unwrap().is_empty());
    // The same statement split over three lines, after a switch to JSON;
    // nothing runs before the `;`.
    let (first, rest) = q.split_at(q.find(" RETURN").unwrap());
    let (second, third) = rest.split_at(rest.find(" ORDER").unwrap());
    let run = shell(&[], &format!(":format json\n{first}\n{second}\n{third};\n"));
    run.expect_code(0);
    assert_eq!(run.json(), direct);
    // Two statements on one line answer twice, in order; a table says how
    // many rows it has.
    let run = shell(&[], "RETURN 1 AS x; RETURN 'a;b' AS y;\n");
    run.expect_code(0);
    let x = run.stdout.find("| x |").unwrap();
    let y = run.stdout.find("| a;b |").unwrap();
    assert!(x < y, "{}", run.stdout);
    assert_eq!(run.stdout.matches("1 row\n").count(), 2, "{}", run.stdout);
}

#[test]
fn shell_keeps_going_after_an_error_and_exits_1() {
    let run = shell(
        &["--format", "csv"],
        "MATCH (n RETURN n;\n:nonsense\nRETURN 7 AS seven;\n:quit\nRETURN 8 AS eight;\n",
    );
    run.expect_code(1);
    assert!(run.stderr.contains("SyntaxError"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown command ':nonsense'"),
        "{}",
        run.stderr
    );
    // after the errors it still answers; after :quit it reads no more
    assert_eq!(run.stdout, "seven\n7\n");
}

#[test]
fn shell_writes_only_on_scratch_and_a_failed_statement_writes_nothing() {
    let run = shell(&[], "CREATE (:Country {id: 'zz'});\n");
    run.expect_code(1);
    assert!(run.stderr.contains("WritesNotAllowed"), "{}", run.stderr);
    let run = shell(
        &["--scratch", "--format", "json"],
        "CREATE (:X {n: 1})-[:T]->(:Y);\n\
         MATCH (x:X) CREATE (:Z {n: 1 / 0});\n\
         :schema\n\
         MATCH (n) RETURN count(n) AS n\n",
    );
    run.expect_code(1);
    assert!(run.stderr.contains("DivisionByZero"), "{}", run.stderr);
    // stdout holds two JSON arrays: the schema, then the count (the last
    // statement runs at the end of the input without a `;`)
    let mut docs = serde_json::Deserializer::from_str(&run.stdout).into_iter::<serde_json::Value>();
    let schema = docs.next().unwrap().unwrap();
    let count = docs.next().unwrap().unwrap();
    let names: Vec<&str> = schema
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [":X", ":Y", "[:T]"],
        "the failed CREATE of :Z left nothing"
    );
    assert_eq!(schema[0]["count"], 1);
    assert_eq!(schema[0]["properties"], "n");
    assert_eq!(count[0]["n"], 2);
}

#[test]
fn explain_prints_each_rows_relationships_with_their_citations() {
    let q = "MATCH (a)-[r:EXPORT|MOU]->(b) RETURN r ORDER BY r.id";
    let rows = egov(&["query", q, "--format", "json"]).json();
    let rows = rows.as_array().unwrap();
    assert!(rows.len() > 1);
    let run = egov(&["query", q, "--explain", "--wide"]);
    run.expect_code(0);
    let text = &run.stdout;
    // Row N's block holds that relationship's id and every quote of it,
    // before row N+1's block.
    let mut from = 0;
    for (i, r) in rows.iter().enumerate() {
        let at = from + text[from..].find(&format!("\nrow {}:\n", i + 1)).unwrap();
        let end = text[at + 1..]
            .find("\nrow ")
            .map_or(text.len(), |e| at + 1 + e);
        let block = &text[at..end];
        let p = &r["r"]["properties"];
        let head = block.lines().nth(2).unwrap();
        assert!(
            head.ends_with(&format!("  id {}", p["id"].as_str().unwrap())),
            "{block}"
        );
        let cited = p["citations"].as_array().unwrap();
        assert!(!cited.is_empty());
        for c in cited {
            let line = format!(
                "\"{}\" ({})",
                c["quote"].as_str().unwrap(),
                // the source's file, else its id
                c["file"].as_str().or(c["source"].as_str()).unwrap()
            );
            assert!(block.contains(&line), "{line} not in\n{block}");
        }
        assert_eq!(block.lines().count(), 3 + cited.len(), "{block}");
        from = end;
    }
    let run = egov(&["query", "RETURN 1 AS x", "--explain", "--format", "json"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--explain"), "{}", run.stderr);
}
