"""Engine overhead against WeasyPrint's own cost, measured side by side in one run.

Usage: python bench/overhead.py [PROJECT] [--rounds N]

Reports ratios, not seconds: machines are noisy, the ratio between two parts of the same
build on the same machine much less so. Target (DESIGN.md): the engine's part of a build
(load, validate, assemble, HTML) under 10% of the whole; `--help` and `validate` far
cheaper than importing WeasyPrint.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _median_run(code: str, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=str(ROOT / "samples" / "stroomkracht"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from agreements.jobs import RenderJob
    from agreements.plan import make_plan
    from agreements.project import load
    from agreements.render.pdf import write_pdf

    engine, html_part, pdf_part = [], [], []
    for _ in range(args.rounds + 1):  # the first round warms caches and is dropped
        t0 = time.perf_counter()
        loaded = load(args.project)
        plan = make_plan(loaded, list(loaded.config.documents), list(loaded.config.languages))
        jobs = [RenderJob.of(o, loaded.template_dirs, loaded.root, final=False) for o in plan.outputs]
        t1 = time.perf_counter()
        htmls = [job.html() for job in jobs]
        t2 = time.perf_counter()
        for job, html in zip(jobs, htmls, strict=True):
            write_pdf(html, base_dir=job.style_dir, allowed=list(job.template_dirs), epoch=job.epoch)
        t3 = time.perf_counter()
        engine.append(t1 - t0)
        html_part.append(t2 - t1)
        pdf_part.append(t3 - t2)
    cold = (engine[0] + html_part[0]) / (engine[0] + html_part[0] + pdf_part[0])
    engine, html_part, pdf_part = engine[1:], html_part[1:], pdf_part[1:]
    ours = statistics.median(engine) + statistics.median(html_part)
    whole = ours + statistics.median(pdf_part)
    print(f"documents per build:                {len(jobs)}")
    print(f"engine share of a warm build:       {ours / whole:.1%}  (target < 10%)")
    print(f"  load+validate+assemble / whole:   {statistics.median(engine) / whole:.1%}")
    print(f"  HTML / whole:                     {statistics.median(html_part) / whole:.1%}")
    print(f"engine share of the first build:    {cold:.1%}  (clause templates compiled, fonts loaded)")

    cli = _median_run("from agreements.cli import main", args.rounds)
    validate = _median_run(
        f"import sys; from agreements.cli import main; sys.argv=['agreements','validate',{args.project!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass",
        args.rounds,
    )
    weasy = _median_run("import weasyprint", args.rounds)
    print(f"import CLI / import weasyprint:     {cli / weasy:.2f}")
    print(f"validate run / import weasyprint:   {validate / weasy:.2f}")


if __name__ == "__main__":
    main()
