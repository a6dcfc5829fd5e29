"""The CI guard must turn a skipped browser test into a failure."""

import subprocess
import sys
import textwrap
from pathlib import Path


def _run(tmp_path: Path, ci: str) -> subprocess.CompletedProcess[str]:
    conftest = Path(__file__).with_name("conftest.py").read_text()
    (tmp_path / "conftest.py").write_text(conftest)
    (tmp_path / "test_x.py").write_text(
        textwrap.dedent(
            """
            import pytest

            @pytest.mark.browser
            def test_browser_thing():
                pytest.skip("no chromium")

            def test_plain_thing():
                pytest.skip("fine to skip")
            """
        )
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    browser: b\n")
    env = {"CI": ci, "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )


def test_ci_turns_a_skipped_browser_test_into_a_failure(tmp_path: Path) -> None:
    result = _run(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout and "1 skipped" in result.stdout


def test_outside_ci_a_browser_test_may_skip(tmp_path: Path) -> None:
    result = _run(tmp_path, "")
    assert result.returncode == 0, result.stdout
    assert "2 skipped" in result.stdout
