"""The package's layers, checked statically on the source and by importing.

Front ends -> families (data, monitoring, models) -> core, and render -> core,
never back; families and front ends do not import each other; no import cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mlqa_nb"
FAMILIES = ("_data", "_monitoring", "_models")
#: The folders each folder may import from (besides itself).
ALLOWED = {
    "_core": set(),
    **{family: {"_core"} for family in FAMILIES},
    "_render": {"_core"},
    "_frontends": {"_core", *FAMILIES, "_render", "<package>"},
}
#: The one import against the direction: a Report and a Finding draw themselves
#: (``to_html``, ``save``, ``plot``) by calling render inside those methods, never at import.
DISPLAY_EXCEPTION = ({"mlqa_nb._core.report", "mlqa_nb._core.finding"}, "mlqa_nb._render")
#: Third-party libraries each folder must not import, even inside a function.
FORBIDDEN = {
    "_core": {"IPython", "ipywidgets", "matplotlib", "seaborn", "jinja2", "sklearn"},
    **{family: {"IPython", "ipywidgets", "matplotlib", "seaborn", "jinja2"} for family in FAMILIES},
    "_render": {"IPython", "ipywidgets", "sklearn"},
}
#: Front-end modules the other front ends may use: the shared command table.
SHARED_FRONT_END = {"mlqa_nb._frontends.commands"}
#: Front ends that use another: the panel's service uses the panel's summaries,
#: watch mode's Explore button opens the explorer, and the command line reads files
#: with its own reader and checks batches with the batch check.
FRONT_END_PARTS = {"mlqa_nb._frontends.lab_service": {"mlqa_nb._frontends.lab"},
                   "mlqa_nb._frontends.cli": {"mlqa_nb._frontends.cli_io", "mlqa_nb._frontends.batch"},
                   "mlqa_nb._frontends.watch": {"mlqa_nb._frontends.explore"}}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module, at module level) for every import outside ``if TYPE_CHECKING``."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child, top)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, top) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None:  # from . import x: each name is a module
                found.extend((f"{target}.{alias.name}", top) for alias in node.names)
            else:
                found.append((target, top))
        inner = top and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    for statement in tree.body:
        visit(statement, True)
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _folder(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in ALLOWED) else "<package>"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _folder(m) in ALLOWED))
def test_each_module_imports_only_downwards(module):
    folder = _folder(module)
    for target, top in _imports(MODULES[module]):
        root = target.split(".")[0]
        assert root not in FORBIDDEN.get(folder, set()), f"{module} imports {target}"
        if root != "mlqa_nb":
            continue
        other = _folder(target)
        if other == folder:
            if folder == "_frontends" and target != module:
                assert target in SHARED_FRONT_END | FRONT_END_PARTS.get(module, set()), f"front end {module} imports front end {target}"
            continue
        if module in DISPLAY_EXCEPTION[0] and target.startswith(DISPLAY_EXCEPTION[1]):
            assert not top, f"{module} imports {target} at import time"
            continue
        assert other in ALLOWED[folder], f"{module} ({folder}) imports {target} ({other})"


def test_every_module_sits_in_a_family_folder():
    loose = [m for m in MODULES if _folder(m) == "<package>"]
    assert sorted(loose) == ["mlqa_nb", "mlqa_nb.__main__", "mlqa_nb._version"]


def test_there_is_no_import_cycle():
    graph = {m: {t for t, _ in _imports(p) if t in MODULES and t != m} for m, p in MODULES.items()}
    graph = {m: {t for t in targets if not (m == "mlqa_nb" or t == "mlqa_nb")} for m, targets in graph.items()}
    # drawing oneself calls render inside a method, after every module has loaded: not a cycle at import
    graph = {m: {t for t in targets if not (m in DISPLAY_EXCEPTION[0] and t.startswith(DISPLAY_EXCEPTION[1]))}
             for m, targets in graph.items()}
    state: dict[str, int] = {}

    def walk(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in graph[module]:
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(target):] + [target]))
            if target not in state:
                walk(target, path + [target])
        state[module] = 2

    for module in graph:
        if module not in state:
            walk(module, [module])


@pytest.mark.parametrize(("module", "line", "complaint"), [
    ("_core/report.py", "from .._data.profile import profile", "imports mlqa_nb._data.profile"),
    ("_core/report.py", "from .._render import render_html", "imports mlqa_nb._render at import time"),
    ("_monitoring/snapshot.py", "from .._data.unit_scale import UNIT_FACTORS", "imports mlqa_nb._data.unit_scale"),
    ("_models/evaluate.py", "def f():\n    import matplotlib", "imports matplotlib"),
    ("_frontends/cli.py", "from .magics import HELP", "front end mlqa_nb._frontends.cli imports front end"),
])
def test_the_boundary_check_sees_a_wrong_import(tmp_path, monkeypatch, module, line, complaint):
    fake = tmp_path / "mlqa_nb" / module
    fake.parent.mkdir(parents=True)
    fake.write_text((PACKAGE / module).read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "mlqa_nb")
    name = "mlqa_nb." + module[:-3].replace("/", ".")
    monkeypatch.setitem(MODULES, name, fake)
    with pytest.raises(AssertionError, match=complaint):
        test_each_module_imports_only_downwards(name)


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_import_loads_no_front_end_or_plotting_library():
    out = _run(
        "import sys, mlqa_nb; "
        "print(sorted(m for m in ('IPython', 'ipywidgets', 'matplotlib', 'sklearn', 'pandas') if m in sys.modules))"
    )
    assert out.strip() == "[]"


def test_profile_and_html_need_no_front_end_or_plotting_library():
    out = _run(
        "import sys, pandas as pd, mlqa_nb as mq; "
        "mq.profile(pd.DataFrame({'a': [1, 2, 3, 1000] * 30, 'y': [0, 1] * 60}), target='y').to_html(); "
        "mq.checks(); "
        "print(sorted(m for m in ('IPython', 'ipywidgets', 'matplotlib', 'sklearn') if m in sys.modules))"
    )
    assert out.strip() == "[]"


def test_unknown_attribute_is_a_clear_error():
    import mlqa_nb

    with pytest.raises(AttributeError, match="no_such_thing"):
        mlqa_nb.no_such_thing  # noqa: B018
