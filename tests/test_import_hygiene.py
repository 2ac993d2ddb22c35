"""Nothing in models/ or tracker/ imports Textual, except tracker/app.py: the core runs without a terminal."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {Path("tracker/app.py")}


def _core_files() -> list[Path]:
    files = sorted((ROOT / "models").rglob("*.py")) + sorted((ROOT / "tracker").rglob("*.py"))
    return [f for f in files if f.relative_to(ROOT) not in ALLOWED]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(str(node.args[0].value))
    return names


def test_no_core_file_imports_textual_statically():
    files = _core_files()
    assert len(files) > 10  # the scan found the packages
    offenders = {}
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        textual = {n for n in _imported(tree) if n == "textual" or n.startswith("textual.")}
        textual |= {n for n in _imported(tree) if n.split(".")[0] in ("screens",)}  # screens import Textual
        if textual:
            offenders[str(path.relative_to(ROOT))] = sorted(textual)
    assert offenders == {}


def test_importing_every_core_module_loads_no_textual():
    modules = [_module_name(p) for p in _core_files() if p.name != "__main__.py"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from tracker import cli\n"
        "cli.build_parser()\n"  # the command modules it loads count too
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
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
