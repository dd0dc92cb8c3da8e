"""``make lock``: write ``constraints/dev.txt``, the exact versions ``make setup`` installs.

The library states ranges (``pyproject.toml``) so that it installs beside whatever ``pulumi``
an infra repo already has; the project's own ``.venv`` must still be the same on every clone
and in CI. This asks pip to resolve the ``dev`` extra and writes every package it would
install, pinned. By default the versions already in the file are kept and only what is new
(a dependency someone added) is resolved; ``--upgrade`` resolves everything afresh. The
``pulumi`` SDK is always resolved anew: the CLI version ``tools/pulumi-cli/go.mod`` builds, or
the newest release below it where PyPI does not serve that one (Pulumi publishes the CLI and
the Go module before, and sometimes without, every SDK release).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONSTRAINTS = REPO / "constraints" / "dev.txt"
HEADER = """\
# Exact versions of everything `make setup` installs into .venv (it runs `pip install -c` with
# this file), so every clone and CI develop with the same packages. The library itself states
# only ranges (pyproject.toml); `pulumi` here is the version of the CLI tools/pulumi-cli builds,
# or the newest release below it that PyPI serves.
# Written by `make lock` (tools/lock_dev.py): keeps these versions and adds new dependencies;
# `.venv/bin/python tools/lock_dev.py --upgrade` moves everything to the newest allowed.
"""


def cli_version() -> str:
    """The pinned engine version, e.g. ``3.260.0``, read where the CLI build takes it from."""
    for line in (REPO / "tools" / "pulumi-cli" / "go.mod").read_text().splitlines():
        parts = line.split()
        if parts[:1] == ["github.com/pulumi/pulumi/pkg/v3"]:
            return parts[1].removeprefix("v")
    raise SystemExit("lock: no github.com/pulumi/pulumi/pkg/v3 line in tools/pulumi-cli/go.mod")


def resolve(keep_current: bool) -> dict[str, str]:
    """Name -> version of every package pip would install for ``-e .[dev]``."""
    with tempfile.TemporaryDirectory() as scratch:
        pins = Path(scratch) / "pins.txt"
        kept = CONSTRAINTS.read_text() if keep_current and CONSTRAINTS.exists() else ""
        kept_lines = [line for line in kept.splitlines() if not line.startswith("pulumi==")]
        pins.write_text("\n".join([*kept_lines, f"pulumi<={cli_version()}", ""]))
        report = Path(scratch) / "report.json"
        pip_install = [sys.executable, "-m", "pip", "install", "--quiet"]
        resolve_only = ["--dry-run", "--ignore-installed", "--report", str(report)]
        subprocess.run(
            [*pip_install, *resolve_only, "-c", str(pins), "-e", f"{REPO}[dev]"], check=True
        )
        installs = json.loads(report.read_text())["install"]
    return {
        item["metadata"]["name"]: item["metadata"]["version"]
        for item in installs
        if item["metadata"]["name"] != "pulumi-composio"
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--upgrade", action="store_true", help="resolve every version afresh")
    versions = resolve(keep_current=not parser.parse_args().upgrade)
    lines = [f"{name}=={versions[name]}\n" for name in sorted(versions, key=str.lower)]
    CONSTRAINTS.parent.mkdir(exist_ok=True)
    CONSTRAINTS.write_text(HEADER + "".join(lines))
    print(f"lock: {len(lines)} packages pinned in {CONSTRAINTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
