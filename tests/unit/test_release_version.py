"""One version per release, set by ``make version`` (``tools/release_version.py``).

Every file that names the release's version by hand is a pin of that tool, held here to the
package's version; a file naming that version anywhere else fails, so a new page line or
template cannot be left behind at the old version by the next bump. The SDKs carry the version
from the schema (``tests/unit/test_native_schema.py`` holds them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pulumi_composio import __version__
from tools.release_version import (
    PINS,
    Pin,
    mentions,
    package_version,
    project_files,
    rewritten,
    set_version,
    unpinned,
)

YAML_OPTIONS = """\
resources:
  server:
    options:
      version: 9.8.7
      pluginDownloadURL: github://api.github.com/pulumi-composio/pulumi-composio
  other:
    properties:
      toolkit_version: 9.8.7
"""


def test_the_package_reports_the_version_pyproject_states():
    assert __version__ == package_version()


@pytest.mark.parametrize("pin", PINS, ids=lambda pin: pin.path)
def test_each_pinned_file_names_the_package_version(pin: Pin):
    found = mentions(pin)
    assert found, f"{pin.path} no longer names a version as PINS says: update PINS"
    assert [str(m) for m in found if m.version != __version__] == []
    for pattern, regex in zip(pin.patterns, pin.regexes(), strict=True):
        assert regex.search((Path(__file__).parents[2] / pin.path).read_text()), (
            f"{pin.path}: nothing matches {pattern!r}"
        )


def test_no_file_names_the_release_version_outside_the_pins():
    assert [str(m) for m in unpinned(__version__, project_files())] == []


def test_the_templates_are_pinned():
    """A template pins the version it was written for: ``pulumi new`` installs that one."""
    pinned = {pin.path for pin in PINS}
    templates = Path(__file__).parents[2] / "templates"
    for language in ("python", "typescript", "go", "yaml"):
        assert any(path.startswith(f"templates/{language}/") for path in pinned), language
    assert {path.split("/")[1] for path in pinned if path.startswith("templates/")} == {
        folder.name for folder in templates.iterdir() if folder.is_dir()
    }


def test_a_rewrite_changes_the_pinned_version_and_nothing_else():
    pin = Pin("Pulumi.yaml", ("version: {version}",))
    assert rewritten(YAML_OPTIONS, pin, "9.9.0") == YAML_OPTIONS.replace(
        "      version: 9.8.7", "      version: 9.9.0"
    )


def test_a_pattern_matches_across_any_whitespace_and_not_inside_a_longer_version():
    pin = Pin("package-lock.json", ('"node_modules/pulumi-composio": { "version": "{version}"',))
    lock = '"node_modules/pulumi-composio": {\n    "version": "9.8.7",\n'
    assert rewritten(lock, pin, "9.9.0") == lock.replace("9.8.7", "9.9.0")
    pin = Pin("requirements.txt", ("pulumi-composio=={version}",))
    assert rewritten("pulumi-composio==9.8.7.1\n", pin, "9.9.0") == "pulumi-composio==9.8.7.1\n"


def test_a_mention_outside_the_pins_is_found(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nversion = "9.8.7"\n')
    (tmp_path / "notes.md").write_text("Install v9.8.7, not 19.8.7 or 9.8.7.2.\n")
    found = unpinned("9.8.7", [tmp_path / "pyproject.toml", tmp_path / "notes.md"], tmp_path)
    assert [str(m) for m in found] == ["notes.md:1: 9.8.7"]


@pytest.mark.parametrize("version", ["9.9", "9.9.0rc1", "v9.9.0", "9.9.0-rc.1"])
def test_a_version_of_other_than_three_numbers_is_refused(version: str):
    with pytest.raises(SystemExit, match="three numbers"):
        set_version(version)
