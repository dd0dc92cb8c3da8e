"""Reading what the ``pulumi`` CLI shows users when something fails.

The e2e tests judge a failure by its ``Diagnostics:`` section, where the engine says each
thing once, per resource, rather than by the progress lines above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PythonTraceback:
    """One Python traceback as the engine shows it: the files of its frames, outermost
    first, and the exception line that ends it."""

    files: tuple[str, ...]
    exception: str


_STEP = re.compile(r"^ (?:\+|~|-|\+-|-\+|\+\+|--|=|>)\s+(\S+) (\S+) (\w[\w-]*)(?:\s|$)")


def planned_steps(output: str) -> set[tuple[str, str, str]]:
    """The steps a ``pulumi preview`` (or the preview of a ``pulumi up``) lists, as
    ``(operation, type, name)`` with the type's last part: ``("create", "AuthConfig",
    "github")``, ``("create", "Stack", "<project>-<stack>")``."""
    steps = set()
    for line in output.splitlines():
        step = _STEP.match(line)
        if step:
            kind, name, operation = step.groups()
            steps.add((operation, kind.rsplit(":", 1)[-1], name))
    return steps


_SECTION_END = re.compile(r"^(Resources|Outputs|Duration|Policies):")


def diagnostics(output: str) -> dict[str, list[str]]:
    """The last ``Diagnostics:`` section of a CLI run (a plain ``pulumi up`` prints one for its
    preview and one for the update), by heading (``pulumi:pulumi:Stack (e2e-test)``,
    ``pulumi-python:dynamic/composio:CustomMcpServer (bad)``): its lines, de-indented, blank
    lines left out. The section says each thing once, unlike the progress lines above it."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    inside = False
    for line in output.splitlines():
        if line == "Diagnostics:":
            sections, current, inside = {}, None, True
        elif inside and _SECTION_END.match(line):
            inside = False
        elif inside and line.startswith("  ") and not line.startswith("   "):
            current = sections.setdefault(line.strip().removesuffix(":"), [])
        elif inside and current is not None and line.strip():
            current.append(line[4:])
    return sections


def python_tracebacks(lines: list[str]) -> list[PythonTraceback]:
    """Every traceback in ``lines``: a frame line is indented deeper than its ``Traceback``
    line, and the first line back at that depth is the exception."""
    found = []
    for start, line in enumerate(lines):
        if line.strip() != "Traceback (most recent call last):":
            continue
        depth = len(line) - len(line.lstrip())
        files: list[str] = []
        exception = ""
        for later in lines[start + 1 :]:
            if len(later) - len(later.lstrip()) <= depth:
                exception = later.strip()
                break
            frame = re.match(r'\s*File "([^"]+)", line \d+', later)
            if frame:
                files.append(frame.group(1))
        found.append(PythonTraceback(tuple(files), exception))
    return found


def assert_failed_with_one_line(output: str, resources: str, *expected: str) -> None:
    """What users see when a resource fails: under the resource (one of ``resources``,
    space-separated, when which one fails first is not fixed), one line, the provider's error
    holding ``expected``; and no traceback anywhere, ours or Pulumi's.

    Pulumi's own would be the likeliest: after a resource fails, the engine stops the language
    host with SIGINT while the program still waits for that resource, and
    ``pulumi-language-python-exec`` ends with a ``KeyboardInterrupt`` traceback of its own (or
    hangs until it is killed); the package's resources make a program exit quietly instead
    (``pulumi_composio.program_exit``).
    """
    sections = diagnostics(output)
    headings = [
        heading
        for heading in sections
        if any(heading.endswith(f" ({resource})") for resource in resources.split())
    ]
    assert len(headings) == 1, f"no diagnostics for one of {resources!r} in:\n{output[-4000:]}"
    lines = sections[headings[0]]
    assert len(lines) == 1, f"{headings[0]} shows more than one line:\n" + "\n".join(lines)
    assert lines[0].startswith("error: "), lines[0]
    for text in expected:
        assert text in lines[0], f"{text!r} is not in {lines[0]!r}"
    assert "Traceback (most recent call last)" not in output, output
