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


def _module_name(path: Path) -> str:
    parts = ("planner", *path.relative_to(PLANNER).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Each planner module → the planner modules it imports, at the top or inside a function."""
    modules = {_module_name(path): path for path in PLANNER.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("planner"):
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    graph[name].add(target if target in modules else node.module)
            elif isinstance(node, ast.Import):
                graph[name].update(alias.name for alias in node.names if alias.name in modules)
        graph[name] &= set(modules) - {name}
    return graph


def _a_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the modules along it, or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state and (circle := visit(target)):
                return circle
        state[module] = "done"
        path.pop()
        return None

    return next((circle for module in sorted(graph) if module not in state and (circle := visit(module))), None)


def test_no_module_imports_itself_through_others():
    assert _a_circle(_import_graph()) is None


def test_the_circle_finder_finds_a_circle():
    assert _a_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


FEATURES = sorted(path.name for path in PLANNER.iterdir()
                  if (path / "__init__.py").exists() and path.name not in {"records"})
BOTTOM_LAYER = [PLANNER / name for name in ("db.py", "types.py", "clock.py", "rules.py", "pipeline.py", "panels.py",
                                            "permissions.py", "forms.py", "urls.py", "currencies.py", "pagination.py",
                                            "config.py", "serving.py", "extensions.py", "translated.py", "digits.py",
                                            "names.py", "folding.py", "provenance.py", "spreadsheets.py", "assets.py",
                                            "sharing.py", "local_calendar.py")
                ] + sorted((PLANNER / "records").glob("*.py"))
ALLOWED_BELOW = {"permissions.py": {"planner.accounts.models"}}  # permissions knows the user and the roles


@pytest.mark.parametrize("path", BOTTOM_LAYER, ids=lambda path: str(path.relative_to(PLANNER)))
def test_the_bottom_layer_imports_no_feature(path):
    allowed = ALLOWED_BELOW.get(path.name, set())
    imported = {target for target in _import_graph()[_module_name(path)]
                if target.split(".")[1] in FEATURES and target not in allowed}
    assert imported == set()


def _registers_template_names(path: Path) -> bool:
    text = path.read_text()
    return any(hook in text for hook in ("context_processor", "app_template_", "add_template_", "jinja_env"))


def test_template_helpers_are_wired_in_one_place():
    wiring = {str(path.relative_to(PLANNER)) for path in PLANNER.rglob("*.py") if _registers_template_names(path)}
    assert wiring == {"templating.py"}
