#!/usr/bin/env python3
"""Re-runs the `$ egov …` examples pasted in README.md and docs/*.md and
writes their real output back under each command.

    cargo build --release && python3 docs/regen.py          # rewrite the files
    python3 docs/regen.py --check                            # list stale blocks, exit 1 if any
    python3 docs/regen.py docs/analysis.md                   # one page

A block is re-run when it is fenced (``` or ```console) and every line
starting with "$ " is an egov command (pipes to grep/head/tail/wc/sort and
`cd` are allowed). The commands of one file run in order, in one scratch
folder that holds a copy of graphs/ and tests/data/, so an `egov init` or
an `egov add` early in a page feeds the commands after it; a block that
needs a file made outside `$ ` lines fails and is left alone. performance.md is
left alone: it pastes measured runs. Output is stdout then stderr, as a
terminal of 100 columns would show it (COLUMNS=100). A block whose command
fails where the pasted text shows no error is left alone and reported.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = re.compile(r"^(egov\b|cd\b)")
PIPE_OK = {"grep", "head", "tail", "wc", "sort", "cut", "python3", "jq"}


def is_runnable(cmds):
    for c in cmds:
        parts = [p.strip() for p in c.split("|")]
        if not ALLOWED.match(parts[0]):
            return False
        # An interactive session (pasted from a terminal) cannot be re-run.
        if parts[0].startswith("egov shell"):
            return False
        if any(p.split()[0] not in PIPE_OK for p in parts[1:] if p):
            return False
    return bool(cmds)


def blocks(text):
    """Yields (start, end, lines) of each fenced block; start/end are line
    indices of the fences."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^(```+)(\w*)\s*$", lines[i])
        if m:
            fence = m.group(1)
            j = i + 1
            while j < len(lines) and not lines[j].startswith(fence):
                j += 1
            yield i, j, lines[i + 1 : j], m.group(2)
            i = j + 1
        else:
            i += 1


def split(body):
    """[(command, pasted output lines)] for a block's lines."""
    out = []
    for line in body:
        if line.startswith("$ "):
            out.append([line[2:], []])
        elif out:
            out[-1][1].append(line)
    return out


def run(cmd, cwd, env):
    r = subprocess.run(
        ["bash", "-o", "pipefail", "-c", cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    text = r.stdout + r.stderr
    return r.returncode, text.rstrip("\n").split("\n") if text.strip() else []


def main():
    check = "--check" in sys.argv
    binary = ROOT / "target" / "release" / "egov"
    if not binary.exists():
        sys.exit("build first: cargo build --release")
    env = dict(os.environ)
    env["PATH"] = f"{binary.parent}:{env['PATH']}"
    env["COLUMNS"] = "100"
    env.pop("EGOV_DB", None)
    named = [Path(a).resolve() for a in sys.argv[1:] if not a.startswith("--")]
    files = named or [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
    # performance.md pastes measured runs (timings, a 1M-edge database).
    files = [f for f in files if f.name != "performance.md"]
    stale = []
    for path in files:
        text = path.read_text()
        lines = text.split("\n")
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(ROOT / "graphs", Path(tmp) / "graphs")
            shutil.copytree(ROOT / "tests" / "data", Path(tmp) / "tests" / "data")
            cwd = tmp
            replaced = {}
            for start, end, body, lang in blocks(text):
                if lang not in ("", "console", "text", "sh"):
                    continue
                pairs = split(body)
                if not pairs or not is_runnable([c for c, _ in pairs]):
                    continue
                new = []
                ok = True
                for cmd, pasted in pairs:
                    if cmd.startswith("cd "):
                        cwd = os.path.join(cwd, cmd[3:].strip())
                        new.append("$ " + cmd)
                        continue
                    code, got = run(cmd, cwd, env)
                    shows_error = any("egov:" in l or "error" in l.lower() for l in pasted)
                    # A file the page made outside `$ ` lines is missing here.
                    missing = any("No such file" in l for l in got) and not any(
                        "No such file" in l for l in pasted
                    )
                    if (code not in (0, 1) and not shows_error) or missing:
                        print(f"{path.name}:{start + 1}: '{cmd}' exits {code}: {' '.join(got)[:200]}")
                        ok = False
                        break
                    new.append("$ " + cmd)
                    new.extend(got)
                if ok and new != body:
                    stale.append(f"{path.relative_to(ROOT)}:{start + 1}")
                    replaced[(start, end)] = new
        if replaced and not check:
            out = []
            i = 0
            for (start, end), new in sorted(replaced.items()):
                out.extend(lines[i : start + 1])
                out.extend(new)
                i = end
            out.extend(lines[i:])
            path.write_text("\n".join(out))
    for s in stale:
        print(("stale: " if check else "rewrote: ") + s)
    if check and stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
