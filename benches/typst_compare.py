#!/usr/bin/env python3
"""Times the 52-page benchmark document (8 copies of tests/fixtures/thai-sample.xml's
body, as benches/render.rs builds it) through briefpack and through Typst (the
`typst` package from PyPI: pip install typst), each as a whole process, 7 runs, and
prints the medians. The markup is converted to Typst (headings, paragraphs, lists,
tables, bold, italic, links; Sarabun 14 pt, justified, the same margins).

Run from the repository root after `cargo build --release`:
    python3 benches/typst_compare.py
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
seed = open(os.path.join(repo, "tests/fixtures/thai-sample.xml"), encoding="utf-8").read()
body = seed[seed.find(">") + 1 : seed.rfind("</document>")]
doc = '<document title="t">' + body * 8 + "</document>"


def esc(t):
    return re.sub(r'([\\#*_`$<>@\[\]=\-+/"~])', r"\\\1", t or "")


def inline(e):
    out = esc(e.text)
    for c in e:
        inner = inline(c)
        out += {"b": f"*{inner}*", "i": f"_{inner}_", "br": " \\ "}.get(c.tag, inner)
        if c.tag == "a":
            out = out[: -len(inner)] + f'#link("{c.get("href", "")}")[{inner}]'
        out += esc(c.tail)
    return out


lines = [
    '#set page(paper: "a4", margin: (left: 3cm, right: 2cm, top: 2.5cm, bottom: 2.5cm))',
    '#set text(font: "Sarabun", size: 14pt, lang: "th")',
    "#set par(justify: true, leading: 0.8em)",
]


def block(e):
    if e.tag in ("h1", "h2", "h3"):
        lines.extend(["=" * int(e.tag[1]) + " " + inline(e), ""])
    elif e.tag == "p":
        lines.extend([inline(e), ""])
    elif e.tag in ("ul", "ol"):
        lines.extend([("- " if e.tag == "ul" else "+ ") + inline(li) for li in e] + [""])
    elif e.tag == "table":
        cells = ["[" + inline(c) + "]" for tr in e.iter("tr") for c in tr]
        lines.extend([f"#table(columns: {len(e.findall('col')) or 3}, {', '.join(cells)})", ""])
    else:
        for c in e:
            block(c)


for c in ET.fromstring(doc):
    block(c)

with tempfile.TemporaryDirectory() as d:
    xml, typ = os.path.join(d, "doc.xml"), os.path.join(d, "doc.typ")
    open(xml, "w", encoding="utf-8").write(doc)
    open(typ, "w", encoding="utf-8").write("\n".join(lines))
    fonts = os.path.join(repo, "fonts")
    typst_cmd = [sys.executable, "-c", f"import typst; typst.compile({typ!r}, output={d!r} + '/t.pdf', font_paths=[{fonts!r}])"]
    bp_cmd = [os.path.join(repo, "target/release/briefpack"), "render", xml, "-o", os.path.join(d, "b.pdf")]

    def median(cmd):
        times = []
        for _ in range(7):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    ty, bp = median(typst_cmd), median(bp_cmd)
    print(f"typst {ty * 1000:.0f} ms, briefpack {bp * 1000:.1f} ms: briefpack {ty / bp:.1f}x faster")
