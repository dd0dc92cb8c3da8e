"""``make test-sdk-ends``: the SDK-bound e2e tests on the oldest and the newest ``pulumi``.

The library declares ranges (``pulumi>=A,<4``, ``httpx``, ``pydantic`` in ``pyproject.toml``);
this checks both ends of them under the pinned CLI. Each end is a virtualenv in ``.venvs/``
holding this checkout (editable) and one set of library dependencies:

- ``oldest``: every range's lower bound (the ``>=`` of each dependency), exactly;
- ``newest``: the newest versions the package registry serves within the ranges, asked anew
  on every run, so a new ``pulumi`` release is tested the day it appears.

The tests themselves run from ``.venv`` (emulator, fixtures); the Pulumi programs and the
dynamic provider run in the end's virtualenv, which ``PULUMI_COMPOSIO_PROGRAM_VENV`` names
(tests/support/pulumi_stack.py). The oldest end runs under the project's stand-in Python host
(``PULUMI_COMPOSIO_PYTHON_HOST=stand-in``), the newest under the one ``.tools/bin`` has, which
is Pulumi's own where ``../shared/pulumi-hosts`` exists: the rest of ``make test`` runs under
that one too, so the stand-in, the fallback of machines without Pulumi's hosts, stays
exercised. A virtualenv is kept while its versions and the declared
ranges stay the same, so a second run only pays for the tests. The last lines printed say
which versions ran and how each end went; the exit code is non-zero if any end failed, or
ran no test. Arguments after the options go to pytest (``-x``, ``-k lifecycle``...).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.support.pulumi_stack import STAND_IN_BIN, TOOLS_BIN, python_host  # noqa: E402

VENVS = REPO / ".venvs"
E2E_WORKERS = os.environ.get("E2E_WORKERS", "4")
"""pytest workers for the CLI-driven tests; the Makefile sets it and says why."""
SUITE = [
    "tests/e2e/test_lifecycle.py",  # every server operation, drift, refresh, destroy
    "tests/e2e/test_auth_configs_and_urls.py",  # the other two resources' lifecycles
    "tests/e2e/test_unknowns_at_preview.py",  # the SDK's own unknowns at preview
    "tests/e2e/test_secrets.py",  # secret inputs and outputs as the SDK serializes them
    "tests/e2e/test_replacements.py",  # every replace path, names kept
    "tests/e2e/test_import.py",  # get and adoption
    "tests/e2e/test_native_plugin.py",  # the plugin runs in the end's virtualenv too
    "tests/e2e/test_yaml_lifecycle.py",
]
"""The e2e tests whose verdict depends on the program's or the provider's ``pulumi`` SDK:
each resource's lifecycle, unknowns at preview, secrets, replacement and adoption, on both
fronts. ``make test`` runs them only here, at both ends of the range; the rest of the e2e suite
(examples, the wheel, toolchains, TypeScript and Go, resource options, bad input) runs once on
the pinned SDK in its main run. ``make test-e2e`` runs them all on the pinned SDK."""
STAMP = ".pulumi-composio-end.json"


@dataclass(frozen=True)
class End:
    label: str
    versions: dict[str, str]
    """Distribution name -> exact version of each library dependency."""
    venv: Path

    @property
    def stand_in_host(self) -> bool:
        return self.label == "oldest"

    def describe(self) -> str:
        return ", ".join(f"{name} {version}" for name, version in self.versions.items())

    def host(self) -> str:
        return "Python host: " + python_host(STAND_IN_BIN if self.stand_in_host else TOOLS_BIN)


def project_table() -> str:
    """``[project]`` of pyproject.toml: what an installed copy of the package depends on."""
    return json.dumps(tomllib.loads((REPO / "pyproject.toml").read_text())["project"])


def library_requirements() -> list[Requirement]:
    return [Requirement(text) for text in json.loads(project_table())["dependencies"]]


def oldest_end(requirements: list[Requirement]) -> End:
    versions = {}
    for requirement in requirements:
        lower = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        if not lower:
            raise SystemExit(
                f"sdk-ends: {requirement} in pyproject.toml has no lower bound (>=) to test"
            )
        versions[requirement.name] = lower[0]
    return End("oldest", versions, VENVS / f"oldest-pulumi-{versions['pulumi']}")


def newest_end(requirements: list[Requirement]) -> End:
    """The versions ``pip install`` picks today in a virtualenv holding nothing."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        pip(
            sys.executable,
            "install",
            "--quiet",
            "--dry-run",
            "--ignore-installed",
            "--report",
            str(report),
            *map(str, requirements),
        )
        chosen = {
            item["metadata"]["name"].lower(): item["metadata"]["version"]
            for item in json.loads(report.read_text())["install"]
        }
    versions = {r.name: chosen[r.name.lower()] for r in requirements}
    return End("newest", versions, VENVS / f"newest-pulumi-{versions['pulumi']}")


def pip(python: str | Path, *args: str) -> None:
    subprocess.run([str(python), "-m", "pip", *args], check=True)


def installed_versions(venv: Path, names: list[str]) -> dict[str, str]:
    probe = (
        "import importlib.metadata as m, json, sys; "
        "print(json.dumps({n: m.version(n) for n in sys.argv[1:]}))"
    )
    completed = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe, *names],
        capture_output=True,
        text=True,
        check=True,
    )
    versions: dict[str, str] = json.loads(completed.stdout)
    return versions


def prepare(end: End) -> End:
    """Make (or reuse) the end's virtualenv; the end as installed there (``0.27`` is
    ``0.27.0``), checked to be exactly the versions asked for."""
    stamp = json.dumps(
        {
            "versions": end.versions,
            "python": sys.version,
            "project": hashlib.sha256(project_table().encode()).hexdigest(),
        },
        sort_keys=True,
    )
    stamp_file = end.venv / STAMP
    made = stamp_file.exists() and stamp_file.read_text() == stamp
    if not made:
        print(f"sdk-ends: making {end.venv.relative_to(REPO)} ({end.describe()})", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(end.venv)], check=True)
        pins = end.venv / "end-constraints.txt"
        pins.write_text("".join(f"{name}=={v}\n" for name, v in end.versions.items()))
        pip(end.venv / "bin" / "python", "install", "--quiet", "-c", str(pins), "-e", str(REPO))
    found = installed_versions(end.venv, list(end.versions))
    if {name: Version(v) for name, v in found.items()} != {
        name: Version(v) for name, v in end.versions.items()
    }:
        stamp_file.unlink(missing_ok=True)
        raise SystemExit(f"sdk-ends: {end.venv} holds {found}, not {end.versions}")
    if not made:
        stamp_file.write_text(stamp)
    for stale in VENVS.glob(f"{end.label}-pulumi-*"):
        if stale != end.venv:
            shutil.rmtree(stale, ignore_errors=True)
    return End(end.label, found, end.venv)


def run_suite(end: End, pytest_args: list[str]) -> int:
    env = {**os.environ, "PULUMI_COMPOSIO_PROGRAM_VENV": str(end.venv)}
    env.pop("PULUMI_COMPOSIO_PYTHON_HOST", None)
    if end.stand_in_host:
        env["PULUMI_COMPOSIO_PYTHON_HOST"] = "stand-in"
    command = [sys.executable, "-m", "pytest", "-n", E2E_WORKERS, *SUITE, *pytest_args]
    print(f"sdk-ends: e2e on the {end.label} end: {end.describe()}; {end.host()}", flush=True)
    return subprocess.run(command, cwd=REPO, env=env, check=False).returncode


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0], epilog="Other arguments are passed to pytest."
    )
    parser.add_argument(
        "--end",
        action="append",
        choices=["oldest", "newest"],
        help="run only this end (repeatable); default: both",
    )
    parser.add_argument(
        "--print-ignores",
        action="store_true",
        help="print pytest's --ignore options for the suite, for a run that leaves it to the ends",
    )
    options, pytest_args = parser.parse_known_args()
    if options.print_ignores:
        print(" ".join(f"--ignore={path}" for path in SUITE))
        return
    requirements = library_requirements()
    makers = {"oldest": oldest_end, "newest": newest_end}
    ends = [makers[label](requirements) for label in options.end or ["oldest", "newest"]]
    results = []
    for wanted in ends:
        started = time.monotonic()
        end = prepare(wanted)
        returncode = run_suite(end, pytest_args)
        results.append((end, returncode, time.monotonic() - started))
    print()
    for end, returncode, seconds in results:
        outcome = "passed" if returncode == 0 else f"FAILED (pytest exit code {returncode})"
        print(
            f"sdk-ends: {end.label:<6} {end.describe()}; {end.host()}: {outcome} in {seconds:.0f} s"
        )
    if any(returncode != 0 for _, returncode, _ in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
