"""The suite's own guards: what a test that needs Debian's parts does when they are missing, and that CI
runs the suite as ``.ci/run`` promises (a narrow terminal, a long temporary path, another time zone)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from conftest import missing_pdf_writer, needed


def test_a_missing_part_skips_outside_ci_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # what Python does when it is not installed
    reason = missing_pdf_writer()
    assert reason is not None and "pip install -e '.[pdf]'" in reason
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no PDF writer"):
        needed(reason, "the PDF tests")
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI needs the PDF tests: no PDF writer"):
        needed(reason, "the PDF tests")
    needed(None, "the PDF tests")  # nothing missing: the test goes on


def test_ci_runs_the_suite_narrow_deep_and_away_from_utc(tmp_path: Path) -> None:
    """Under CI the suite runs at 60 columns, under a temporary path of 150 characters or more and in a
    time zone with a 45-minute offset, so that a test depending on any of them fails there."""
    if not os.environ.get("CI"):
        pytest.skip("checks the conditions .ci/run sets (CI=1)")
    assert int(os.environ["COLUMNS"]) <= 60
    assert len(str(tmp_path)) >= 150
    assert time.localtime(0).tm_gmtoff % 3600 != 0
