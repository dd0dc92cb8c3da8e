"""``make version VERSION=x.y.z``: the release's version, set in one place and written everywhere.

``pyproject.toml`` states the package's version. The SDKs in ``sdk/`` carry it from the
plugin's schema (``make sdks``); everything else that names it (the pages' commands and YAML
options, the templates' pins, the examples, the policy pack) names it by hand, in the places
:data:`PINS` declares, and nowhere else. This sets pyproject's version, rewrites every pin,
then runs ``make sdks``, which reinstalls the package first (its metadata is what
``pulumi_composio.__version__`` and the schema report) and regenerates ``sdk/``.

Before writing anything it refuses to go on while a file names the current version outside
a pin (:func:`unpinned`), so a page line added by hand cannot stay behind at the old version;
``tests/unit/test_release_version.py`` holds the same two rules between releases: every pin at
the package's version, and no mention of it outside them.
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

REPO = Path(__file__).resolve().parents[1]

__all__ = [
    "NOT_THE_RELEASE",
    "PINS",
    "Mention",
    "Pin",
    "main",
    "mentions",
    "package_version",
    "project_files",
    "rewritten",
    "set_version",
    "unpinned",
]

VERSION: Final = r"\d+\.\d+\.\d+"
"""A release's version: three numbers, as PEP 440, npm and Go modules all read them alike (a
pre-release is spelled differently by each, so none is offered)."""


@dataclass(frozen=True)
class Pin:
    """A file that names the release's version, and the text around each place it does:
    ``{version}`` stands for the version, any whitespace for any run of whitespace."""

    path: str
    patterns: tuple[str, ...]

    def regexes(self) -> list[re.Pattern[str]]:
        return [_regex(pattern) for pattern in self.patterns]


PINS: Final = (
    Pin("pyproject.toml", ('version = "{version}"',)),
    Pin("README.md", ("sdk/go/composio@v{version}", "version: {version}")),
    Pin("docs/_index.md", ("version: {version}",)),
    Pin("docs/auth-config.md", ("composio@{version}",)),
    Pin(
        "docs/custom-mcp-server.md",
        ("resource composio {version}", "version: {version}", "composio@{version}"),
    ),
    Pin("docs/custom-toolkit.md", ("composio@{version}",)),
    Pin("docs/functions.md", ("resource composio {version}", "composio@{version}")),
    Pin("docs/importing-a-project.md", ("resource composio {version}", "composio@{version}")),
    Pin(
        "docs/installation-configuration.md",
        (
            "sdk/go/composio@v{version}",
            "version: {version}",
            "pulumi-composio-{version}.tgz",
            "pulumi-composio=={version}",
            "resource composio {version}",
            "pulumi-resource-composio-v{version}-",
        ),
    ),
    Pin("docs/mcp-server-user-url.md", ("composio@{version}",)),
    Pin("docs/policy.md", ("pulumi-composio-policy-{version}.tar.gz", "composio@v{version}")),
    Pin("docs/project-settings.md", ("composio@{version}",)),
    Pin("docs/session.md", ("composio@{version}",)),
    Pin("docs/trigger.md", ("composio@{version}",)),
    Pin("docs/webhook-subscription.md", ("composio@{version}",)),
    Pin("examples/full-setup-go/go.mod", ("pulumi-composio/sdk/go v{version}",)),
    # The example installs sdk/nodejs from its folder; npm records that package's version.
    Pin(
        "examples/full-setup-ts/package-lock.json",
        ('"node_modules/pulumi-composio": { "version": "{version}"',),
    ),
    Pin("examples/full-setup-yaml/Pulumi.yaml", ("version: {version}",)),
    Pin("policy/PulumiPolicy.yaml", ("version: {version}",)),
    Pin("policy/requirements.txt", ("pulumi-composio>={version}",)),
    Pin("templates/go/go.mod", ("pulumi-composio/sdk/go v{version}",)),
    Pin("templates/python/requirements.txt", ("pulumi-composio=={version}",)),
    Pin("templates/typescript/package.json", ('"pulumi-composio": "{version}"',)),
    Pin("templates/yaml/Pulumi.yaml", ("version: {version}",)),
)
"""Every file that names the release's version by hand, and where in it."""

NOT_THE_RELEASE: Final = {
    "CHANGELOG.md": "each section names the version it describes",
    "tests/data/upgrade/*": "each release's recorded stacks, at the version that recorded them",
    "tools/record_upgrade_stacks.py": "says what each release's recorded stacks hold",
    "bench/results/*": "measurements, naming the release they measured",
    "tests/durations.json": "test ids, among them the recorded upgrade stacks' releases",
    "tests/integration/test_emulator_older_database.py": "reads what the 0.1 emulator wrote",
    "sdk/*": "`make sdks` writes them from the schema (tests/unit/test_native_schema.py)",
    "constraints/*": "other packages' versions",
    "*go.mod": "other modules' versions (a pin names our SDK's line where one names it)",
    "*go.sum": "other modules' versions",
    "*package-lock.json": "other packages' versions (a pin names ours where one names it)",
}
"""Files, by glob, whose mentions of a version like the release's are not the release's."""


@dataclass(frozen=True)
class Mention:
    """One place a file names a version: ``path:line``, the version, and its span."""

    path: str
    line: int
    version: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.version}"


def package_version(root: Path = REPO) -> str:
    """The version ``pyproject.toml`` states: the one every pin must name."""
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    return str(project["version"])


def mentions(pin: Pin, root: Path = REPO, text: str | None = None) -> list[Mention]:
    """Where ``pin``'s file (or ``text``, already read from it) names a version in one of its
    patterns, in file order."""
    if text is None:
        text = (root / pin.path).read_text()
    found = [_mention(pin.path, text, m) for regex in pin.regexes() for m in regex.finditer(text)]
    return sorted(found, key=lambda mention: mention.start)


def rewritten(text: str, pin: Pin, version: str) -> str:
    """``text`` with ``version`` wherever ``pin``'s patterns name one; nothing else touched."""
    for regex in pin.regexes():
        text = regex.sub(lambda m: _with_version(m, version), text)
    return text


def project_files(root: Path = REPO) -> list[Path]:
    """The files of the project: committed or new, none that ``.gitignore`` names."""
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [root / name for name in sorted(set(listed.split("\0"))) if name]


def unpinned(version: str, files: Iterable[Path], root: Path = REPO) -> list[Mention]:
    """The places ``files`` name ``version`` that no pin declares, but for
    :data:`NOT_THE_RELEASE`: each is a line a bump would leave at the old version."""
    pins = {pin.path: pin for pin in PINS}
    stray = re.compile(rf"(?<![\d.]){re.escape(version)}(?!\.?\d)")
    found = []
    for path in files:
        name = path.relative_to(root).as_posix()
        if _not_the_release(name) or not path.is_file() or (text := _text(path)) is None:
            continue
        pinned = (
            {(m.start, m.end) for m in mentions(pins[name], text=text)} if name in pins else set()
        )
        found += [
            _mention(name, text, match)
            for match in stray.finditer(text)
            if (match.start(), match.end()) not in pinned
        ]
    return found


def set_version(version: str, root: Path = REPO) -> list[str]:
    """Write ``version`` into every pin (``pyproject.toml`` among them); the files changed."""
    if not re.fullmatch(VERSION, version):
        raise SystemExit(f"version {version!r} is not three numbers, major.minor.patch")
    if strays := unpinned(package_version(root), project_files(root), root):
        lines = "\n".join(f"  {mention}" for mention in strays)
        raise SystemExit(
            f"these name the release's version outside the pins of tools/release_version.py; "
            f"declare each in PINS (or, if it is not the release's, in NOT_THE_RELEASE):\n{lines}"
        )
    changed = []
    for pin in PINS:
        path = root / pin.path
        text = path.read_text()
        if not mentions(pin, text=text):
            raise SystemExit(f"{pin.path} names no version where PINS says: update PINS")
        if (new := rewritten(text, pin, version)) != text:
            path.write_text(new)
            changed.append(pin.path)
    return changed


def _regex(pattern: str) -> re.Pattern[str]:
    before, after = (_literal(part) for part in pattern.split("{version}"))
    return re.compile(rf"(?<![\w-]){before}(?P<version>{VERSION})(?!\.?\d){after}")


def _literal(text: str) -> str:
    """``text`` as a regex matching itself, any run of whitespace matching any other."""
    parts = re.split(r"(\s+)", text)
    return "".join(r"\s+" if part.isspace() else re.escape(part) for part in parts if part)


def _with_version(match: re.Match[str], version: str) -> str:
    start, end = match.span("version")
    whole = match.group(0)
    offset = match.start()
    return whole[: start - offset] + version + whole[end - offset :]


def _mention(path: str, text: str, match: re.Match[str]) -> Mention:
    group = "version" if "version" in match.re.groupindex else 0
    start, end = match.span(group)
    return Mention(path, text.count("\n", 0, start) + 1, match.group(group), start, end)


def _not_the_release(name: str) -> bool:
    return any(fnmatch.fnmatch(name, glob) for glob in NOT_THE_RELEASE)


def _text(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode()
    except UnicodeDecodeError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("version", help="the new version, three numbers: major.minor.patch")
    args = parser.parse_args(argv)
    changed = set_version(args.version)
    print(f"version {args.version} written into:", *(f"  {path}" for path in changed), sep="\n")
    subprocess.run(["make", "--no-print-directory", "sdks"], cwd=REPO, check=True)
    print(f"sdk/ regenerated at {args.version}; add a section for it to CHANGELOG.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
