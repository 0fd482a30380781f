"""How the modules relate: one module commits, and the commit step is not rebuilt in features."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLANNER = Path(__file__).resolve().parents[2] / "planner"
PIPELINE = PLANNER / "pipeline.py"


def _calls(path: Path, method: str) -> list[int]:
    """The lines of path that call `<anything>.<method>(…)`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method]


def test_only_the_request_pipeline_commits():
    elsewhere = {str(path.relative_to(PLANNER)): lines for path in sorted(PLANNER.rglob("*.py"))
                 if path != PIPELINE and (lines := _calls(path, "commit"))}
    assert elsewhere == {}, "commit through planner.pipeline (run for requests, commit for commands)"


@pytest.mark.parametrize("path", sorted(PLANNER.glob("*/*views.py")), ids=lambda path: str(path.relative_to(PLANNER)))
def test_views_leave_rolling_back_to_the_pipeline(path):
    assert _calls(path, "rollback") == []
