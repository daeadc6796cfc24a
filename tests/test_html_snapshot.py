"""The sample's HTML as a reviewable snapshot: a clause change reads as a diff."""

from __future__ import annotations

from pathlib import Path

from agreements.build import plan
from agreements.config import load_project


def test_sample_association_agreement_html(sample_dir: Path, snapshot_html) -> None:
    project = load_project(sample_dir)
    jobs, _ = plan(project, ["association-agreement"], ["en"])
    assert jobs[0].html() == snapshot_html
