#!/usr/bin/env python3
"""egov side by side with python-igraph, NetworkX, rustworkx and Kuzu.

Creates a virtual environment with the peers from PyPI, generates world
graphs with `egov generate` (10k, 100k and 1M edges by default), runs every
tool several times in fresh processes, and prints Markdown tables of median
times, peak memory (max RSS of the process) and ratios.

What is timed:
- egov: the whole command, end to end (process start, open, query, print),
  as a user runs it; plus, from `examples/ops` (benches/ops.rs), the kernel
  alone on an open, folded graph, to compare like with like.
- peers: the operation alone, on a graph already loaded in the process
  (library import and graph building are not counted), so every ratio is
  conservative for egov.

Usage:
    python3 benches/compare.py                     # everything (~20-30 min)
    python3 benches/compare.py --sizes 10000 --repeat 3
    python3 benches/compare.py --skip-betweenness --skip-networkx

Not run by `cargo test`.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = ["python-igraph", "networkx", "rustworkx", "kuzu", "scipy", "numpy"]

# A peer's operation runs in a worker: a fresh Python process that loads
# the graph, times the operation alone and prints JSON.
WORKER = r'''
import csv, json, sys, time

task, tool, csv_dir = sys.argv[1], sys.argv[2], sys.argv[3]
extra = sys.argv[4:]

def edges_and_nodes():
    with open(f"{csv_dir}/nodes.csv", newline="") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    index = {v: i for i, v in enumerate(ids)}
    pairs = set()
    with open(f"{csv_dir}/edges.csv", newline="") as f:
        for row in csv.DictReader(f):
            a, b = index[row["source"]], index[row["target"]]
            if a != b:
                pairs.add((min(a, b), max(a, b)))
    return ids, index, sorted(pairs)

out = {}
if tool == "kuzu":
    import kuzu
    db_dir = extra[0]
    db = kuzu.Database(db_dir)
    conn = kuzu.Connection(db)
    if task == "load":
        conn.execute("CREATE NODE TABLE Node(id STRING, kind STRING, name STRING, country STRING, region STRING, PRIMARY KEY(id))")
        conn.execute("CREATE REL TABLE Edge(FROM Node TO Node, kind STRING, date STRING, end_date STRING, role STRING, amount_usd DOUBLE, what STRING, topics STRING, place STRING, region STRING, cite STRING)")
        t = time.perf_counter()
        conn.execute(f"COPY Node FROM '{csv_dir}/nodes.csv' (HEADER=true)")
        conn.execute(f"COPY Edge FROM '{csv_dir}/edges.csv' (HEADER=true)")
        out["seconds"] = time.perf_counter() - t
        out["found"] = conn.execute("MATCH ()-[e:Edge]->() RETURN count(e)").get_next()[0]
    elif task == "path":
        a, b = extra[1], extra[2]
        q = f"MATCH p = (a:Node)-[:Edge* SHORTEST 1..30]-(b:Node) WHERE a.id = '{a}' AND b.id = '{b}' RETURN length(p)"
        times = []
        for _ in range(3):
            t = time.perf_counter()
            r = conn.execute(q)
            found = r.get_next()[0] if r.has_next() else -1
            times.append(time.perf_counter() - t)
        out["seconds"] = sorted(times)[1]
        out["first_seconds"] = times[0]
        out["found"] = found
else:
    ids, index, pairs = edges_and_nodes()
    n = len(ids)
    if tool == "igraph":
        import igraph as ig
        g = ig.Graph(n=n, edges=pairs, directed=False)
    elif tool == "networkx":
        import networkx as nx
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from(pairs)
    elif tool == "rustworkx":
        import rustworkx as rx
        g = rx.PyGraph(multigraph=False)
        g.add_nodes_from(range(n))
        g.add_edges_from_no_data(pairs)
        if task == "pagerank":
            g = g.to_directed()  # rustworkx's PageRank takes a digraph
    t = time.perf_counter()
    if task == "pagerank":
        if tool == "igraph":
            r = g.pagerank(damping=0.85)
        elif tool == "networkx":
            r = list(nx.pagerank(g, alpha=0.85, tol=1e-6).values())
        elif tool == "rustworkx":
            r = list(rx.pagerank(g, alpha=0.85, tol=1e-6).values())
        out["found"] = max(r)
    elif task == "betweenness":
        if tool == "igraph":
            r = g.betweenness(directed=False)
        elif tool == "networkx":
            r = list(nx.betweenness_centrality(g).values())
        elif tool == "rustworkx":
            r = list(rx.betweenness_centrality(g, normalized=True, parallel_threshold=50).values())
        out["found"] = max(r)
    elif task == "path":
        a, b = index[extra[0]], index[extra[1]]
        if tool == "igraph":
            p = g.get_shortest_path(a, b)
        elif tool == "networkx":
            p = nx.shortest_path(g, a, b)
        elif tool == "rustworkx":
            p = list(rx.dijkstra_shortest_paths(g, a, target=b)[b])
        out["found"] = len(p) - 1
    out["seconds"] = time.perf_counter() - t
print(json.dumps(out))
'''


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def measured(cmd, cwd=None):
    """Runs `cmd` under /usr/bin/time -v: (wall seconds, peak RSS bytes, stdout)."""
    fd, tpath = tempfile.mkstemp()
    os.close(fd)
    full = ["/usr/bin/time", "-v", "-o", tpath] + [str(c) for c in cmd]
    t = time.perf_counter()
    p = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    wall = time.perf_counter() - t
    rss = 0
    with open(tpath) as f:
        for line in f:
            if "Maximum resident set size" in line:
                rss = int(line.split(":")[1]) * 1024
    os.unlink(tpath)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({p.returncode}):\n{p.stderr.decode()}")
    return wall, rss, p.stdout.decode()


def venv(path):
    py = os.path.join(path, "bin", "python")
    if not os.path.exists(py):
        log(f"creating {path} and installing {' '.join(PEERS)} from PyPI")
        subprocess.run([sys.executable, "-m", "venv", path], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q"] + PEERS, check=True)
    versions = subprocess.run(
        [py, "-c", "import igraph, networkx, rustworkx, kuzu; print(igraph.__version__, networkx.__version__, rustworkx.__version__, kuzu.__version__)"],
        stdout=subprocess.PIPE, check=True).stdout.decode().split()
    return py, dict(zip(["igraph", "networkx", "rustworkx", "kuzu"], versions))


class Results:
    def __init__(self):
        self.rows = []

    def add(self, task, size, tool, what, times, rss, note=""):
        self.rows.append(dict(task=task, size=size, tool=tool, what=what,
                              median=statistics.median(times), runs=len(times),
                              rss=max(rss) if rss else None, note=note))

    def median(self, task, size, tool, what=None):
        for r in self.rows:
            if r["task"] == task and r["size"] == size and r["tool"] == tool and (what is None or r["what"] == what):
                return r["median"]
        return None


def fmt_time(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def fmt_mb(b):
    return "" if b is None else f"{b / 1e6:.0f} MB"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000", help="edge counts, comma-separated")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement (median reported)")
    ap.add_argument("--slow-repeat", type=int, default=3, help="runs for betweenness and NetworkX")
    ap.add_argument("--venv", default=os.path.join(ROOT, "target", "compare-venv"))
    ap.add_argument("--work", default=None, help="folder for generated graphs (default: a temp folder)")
    ap.add_argument("--egov", default=None, help="egov binary (default: cargo build --release)")
    ap.add_argument("--skip-betweenness", action="store_true")
    ap.add_argument("--skip-networkx", action="store_true")
    ap.add_argument("--json", default=None, help="also write the raw results here")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    if args.egov:
        egov, ops = args.egov, os.path.join(os.path.dirname(args.egov), "examples", "ops")
    else:
        log("building egov (release)")
        subprocess.run(["cargo", "build", "--release", "--bin", "egov", "--example", "ops"], cwd=ROOT, check=True)
        egov = os.path.join(ROOT, "target", "release", "egov")
        ops = os.path.join(ROOT, "target", "release", "examples", "ops")
    py, versions = venv(args.venv)
    work = args.work or tempfile.mkdtemp(prefix="egov-compare-")
    os.makedirs(work, exist_ok=True)
    worker = os.path.join(work, "worker.py")
    with open(worker, "w") as f:
        f.write(WORKER)
    res = Results()

    def peer(task, tool, csv_dir, *extra, repeat):
        times, rss, found = [], [], None
        for _ in range(repeat):
            _, peak, out = measured([py, worker, task, tool, csv_dir, *extra])
            o = json.loads(out)
            times.append(o["seconds"])
            rss.append(peak)
            found = o.get("found")
        return times, rss, found

    def egov_cmd(cmd, repeat, cwd=None):
        times, rss, out = [], [], ""
        for _ in range(repeat):
            wall, peak, out = measured([egov] + cmd, cwd=cwd)
            times.append(wall)
            rss.append(peak)
        return times, rss, out

    def kernel(db, *op, repeat):
        times, found = [], None
        for _ in range(repeat):
            _, _, out = measured([ops, db, *op])
            o = json.loads(out)
            times.append(o["seconds"])
            found = o.get("found")
        return times, found

    for size in sizes:
        d = os.path.join(work, f"w{size}")
        csv_dir, db = os.path.join(d, "csv"), os.path.join(d, "world.egdb")
        os.makedirs(d, exist_ok=True)
        t, r, _ = egov_cmd(["generate", "--edges", str(size), "--seed", "1", "--csv", csv_dir, "-o", db, "--force"], 1)
        res.add("generate", size, "egov", "end to end", t, r)
        a, b = "p-1", f"p-{max(2, size // 1300)}"

        # Load / import.
        t, r, _ = egov_cmd(["init", os.path.join(d, "init.egdb"), "--force", "--from", csv_dir], args.repeat)
        res.add("init from CSV", size, "egov", "end to end", t, r)
        kt, kr = [], []
        for i in range(args.repeat):
            kdir = os.path.join(d, f"kuzu-{i}")
            shutil.rmtree(kdir, ignore_errors=True)
            _, peak, out = measured([py, worker, "load", "kuzu", csv_dir, kdir])
            kt.append(json.loads(out)["seconds"])
            kr.append(peak)
        res.add("init from CSV", size, "kuzu", "COPY alone", kt, kr)

        # Open and count; the path query.
        t, r, _ = egov_cmd(["--db", db, "stats"], args.repeat)
        res.add("open + stats", size, "egov", "end to end", t, r)
        t, r, out = egov_cmd(["--db", db, "path", a, b], args.repeat)
        res.add("path (country level)", size, "egov", "end to end", t, r)
        t, r, out = egov_cmd(["--db", db, "path", a, b, "--level", "all"], args.repeat)
        res.add("path (raw graph)", size, "egov", "end to end", t, r)
        kt, found = kernel(db, "path", a, b, repeat=args.repeat)
        res.add("path (raw graph)", size, "egov", "BFS alone", kt, [])
        t, r, found = peer("path", "kuzu", csv_dir, os.path.join(d, "kuzu-0"), a, b, repeat=args.repeat)
        res.add("path (raw graph)", size, "kuzu", "query alone", t, r, f"length {found}")
        t, r, found = peer("path", "igraph", csv_dir, a, b, repeat=args.repeat)
        res.add("path (raw graph)", size, "igraph", "query alone", t, r, f"length {found}")

        # PageRank.
        t, r, _ = egov_cmd(["--db", db, "hubs", "--metric", "pagerank", "--level", "all"], args.repeat)
        res.add("pagerank", size, "egov", "end to end", t, r)
        kt, _ = kernel(db, "pagerank", repeat=args.repeat)
        res.add("pagerank", size, "egov", "kernel alone", kt, [])
        for tool in ["igraph", "rustworkx"] + ([] if args.skip_networkx else ["networkx"]):
            rep = args.slow_repeat if tool == "networkx" else args.repeat
            t, r, _ = peer("pagerank", tool, csv_dir, repeat=rep)
            res.add("pagerank", size, tool, "call alone", t, r)

    # Exact betweenness on the 20k-node / 100k-edge graph, and sampling.
    if not args.skip_betweenness:
        size = 100000
        d = os.path.join(work, f"w{size}")
        csv_dir, db = os.path.join(d, "csv"), os.path.join(d, "world.egdb")
        if not os.path.exists(db):
            os.makedirs(d, exist_ok=True)
            egov_cmd(["generate", "--edges", str(size), "--seed", "1", "--csv", csv_dir, "-o", db, "--force"], 1)
        rep = args.slow_repeat
        t, r, _ = egov_cmd(["--db", db, "hubs", "--metric", "betweenness", "--level", "all"], rep)
        res.add("betweenness exact", size, "egov", "end to end", t, r)
        kt, _ = kernel(db, "betweenness", repeat=rep)
        res.add("betweenness exact", size, "egov", "kernel alone", kt, [])
        for tool in ["igraph", "rustworkx"]:
            t, r, _ = peer("betweenness", tool, csv_dir, repeat=rep)
            res.add("betweenness exact", size, tool, "call alone", t, r)
        _, _, out = measured([ops, db, "sampled", "100,500,2000"])
        sampled = json.loads(out)
    else:
        sampled = None

    print_report(res, versions, sampled)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": res.rows, "versions": versions, "sampled": sampled}, f, indent=2)


def print_report(res, versions, sampled):
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
          + ", ".join(f"{k} {v}" for k, v in versions.items()))
    print()
    print("| task | edges | tool | what is timed | median | runs | peak RSS | bytes/edge |")
    print("|---|---:|---|---|---:|---:|---:|---:|")
    for r in res.rows:
        per_edge = "" if r["rss"] is None else f"{r['rss'] / r['size']:.0f}"
        note = f" ({r['note']})" if r["note"] else ""
        print(f"| {r['task']} | {r['size']:,} | {r['tool']} | {r['what']}{note} | {fmt_time(r['median'])} "
              f"| {r['runs']} | {fmt_mb(r['rss'])} | {per_edge} |")
    print()
    print("Ratios against the targets (egov / reference; below 1 means egov is faster):")
    print()
    print("| target | edges | egov | reference | ratio | goal |")
    print("|---|---:|---:|---:|---:|---|")
    sizes = sorted({r["size"] for r in res.rows})
    checks = [
        ("init vs Kuzu COPY", "init from CSV", ("egov", "end to end"), ("kuzu", None), "< 1"),
        ("path end to end vs Kuzu query", "path (raw graph)", ("egov", "end to end"), ("kuzu", None), "<= 1"),
        ("path (country level) vs Kuzu query", "path (country level)", ("egov", "end to end"), None, "<= 1"),
        ("PageRank vs igraph", "pagerank", ("egov", "kernel alone"), ("igraph", None), "<= 0.5"),
        ("PageRank end to end vs igraph call", "pagerank", ("egov", "end to end"), ("igraph", None), ""),
        ("PageRank vs NetworkX", "pagerank", ("egov", "kernel alone"), ("networkx", None), "<= 0.1"),
        ("betweenness vs igraph", "betweenness exact", ("egov", "kernel alone"), ("igraph", None), "<= 0.5"),
        ("betweenness vs rustworkx", "betweenness exact", ("egov", "kernel alone"), ("rustworkx", None), ""),
    ]
    for name, task, (tool, what), ref, goal in checks:
        for size in sizes:
            mine = res.median(task, size, tool, what)
            if ref is None:
                theirs = res.median("path (raw graph)", size, "kuzu")
            else:
                theirs = res.median(task, size, ref[0], ref[1])
            if mine is None or theirs is None:
                continue
            print(f"| {name} | {size:,} | {fmt_time(mine)} | {fmt_time(theirs)} | {mine / theirs:.2f} | {goal} |")
    if sampled:
        print()
        print(f"Sampled betweenness on {sampled['nodes']:,} nodes / {sampled['edges']:,} edges "
              f"(exact: {fmt_time(sampled['exact_seconds'])}); errors relative to the largest exact value:")
        print()
        print("| samples | time | max abs error | mean abs error | top-20 overlap |")
        print("|---:|---:|---:|---:|---:|")
        for s in sampled["samples"]:
            print(f"| {s['samples']} | {fmt_time(s['seconds'])} | {s['max_abs_error_over_max']:.4f} "
                  f"| {s['mean_abs_error_over_max']:.6f} | {s['top20_overlap']}/20 |")


if __name__ == "__main__":
    main()
