"""Tests of Scripts/muspy-reference and Scripts/check-overlap-with-scipy: the committed reference
values are what the scripts write today, so the Swift tests compare against MusPy and SciPy, not
against a stale file.

Python deps (PyPI): muspy==0.5.0 scipy numpy (see the README for the .venv-metrics that has them).
Run from the repository root:
    /tmp/venv/bin/python -m unittest discover -s Scripts/tests -p "test_metrics_scripts.py" -v
"""

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent
REPOSITORY = SCRIPTS.parent
FIXTURES = REPOSITORY / "Tests" / "NeuraMetricsTests" / "Fixtures"


def run(*arguments: str) -> None:
    subprocess.run([sys.executable, *arguments], cwd=REPOSITORY, check=True, capture_output=True, text=True)


class MusPyReferenceTests(unittest.TestCase):
    def test_the_committed_reference_is_what_muspy_gives_today(self):
        try:
            import muspy  # noqa: F401
        except ImportError:
            self.skipTest("muspy is not installed")
        with tempfile.TemporaryDirectory() as folder:
            output = Path(folder) / "reference.json"
            run(str(SCRIPTS / "muspy-reference"), "Tests/NeuraMusicTests/Fixtures/midi",
                "Tests/NeuraMetricsTests/Fixtures/midi", "-o", str(output))
            self.assertEqual(json.loads(output.read_text()), json.loads((FIXTURES / "muspy-reference.json").read_text()))


class OverlapReferenceTests(unittest.TestCase):
    def test_the_committed_cases_are_what_scipy_gives_today(self):
        try:
            import scipy  # noqa: F401
        except ImportError:
            self.skipTest("scipy is not installed")
        with tempfile.TemporaryDirectory() as folder:
            output = Path(folder) / "overlap.json"
            run(str(SCRIPTS / "check-overlap-with-scipy"), "fixture", "-o", str(output))
            fresh = json.loads(output.read_text())
            committed = json.loads((FIXTURES / "overlap-reference.json").read_text())
            self.assertEqual([case["measured"] for case in fresh["cases"]], [case["measured"] for case in committed["cases"]])
            for new, old in zip(fresh["cases"], committed["cases"]):
                for key, value in old["expected"].items():
                    if value is None:
                        self.assertIsNone(new["expected"][key])
                    else:
                        self.assertAlmostEqual(new["expected"][key], value, places=9)


if __name__ == "__main__":
    unittest.main()
