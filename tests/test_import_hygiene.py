"""Nothing in models/ or tracker/ imports Textual or screens/: the core runs without a terminal.

The app lives in screens/app.py. The CLI is the program's front door and reaches the app in one
place only: ``cmd_app`` imports ``screens.app`` when the user asks for the app (``xiumei`` without
a command, ``demo --open``), so every other command runs without Textual.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ("textual", "screens")
# The one place the core names the UI: (file, function, module imported).
FRONT_DOOR = ("tracker/cli.py", "cmd_app", "screens.app")
MODULE_NAME = re.compile(r"^(?:textual|screens)(?:\.\w+)*$")


def _core_files() -> list[Path]:
    return sorted((ROOT / "models").rglob("*.py")) + sorted((ROOT / "tracker").rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree: ast.AST) -> list[tuple[str, str]]:
    """(enclosing function or "", module) of every import: at module level, in a function, under
    TYPE_CHECKING, or through importlib.import_module / __import__. A name given to import_module
    in a variable (the CLI's command modules) is caught where it is written: any string that is the
    name of a textual or screens module counts as importing it."""
    found: list[tuple[str, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Import):
            found.extend((function, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((function, node.module))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and MODULE_NAME.match(node.value):
            found.append((function, node.value))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    return found


def _is_ui(module: str) -> bool:
    return module.split(".")[0] in UI


def test_no_core_file_imports_textual_or_screens_anywhere():
    files = _core_files()
    assert len(files) > 10  # the scan found the packages
    found = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        rel = path.relative_to(ROOT).as_posix()
        found += [(rel, function, module) for function, module in _imports(tree) if _is_ui(module)]
    assert found == [FRONT_DOOR]


def test_the_scan_sees_imports_inside_functions():
    tree = ast.parse(
        "import os\n"
        "def f():\n"
        "    from textual.app import App\n"
        "class C:\n"
        "    def m(self):\n"
        "        import screens.dashboard\n"
        "        importlib.import_module(name)\n"
        "UI = 'screens.app'\n"
        "NOT_A_NAME = 'screens show what tracker says'\n"
    )
    assert [(f, m) for f, m in _imports(tree) if _is_ui(m)] == [
        ("f", "textual.app"),
        ("m", "screens.dashboard"),
        ("", "screens.app"),
    ]


def test_importing_every_core_module_loads_no_textual():
    modules = [_module_name(p) for p in _core_files() if p.name != "__main__.py"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from tracker import cli\n"
        "cli.build_parser()\n"  # the command modules it loads count too
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'screens'))\n"
        "print(len(loaded), loaded[:5])\n"
        "raise SystemExit(1 if loaded else 0)\n"
    )
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
