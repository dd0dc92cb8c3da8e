"""The languages the TypeScript and Go program tests run, as what differs between them.

The scenarios (tests/support/language_front.py) are the same for every language; each
:class:`ProgramLanguage` says how to get its toolchain, how to write a program, where its
programs are and what ``pulumi import`` must print in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.support.languages import (
    GO_EXAMPLE,
    REPO,
    TS_EXAMPLE,
    go,
    ready_typescript,
    write_go_program,
    write_ts_program,
)
from tests.support.pulumi_stack import PulumiStack

PROGRAMS = REPO / "tests" / "e2e" / "programs"


@dataclass(frozen=True)
class ProgramLanguage:
    """One language a Pulumi program can be written in, on the SDK generated for it."""

    name: str
    runtime: str
    """``runtime`` in ``Pulumi.yaml``."""
    ready: Callable[[], object]
    """Finds (or installs once) what a program needs, else raises ``PulumiMissing``."""
    write_program: Callable[[PulumiStack, str], None]
    example: Path
    """The shipped full-setup example's program."""
    imported_code: tuple[str, ...]
    """What the code ``pulumi import`` writes for the project of
    docs/importing-a-project.md must hold."""
    imported_out: str
    """Where that page has ``pulumi import`` write the code in this language."""

    def program(self, name: str) -> str:
        """The test program ``name`` (``producer``, ``consumer``, ``empty``) in this language,
        from tests/e2e/programs."""
        return (PROGRAMS / self.name / name).with_suffix(self.example.suffix).read_text()


TS_IMPORTED_CODE = (
    'import * as composio from "pulumi-composio";',
    'new composio.CustomMcpServer("support-tools"',
    'new composio.AuthConfig("support-github"',
    'new composio.Session("support-bot"',
)
GO_IMPORTED_CODE = (
    '"github.com/pulumi-composio/pulumi-composio/sdk/go/composio"',
    'composio.NewCustomMcpServer(ctx, "support-tools"',
    'composio.NewAuthConfig(ctx, "support-github"',
    'composio.NewSession(ctx, "support-bot"',
)
TYPESCRIPT = ProgramLanguage(
    "typescript",
    "nodejs",
    ready_typescript,
    write_ts_program,
    TS_EXAMPLE / "index.ts",
    TS_IMPORTED_CODE,
    "imported.ts",
)
GO = ProgramLanguage(
    "go", "go", go, write_go_program, GO_EXAMPLE / "main.go", GO_IMPORTED_CODE, "imported.go.txt"
)
LANGUAGES = (TYPESCRIPT, GO)
