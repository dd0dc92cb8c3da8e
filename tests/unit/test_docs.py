"""The documentation holds: README.md is short and opens with the two commands, the property
tables of docs/ are what ``make docs`` writes from the schema, and every relative link of
README.md and docs/ reaches a file, and a heading of it, that exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from pulumi_composio.native.function_types import FUNCTION_TYPES
from pulumi_composio.native.resource_types import RESOURCE_TYPES
from tests.support.markdown_pages import (
    DOCS,
    README,
    REPO,
    anchors,
    github_slug,
    links,
    pages,
)
from tools.gen_docs import BEGIN, END, PAGES, PageMarkersMissing, pages_as_written, with_tables

README_MOST_LINES = 150


def shown(path: Path) -> str:
    return str(path.relative_to(REPO))


def test_the_readme_opens_with_the_two_commands_and_fits_150_lines():
    lines = README.read_text().splitlines()
    assert len(lines) <= README_MOST_LINES, f"README.md has {len(lines)} lines"
    block = lines[lines.index("```sh") + 1 :][:2]
    assert [line.split()[:2] for line in block] == [["make", "demo"], ["make", "test"]]
    assert "```sh" in lines[:4]


@pytest.mark.parametrize("page", sorted(PAGES), ids=str)
def test_the_property_tables_are_what_make_docs_writes(page: str):
    path = DOCS / page
    assert path.read_text() == pages_as_written()[path], (
        f"the property tables of docs/{page} are not the schema's: run `make docs`"
    )


def test_every_resource_type_has_a_page_with_its_tables():
    assert set(RESOURCE_TYPES) <= set(PAGES.values())


def test_every_function_has_its_tables_on_the_functions_page():
    headings = {line for line in (DOCS / "functions.md").read_text().splitlines()}
    assert {f"### {function.name}" for function in FUNCTION_TYPES.values()} <= headings


def test_tables_go_between_one_pair_of_markers_and_nowhere_else():
    page = "# Page\n\nBefore.\n\n{begin}\n{tables}\n{end}\n\nAfter.\n"
    old = page.format(begin=BEGIN, tables="old", end=END)
    assert with_tables("page.md", old, "new") == page.format(begin=BEGIN, tables="new", end=END)
    for broken in ("# No markers\n", f"{END}\n{BEGIN}\n", f"{BEGIN}\n{END}\n{BEGIN}\n{END}\n"):
        with pytest.raises(PageMarkersMissing, match=r"docs/page\.md needs one"):
            with_tables("page.md", broken, "new")


@pytest.mark.parametrize("page", pages(), ids=shown)
def test_every_relative_link_reaches_a_file_and_heading_that_exist(page: Path):
    broken = []
    for link in links(page):
        if not link.path.exists():
            broken.append(f"line {link.line}: {link.target} (no such file)")
        elif link.anchor and link.path.suffix == ".md" and link.anchor not in anchors(link.path):
            broken.append(f"line {link.line}: {link.target} (no such heading in {link.path.name})")
    assert broken == [], f"{shown(page)} has broken links:\n" + "\n".join(broken)


def test_the_link_check_reads_pages_as_github_does(tmp_path: Path):
    page = tmp_path / "page.md"
    page.write_text(
        "# Faults, retries and `interrupted` runs\n\n## Notes\n\n## Notes\n\n"
        "See [the other\npage](other.md#top) and [this](#notes-1); `[code](nowhere.md)`.\n\n"
        "```sh\n# not a heading\n[not a link](nowhere.md)\n```\n\n"
        "[site](https://example.com) [mail](mailto:a@example.com)\n"
    )
    assert anchors(page) == {"faults-retries-and-interrupted-runs", "notes", "notes-1"}
    assert [(link.line, link.target) for link in links(page)] == [
        (7, "other.md#top"),
        (8, "#notes-1"),
    ]
    assert github_slug("Use it from *any* language: A & B") == "use-it-from-any-language-a--b"
