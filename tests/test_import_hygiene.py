"""Nothing in models/ or tracker/ imports Textual or screens/: the core runs without a terminal.

The app lives in screens/app.py. The ``xiumei`` program is screens/main.py: it runs
``tracker.cli.main`` and hands it the function that opens the app, so the core never names the UI
and every command but the app runs without Textual.
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
    assert found == []


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


def test_the_program_opens_the_app_and_the_core_alone_refuses_politely(tmp_path, capsys):
    import tomllib

    from tracker import cli

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["xiumei"] == "screens.main:main"

    opened = []
    from screens import main as program

    def fake_open(db_path, lang):
        opened.append((db_path, lang))
        return 0

    original = program.open_app
    program.open_app = fake_open
    try:
        assert program.main(["--db", str(tmp_path / "v.db"), "--lang", "en"]) == 0
    finally:
        program.open_app = original
    assert opened == [(tmp_path / "v.db", "en")]

    # python -m tracker has no window to open: one line, exit 2, no traceback
    assert cli.main(["--db", str(tmp_path / "w.db")]) == 2
    assert "xiumei" in capsys.readouterr().err
