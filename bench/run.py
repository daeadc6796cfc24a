"""Every performance figure of the engine, as ratios measured side by side in one run.

Usage: python bench/run.py [--rounds 3] [--agents 1000,10000] [--skip f,g] [--before OTHER_PYTHON]

Each figure runs its two sides interleaved (a, b, a, b, ...) in fresh processes and takes
the medians, so that a noisy machine shifts both alike; CPU seconds are the processes' own
(user + system, children included), wall seconds the clock's. ``--before`` names the Python
of another installation (an older version of the engine) to print its figures beside.

  (a) one document, `agreements build`, against raw WeasyPrint on the engine's HTML  (<= 1.05)
  (b) seconds per page of the sample agreement against its text in plain HTML        (<= 1.3)
      set in the same type area (see minimal_stylesheet), and in WeasyPrint's default layout,
      both sides by WeasyPrint as the engine sets it up (its layout fixes installed)
  (c) the sample network with --jobs 1 against --jobs 2, wall time                   (>= 1.8)
  (d) a rebuild that changes nothing, per document, whole process                    (<= 20 ms)
  (e) `agreements --help` against `python -c "import click"`                          (<= 1.5)
  (f) generated networks: CPU per agent and peak memory per process                   (< 1 GiB)
  (g) a Dask LocalCluster of two workers against --jobs 2, wall time
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "stroomkracht"
NETWORK = ROOT / "samples" / "zaadnetwerk"


def timed(cmd: list[str], **kw) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """(wall seconds, CPU seconds, peak RSS in KB of the largest process) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kw)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss


def side_by_side(rounds: int, *runs) -> list[list[tuple[float, float, int]]]:  # type: ignore[no-untyped-def]
    out: list[list[tuple[float, float, int]]] = [[] for _ in runs]
    for _ in range(rounds):
        for i, run in enumerate(runs):
            out[i].append(run())
    return out


def med(samples: list[tuple[float, float, int]], what: int) -> float:
    return statistics.median(s[what] for s in samples)


def build_cmd(python: str, project: Path, out: Path, *extra: str) -> list[str]:
    # -P: the installation under test, never the package in the current folder
    return [python, "-P", "-m", "agreements", "build", str(project), "-o", str(out), *extra]


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


RAW = """
import sys, weasyprint
html = open(sys.argv[1], encoding="utf-8").read()
weasyprint.HTML(string=html, base_url=sys.argv[2]).write_pdf(sys.argv[3])
"""

# (b) sets both its sides with WeasyPrint as the engine sets it up: imported with the engine's
# library lookup and with its layout fixes installed (agreements/render/pdf.py, leaders.py)
SET_UP = "import agreements.render.pdf\n" + RAW


def engine_html(python: str, tmp: Path) -> Path:
    """The sample agreement's HTML as the engine makes it, its resources on real paths."""
    code = (
        "import sys\nfrom agreements.project import load\nfrom agreements.plan import make_plan\n"
        "from agreements.jobs import RenderJob\n"
        f"l = load({str(SAMPLE)!r}); p = make_plan(l, ['association-agreement'], ['en'])\n"
        "j = RenderJob.of(p.outputs[0], l.template_dirs, l.root, final=False)\n"
        "print(j.style_dir.as_uri()); sys.stdout.flush()\n"
        f"open({str(tmp / 'engine.html')!r}, 'w', encoding='utf-8').write(j.html())\n"
    )
    style = subprocess.run([python, "-P", "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    html = (tmp / "engine.html").read_text(encoding="utf-8")
    html = html.replace("file:///.agreements/built-in/", style + "/")
    (tmp / "engine.html").write_text(html, encoding="utf-8")
    (tmp / "style").write_text(style + "/", encoding="utf-8")
    return tmp / "engine.html"


# what a plain stylesheet keeps of the print stylesheet: the page box, the type and the spacing
GEOMETRY = re.compile(r"size|margin(-\w+)?|padding(-\w+)?|font(-\w+)?|line-height")
ELEMENTS = re.compile(r"[a-z0-9]+(\s*(>\s*)?[a-z0-9]+)*(\s*,\s*[a-z0-9]+(\s*(>\s*)?[a-z0-9]+)*)*")


def minimal_stylesheet() -> str:
    """The print stylesheet without its layout: its fonts, page box, type and spacing only.

    Kept: @font-face, the @page size and margins (no running heads or footers), and the size,
    margin, padding, font and line-height of rules that select elements alone (no class, no
    pseudo-element). Gone: justification, hyphenation, orphans and widows, hanging numbers,
    the contents' leaders and page numbers, running titles, keeps and breaks, table rules.
    The same text then fills about as many pages as the engine's layout does, so a page of
    the one holds about what a page of the other holds.
    """
    import tinycss2

    css = (ROOT / "templates" / "print.css").read_text(encoding="utf-8")
    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
            out.append(
                tinycss2.serialize([rule]).replace('url("fonts/', f'url("{(ROOT / "templates" / "fonts").as_uri()}/')
            )
            continue
        if rule.type == "at-rule" and rule.lower_at_keyword == "page" and not tinycss2.serialize(rule.prelude).strip():
            content = [t for t in tinycss2.parse_blocks_contents(rule.content) if t.type == "declaration"]
            selector = "@page"
        elif rule.type == "qualified-rule" and ELEMENTS.fullmatch(tinycss2.serialize(rule.prelude).strip()):
            content = tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
            selector = tinycss2.serialize(rule.prelude).strip()
        else:
            continue
        kept = [
            f"{d.name}: {tinycss2.serialize(d.value).strip()}"
            for d in content
            if d.type == "declaration" and GEOMETRY.fullmatch(d.lower_name)
        ]
        if kept:
            out.append(f"{selector} {{ {'; '.join(kept)} }}")
    return "\n".join(out)


def plain_html(engine: Path, tmp: Path, name: str, css: str) -> Path:
    """The same text without the layout: no classes, no print stylesheet, only ``css``."""
    html = engine.read_text(encoding="utf-8")
    html = re.sub(r"<style>.*?</style>|<link[^>]*>", "", html, flags=re.S)
    html = re.sub(r' class="[^"]*"', "", html)
    html = html.replace("</head>", f"<style>{css}</style></head>", 1)
    (tmp / f"{name}.html").write_text(html, encoding="utf-8")
    return tmp / f"{name}.html"


def default_stylesheet() -> str:
    """The engine's fonts on WeasyPrint's default layout: 2 cm margins, its own spacing."""
    faces = minimal_stylesheet().split("\n@page", 1)[0]
    return faces + '\n@page { size: A4; margin: 2cm } body { font: 10.5pt "Agreements Serif" }'


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def compiled(python: str) -> None:
    """Bytecode for the engine under test, as pip writes it for an installed package.

    An editable install run with PYTHONDONTWRITEBYTECODE set would otherwise compile every
    module of the engine in every process, a cost no installed engine pays.
    """
    where = subprocess.run(
        [python, "-P", "-c", "import agreements, os; print(os.path.dirname(agreements.__file__))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run([python, "-P", "-m", "compileall", "-q", where], check=True, capture_output=True)


def figures(python: str, rounds: int, agents: list[int], skip: set[str], tmp: Path) -> None:
    compiled(python)
    if "a" not in skip or "b" not in skip:
        engine = engine_html(python, tmp)
        plain = plain_html(engine, tmp, "plain", minimal_stylesheet())
        loose = plain_html(engine, tmp, "loose", default_stylesheet())
        doc = ["--document", "association-agreement", "--lang", "en", "--jobs", "1"]
        raw_cmd, set_up = [python, "-P", "-c", RAW], [python, "-P", "-c", SET_UP]
        a, raw, styled, simple, raw_simple, default = side_by_side(
            rounds,
            lambda: timed(build_cmd(python, SAMPLE, fresh(tmp / "a"), *doc)),
            lambda: timed([*raw_cmd, str(engine), (tmp / "style").read_text(), str(tmp / "raw.pdf")]),
            lambda: timed([*set_up, str(engine), (tmp / "style").read_text(), str(tmp / "styled.pdf")]),
            lambda: timed([*set_up, str(plain), plain.as_uri(), str(tmp / "plain.pdf")]),
            lambda: timed([*raw_cmd, str(plain), plain.as_uri(), str(tmp / "raw-plain.pdf")]),
            lambda: timed([*set_up, str(loose), loose.as_uri(), str(tmp / "loose.pdf")]),
        )
        n_styled, n_plain, n_loose = pages(tmp / "styled.pdf"), pages(tmp / "plain.pdf"), pages(tmp / "loose.pdf")
        if "a" not in skip:
            print(
                f"(a) build / raw WeasyPrint, CPU:         {med(a, 1) / med(raw, 1):.2f}  (target <= 1.05; "
                f"{med(a, 1):.1f} s against {med(raw, 1):.1f} s)"
            )
        if "b" not in skip:
            per_styled, per_plain = med(styled, 1) / n_styled, med(simple, 1) / n_plain
            print(
                f"(b) s/page styled / plain HTML, CPU:      {per_styled / per_plain:.2f}  (target <= 1.3; "
                f"{per_styled * 1000:.0f} ms a page over {n_styled}, against {per_plain * 1000:.0f} ms over {n_plain} "
                f"in the same type area; whole text {med(styled, 1) / med(simple, 1):.2f})"
            )
            per_raw = (med(raw, 1) / n_styled) / (med(raw_simple, 1) / n_plain)
            print(f"    both sides by raw WeasyPrint:         {per_raw:.2f}  (no target; without the engine's fixes)")
            per_loose = med(default, 1) / n_loose
            print(
                f"    against WeasyPrint's default layout:  {per_styled / per_loose:.2f}  (no target; "
                f"{per_loose * 1000:.0f} ms a page over {n_loose}, its pages hold less)"
            )
    network = tmp / "network"
    shutil.copytree(NETWORK, network, dirs_exist_ok=True)
    if "c" not in skip:
        one, two = side_by_side(
            rounds,
            lambda: timed(build_cmd(python, network, fresh(tmp / "c1"), "--jobs", "1")),
            lambda: timed(build_cmd(python, network, fresh(tmp / "c2"), "--jobs", "2")),
        )
        n = len(list((tmp / "c2").rglob("*.pdf")))
        total = sum(pages(p) for p in (tmp / "c2").rglob("*.pdf"))
        print(
            f"(c) network --jobs 1 / --jobs 2, wall:    {med(one, 0) / med(two, 0):.2f}  (target >= 1.8; "
            f"{n} PDFs, {total} pages, {med(two, 0):.0f} s with --jobs 2)"
        )
    if "d" not in skip:
        out = tmp / "d"
        subprocess.run(build_cmd(python, network, fresh(out), "--format", "html"), check=True, capture_output=True)
        docs = len(list(out.rglob("*.html")))
        (noop,) = side_by_side(rounds, lambda: timed(build_cmd(python, network, out, "--format", "html")))
        print(
            f"(d) no-op rebuild, per document:           {med(noop, 0) / docs * 1000:.1f} ms  (target <= 20 ms; "
            f"{docs} documents, {med(noop, 0):.2f} s whole process)"
        )
    if "e" not in skip:
        helps, click = side_by_side(
            rounds * 3,
            lambda: timed([python, "-P", "-m", "agreements", "--help"]),
            lambda: timed([python, "-P", "-c", "import click"]),
        )
        print(f"(e) --help / import click, wall:           {med(helps, 0) / med(click, 0):.2f}  (target <= 1.5)")
    if "f" not in skip:
        for n in agents:
            project = tmp / f"agents-{n}"
            subprocess.run(
                [python, str(ROOT / "bench" / "network.py"), str(project), "--agents", str(n)],
                check=True,
                capture_output=True,
            )
            wall, cpu, rss = timed(build_cmd(python, project, fresh(tmp / f"f{n}"), "--jobs", "2"))
            print(
                f"(f) {n:>6} agents: {cpu / n * 1000:.0f} ms CPU an agent, {wall:.0f} s wall, "
                f"peak {rss / 1024:.0f} MB in one process"
            )
    if "g" not in skip:
        small = ["--document", "association-agreement", "--document", "adoption-declaration"]
        dask, local = side_by_side(
            rounds,
            lambda: timed(build_cmd(python, network, fresh(tmp / "g1"), "--dask", "local", *small)),
            lambda: timed(build_cmd(python, network, fresh(tmp / "g2"), "--jobs", "2", *small)),
        )
        print(f"(g) Dask LocalCluster(2) / --jobs 2, wall: {med(dask, 0) / med(local, 0):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--agents", default="1000,10000")
    parser.add_argument("--skip", default="", help="letters of figures to leave out, e.g. f,g")
    parser.add_argument("--before", help="the Python of another installation, to measure beside this one")
    args = parser.parse_args()
    agents = [int(n) for n in args.agents.split(",") if n]
    skip = set(args.skip.replace(",", ""))
    print(f"machine: {os.cpu_count()} cores, {os.uname().machine}, Python {sys.version.split()[0]}")
    for label, python in [("after", sys.executable)] + ([("before", args.before)] if args.before else []):
        print(f"--- {label}: {python}")
        with tempfile.TemporaryDirectory(prefix="agreements-bench-") as tmp:
            figures(python, args.rounds, agents, skip, Path(tmp))


if __name__ == "__main__":
    main()
