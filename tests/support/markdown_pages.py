"""The repository's Markdown pages (README.md and docs/*.md) as the tests read them.

The programs and commands a page prints are run by tests as printed, so the tests take them
from the page (:func:`whole_python_program`, :func:`whole_yaml_program`,
:func:`block_starting`); the link check reads each page's relative links (:func:`links`) and
the anchors GitHub makes of its headings (:func:`anchors`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
DOCS = REPO / "docs"
OVERVIEW = DOCS / "_index.md"
"""The Registry's overview page: what the provider is and an example per language."""
EMULATOR = DOCS / "emulator.md"

_FENCE = re.compile(r"^(```|~~~)")
_LINK = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def pages() -> list[Path]:
    """README.md and every page of docs/."""
    return [README, *sorted(DOCS.glob("*.md"))]


def fenced_blocks(page: Path, language: str) -> list[str]:
    """The bodies of the page's fenced blocks of ``language`` (```` ```sh ```` and so on)."""
    pattern = rf"^```{re.escape(language)}\n(.*?)^```"
    return re.findall(pattern, page.read_text(), flags=re.DOTALL | re.MULTILINE)


def whole_yaml_program(page: Path) -> str:
    """The one ```yaml block of the page that is a whole Pulumi YAML program."""
    return _whole_program(page, "yaml", r"^runtime: yaml$")


def whole_python_program(page: Path) -> str:
    """The one ```python block of the page that is a whole Pulumi program."""
    return _whole_program(page, "python", r"^import pulumi$")


def _whole_program(page: Path, language: str, marker: str) -> str:
    programs = [
        block for block in fenced_blocks(page, language) if re.search(marker, block, re.MULTILINE)
    ]
    assert len(programs) == 1, (
        f"expected one {language} program in {page.name}, found {len(programs)}"
    )
    return programs[0]


def shell_block(page: Path, first_line: str) -> str:
    """The one ```sh block of the page whose first line is ``first_line``."""
    return block_starting(page, "sh", first_line)


def block_starting(page: Path, language: str, first_line: str) -> str:
    """The one ``language`` block of the page whose first line is ``first_line``."""
    found = [b for b in fenced_blocks(page, language) if b.startswith(first_line + "\n")]
    assert len(found) == 1, f"expected one {language} block starting {first_line!r} in {page.name}"
    return found[0]


@dataclass(frozen=True)
class Link:
    """A relative link of a page: ``target`` as written, ``line`` counted from 1."""

    page: Path
    line: int
    target: str

    @property
    def path(self) -> Path:
        """The file it points at (the page itself for a bare ``#anchor``)."""
        file = self.target.partition("#")[0]
        return (self.page.parent / file).resolve() if file else self.page

    @property
    def anchor(self) -> str:
        return self.target.partition("#")[2]


def prose_lines(page: Path) -> list[tuple[int, str]]:
    """The page's lines outside fenced code blocks, numbered from 1."""
    lines: list[tuple[int, str]] = []
    fenced = False
    for number, line in enumerate(page.read_text().splitlines(), start=1):
        if _FENCE.match(line.lstrip()):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


def links(page: Path) -> list[Link]:
    """Every relative link (and image) of the page: no ``scheme:`` such as https or mailto.
    A link's text may run over a line break, as wrapped prose does."""
    prose = {number: line for number, line in prose_lines(page)}
    last = max(prose, default=0)
    text = "\n".join(prose.get(number, "") for number in range(1, last + 1))
    # an inline code span shows a link without being one; its line breaks are kept
    text = re.sub(r"`[^`]*`", lambda span: re.sub(r"[^\n]", " ", span.group(0)), text)
    return [
        Link(page, text.count("\n", 0, match.start()) + 1, match.group(1))
        for match in _LINK.finditer(text)
        if not _SCHEME.match(match.group(1))
    ]


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading's text: lowercase, punctuation dropped but for
    hyphens and underscores, each space a hyphen (``Faults, retries`` -> ``faults-retries``)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.replace("`", "").replace("*", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The anchors of the page's headings; a repeated heading gets ``-1``, ``-2``... as on
    GitHub."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _, line in prose_lines(page):
        if heading := _HEADING.match(line):
            slug = github_slug(heading.group(1))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            found.add(slug if count == 0 else f"{slug}-{count}")
    return found
