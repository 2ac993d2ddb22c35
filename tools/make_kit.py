"""Make the offline install kit: ``xiumei-kit-VERSION.zip``, to carry on a USB stick.

The kit holds the xiumei wheel and every dependency as wheels for Windows (win_amd64) and Linux
(manylinux x86_64), for each chosen Python, plus 安装说明.txt and the starters (安装.bat /
打开台账.bat, install.sh / xiumei.sh). Installing from it never reaches the network: the starters
make ``.venv`` beside themselves and run ``pip install --no-index --find-links wheels``.

Run it once, on a machine that reaches the package index:

    python tools/make_kit.py                      # both platforms, Python 3.11 3.12 3.13, into dist/
    python tools/make_kit.py --platforms linux --python 3.12 -o kits
    python tools/make_kit.py --find-links DIR --no-index   # from wheels already on disk

Only the standard library and pip are needed (pip runs as ``sys.executable -m pip``).
"""

from __future__ import annotations

import argparse
import email.parser
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

try:  # a standalone packaging if the maker has one; pip carries the same code otherwise
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.tags import compatible_tags, cpython_tags
    from packaging.utils import canonicalize_name, parse_wheel_filename
    from packaging.version import Version
except ImportError:  # pragma: no cover - depends on the maker's machine
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.specifiers import SpecifierSet
    from pip._vendor.packaging.tags import compatible_tags, cpython_tags
    from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename
    from pip._vendor.packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
NAME = "xiumei"
DEFAULT_PYTHONS = ("3.11", "3.12", "3.13")

# pip's --platform takes exact tags: manylinux2014 is expanded to the older aliases, the
# PEP 600 spellings are not, so every spelling of "glibc 2.17 or older" is listed.
PLATFORM_TAGS: dict[str, tuple[str, ...]] = {
    "windows": ("win_amd64",),
    "linux": (
        "manylinux_2_17_x86_64",
        "manylinux2014_x86_64",
        "manylinux_2_12_x86_64",
        "manylinux2010_x86_64",
        "manylinux_2_5_x86_64",
        "manylinux1_x86_64",
    ),
}
# pip evaluates environment markers against the machine it runs on, not the target
# (pypa/pip#11664), so the kit is checked against these values after the download.
PLATFORM_MARKERS: dict[str, dict[str, str]] = {
    "windows": {
        "os_name": "nt",
        "sys_platform": "win32",
        "platform_system": "Windows",
        "platform_machine": "AMD64",
    },
    "linux": {
        "os_name": "posix",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": "x86_64",
    },
}
# sysconfig.get_platform() of the interpreters the wheels fit; the starters refuse any other.
SYSCONFIG_PLATFORM = {"windows": "win-amd64", "linux": "linux-x86_64"}
PLATFORMS = tuple(PLATFORM_TAGS)


class KitError(Exception):
    """A kit cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    """One platform and one Python version the kit must install on."""

    platform: str
    python: str

    @property
    def key(self) -> str:
        return f"{self.platform}-{self.python}"

    @property
    def version_tuple(self) -> tuple[int, int]:
        major, minor = self.python.split(".")
        return int(major), int(minor)

    def pip_args(self) -> list[str]:
        args = ["--only-binary=:all:", "--implementation", "cp", "--python-version", self.python]
        for tag in PLATFORM_TAGS[self.platform]:
            args += ["--platform", tag]
        return args

    def marker_env(self) -> dict[str, str]:
        full = f"{self.python}.0"
        return {
            **PLATFORM_MARKERS[self.platform],
            "python_version": self.python,
            "python_full_version": full,
            "implementation_name": "cpython",
            "implementation_version": full,
            "platform_python_implementation": "CPython",
            "platform_release": "",
            "platform_version": "",
            "extra": "",
        }

    def tags(self) -> frozenset[str]:
        version = self.version_tuple
        platforms = list(PLATFORM_TAGS[self.platform])
        interpreter = f"cp{version[0]}{version[1]}"
        found = [
            *cpython_tags(version, platforms=platforms),
            *compatible_tags(version, interpreter, platforms),
        ]
        return frozenset(str(tag) for tag in found)


def read_project(pyproject: Path) -> dict:
    with pyproject.open("rb") as fh:
        return tomllib.load(fh)["project"]


def read_version(pyproject: Path) -> str:
    return str(read_project(pyproject)["version"])


def entry_code(project: dict) -> str:
    """Python code that runs the ``xiumei`` console script's function, for ``python -c``.

    The starters run the venv's python rather than the generated launcher: a launcher (.exe on
    Windows) remembers the folder it was installed in, python finds its venv wherever it is.
    """
    module, _, func = project["scripts"][NAME].partition(":")
    return f"import sys; from {module} import {func}; sys.exit({func}())"


def make_targets(platforms: Iterable[str], pythons: Iterable[str], requires_python: str = "") -> list[Target]:
    spec = SpecifierSet(requires_python)
    pythons = list(dict.fromkeys(pythons))
    targets = []
    for python in pythons:
        if not re.fullmatch(r"3\.\d{1,2}", python):
            raise KitError(f"--python {python}: expected a version like 3.12")
        if not spec.contains(f"{python}.0", prereleases=True):
            raise KitError(f"--python {python}: {NAME} requires Python {requires_python}")
    for platform in platforms:
        if platform not in PLATFORM_TAGS:
            raise KitError(f"--platforms {platform}: expected one of {', '.join(PLATFORMS)}")
        targets += [Target(platform, python) for python in pythons]
    return targets


def pip_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pip", *args]


def pip_options(find_links: Sequence[Path] = (), no_index: bool = False, verbose: bool = False) -> list[str]:
    """Options for every pip run: where wheels come from and how much pip says."""
    args = [] if verbose else ["--quiet"]
    if no_index:
        args.append("--no-index")
    for folder in find_links:
        args += ["--find-links", str(folder)]
    return args


def download_command(
    target: Target, requirements: Sequence[str], dest: Path, options: Sequence[str]
) -> list[str]:
    return pip_command("download", "--dest", str(dest), *target.pip_args(), *options, *requirements)


def wheel_command(source: Path, dest: Path, options: Sequence[str]) -> list[str]:
    return pip_command("wheel", "--no-deps", "--wheel-dir", str(dest), *options, str(source))


# --- what the wheels in a folder give one target -------------------------------------------------


@dataclass(frozen=True)
class WheelInfo:
    path: Path
    name: str
    version: Version
    tags: frozenset[str]
    requires: tuple[str, ...]


def read_wheel(path: Path) -> WheelInfo:
    name, version, _build, tags = parse_wheel_filename(path.name)
    with zipfile.ZipFile(path) as zf:
        metadata = [n for n in zf.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n)]
        if len(metadata) != 1:
            raise KitError(f"{path.name}: not a wheel (no single .dist-info/METADATA)")
        text = zf.read(metadata[0]).decode("utf-8")
    headers = email.parser.HeaderParser().parsestr(text)
    requires = tuple(headers.get_all("Requires-Dist") or ())
    return WheelInfo(path, str(name), version, frozenset(str(t) for t in tags), requires)


def scan_wheels(folder: Path) -> dict[str, list[WheelInfo]]:
    found: dict[str, list[WheelInfo]] = {}
    for path in sorted(folder.glob("*.whl")):
        info = read_wheel(path)
        found.setdefault(info.name, []).append(info)
    return found


@dataclass
class Closure:
    target: Target
    wheels: list[WheelInfo]
    missing: list[str]


def resolve(wheels: dict[str, list[WheelInfo]], target: Target, root: str) -> Closure:
    """The wheels ``pip install --no-index`` would need on ``target``, and what is missing.

    This walks the dependencies with the target's markers and tags; it is a check of the
    folder, not a resolver: pip still chooses on the laptop, among these same files.
    """
    env, tags = target.marker_env(), target.tags()
    chosen: dict[str, WheelInfo] = {}
    missing: list[str] = []
    walked: set[tuple[str, str]] = set()
    todo = [Requirement(root)]
    while todo:
        req = todo.pop(0)
        name = str(canonicalize_name(req.name))
        fits = [
            w
            for w in wheels.get(name, [])
            if w.tags & tags and req.specifier.contains(w.version, prereleases=True)
        ]
        if req.url or not fits:
            extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
            wanted = f"{req.name}{extras}{req.specifier}"
            if wanted not in missing:
                missing.append(wanted)
            continue
        best = chosen[name] if chosen.get(name) in fits else max(fits, key=lambda w: w.version)
        chosen[name] = best
        for extra in ("", *sorted(req.extras)):
            if (name, extra) in walked:
                continue
            walked.add((name, extra))
            for line in best.requires:
                dep = Requirement(line)
                if extra == "":
                    wanted_here = dep.marker is None or dep.marker.evaluate(env)
                else:  # only what this extra adds; the rest came with extra ""
                    wanted_here = dep.marker is not None and dep.marker.evaluate({**env, "extra": extra})
                if wanted_here:
                    todo.append(dep)
    return Closure(target, sorted(chosen.values(), key=lambda w: w.name), missing)


# --- the starters and the instructions ---------------------------------------------------------


def python_check(pythons: Sequence[str], platform: str) -> str:
    """``python -c`` code that exits 0 only on an interpreter the kit's wheels fit.

    Written without ``!``, ``%``, ``&``, ``<``, ``>``, ``|``, ``^`` and double quotes so that it
    passes unchanged through cmd.exe and through a double-quoted sh string.
    """
    pairs = ", ".join(f"({p.split('.')[0]}, {p.split('.')[1]})" for p in pythons)
    return (
        "import sys, sysconfig; sys.exit(sys.version_info[:2] not in ["
        + pairs
        + f"] or sysconfig.get_platform() not in ['{SYSCONFIG_PLATFORM[platform]}']"
        + " or bool(sysconfig.get_config_var('Py_GIL_DISABLED'))"
        # The Microsoft Store's Python writes AppData into a private folder of its own, so the
        # database would not be where the instructions and the backups look for it.
        + (" or 'WindowsApps' in sys.executable" if platform == "windows" else "")
        + ")"
    )


def newest_first(pythons: Iterable[str]) -> list[str]:
    return sorted(set(pythons), key=lambda p: tuple(int(x) for x in p.split(".")), reverse=True)


def english_list(pythons: Iterable[str]) -> str:
    return human_list(pythons).replace("、", ", ").replace(" 或 ", " or ")


def human_list(pythons: Iterable[str]) -> str:
    ordered = sorted(set(pythons), key=lambda p: tuple(int(x) for x in p.split(".")))
    return ordered[0] if len(ordered) == 1 else "、".join(ordered[:-1]) + " 或 " + ordered[-1]


# cmd.exe reads a batch file one line at a time and decodes each line with the console's code
# page of that moment. So: UTF-8 without BOM (a BOM would glue itself to "@echo" on line 1),
# the first two lines ASCII, and "chcp 65001" before any Chinese. Chinese only in echo lines,
# the logic plain ASCII and without ( ) blocks, since a path may contain parentheses.
INSTALL_BAT = r"""@echo off
chcp 65001 >nul
setlocal
cd /d "%~dp0"
rem Installs xiumei @VERSION@ from this kit's wheels into .venv in this folder; never uses the network.
if not exist "wheels\@NAME@-*.whl" goto notunzipped
echo 正在安装 xiumei（秀美屋场台账）@VERSION@，不需要上网……
rem The py launcher knows every Python from python.org; ask it for the kit's versions, newest
rem first, then try the python on PATH. "py -3" alone could pick a version the kit has no wheels for.
set "PY="
for %%V in (@PYTHONS@) do if not defined PY call :trypython py -%%V
if not defined PY call :trypython python
if not defined PY goto nopython
echo 使用 %PY%
rem --clear: .venv holds nothing of the user's, so every install starts it afresh. That is
rem also the upgrade: a newer kit over this folder, or another Python, never mixes with the old.
%PY% -m venv --clear .venv
if errorlevel 1 goto venvfailed
rem Only this kit's wheels: no index, and no pip setting of this computer adds another source.
set "PIP_CONFIG_FILE=nul"
".venv\Scripts\python.exe" -m pip --isolated install --no-index --find-links wheels --disable-pip-version-check "@NAME@==@VERSION@"
if errorlevel 1 goto pipfailed
".venv\Scripts\python.exe" -P -c "@ENTRY@" --help >nul
if errorlevel 1 goto pipfailed
echo.
echo 安装好了。以后双击本文件夹里的“打开台账.bat”打开台账。
echo 台账数据库不在本文件夹里，在 %LOCALAPPDATA%\xiumei\xiumei.db ，重新安装和升级都不会动它。
echo.
pause
exit /b 0

:trypython
%* -c "@CHECK@" >nul 2>&1
if not errorlevel 1 set "PY=%*"
exit /b 0

:notunzipped
echo 找不到 wheels 文件夹。请先把整个压缩包解压（右键，“全部解压缩”），
echo 再双击解压出来的文件夹里的“安装.bat”。
pause
exit /b 1

:nopython
echo.
echo 没有找到本安装包能用的 Python：需要 Python @PYLIST@（64 位）。
echo 这台电脑上已有的 Python：
py -0p 2>nul
python --version 2>nul
echo.
echo 请先运行 U 盘里的 Python 安装程序（python.org 的 Windows installer 64-bit，
echo 版本 @PYLIST@），在第一页勾选“Add python.exe to PATH”，点“Install Now”；
echo 装好后再双击“安装.bat”。Microsoft Store 里的 Python 不能用。
echo.
pause
exit /b 1

:venvfailed
echo.
echo 建立 .venv 文件夹没有成功（原因见上面）。如果台账还开着，先关掉它，再双击“安装.bat”。
pause
exit /b 1

:pipfailed
echo.
echo 安装没有成功（原因见上面）。请把这个窗口拍照，发给准备安装包的人。
pause
exit /b 1
"""

OPEN_BAT = r"""@echo off
chcp 65001 >nul
setlocal
rem Opens xiumei on this village's database, which lives in the user's data folder, not here.
rem Arguments pass through (summary, --lang en, ...).
if not exist "%~dp0.venv\Scripts\python.exe" goto notinstalled
rem -P: a folder in the current directory never shadows the installed program.
"%~dp0.venv\Scripts\python.exe" -P -c "@ENTRY@" %*
set "RC=%errorlevel%"
if not "%RC%"=="0" pause
exit /b %RC%

:notinstalled
echo 还没有安装。请先双击本文件夹里的“安装.bat”。
pause
exit /b 1
"""

INSTALL_SH = r"""#!/bin/sh
# Installs xiumei @VERSION@ from this kit's wheels into .venv beside this file; never uses the
# network. PYTHON=/path/to/python3.12 sh install.sh chooses the Python.
set -eu
cd "$(dirname "$0")"
VERSION="@VERSION@"
PYTHONS="@PYTHONS@"
CHECK="@CHECK@"
ENTRY="@ENTRY@"

if ! ls wheels/@NAME@-*.whl >/dev/null 2>&1; then
    echo "找不到 wheels 文件夹：请先把整个压缩包解压（unzip），再运行解压出来的 install.sh。" >&2
    exit 1
fi

fits() { "$1" -c "$CHECK" >/dev/null 2>&1; }

PY=""
if [ -n "${PYTHON:-}" ]; then
    if fits "$PYTHON"; then PY="$PYTHON"; fi
else
    for v in $PYTHONS; do
        if command -v "python$v" >/dev/null 2>&1 && fits "python$v"; then PY="python$v"; break; fi
    done
    if [ -z "$PY" ] && command -v python3 >/dev/null 2>&1 && fits python3; then PY=python3; fi
fi
if [ -z "$PY" ]; then
    echo "没有找到本安装包能用的 Python：需要 Python @PYLIST@（64 位 x86_64）。" >&2
    echo "这台电脑上的 python3：$(python3 --version 2>&1 || echo 没有)" >&2
    echo "请先用系统的软件包装上其中一个版本和 venv 模块（Debian、Ubuntu、统信、麒麟：python3 和 python3-venv），" >&2
    echo "或者用 PYTHON=/路径/python3.12 sh install.sh 指定。" >&2
    exit 1
fi

echo "正在安装 xiumei（秀美屋场台账）$VERSION，使用 $PY，不需要上网……"
# --clear: .venv holds nothing of the user's, so every install starts it afresh. That is also
# the upgrade: a newer kit over this folder, or another Python, never mixes with the old.
if ! "$PY" -m venv --clear .venv; then
    echo "建立 .venv 没有成功（原因见上面）。Debian、Ubuntu 等系统要先装 python3-venv（或带版本号的 python3.12-venv）。" >&2
    exit 1
fi
# Only this kit's wheels: no index, and no pip setting of this computer adds another source.
if ! PIP_CONFIG_FILE=/dev/null .venv/bin/python -m pip --isolated install --no-index --find-links wheels \
        --disable-pip-version-check "@NAME@==$VERSION"; then
    echo "安装没有成功（原因见上面）。" >&2
    exit 1
fi
.venv/bin/python -P -c "$ENTRY" --help >/dev/null
echo "安装好了。打开台账：sh $(pwd)/xiumei.sh"
echo "台账数据库不在这里，在 ${XDG_DATA_HOME:-$HOME/.local/share}/xiumei/xiumei.db，重新安装和升级都不会动它。"
"""

OPEN_SH = r"""#!/bin/sh
# Opens xiumei on this village's database, which lives in the user's data folder, not here.
# Arguments pass through: sh xiumei.sh summary, sh xiumei.sh --lang en, ...
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$here/.venv/bin/python" ]; then
    echo "还没有安装：先运行 sh $here/install.sh" >&2
    exit 1
fi
# -P: a folder in the current directory never shadows the installed program.
exec "$here/.venv/bin/python" -P -c "@ENTRY@" "$@"
"""


def _fill(template: str, **values: str) -> str:
    text = template
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    leftover = re.search(r"@[A-Z]+@", text)
    if leftover:
        raise KitError(f"template placeholder {leftover.group()} left unfilled")
    return text


def render_install_bat(version: str, pythons: Sequence[str], entry: str) -> str:
    return _fill(
        INSTALL_BAT,
        NAME=NAME,
        VERSION=version,
        PYTHONS=" ".join(newest_first(pythons)),
        PYLIST=human_list(pythons),
        CHECK=python_check(pythons, "windows"),
        ENTRY=entry,
    )


def render_open_bat(entry: str) -> str:
    return _fill(OPEN_BAT, ENTRY=entry)


def render_install_sh(version: str, pythons: Sequence[str], entry: str) -> str:
    return _fill(
        INSTALL_SH,
        NAME=NAME,
        VERSION=version,
        PYTHONS=" ".join(newest_first(pythons)),
        PYLIST=human_list(pythons),
        CHECK=python_check(pythons, "linux"),
        ENTRY=entry,
    )


def render_open_sh(entry: str) -> str:
    return _fill(OPEN_SH, ENTRY=entry)


def render_instructions(version: str, pythons: Sequence[str], platforms: Sequence[str]) -> str:
    pylist = human_list(pythons)
    newest = newest_first(pythons)[0]
    parts = [
        f"xiumei（秀美屋场台账）{version} 离线安装包\n"
        "\n"
        "这个安装包不用上网就能安装：xiumei 和它用到的全部文件都在 wheels 文件夹里。\n"
        f"电脑上要先有 Python {pylist}（64 位）。Python 安装程序要另外带在 U 盘上，\n"
        "村里没有网下载不了。\n"
    ]
    if "windows" in platforms:
        parts.append(
            "\n"
            "一、Windows 电脑\n"
            f"1. 装 Python（每台电脑只装一次）：运行 U 盘里 python.org 的 Python {newest} 安装程序\n"
            f"   （python-{newest}.x-amd64.exe），第一页勾选“Add python.exe to PATH”，点“Install Now”。\n"
            "   不要用“Microsoft Store”里的 Python：它会把数据库放到别的地方。\n"
            "2. 把本压缩包复制到电脑上（比如 D 盘或“文档”），右键“全部解压缩”。不要装在 U 盘上。\n"
            "3. 打开解压出来的文件夹，双击“安装.bat”，看到“安装好了”就行。\n"
            "4. 以后双击“打开台账.bat”打开台账。可以右键它，“发送到”，“桌面快捷方式”。\n"
            "   Windows 问“是否运行”时点“运行”。\n"
        )
    if "linux" in platforms:
        parts.append(
            "\n"
            f"{'二' if 'windows' in platforms else '一'}、Linux 电脑（统信 UOS、麒麟、Ubuntu 等，x86_64）\n"
            f"1. 要有 python3（{pylist}）和 venv 模块（Debian 系的软件包叫 python3-venv）。\n"
            f"2. unzip xiumei-kit-{version}.zip，再运行 sh xiumei-kit-{version}/install.sh\n"
            f"3. 打开台账：sh xiumei-kit-{version}/xiumei.sh（在终端里运行）。\n"
        )
    parts.append(
        "\n"
        "数据放在哪里\n"
        "台账数据库不在这个文件夹里，在用户自己的数据文件夹：\n"
        "  Windows：%LOCALAPPDATA%\\xiumei\\xiumei.db（C:\\Users\\用户名\\AppData\\Local\\xiumei\\xiumei.db）\n"
        "  Linux：~/.local/share/xiumei/xiumei.db\n"
        "备份就是把 xiumei.db 复制到 U 盘。\n"
        "\n"
        "升级到新版本\n"
        "先关掉台账。把新的压缩包解压到新文件夹，运行里面的“安装.bat”（Linux：sh install.sh），\n"
        "以后用新文件夹里的“打开台账.bat”（桌面快捷方式要重新发送一次），旧文件夹可以删掉。\n"
        "解压到旧文件夹上覆盖也可以，覆盖后再运行一次“安装.bat”。安装只重建本文件夹里的 .venv，\n"
        "不碰数据库；新版本第一次打开时，如果要升级数据库，会先在数据库旁边留一份备份\n"
        "（xiumei.v1.时间.bak.db）。旧版本打不开新版本写过的数据库，也不会改动它。\n"
        "打不开或者装坏了，再运行一次“安装.bat”就好。\n"
        "\n"
        f"Offline install kit of xiumei: install Python {english_list(pythons)} (64-bit; on Windows from\n"
        'python.org with "Add python.exe to PATH" ticked, not from the Microsoft Store), unzip, run\n'
        "安装.bat (Windows) or install.sh (Linux), then 打开台账.bat or xiumei.sh. The database stays in\n"
        "the user's data folder; reinstalling or upgrading rebuilds only .venv in this folder.\n"
    )
    return "".join(parts)


# --- building ---------------------------------------------------------------------------------


def run(cmd: Sequence[str], what: str) -> None:
    print(f"  $ {' '.join(cmd[2:]) if cmd[:2] == [sys.executable, '-m'] else ' '.join(cmd)}", flush=True)
    try:
        subprocess.run(cmd, check=True)
    except subprocess.CalledProcessError as exc:
        raise KitError(f"{what} failed (pip's message is above), exit status {exc.returncode}") from exc


def _source_ignore(root: Path) -> Callable[[str, list[str]], set[str]]:
    # The wheel is built from a copy: setuptools' build/ folder keeps files from earlier builds,
    # and a module deleted from the source would otherwise still ride along in the kit.
    top_level = {"build", "dist", "tests", "bench", "tools"}

    def ignore(directory: str, names: list[str]) -> set[str]:
        drop = {n for n in names if n == "__pycache__" or n.endswith(".egg-info")}
        if Path(directory) == root:
            drop |= {n for n in names if n.startswith(".") or n in top_level or n.endswith((".zip", ".db"))}
        return drop

    return ignore


def build_wheel(repo: Path, dest: Path, version: str, options: Sequence[str]) -> Path:
    with tempfile.TemporaryDirectory(prefix="xiumei-src-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(repo, src, ignore=_source_ignore(repo))
        run(wheel_command(src, dest, options), f"building the {NAME} wheel")
    built = [w for w in dest.glob("*.whl") if canonicalize_name(parse_wheel_filename(w.name)[0]) == NAME]
    if len(built) != 1 or parse_wheel_filename(built[0].name)[1] != Version(version):
        raise KitError(f"expected one {NAME} {version} wheel in {dest}, found {[w.name for w in built]}")
    return built[0]


def gather(target: Target, root_wheel: Path, wheels: Path, version: str, options: Sequence[str]) -> Closure:
    """Download what ``target`` needs into ``wheels`` and check it is all there."""
    run(download_command(target, [str(root_wheel)], wheels, options), f"downloading wheels for {target.key}")
    for _ in range(5):
        closure = resolve(scan_wheels(wheels), target, f"{NAME}=={version}")
        if not closure.missing:
            return closure
        # What pip skipped because a marker held on this machine and not on the target.
        print(f"  {target.key} also needs: {', '.join(closure.missing)}", flush=True)
        run(
            download_command(target, closure.missing, wheels, options), f"downloading wheels for {target.key}"
        )
    raise KitError(f"{target.key}: still missing {', '.join(closure.missing)}")


def write_zip(kit_dir: Path, zip_path: Path) -> None:
    part = zip_path.with_name(zip_path.name + ".part")
    with zipfile.ZipFile(part, "w") as zf:
        for path in sorted(p for p in kit_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo.from_file(path, f"{kit_dir.name}/{path.relative_to(kit_dir).as_posix()}")
            # Unix permissions, so that unzip keeps the .sh files runnable wherever the kit was made.
            info.create_system = 3
            info.external_attr = (0o100755 if path.suffix == ".sh" else 0o100644) << 16
            # Wheels are zips already; deflating them again only costs time.
            info.compress_type = zipfile.ZIP_STORED if path.suffix == ".whl" else zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    part.replace(zip_path)


def write_starters(
    kit_dir: Path, version: str, pythons: Sequence[str], platforms: Sequence[str], entry: str
) -> None:
    def crlf(text: str) -> bytes:
        return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")

    if "windows" in platforms:
        (kit_dir / "安装.bat").write_bytes(crlf(render_install_bat(version, pythons, entry)))
        (kit_dir / "打开台账.bat").write_bytes(crlf(render_open_bat(entry)))
    if "linux" in platforms:
        (kit_dir / "install.sh").write_text(
            render_install_sh(version, pythons, entry), encoding="utf-8", newline="\n"
        )
        (kit_dir / "xiumei.sh").write_text(render_open_sh(entry), encoding="utf-8", newline="\n")
    # CRLF and a BOM: every Notepad and WPS shows it right; Linux editors do not mind.
    text = render_instructions(version, pythons, platforms)
    (kit_dir / "安装说明.txt").write_bytes(b"\xef\xbb\xbf" + crlf(text))


def make_kit(
    out_dir: Path,
    platforms: Sequence[str] = PLATFORMS,
    pythons: Sequence[str] = DEFAULT_PYTHONS,
    find_links: Sequence[Path] = (),
    no_index: bool = False,
    verbose: bool = False,
    repo: Path = REPO,
) -> Path:
    """Build ``xiumei-kit-VERSION.zip`` in ``out_dir`` and return its path."""
    project = read_project(repo / "pyproject.toml")
    version = str(project["version"])
    targets = make_targets(platforms, pythons, project.get("requires-python", ""))
    options = pip_options([p.resolve() for p in find_links], no_index, verbose)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xiumei-kit-") as tmp:
        kit_dir = Path(tmp) / f"{NAME}-kit-{version}"
        wheels = kit_dir / "wheels"
        wheels.mkdir(parents=True)
        print(f"{NAME} {version}: building the wheel", flush=True)
        root_wheel = build_wheel(repo, Path(tmp) / "built", version, options)
        shutil.copy2(root_wheel, wheels / root_wheel.name)
        closures = []
        for target in targets:
            print(f"{target.key}: collecting wheels", flush=True)
            closures.append(gather(target, wheels / root_wheel.name, wheels, version, options))
        write_starters(kit_dir, version, pythons, platforms, entry_code(project))
        manifest = {
            "name": NAME,
            "version": version,
            "platforms": list(dict.fromkeys(platforms)),
            "python": list(dict.fromkeys(pythons)),
            "wheels": {c.target.key: [w.path.name for w in c.wheels] for c in closures},
        }
        (kit_dir / "kit.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        zip_path = out_dir / f"{kit_dir.name}.zip"
        write_zip(kit_dir, zip_path)
    for closure in closures:
        print(f"{closure.target.key}: {len(closure.wheels)} wheels", flush=True)
    print(f"{zip_path} ({zip_path.stat().st_size / 1e6:.1f} MB)", flush=True)
    return zip_path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make_kit.py",
        description=f"Write {NAME}-kit-VERSION.zip: {NAME} and every dependency as wheels, with starters, "
        "for a laptop without internet.",
    )
    parser.add_argument(
        "--platforms", nargs="+", choices=PLATFORMS, default=list(PLATFORMS), help="default: %(default)s"
    )
    parser.add_argument(
        "--python", nargs="+", default=list(DEFAULT_PYTHONS), metavar="X.Y", help="default: %(default)s"
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("dist"), help="folder for the zip (default: dist)"
    )
    parser.add_argument(
        "--find-links",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="also take wheels from DIR (repeatable), e.g. one built with pip wheel for a package "
        "that has no wheel of its own",
    )
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="do not use the package index: every wheel (and setuptools and wheel, to build "
        f"{NAME}) must be in a --find-links folder",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show everything pip says")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        make_kit(args.output, args.platforms, args.python, args.find_links, args.no_index, args.verbose)
    except KitError as exc:
        print(f"make_kit: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
