"""The sample's HTML as a reviewable snapshot: a clause change reads as a diff."""

from __future__ import annotations

from pathlib import Path

from .helpers import render_jobs


def test_sample_association_agreement_html(sample_dir: Path, snapshot_html) -> None:
    jobs = render_jobs(sample_dir, ["association-agreement"], ["en"])
    assert jobs[0].html() == snapshot_html
