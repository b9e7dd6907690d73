"""Drives the interactive map (egov render -o map.html) in headless Chromium.

Called by tests/integration/map.rs with a JSON job on stdin:
  {"pages": [{"file": "...", "search": "uz", "uncheck": "borders",
              "as_of": 2015, "path": ["fr", "uz"], "pan_frames": 0}, ...],
   "screenshots": [{"file": "...", "png": "...", "js": "..."}]}
and prints what it saw as JSON on stdout; the Rust test judges it. One
browser session serves every page. Exit code 3: Chromium or Selenium is
missing.
"""

import json
import sys
import tempfile
import time

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
except ImportError:
    sys.exit(3)

VISIBLE_EDGES = """
return Array.from(document.querySelectorAll('#map [data-edge-id]'))
  .filter(function (e) { return getComputedStyle(e).display !== 'none'; })
  .map(function (e) { return e.getAttribute('data-edge-id'); });
"""


def browser(chromium, driver, width, height):
    o = Options()
    for a in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=%d,%d" % (width, height),
        "--user-data-dir=" + tempfile.mkdtemp(prefix="egov-chromium-"),
    ]:
        o.add_argument(a)
    o.binary_location = chromium
    o.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=o)


def open_page(d, path):
    d.get("about:blank")
    d.get_log("performance")
    d.get_log("browser")
    start = time.time()
    d.get("file://" + path)
    while d.execute_script("return window.egov ? window.egov.readyMs : null") is None:
        if time.time() - start > 30:
            raise SystemExit("the page did not get ready in 30 s")
        time.sleep(0.02)
    ready = d.execute_script("return window.egov.readyMs")
    return {"wall_s": time.time() - start, "ready_ms": ready}


def requests(d, page_url):
    urls = []
    for entry in d.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            url = msg["params"]["request"]["url"]
            if url != page_url and not url.startswith("about:"):
                urls.append(url)
    urls += d.execute_script(
        "return performance.getEntriesByType('resource').map(function (r) { return r.name; })"
    )
    return urls


def run_page(d, job):
    out = open_page(d, job["file"])
    url = "file://" + job["file"]
    out["nodes"] = d.execute_script(
        "return Array.from(document.querySelectorAll('#map [data-node-id]')).map(function (e) { return e.getAttribute('data-node-id'); })"
    )
    out["edges"] = d.execute_script(
        "return Array.from(document.querySelectorAll('#map [data-edge-id]')).map(function (e) { return e.getAttribute('data-edge-id'); })"
    )
    out["edge_kinds"] = d.execute_script(
        "var k = {}; window.egov.edges.forEach(function (e) { k[e.id] = [e.kind, e.date || null]; }); return k;"
    )
    out["api"] = d.execute_script(
        "var g = window.egov; return ['nodes','edges','select','filter','asOf'].filter(function (k) { return k in g; });"
    )
    if job.get("search"):
        box = d.find_element(By.ID, "search")
        box.clear()
        box.send_keys(job["search"], Keys.ENTER)
        details = d.find_element(By.ID, "details")
        out["search"] = {
            "details_node": details.get_attribute("data-node-id"),
            "selected": d.execute_script(
                "var s = document.querySelector('#map .node.selected'); return s && s.getAttribute('data-node-id');"
            ),
            "details_text": details.text,
        }
    if job.get("uncheck"):
        before = d.execute_script(VISIBLE_EDGES)
        box = d.find_element(By.CSS_SELECTOR, "input[data-edge-kind='%s']" % job["uncheck"])
        box.click()
        after = d.execute_script(VISIBLE_EDGES)
        box.click()
        again = d.execute_script(VISIBLE_EDGES)
        out["uncheck"] = {"before": before, "after": after, "again": again}
    if job.get("as_of"):
        before = d.execute_script(VISIBLE_EDGES)
        d.execute_script(
            "var s = document.getElementById('asof'); s.value = arguments[0]; s.dispatchEvent(new Event('input'));",
            job["as_of"],
        )
        after = d.execute_script(VISIBLE_EDGES)
        label = d.find_element(By.ID, "asof-label").text
        d.execute_script(
            "var s = document.getElementById('asof'); s.value = s.max; s.dispatchEvent(new Event('input'));"
        )
        out["as_of"] = {"before": before, "after": after, "label": label}
    if job.get("path"):
        a, b = job["path"]
        for field, value in (("path-from", a), ("path-to", b)):
            box = d.find_element(By.ID, field)
            box.clear()
            box.send_keys(value)
        d.find_element(By.ID, "path-go").click()
        found = d.find_elements(By.ID, "path-nodes")
        out["path"] = found[0].get_attribute("data-path").split() if found else None
        out["path_text"] = d.find_element(By.ID, "path-result").text
        out["hash"] = d.execute_script("return location.hash")
    if job.get("pan_frames"):
        out["pan"] = d.execute_async_script(
            "var done = arguments[arguments.length - 1]; window.egov.measurePan(arguments[0]).then(done);",
            job["pan_frames"],
        )
    out["requests"] = requests(d, url)
    out["console"] = [
        l for l in d.get_log("browser") if l.get("level") in ("SEVERE", "WARNING")
    ]
    return out


def main():
    job = json.load(sys.stdin)
    d = browser(job["chromium"], job["driver"], job.get("width", 1400), job.get("height", 900))
    try:
        pages = [run_page(d, p) for p in job.get("pages", [])]
        for s in job.get("screenshots", []):
            open_page(d, s["file"])
            if s.get("js"):
                d.execute_script(s["js"])
            time.sleep(0.3)
            d.save_screenshot(s["png"])
        print(json.dumps({"pages": pages}))
    finally:
        d.quit()


if __name__ == "__main__":
    main()
