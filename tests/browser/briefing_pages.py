#!/usr/bin/env python3
"""The briefing as a reader gets it: summary.html in a real browser, and the
slide figures as files.

  briefing_pages.py figures --negsim BIN    the SVG figures parse, are sized
                                            for a 16:9 slide and carry the
                                            numbers of summary.json; a run with
                                            --set names it in every file
  briefing_pages.py browser --negsim BIN    headless Chromium renders each
                                            page (run, batch, sweep, compare)

The browser test starts one headless Chromium and drives it over the
DevTools protocol, loading each page at 1280 px and at 390 px wide (a
desktop and a phone). It asserts: no console message, script error or
failed fetch from the pages (they have no script, so any message is an
error or a blocked fetch; a control page shows the check can fail); the page
is not blank; every chart is there with as many marks as it says, and as
many as summary.json has outcomes or curves; the headline figures equal
summary.json's; no element sticks out past the page's width at either width
(tables scroll inside their own box) and no chart label past its chart. It
also takes screenshots (kept under the test's folder, and checked not to be
blank), and prints each page: under the print style nothing is wider than
A4's printable width, and the browser makes an A4 PDF of it (kept beside the
screenshots).

Exit status 77 (CTest: skipped) when Chromium is not installed; tools/setup
installs it (Debian's `chromium`).
"""
import argparse
import base64
import json
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO = "scenarios/abu_dhabi_2026.yaml"
OVERRIDE = "parties.russia.costs.per_round=0.004"
BRANCHES = "20000"
SVG = "{http://www.w3.org/2000/svg}"
SKIP = 77

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def negsim(binary, *args, cwd=None):
    env = dict(os.environ, NEGSIM_NO_PROGRESS="1")
    done = subprocess.run([binary, *args], cwd=cwd or ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    if done.returncode != 0:
        sys.exit(f"negsim {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done


def run_briefing(binary, out, *extra, scenario=SCENARIO):
    negsim(binary, "run", scenario, "--branches", BRANCHES, "--no-db", "--quiet", "--out", out,
           *extra)
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        return json.load(f)


def percent(share, decimals):
    """report_format.cpp's percent()."""
    scaled = share * 100
    smallest = 10.0 ** -decimals
    if share > 0 and scaled < smallest / 2:
        return f"<{smallest:.{decimals}f}%"
    if share < 1 and scaled > 100 - smallest / 2:
        return f">{100 - smallest:.{decimals}f}%"
    return f"{scaled:.{decimals}f}%"


def decimals_of(ci):
    return 2 if (ci[1] - ci[0]) / 2 < 0.0005 else 1


def most_likely(summary):
    best = None
    for o in summary["outcomes"]:
        if best is None or o["count"] > best["count"]:
            best = o
    return best


def headline(summary):
    """The headline figures the page must show: key → (probability, ci95)."""
    expected = {}
    groups = {g["id"]: g for g in summary["groups"]}
    if "agreement" in groups and "no_agreement" in groups:
        shown = [groups["agreement"], groups["no_agreement"]]
    else:
        shown = [groups["text_accepted"]] if "text_accepted" in groups else []
    for g in shown:
        expected["group:" + g["id"]] = (g["probability"], g["ci95"])
    for m in summary["milestones"]:
        expected["milestone:" + m["id"]] = (m["probability"], m["ci95"])
    top = most_likely(summary)
    expected["most_likely:" + top["id"]] = (top["probability"], top["ci95"])
    return expected


# ------------------------------------------------------------------ figures

def svg_root(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        check(False, f"{path}: not well-formed XML ({e})")
        return None
    check(root.tag == SVG + "svg", f"{path}: the root is not <svg>")
    return root


def marks(root, kind=None):
    found = []
    for el in root.iter():
        classes = el.get("class", "").split()
        if "mark" in classes and (kind is None or kind in classes):
            found.append(el)
    return found


def check_figures(folder, summary):
    figures = os.path.join(folder, "figures")
    names = sorted(n for n in os.listdir(figures) if n.endswith(".svg"))
    check("outcomes.svg" in names, f"{figures}: no outcomes.svg")
    for name in names:
        root = svg_root(os.path.join(figures, name))
        if root is None:
            continue
        width, height = float(root.get("width", "0")), float(root.get("height", "0"))
        check(width == 960 and height >= 540, f"{name}: {width}×{height}, not a 960-wide slide")
        title = root.find(SVG + "title")
        check(title is not None and title.text and title.text.strip(), f"{name}: no title")
        texts = " ".join(t.text or "" for t in root.iter(SVG + "text"))
        texts += " ".join(t.text or "" for t in root.iter(SVG + "tspan"))
        check(not re.search(r"\b[a-z]+_[a-z_]+\b", texts.replace(OVERRIDE, "")),
              f"{name}: an id with underscores is shown to readers: "
              f"{re.findall(r'[a-z]+_[a-z_]+', texts.replace(OVERRIDE, ''))[:3]}")
    root = svg_root(os.path.join(figures, "outcomes.svg"))
    if root is not None:
        bars = marks(root, "bar")
        check([b.get("data-label") for b in bars] == [o["label"] for o in summary["outcomes"]],
              "outcomes.svg: the bars are not the outcomes of summary.json in its order")
        check([float(b.get("data-value")) for b in bars] ==
              [o["probability"] for o in summary["outcomes"]],
              "outcomes.svg: bar values differ from summary.json")
        cis = [el for el in root.iter() if "ci" in el.get("class", "").split()]
        check([[float(c.get("data-low")), float(c.get("data-high"))] for c in cis] ==
              [o["ci95"] for o in summary["outcomes"]],
              "outcomes.svg: intervals differ from summary.json")
    curves = summary["groups"] + summary["milestones"]
    if curves:
        root = svg_root(os.path.join(figures, "milestones.svg"))
        if root is not None:
            series = marks(root, "series")
            check([float(s.get("data-value")) for s in series] ==
                  [c["by_round"][-1]["probability"] for c in curves],
                  "milestones.svg: the curves do not end at summary.json's figures")
    for o in summary["outcomes"]:
        for t in o["terms"]:
            path = os.path.join(figures, f"terms-{t['issue']}.svg")
            if not check(os.path.exists(path), f"no figure for the terms of {t['issue']}"):
                continue
            root = svg_root(path)
            row = [m for m in marks(root) if m.get("data-label") == o["label"]]
            if not check(len(row) == 1, f"{path}: no row for {o['label']}"):
                continue
            if t["options"]:
                check([float(v) for v in row[0].get("data-values").split()] ==
                      [s["share"] for s in t["options"]],
                      f"{path}: option shares of {o['label']} differ from summary.json")
            else:
                check(float(row[0].get("data-value")) == t["value"]["p50"],
                      f"{path}: the median of {o['label']} differs from summary.json")
    return names


def check_override_everywhere(folder, summary):
    check(summary["scenario"].get("overrides") == [OVERRIDE],
          "summary.json: scenario.overrides does not list the override")
    check(len(summary["scenario"].get("file_sha256", "")) == 64,
          "summary.json: no file_sha256 beside the overrides")
    with open(os.path.join(ROOT, SCENARIO), "rb") as f:
        import hashlib
        check(summary["scenario"].get("file_sha256") == hashlib.sha256(f.read()).hexdigest(),
              "summary.json: file_sha256 is not the SHA-256 of the scenario file")
    files = [os.path.join(folder, n) for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n))]
    files += [os.path.join(folder, "figures", n) for n in os.listdir(os.path.join(folder, "figures"))
              if n.endswith(".svg")]
    for path in files:
        with open(path, encoding="utf-8") as f:
            check(OVERRIDE in f.read(), f"{os.path.relpath(path, folder)}: the override is missing")


def figures_main(args):
    with tempfile.TemporaryDirectory(prefix="negsim-figures-") as tmp:
        plain = os.path.join(tmp, "plain")
        summary = run_briefing(args.negsim, plain)
        names = check_figures(plain, summary)
        overridden = os.path.join(tmp, "overridden")
        summary = run_briefing(args.negsim, overridden, "--set", OVERRIDE)
        check_figures(overridden, summary)
        check_override_everywhere(overridden, summary)
    return report(f"{len(names)} figures")


# ------------------------------------------------------------------ browser

class Browser:
    """One headless Chromium for the whole test, driven over the DevTools
    protocol on a pipe (--remote-debugging-pipe: NUL-separated JSON on file
    descriptors 3 and 4), so the standard library is enough. Starting
    Chromium costs seconds; a launch per page and width made this test take
    minutes, one launch keeps it within CI's budget."""

    # --no-sandbox: the tests run as root (CI, containers), where Chromium
    # refuses to start with its sandbox; the pages are our own local files.
    FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--remote-debugging-pipe"]
    TIMEOUT = 60  # seconds for any one answer: a hung browser fails the test, not CI's clock

    def __init__(self, binary, profile):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def plumb():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        # Its log goes to a file: a pipe nobody reads would fill and stall it.
        self._log = open(os.path.join(profile, "chromium.log"), "w+b")
        self._process = subprocess.Popen(
            [binary, *self.FLAGS, f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=plumb, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=self._log)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer, self._next_id, self._events = b"", 0, []
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self._session = self.call("Target.attachToTarget", targetId=target,
                                      flatten=True)["sessionId"]
            for domain in ("Page", "Runtime", "Log"):
                self.call(domain + ".enable", session=True)
        except Exception as e:
            # Not left running; its own last words say why it did not start.
            self._process.kill()
            self._process.wait()
            self._log.seek(0)
            said = self._log.read().decode(errors="replace").strip().splitlines()
            self.close()
            raise RuntimeError(f"{e}: {' / '.join(said[-3:])}") from None

    def _receive(self):
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], self.TIMEOUT)
            chunk = os.read(self._from_browser, 1 << 16) if ready else b""
            if not chunk:
                raise RuntimeError("Chromium stopped answering" +
                                   (" (exit %s)" % self._process.poll()
                                    if self._process.poll() is not None else ""))
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, session=False, **params):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]
            self._events.append(answer)

    def load(self, url, width, height):
        """Opens url in a window width px wide; returns what the page said on
        the console or threw while loading (none is expected)."""
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width,
                  height=height, deviceScaleFactor=1, mobile=False)
        self._events.clear()
        self.call("Page.navigate", session=True, url=url)
        while not any(e.get("method") == "Page.loadEventFired" for e in self._events):
            self._events.append(self._receive())
        # Anything logged after the load event (a late failed fetch, say)
        # arrives before the answer to this round trip.
        self.call("Runtime.evaluate", session=True, expression="0")
        said = []
        for e in self._events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled":
                said.append(f"console.{params['type']}: " +
                            " ".join(str(a.get("value", a.get("description", "")))
                                     for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                said.append("exception: " + details.get("exception", {}).get(
                    "description", details.get("text", "")))
            elif method == "Log.entryAdded":
                entry = params["entry"]
                said.append(f"{entry['level']}: {entry['text']} {entry.get('url', '')}".strip())
        return said

    def evaluate(self, expression):
        answer = self.call("Runtime.evaluate", session=True, expression=expression,
                           returnByValue=True)
        if "exceptionDetails" in answer:
            raise RuntimeError(f"the probe failed: {answer['exceptionDetails']}")
        return answer["result"]["value"]

    def print_media(self, on):
        self.call("Emulation.setEmulatedMedia", session=True, media="print" if on else "")

    def pdf(self):
        """The page printed on A4 as the browser's print dialogue would."""
        printed = self.call("Page.printToPDF", session=True, paperWidth=8.27, paperHeight=11.69,
                            marginTop=0, marginBottom=0, marginLeft=0, marginRight=0,
                            preferCSSPageSize=True, printBackground=True)
        return base64.b64decode(printed["data"])

    def screenshot(self, path):
        shot = self.call("Page.captureScreenshot", session=True, format="png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    def close(self):
        try:
            if self._process.poll() is None:
                self.call("Browser.close")
                self._process.wait(timeout=30)
        except Exception:
            self._process.kill()
            self._process.wait()
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)
            self._log.close()


PRINT_WIDTH = 688

# What the page rendered, read in the page itself after it loaded.
PROBE = r"""(() => {
  const width = window.innerWidth, sticking = [];
  for (const el of document.body.querySelectorAll('*')) {
    // Inside a table's own scrolling box an element may be wider than the page.
    const box = el.closest('.table-wrap');
    if (box && box !== el) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5 || r.left < -0.5)
      sticking.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                    ' "' + (el.textContent || '').trim().slice(0, 40) + '" ' + Math.round(r.right));
  }
  // Chart labels must stay inside their chart: the browser clips an inline
  // SVG at its box, so a label past it is cut off, not merely wide.
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    const frame = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.right > frame.right + 0.5 || r.left < frame.left - 0.5)
        sticking.push('text "' + t.textContent.slice(0, 40) + '" in ' +
                      svg.closest('figure').dataset.chart);
    }
  }
  const charts = [...document.querySelectorAll('figure.chart')].map(f => {
    const svg = f.querySelector('svg'), r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    return {name: f.dataset.chart, stated: +f.dataset.marks,
            marks: svg ? svg.querySelectorAll('.mark').length : 0, width: r.width, height: r.height};
  });
  const cards = [...document.querySelectorAll('[data-figure]')].map(c => ({
    key: c.dataset.figure, value: c.dataset.value, low: c.dataset.low, high: c.dataset.high,
    text: c.querySelector('.card-value').textContent}));
  return {width, scrollWidth: document.documentElement.scrollWidth, sticking: sticking.slice(0, 12),
          charts, cards, text: document.body.innerText.length, title: document.title,
          h1: (document.querySelector('h1') || {}).textContent || ''};
})()"""


def png_pixels(path):
    """Width, height and rows of RGB(A) bytes of an 8-bit, non-interlaced PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and interlace == 0 and colour in (2, 6), "unexpected PNG format"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 255
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + previous[i]) & 255
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return width, height, channels, rows


def check_screenshot(path, label, width):
    if not check(os.path.exists(path), f"{label}: no screenshot was written"):
        return
    shot_width, height, channels, rows = png_pixels(path)
    check(shot_width == width, f"{label}: the screenshot is {shot_width} px wide")
    # Not blank: a good share of pixels is not background, in many colours.
    inked, colours = 0, set()
    for row in rows[::4]:
        for x in range(0, shot_width * channels, channels * 4):
            pixel = bytes(row[x:x + 3])
            colours.add(pixel)
            inked += pixel != b"\xff\xff\xff"
    samples = len(rows[::4]) * len(range(0, shot_width * channels, channels * 4))
    check(inked / samples > 0.02 and len(colours) > 8,
          f"{label}: the screenshot looks blank ({inked} of {samples} samples inked, "
          f"{len(colours)} colours)")


def check_detector(browser, tmp):
    """The console check must be able to fail: a page with a failed fetch and
    a script error has to be reported, or a silent browser would pass."""
    page = os.path.join(tmp, "control.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write('<!DOCTYPE html><html><body><p>control</p>'
                '<img src="missing-figure.png" alt=""><script>undefined_function();</script>'
                '</body></html>')
    said = browser.load("file://" + page, 1280, 900)
    check(any("undefined_function" in s for s in said),
          f"the browser did not report a script error on the control page: {said}")
    check(any("missing-figure.png" in s for s in said),
          f"the browser did not report a failed fetch on the control page: {said}")


def check_page(browser, tmp, page, summary=None, expected_charts=None, shots=None):
    label = os.path.relpath(page, tmp)
    with open(page, encoding="utf-8") as f:
        html = f.read()
    # Nothing to fetch: no script, no external style, image or font.
    check("<script" not in html, f"{label}: has a script")
    check(not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|@import|url\(""", html),
          f"{label}: refers to something to fetch")
    for view, width in (("desktop", 1280), ("phone", 390)):
        said = browser.load("file://" + os.path.abspath(page), width, 900)
        check(not said, f"{label} {view}: console messages: {said[:3]}")
        p = browser.evaluate(PROBE)
        check(p["width"] == width, f"{label} {view}: the window is {p['width']} px wide, not {width}")
        check(p["text"] > 500, f"{label} {view}: the page shows almost no text")
        check(p["scrollWidth"] <= width, f"{label} {view}: the page is {p['scrollWidth']} px wide")
        check(not p["sticking"], f"{label} {view}: elements stick out: {p['sticking']}")
        check(bool(p["charts"]), f"{label} {view}: no charts")
        for c in p["charts"]:
            check(c["marks"] == c["stated"] and c["marks"] > 0,
                  f"{label} {view}: chart {c['name']} has {c['marks']} marks, says {c['stated']}")
            check(c["width"] > 100 and c["height"] > 50,
                  f"{label} {view}: chart {c['name']} is drawn {c['width']}×{c['height']}")
        if expected_charts:
            names = {c["name"]: c["marks"] for c in p["charts"]}
            for name, count in expected_charts.items():
                check(names.get(name) == count,
                      f"{label} {view}: chart {name} has {names.get(name)} marks, expected {count}")
        if summary is not None:
            expected = headline(summary)
            cards = {c["key"]: c for c in p["cards"]}
            check(set(cards) == set(expected),
                  f"{label} {view}: headline figures {sorted(cards)}, expected {sorted(expected)}")
            for key, (value, ci) in expected.items():
                card = cards.get(key)
                if card is None:
                    continue
                check(float(card["value"]) == value and
                      [float(card["low"]), float(card["high"])] == ci,
                      f"{label} {view}: {key} is {card['value']}, summary.json has {value}")
                check(card["text"] == percent(value, decimals_of(ci)),
                      f"{label} {view}: {key} shows {card['text']}")
        if shots is not None:
            base = os.path.splitext(os.path.basename(page))[0]
            shot = os.path.join(shots, f"{base}-{width}.png")
            browser.screenshot(shot)
            check_screenshot(shot, f"{label} at {width} px", width)
    # Printed: A4 less the page's 14 mm margins is 182 mm, 688 CSS px; nothing
    # may stick out there under the print style, and the browser makes a PDF.
    browser.print_media(True)
    try:
        browser.load("file://" + os.path.abspath(page), PRINT_WIDTH, 1000)
        p = browser.evaluate(PROBE)
        check(p["scrollWidth"] <= PRINT_WIDTH and not p["sticking"],
              f"{label} printed: wider than A4 ({p['scrollWidth']} px): {p['sticking']}")
        check(all(c["marks"] == c["stated"] for c in p["charts"]) and p["charts"],
              f"{label} printed: charts missing")
        pdf = browser.pdf()
        check(pdf.startswith(b"%PDF") and len(pdf) > 20000,
              f"{label} printed: no PDF ({len(pdf)} bytes)")
        if shots is not None:
            with open(os.path.join(shots, os.path.splitext(os.path.basename(page))[0] + ".pdf"),
                      "wb") as f:
                f.write(pdf)
    finally:
        browser.print_media(False)


def browser_main(args):
    args.chromium = args.chromium or os.environ.get("NEGSIM_CHROMIUM") or shutil.which("chromium")
    if not args.chromium:
        print("SKIPPED: headless Chromium is not installed (Debian package `chromium`; "
              "tools/setup installs it), so summary.html was not checked in a browser")
        return SKIP
    shots = args.screenshots
    if shots:
        os.makedirs(shots, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="negsim-browser-") as tmp:
        # The reports first, so the browser is not kept waiting while negsim runs.
        out = os.path.join(tmp, "run")
        summary = run_briefing(args.negsim, out, "--set", OVERRIDE)
        # A scenario with milestones, outcome groups and key drivers.
        drivers_out = os.path.join(tmp, "drivers")
        drivers = run_briefing(args.negsim, drivers_out, "--drivers",
                               scenario=args.drivers_scenario)
        os.rename(os.path.join(drivers_out, "summary.html"),
                  os.path.join(drivers_out, "drivers.html"))
        commands = {
            "batch": ["batch", "scenarios/batches/abu_dhabi_2026.yaml", "--branches", "4000"],
            "sweep": ["sweep", SCENARIO, "--vary", "parties.russia.costs.per_round=0:0.01:5",
                      "--branches", "2000"],
            # compare pairs only variants of the base (the same scenario id);
            # --set makes the base with the override the variant.
            "compare": ["compare", SCENARIO, "--set", OVERRIDE, "--branches", "4000"],
        }
        what_if_pages = []
        for name, command in commands.items():
            folder = os.path.join(tmp, name)
            negsim(args.negsim, *command, "--no-db", "--quiet", "--out", folder)
            pages = [n for n in os.listdir(folder) if n.endswith(".html")]
            if check(len(pages) == 1, f"negsim {name} wrote {pages}, not one page"):
                renamed = os.path.join(folder, name + ".html")
                os.rename(os.path.join(folder, pages[0]), renamed)
                what_if_pages.append(renamed)

        profile = tempfile.mkdtemp(prefix="chromium-", dir=tmp)
        try:
            browser = Browser(args.chromium, profile)
        except Exception as e:  # installed but not starting is a failure, not a skip
            check(False, f"{args.chromium} did not start: {e}")
            return report("")
        try:
            check_detector(browser, tmp)
            curves = len(summary["groups"]) + len(summary["milestones"])
            expected = {"outcomes": len(summary["outcomes"])}
            if curves:
                expected["milestones"] = curves
            check_page(browser, tmp, os.path.join(out, "summary.html"), summary, expected, shots)
            check_page(browser, tmp, os.path.join(drivers_out, "drivers.html"), drivers,
                       {"outcomes": len(drivers["outcomes"]), "drivers": len(drivers["drivers"])},
                       shots)
            for page in what_if_pages:
                check_page(browser, tmp, page, shots=shots)
        finally:
            browser.close()
    return report("pages rendered" + (f"; screenshots in {shots}" if shots else ""))


def report(what):
    for f in failures:
        print("FAIL:", f)
    if failures:
        print(f"{len(failures)} problem(s)")
        return 1
    print(f"ok: {what}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["figures", "browser"])
    parser.add_argument("--negsim", required=True)
    parser.add_argument("--chromium", help="the browser (default: chromium on PATH)")
    parser.add_argument("--screenshots", help="keep the screenshots in this folder")
    parser.add_argument("--drivers-scenario", default="scenarios/examples/mediated_three_party.yaml")
    args = parser.parse_args()
    if args.what == "figures":
        return figures_main(args)
    return browser_main(args)


if __name__ == "__main__":
    sys.exit(main())
