//! The curated-data corrections of graphs/CHANGES.md stay made: each test
//! asks the binary what a user would ask, on the seed articles alone
//! (`--collection seeds`, so that the world dataset cannot hide a
//! regression).

use serde_json::Value;

use crate::util::egov;

/// `egov --collection seeds ARGS --format json`, parsed.
fn seeds(args: &[&str]) -> Value {
    let mut all = vec!["--collection", "seeds", "--format", "json"];
    all.extend_from_slice(args);
    let r = egov(&all);
    r.expect_code(0);
    r.json()
}

/// The edges of `kind` that `show NODE` lists.
fn shown(node: &str, kind: &str) -> Vec<Value> {
    seeds(&["show", node])["edges"][kind]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn quotes(e: &Value) -> Vec<String> {
    e["citations"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|c| c["quote"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn other_end(e: &Value, me: &str) -> String {
    let (s, t) = (
        e["source"].as_str().unwrap_or(""),
        e["target"].as_str().unwrap_or(""),
    );
    if s == me { t } else { s }.to_string()
}

#[test]
fn korea_is_no_longer_one_hop_from_the_cis() {
    let j = seeds(&["path", "kr", "cis"]);
    let hops = j["paths"][0]["edges"].as_array().map(Vec::len).unwrap_or(0);
    assert!(hops >= 2, "kr-cis is {hops} hop(s): {j}");
    // No export, or any cooperation tie, names the organisation itself.
    let cis = seeds(&["show", "cis"]);
    let kinds: Vec<&String> = cis["edges"]
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert!(
        kinds.iter().all(|k| *k == "member_of"),
        "the CIS has ties besides its members: {kinds:?}"
    );
}

#[test]
fn the_kazakhstan_export_carries_the_nine_percent_share_with_its_quote() {
    let exports = shown("kz", "export");
    let e = exports
        .iter()
        .find(|e| e["source"] == "kr")
        .unwrap_or_else(|| panic!("no export kr -> kz: {exports:?}"));
    assert_eq!(e["amount_usd"], 8_710_000.0);
    assert_eq!(e["attrs"]["share_of_cis_exports"], "9 percent", "{e}");
    assert!(
        quotes(e)
            .iter()
            .any(|q| q.contains("9 percent of the total exports to CIS countries")),
        "{e}"
    );
    // The table shows the attribute beside the amount.
    let table = egov(&["--collection", "seeds", "show", "kz", "--wide"]);
    assert!(
        table.stdout.contains(
            "$8.71M; e-Government products and services; share_of_cis_exports: 9 percent"
        ),
        "{}",
        table.stdout
    );
}

#[test]
fn the_expo_invitation_is_not_a_conference() {
    for node in ["kz", "kr"] {
        for e in shown(node, "conference") {
            assert!(
                quotes(&e).iter().all(|q| !q.contains("Expo")),
                "an Expo conference is back: {e}"
            );
        }
    }
    // The invitation is told on the MOU it was made under.
    let mou = shown("kz-mic", "mou");
    assert!(
        mou.iter().any(|e| quotes(e)
            .iter()
            .any(|q| q.contains("invited Korea to the Astana Expo"))),
        "{mou:?}"
    );
}

#[test]
fn sponsorship_is_not_membership_and_part_of_cites_the_body_it_names() {
    assert!(
        shown("kr-kuzc", "part_of").is_empty(),
        "the centre is part_of something again"
    );
    let part = shown("kr-mpm", "part_of");
    assert_eq!(part.len(), 1, "{part:?}");
    assert!(
        quotes(&part[0])
            .iter()
            .any(|q| q.contains("Ministry of Personnel Management")),
        "{part:?}"
    );
    assert!(part[0]["derived"].is_string(), "{part:?}");
}

#[test]
fn the_november_2016_mou_place_is_marked_derived() {
    let mou = shown("kz-mic", "mou");
    let e = mou
        .iter()
        .find(|e| e["date"] == "2016-11")
        .unwrap_or_else(|| panic!("{mou:?}"));
    assert_eq!(e["place"], "Seoul, Korea");
    assert!(e["derived"].as_str().unwrap_or("").contains("place"), "{e}");
}

#[test]
fn announced_events_are_planned_and_left_out_by_default() {
    // The three events the 2014 article announces.
    for (node, kind) in [
        ("kr-mospa", "forum"),
        ("kr-mospa", "mou"),
        ("kr-klid", "project"),
    ] {
        let list = shown(node, kind);
        let announced: Vec<&Value> = list
            .iter()
            .filter(|e| e["citations"][0]["source"] == "bk-2014")
            .collect();
        assert!(!announced.is_empty(), "{node} {kind}");
        for e in announced {
            assert_eq!(e["status"], "planned", "{e}");
        }
    }
    // Left out of the timeline unless asked for.
    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["timeline"];
        a.extend_from_slice(args);
        seeds(&a)
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|e| e["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let planned = "kr-mospa--kz-mid:mou:2014-10-07";
    assert!(!ids(&[]).iter().any(|i| i == planned));
    assert!(ids(&["--include-planned"]).iter().any(|i| i == planned));
    // And out of paths: the announced MOU is no tie between its ends.
    let hops = |extra: &[&str]| {
        let mut a = vec!["path", "kr-mospa", "kz-mid", "--level", "all"];
        a.extend_from_slice(extra);
        seeds(&a)["paths"][0]["edges"]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0)
    };
    assert_eq!(hops(&["--include-planned"]), 1);
    assert_ne!(hops(&[]), 1);
}

#[test]
fn the_businesskorea_article_is_dated_2014_as_derived() {
    let g = egov_graph::builtin::graph().unwrap_or_else(|e| panic!("{e}"));
    let s = g
        .source("bk-2014")
        .unwrap_or_else(|| panic!("no source bk-2014"));
    assert_eq!(s.date.map(|d| d.to_string()).as_deref(), Some("2014"));
    assert!(
        s.note.as_deref().unwrap_or("").contains("derived"),
        "{:?}",
        s.note
    );
    assert!(g.source("bk-2015").is_none());
    // Its dated events carry the year, each marked derived.
    for (kind, date) in [("conference", "2014-09-23"), ("forum", "2014-10-07")] {
        let list = shown("kr-mospa", kind);
        assert!(
            list.iter()
                .any(|e| e["date"] == date
                    && e["derived"].as_str().unwrap_or("").contains("derived")),
            "{kind}: {list:?}"
        );
    }
}

#[test]
fn who_signed_and_who_attended_are_edges() {
    let ends = |node: &str, kind: &str| -> Vec<String> {
        shown(node, kind)
            .iter()
            .map(|e| other_end(e, node))
            .collect()
    };
    let mut signed = ends("hong-yun-sik", "signed");
    signed.sort();
    assert_eq!(signed, ["fr-mgrs", "rs"]);
    assert_eq!(ends("kim-seong-lyul", "attended"), ["by-mci"]);
    assert_eq!(ends("sergei-popkov", "attended"), ["kr-moi"]);
    assert_eq!(ends("dauren-abayev", "attended"), ["kr-moi"]);
    // Cypher sees them under their own relationship type.
    let q = seeds(&[
        "query",
        "MATCH (p:Person)-[:ATTENDED]->(x) RETURN p.id AS p ORDER BY p",
    ]);
    let people: Vec<&str> = q
        .as_array()
        .map(|r| r.iter().filter_map(|x| x["p"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(people, ["dauren-abayev", "kim-seong-lyul", "sergei-popkov"]);
    // Analyses count the MOU once: signatures are left out unless asked for.
    let around = |extra: &[&str]| -> usize {
        let mut a = vec!["neighbors", "hong-yun-sik", "--level", "all"];
        a.extend_from_slice(extra);
        seeds(&a)["nodes"].as_array().map(Vec::len).unwrap_or(0)
    };
    assert!(around(&["--kinds", "signed"]) > around(&[]));
}

#[test]
fn facts_the_articles_state_are_in_the_data() {
    let kr = seeds(&["show", "kr"]);
    assert!(
        kr["node"]["attrs"]["un_egov_survey"]
            .as_str()
            .unwrap_or("")
            .contains("first three times"),
        "{}",
        kr["node"]
    );
    let fr = seeds(&["show", "fr"]);
    assert_eq!(fr["node"]["attrs"]["un_egov_survey_2016_rank"], "10");
    assert_eq!(fr["node"]["attrs"]["digital_republic_law"], "2016-09");
    let visit = shown("jean-vincent-place", "visit");
    let e = visit
        .iter()
        .find(|e| e["date"] == "2017-03-21")
        .unwrap_or_else(|| panic!("{visit:?}"));
    assert_eq!(e["attrs"]["delegates"], "10");
    let group = seeds(&["show", "Korean advisory group for Uzbekistan"]);
    assert_eq!(group["node"]["kind"], "agency");
    assert_eq!(group["node"]["country"], "kr");
    assert!(!group["edges"]["project"]
        .as_array()
        .map(Vec::is_empty)
        .unwrap_or(true));
}
