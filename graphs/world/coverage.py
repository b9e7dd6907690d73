#!/usr/bin/env python3
"""Coverage tables of the world dataset, for docs/data.md.

Reads the JSON export of a database built from graphs/ and graphs/world/
(`egov export json`) and prints, as Markdown, the realised cooperation ties
that cite a news report or release (not a seed article), by year and by the
partner's region, and the partners by region.

    egov init world.egdb --from graphs/ graphs/world/
    egov --db world.egdb export json -o world.json
    python3 graphs/world/coverage.py world.json
"""
import collections
import json
import sys

COOPERATION = {"mou", "loi", "forum", "seminar", "conference", "project", "export", "visit"}


def main(path):
    data = json.load(open(path, encoding="utf-8"))
    nodes = {n["id"]: n for n in data["nodes"]}
    sources = {s["id"]: s for s in data["graph"]["sources"]}

    def country(node_id):
        node = nodes[node_id]
        return node_id if node["kind"] == "country" else node.get("country")

    def is_report(cite):
        s = sources.get(cite["source"], {})
        return s.get("url") and s.get("collection") not in (None, "seeds")

    by_year = collections.Counter()
    by_region = collections.Counter()
    partners = collections.defaultdict(set)
    planned = 0
    for e in data["edges"]:
        if e["kind"] not in COOPERATION or not any(is_report(c) for c in e["cite"]):
            continue
        if e.get("status") == "planned":
            planned += 1
            continue
        year = e["date"][:4] if e.get("date") else "undated"
        by_year[year] += 1
        ends = {country(e["source"]), country(e["target"])} - {None}
        other = ends - {"kr"}
        region = "between partners" if "kr" not in ends else (
            nodes[next(iter(other))]["region"] if other else "(organisations)")
        by_region[region] += 1
        if "kr" in ends:
            for c in other:
                partners[nodes[c]["region"]].add(c)

    total = sum(by_year.values())
    print(f"{total} realised cooperation ties cite a report ({planned} planned ties are left out);")
    print(f"{sum(len(v) for v in partners.values())} partner countries have at least one.\n")
    print("| year | ties |\n|---|---|")
    for y in sorted(by_year):
        print(f"| {y} | {by_year[y]} |")
    print("\n| partner's region | ties | partners |\n|---|---|---|")
    for r, n in sorted(by_region.items(), key=lambda kv: (-kv[1], kv[0])):
        ids = ", ".join(sorted(partners.get(r, ())))
        print(f"| {r} | {n} | {ids} |")


if __name__ == "__main__":
    main(sys.argv[1])
