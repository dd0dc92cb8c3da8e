"""``make docs``: the property tables of docs/, written from the native plugin's schema: each
resource's inputs and outputs, the provider's configuration, and each function's arguments
and results.

The schema (``pulumi_composio.native.schema``, what the plugin serves to ``pulumi package
get-schema`` and what ``make sdks`` makes the SDKs from) is the one statement of each
property's name, type, secrecy and description. This writes it into the pages as tables, so
a page says what the SDKs and YAML editors say. A page marks where its tables go with
``<!-- properties:begin -->`` and ``<!-- properties:end -->`` and keeps everything else as
written; ``tests/unit/test_docs.py`` fails when a page is not what this would write.

The Python names beside the camelCase ones are the native declarations' own
(``native/resource_types.py``, ``native/function_types.py``), which unit tests hold against
the Python resources and functions.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from pulumi_composio.native.function_types import FUNCTION_TYPES, FunctionType
from pulumi_composio.native.resource_types import RESOURCE_TYPES
from pulumi_composio.native.schema import PACKAGE, schema

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
BEGIN: Final = "<!-- properties:begin -->"
END: Final = "<!-- properties:end -->"
NOTICE: Final = (
    "<!-- Written by `make docs` (tools/gen_docs.py) from the plugin's schema: change the "
    "descriptions in provider/pulumi_composio/native/{declarations}. -->"
)
PROVIDER_CONFIG: Final = "config"
FUNCTIONS: Final = "functions"
PAGES: Final[Mapping[str, str]] = {
    **{kind.docs_page: token for token, kind in RESOURCE_TYPES.items()},
    "installation-configuration.md": PROVIDER_CONFIG,
    "functions.md": FUNCTIONS,
}
"""Each page with tables, and whose: a resource's type token, the provider's configuration,
or the functions."""


class PageMarkersMissing(ValueError):
    """A page of :data:`PAGES` without one begin and one end marker, in that order."""


def type_text(spec: Mapping[str, Any], types: Mapping[str, Any]) -> str:
    """A property's type as the tables print it."""
    if "$ref" in spec:
        named = types[spec["$ref"].removeprefix("#/types/")]
        return "object: " + ", ".join(f"`{key}`" for key in named["properties"])
    kind = spec["type"]
    if kind == "array":
        return f"list of {type_text(spec['items'], types)}"
    if kind == "object":
        return f"map of {spec['additionalProperties'].get('type', 'any')}"
    return str(kind)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows),
    ]


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _names(wires: list[str]) -> str:
    quoted = [f"`{wire}`" for wire in wires]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def resource_tables(token: str, published: Mapping[str, Any]) -> list[str]:
    """The inputs of the resource ``token``, then what it outputs, as Pulumi's own resource
    pages say it: which inputs are outputs too, and a table of the outputs that are no input."""
    spec = published["resources"][token]
    kind = RESOURCE_TYPES[token]
    types = published["types"]
    inputs, outputs = spec["inputProperties"], spec["properties"]

    def row(wire: str, prop: Mapping[str, Any], required: bool) -> tuple[str, ...]:
        return (
            f"`{wire}`",
            f"`{kind.by_wire[wire].name}`",
            type_text(prop, types),
            _yes(required),
            _yes(prop.get("secret", False)),
            prop["description"],
        )

    echoed = [wire for wire in inputs if wire in outputs]
    not_echoed = [wire for wire in inputs if wire not in outputs]
    always = [wire for wire in echoed if wire in spec["required"]]
    said = "Every input is also an output"
    if not_echoed:
        said += f" except {_names(not_echoed)}"
    if always:
        said += f"; always set among them: {_names(always)}"
    only_out = [wire for wire in outputs if wire not in inputs]
    return [
        "### Inputs",
        "",
        *_table(
            ("Input", "Python", "Type", "Required", "Secret", "Description"),
            [row(w, inputs[w], w in spec["requiredInputs"]) for w in inputs],
        ),
        "",
        "### Outputs",
        "",
        f"{said}. Besides those and `id`:",
        "",
        *_table(
            ("Output", "Python", "Type", "Always set", "Secret", "Description"),
            [row(w, outputs[w], w in spec["required"]) for w in only_out],
        ),
    ]


def function_tables(function: FunctionType, published: Mapping[str, Any]) -> list[str]:
    """A function's arguments and its results, with their Python names."""
    spec = published["functions"][function.token]
    types = published["types"]
    python = {p.wire: p.name for p in (*function.inputs, *function.outputs)}

    def rows(part: Mapping[str, Any]) -> list[tuple[str, ...]]:
        return [
            (
                f"`{wire}`",
                f"`{python[wire]}`",
                type_text(prop, types),
                _yes(wire in part.get("required", [])),
                prop["description"],
            )
            for wire, prop in part["properties"].items()
        ]

    return [
        f"### {function.name}",
        "",
        f"`{function.token}`: {spec['description']}",
        "",
        *_table(
            ("Argument", "Python", "Type", "Required", "Description"),
            rows(spec["inputs"]),
        ),
        "",
        *_table(
            ("Result", "Python", "Type", "Always set", "Description"),
            rows(spec["outputs"]),
        ),
    ]


def config_table(published: Mapping[str, Any]) -> list[str]:
    """The provider's configuration keys, as ``pulumi config set`` names them."""
    variables = published["config"]["variables"]
    return _table(
        ("Key", "Type", "Secret", "Description"),
        [
            (
                f"`{PACKAGE}:{wire}`",
                type_text(spec, published["types"]),
                _yes(spec.get("secret", False)),
                spec["description"],
            )
            for wire, spec in variables.items()
        ],
    )


def tables(subject: str, published: Mapping[str, Any]) -> str:
    """The text between a page's markers for ``subject`` (see :data:`PAGES`)."""
    declarations = "resource_types.py"
    if subject == PROVIDER_CONFIG:
        lines = config_table(published)
    elif subject == FUNCTIONS:
        declarations = "function_types.py"
        lines = []
        for function in FUNCTION_TYPES.values():
            lines += [*function_tables(function, published), ""]
        lines.pop()
    else:
        lines = resource_tables(subject, published)
    return "\n".join([NOTICE.format(declarations=declarations), "", *lines])


def with_tables(page: str, text: str, block: str) -> str:
    """``text`` (the page ``page``) with ``block`` between its markers."""
    head, begin, rest = text.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end or BEGIN in rest or END in tail:
        raise PageMarkersMissing(
            f"docs/{page} needs one {BEGIN} line and, after it, one {END} line where its "
            "property tables go"
        )
    return f"{head}{BEGIN}\n{block}\n{END}{tail}"


def pages_as_written(docs: Path = DOCS) -> dict[Path, str]:
    """Each page of :data:`PAGES` as this would write it."""
    published = schema()
    return {
        docs / page: with_tables(page, (docs / page).read_text(), tables(subject, published))
        for page, subject in PAGES.items()
    }


def main() -> int:
    try:
        pages = pages_as_written()
    except PageMarkersMissing as missing:
        print(f"gen-docs: {missing}", file=sys.stderr)
        return 1
    for path, text in pages.items():
        if path.read_text() != text:
            path.write_text(text)
            print(f"gen-docs: {path.relative_to(REPO)} rewritten")
    print(f"gen-docs: the property tables of {len(pages)} pages are the schema's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
