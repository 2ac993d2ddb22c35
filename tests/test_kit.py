"""The offline install kit (tools/make_kit.py).

The fast tests check the script's pure parts without the network: the starters, the pip
arguments, the check of a wheel folder against a target, the zip's layout. The ``kit`` tests build
the real kit from the package index and install it with ``--no-index``; they run only when asked
for (``pytest -m kit``, a separate step of .ci/run), since they download and install.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

_spec = importlib.util.spec_from_file_location("make_kit", REPO / "tools" / "make_kit.py")
assert _spec is not None and _spec.loader is not None
make_kit = importlib.util.module_from_spec(_spec)
sys.modules["make_kit"] = make_kit  # dataclasses look their module up by name
_spec.loader.exec_module(make_kit)

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
VERSION = PROJECT["version"]
ENTRY = make_kit.entry_code(PROJECT)
PYTHONS = ["3.11", "3.12", "3.13"]
RUNTIME = {re.split(r"[<>=!~ ;\[]", dep, maxsplit=1)[0].lower() for dep in PROJECT["dependencies"]}


# --- fast: no network ---------------------------------------------------------------------------


def test_version_and_entry_come_from_pyproject():
    assert make_kit.read_version(REPO / "pyproject.toml") == VERSION
    module, _, func = PROJECT["scripts"]["xiumei"].partition(":")
    assert ENTRY == f"import sys; from {module} import {func}; sys.exit({func}())"


def test_every_platform_and_python_gets_its_own_pip_download():
    targets = make_kit.make_targets(["windows", "linux"], PYTHONS, ">=3.11")
    assert [t.key for t in targets] == [f"{p}-{v}" for p in ("windows", "linux") for v in PYTHONS]

    win = make_kit.download_command(targets[1], ["x.whl"], Path("w"), make_kit.pip_options())
    assert win[:4] == [sys.executable, "-m", "pip", "download"]
    joined = " ".join(win)
    assert "--only-binary=:all: --implementation cp --python-version 3.12 --platform win_amd64" in joined
    assert "--no-index" not in win and win[-1] == "x.whl"

    linux = make_kit.download_command(targets[3], ["x.whl"], Path("w"), make_kit.pip_options())
    platforms = [linux[i + 1] for i, arg in enumerate(linux) if arg == "--platform"]
    assert "manylinux2014_x86_64" in platforms and "manylinux_2_17_x86_64" in platforms
    assert all(p.startswith("manylinux") and p.endswith("_x86_64") for p in platforms)


def test_local_wheels_without_the_index():
    options = make_kit.pip_options([Path("/a"), Path("/b")], no_index=True)
    assert options[:2] == ["--quiet", "--no-index"]
    assert options[2:] == ["--find-links", str(Path("/a")), "--find-links", str(Path("/b"))]
    assert "--quiet" not in make_kit.pip_options(verbose=True)
    command = make_kit.wheel_command(Path("src"), Path("out"), options)
    assert command[3:6] == ["wheel", "--no-deps", "--wheel-dir"] and command[-1] == "src"


@pytest.mark.parametrize("python", ["3.10", "3", "3.11.2", "4.0"])
def test_pythons_outside_the_project_are_refused(python):
    with pytest.raises(make_kit.KitError):
        make_kit.make_targets(["linux"], [python], PROJECT["requires-python"])


def test_unknown_platform_is_refused():
    with pytest.raises(make_kit.KitError):
        make_kit.make_targets(["macos"], ["3.12"])


@pytest.mark.parametrize("which", ["install", "open"])
def test_bat_starters_switch_to_utf8_before_any_chinese(which, tmp_path):
    make_kit.write_starters(tmp_path, VERSION, PYTHONS, ["windows"], ENTRY)
    name = {"install": "安装.bat", "open": "打开台账.bat"}[which]
    data = (tmp_path / name).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "a BOM would corrupt '@echo off' in cmd.exe"
    assert b"\n" not in data.replace(b"\r\n", b""), "every line ends in CRLF"
    lines = data.split(b"\r\n")
    assert lines[0] == b"@echo off" and lines[1] == b"chcp 65001 >nul"
    first_non_ascii = next(i for i, line in enumerate(lines) if not line.isascii())
    assert first_non_ascii > 1
    text = data.decode("utf-8").replace("\r\n", "\n")
    # Only echo lines speak Chinese; the logic stays ASCII.
    for line in text.split("\n"):
        if not line.isascii():
            assert line.startswith("echo "), line
            assert not re.search(r"[&|<>^!()]", line), line
    # Every jump has its label; no ( ) blocks, which a path with parentheses would break.
    labels = set(re.findall(r"^:(\w+)$", text, re.M))
    jumps = set(re.findall(r"\bgoto (\w+)", text)) | set(re.findall(r"\bcall :(\w+)", text))
    assert jumps <= labels
    assert not re.search(r"\($|^\)", text, re.M)


def test_install_bat_finds_a_fitting_python_and_installs_only_from_the_kit(tmp_path):
    make_kit.write_starters(tmp_path, VERSION, PYTHONS, ["windows"], ENTRY)
    text = (tmp_path / "安装.bat").read_bytes().decode("utf-8")
    assert "for %%V in (3.13 3.12 3.11) do if not defined PY call :trypython py -%%V" in text
    assert text.index("call :trypython py -%%V") < text.index("call :trypython python")
    assert "(3, 11), (3, 12), (3, 13)" in text and "win-amd64" in text
    assert "-m venv --clear .venv" in text
    assert 'set "PIP_CONFIG_FILE=nul"' in text
    assert (
        '".venv\\Scripts\\python.exe" -m pip --isolated install --no-index --find-links wheels '
        f'--disable-pip-version-check "xiumei=={VERSION}"'
    ) in text
    assert "Add python.exe to PATH" in text and "3.11、3.12 或 3.13" in text
    assert "%LOCALAPPDATA%\\xiumei\\xiumei.db" in text
    opener = (tmp_path / "打开台账.bat").read_bytes().decode("utf-8")
    assert f'"%~dp0.venv\\Scripts\\python.exe" -P -c "{ENTRY}" %*' in opener


def test_python_check_accepts_only_what_the_wheels_fit():
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    for platform in make_kit.PLATFORMS:
        code = make_kit.python_check(PYTHONS, platform)
        compile(code, "<check>", "exec")
        assert not re.search(r'[!%&<>|^"]', code), "passes through cmd.exe and sh unchanged"
    native = {"linux-x86_64": "linux", "win-amd64": "windows"}.get(sysconfig.get_platform())
    if native is None:
        pytest.skip(f"no kit for {sysconfig.get_platform()}")
    other = "linux" if native == "windows" else "windows"

    def exit_code(pythons: list[str], platform: str) -> int:
        code = make_kit.python_check(pythons, platform)
        return subprocess.run([sys.executable, "-c", code], check=False).returncode

    assert exit_code([here], native) == 0
    assert exit_code(["3.10"], native) == 1
    assert exit_code([here], other) == 1


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX sh")
def test_shell_starters_parse_and_use_lf(tmp_path):
    make_kit.write_starters(tmp_path, VERSION, PYTHONS, ["linux"], ENTRY)
    assert not list(tmp_path.glob("*.bat"))
    for name in ("install.sh", "xiumei.sh"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"#!/bin/sh\n") and b"\r" not in data
        subprocess.run(["sh", "-n", str(tmp_path / name)], check=True)
    install = (tmp_path / "install.sh").read_text(encoding="utf-8")
    assert 'PYTHONS="3.13 3.12 3.11"' in install
    pip = (
        "PIP_CONFIG_FILE=/dev/null .venv/bin/python -m pip --isolated install --no-index --find-links wheels"
    )
    assert pip in install
    assert '"xiumei==$VERSION"' in install and f'VERSION="{VERSION}"' in install


def test_instructions_say_which_python_and_where_the_data_is(tmp_path):
    make_kit.write_starters(tmp_path, VERSION, PYTHONS, ["windows", "linux"], ENTRY)
    data = (tmp_path / "安装说明.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("utf-8-sig")
    for needed in (
        "3.11、3.12 或 3.13",
        "Add python.exe to PATH",
        "U 盘",
        "%LOCALAPPDATA%\\xiumei\\xiumei.db",
        "~/.local/share/xiumei/xiumei.db",
        "安装.bat",
        "install.sh",
    ):
        assert needed in text


def _fake_wheel(folder: Path, filename: str, requires: list[str]) -> Path:
    name, version = filename.split("-")[:2]
    path = folder / filename
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    meta += "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{name}-{version}.dist-info/METADATA", meta)
    return path


def test_the_check_follows_the_targets_markers_and_tags(tmp_path):
    # pip evaluates markers on the machine that downloads; the check must not.
    _fake_wheel(
        tmp_path,
        "app-1.0-py3-none-any.whl",
        [
            "pure>=1",
            "winonly; sys_platform == 'win32'",
            "old; python_version < '3.12'",
            "fast",
            "dev; extra == 'test'",
            "rich[fancy]",
        ],
    )
    _fake_wheel(tmp_path, "pure-1.0-py3-none-any.whl", [])
    _fake_wheel(tmp_path, "pure-2.0-py3-none-any.whl", [])
    _fake_wheel(tmp_path, "old-1.0-py3-none-any.whl", [])
    _fake_wheel(tmp_path, "fast-1.0-cp312-cp312-win_amd64.whl", [])
    _fake_wheel(tmp_path, "fast-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", [])
    _fake_wheel(tmp_path, "rich-1.0-py3-none-any.whl", ["emoji; extra == 'fancy'"])
    _fake_wheel(tmp_path, "emoji-1.0-py3-none-any.whl", [])
    wheels = make_kit.scan_wheels(tmp_path)

    def check(platform: str, python: str):
        closure = make_kit.resolve(wheels, make_kit.Target(platform, python), "app==1.0")
        return sorted(w.path.name for w in closure.wheels), closure.missing

    names, missing = check("linux", "3.12")
    assert missing == []
    assert names == [
        "app-1.0-py3-none-any.whl",
        "emoji-1.0-py3-none-any.whl",
        "fast-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "pure-2.0-py3-none-any.whl",
        "rich-1.0-py3-none-any.whl",
    ]
    names, missing = check("windows", "3.12")
    assert missing == ["winonly"]
    assert "fast-1.0-cp312-cp312-win_amd64.whl" in names
    names, missing = check("windows", "3.11")
    assert set(missing) == {"winonly", "fast"}  # no cp311 wheel of fast
    assert "old-1.0-py3-none-any.whl" in names


def test_zip_layout(tmp_path):
    kit = tmp_path / f"xiumei-kit-{VERSION}"
    (kit / "wheels").mkdir(parents=True)
    _fake_wheel(kit / "wheels", f"xiumei-{VERSION}-py3-none-any.whl", [])
    make_kit.write_starters(kit, VERSION, PYTHONS, ["windows", "linux"], ENTRY)
    zip_path = tmp_path / "out.zip"
    make_kit.write_zip(kit, zip_path)
    with zipfile.ZipFile(zip_path) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        top = f"xiumei-kit-{VERSION}/"
        assert set(infos) == {
            top + name
            for name in (
                "安装说明.txt",
                "安装.bat",
                "打开台账.bat",
                "install.sh",
                "xiumei.sh",
                f"wheels/xiumei-{VERSION}-py3-none-any.whl",
            )
        }
        assert infos[top + "安装.bat"].flag_bits & 0x800, "names are marked UTF-8"
        assert (infos[top + "install.sh"].external_attr >> 16) & 0o777 == 0o755
        assert (infos[top + "安装.bat"].external_attr >> 16) & 0o777 == 0o644
        assert zf.read(top + "安装.bat") == (kit / "安装.bat").read_bytes()
        assert infos[top + f"wheels/xiumei-{VERSION}-py3-none-any.whl"].compress_type == zipfile.ZIP_STORED


# --- slow: the real kit, built from the package index, installed without it ---------------------


@pytest.fixture(scope="module")
def kit_zip(request, tmp_path_factory) -> Path:
    if not re.search(r"\bkit\b", request.config.getoption("markexpr") or ""):
        pytest.skip("builds the kit from the package index; run it with: pytest -m kit")
    out = tmp_path_factory.mktemp("kit")
    subprocess.run([sys.executable, str(REPO / "tools" / "make_kit.py"), "-o", str(out)], check=True)
    return out / f"xiumei-kit-{VERSION}.zip"


@pytest.mark.kit
def test_kit_has_every_wheel_for_every_target(kit_zip):
    with zipfile.ZipFile(kit_zip) as zf:
        top = f"xiumei-kit-{VERSION}/"
        names = set(zf.namelist())
        manifest = json.loads(zf.read(top + "kit.json").decode("utf-8"))
    assert manifest["version"] == VERSION and manifest["python"] == PYTHONS
    for platform, tag in (("windows", "win_amd64"), ("linux", "manylinux")):
        for python in PYTHONS:
            wheels = manifest["wheels"][f"{platform}-{python}"]
            assert all(top + "wheels/" + w in names for w in wheels)
            # A wheel file spells a name with "_" (textual_plotext) where pyproject has "-".
            dists = {re.sub(r"[-_.]+", "-", w.split("-")[0]).lower() for w in wheels}
            assert {"xiumei", *RUNTIME} <= dists
            cp = "cp" + python.replace(".", "")
            assert any(w.startswith("pendulum-") and f"-{cp}-" in w and tag in w for w in wheels)


def _offline_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["HOME"] = str(tmp / "home")
    # Any attempt to reach the network fails at once instead of quietly succeeding.
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        env[var] = "http://127.0.0.1:9"
    return env


def _no_network_prefix() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], check=False).returncode == 0:
        return [unshare, "-n"]
    return []


def _install(kit_dir: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [*_no_network_prefix(), "sh", str(kit_dir / "install.sh")],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Looking in links: wheels" in done.stdout and "Looking in indexes" not in done.stdout
    return done.stdout


def _run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.kit
@pytest.mark.skipif(sysconfig.get_platform() != "linux-x86_64", reason="installs the Linux part of the kit")
def test_kit_installs_offline_and_reinstalling_keeps_the_database(kit_zip, tmp_path):
    env = _offline_env(tmp_path)
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        with zipfile.ZipFile(kit_zip) as zf:
            zf.extractall(folder)
    kit = first / f"xiumei-kit-{VERSION}"
    _install(kit, env)

    db = tmp_path / "village.db"
    _run([str(kit / ".venv" / "bin" / "xiumei"), "--db", str(db), "demo"], env)
    before = _run([str(kit / ".venv" / "bin" / "xiumei"), "--db", str(db), "summary", "--json"], env)
    assert json.loads(before)["village"]["name"] == "桐柏村"
    digest = _sha(db)

    # The upgrade path: install.sh again over the same folder rebuilds .venv, never the database.
    _install(kit, env)
    assert _sha(db) == digest
    assert _run(["sh", str(kit / "xiumei.sh"), "--db", str(db), "summary", "--json"], env) == before

    # A kit unzipped elsewhere opens the same database in the user's data folder.
    data = Path(env["XIUMEI_DATA_DIR"])
    shutil.copy2(db, data / "xiumei.db")
    other = second / f"xiumei-kit-{VERSION}"
    _install(other, env)
    assert _run(["sh", str(other / "xiumei.sh"), "summary", "--json"], env) == before

    # A kit folder moved after installing still opens: the starter runs the venv's python.
    moved = tmp_path / "moved"
    other.rename(moved)
    assert _run(["sh", str(moved / "xiumei.sh"), "summary", "--json"], env) == before
