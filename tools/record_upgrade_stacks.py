"""Record, with this checkout's code, the stacks that later versions must upgrade without change.

``python tools/record_upgrade_stacks.py`` runs, for the package's version, the whole setup of
the full-setup examples (auth configs, a server using them, a user's URL, and since 0.2.0 the
user's session, a trigger on the user's GitHub, the webhook subscription and the project
settings) once as a Python program on the dynamic resources and once as a YAML program on the
native plugin, each with ``pulumi up`` against a fresh emulator where the service user has
connected GitHub, and keeps in ``tests/data/upgrade/<version>/<python|yaml>/`` what a later
version needs to find itself in front of that stack: the program, the stack config (secrets
encrypted under a fixed test passphrase), ``pulumi stack export`` and the emulator's database.
``tests/e2e/test_upgrades.py`` imports each recording into a new stack and checks that the
code of its own checkout previews, applies and refreshes it with no change and no write: the
pattern of pulumi/providertest's ``PreviewProviderUpgrade``.

The layout lives here, and the test reads it through :class:`Recording`, so the two cannot
disagree about where a file is.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from pulumi_composio import __version__  # noqa: E402
from pulumi_composio.emulator.process import EmulatorAdmin, start_emulator  # noqa: E402
from tests.support.deployment import API_KEY  # noqa: E402
from tests.support.pulumi_stack import (  # noqa: E402
    CLI_VERSION,
    PASSPHRASE,
    PulumiStack,
    pulumi_executable,
    with_virtualenv,
)

__all__ = ["RECORDINGS", "Program", "Recording", "main", "record", "recordings"]

RECORDINGS = REPO / "tests" / "data" / "upgrade"
Program = Literal["python", "yaml"]
PROGRAMS: tuple[Program, ...] = ("python", "yaml")
STACK = "recorded"
LINEAR_KEY = "lin_api_RECORDED-credential-0001"
"""The Linear credential the recorded auth config holds: a made-up value, kept as a secret in
the stack config like a real one, so the recording carries a secret input."""
SERVICE_USER = "support-bot"
"""The examples' default ``serviceUser``, whose GitHub account the trigger watches from."""
CONFIG = {
    "githubOwner": "acme",
    "githubRepo": "support",
    "webhookUrl": "https://hooks.acme.example/composio/events",
}
"""The examples' plain config: the repository the trigger watches and where the project's
events go (Composio delivers nothing until a trigger fires, and none fires here)."""
ADMIN = "record-admin"
"""The recording emulator's admin token, for seeding the service user's GitHub account."""
MCP_BASE_URL = "https://backend.composio.dev"
"""Where the recording emulator's MCP URLs point: Composio's own host, as a user's state
holds them, rather than the recording emulator's port, which no later emulator listens on."""
STATE = "state.json"
DATABASE = "emulator.db"
METADATA = "recording.json"
SOURCES: dict[Program, Path] = {
    "python": REPO / "examples" / "full-setup" / "__main__.py",
    "yaml": REPO / "examples" / "full-setup-yaml" / "Pulumi.yaml",
}
VIRTUALENV_FROM_RECORDING = Path("../../../../../.venv")
"""The repo's ``.venv`` seen from a recording's folder, so a recorded Python program names a
virtualenv by the same kind of relative path as the examples do, not this machine's path."""


@dataclass(frozen=True)
class Metadata:
    """What a recording was made with and what a test must reuse to read it back."""

    version: str
    program: Program
    project: str
    stack: str
    passphrase: str
    """The stack's secrets provider is the passphrase one: its ciphertexts in the stack config
    and the state open with this (a test value, never a user's)."""
    base_url: str
    """The recording emulator's URL, which the state holds among the default provider's inputs
    (``composio:baseUrl``): a test's emulator listens on another port, and the engine takes
    the new URL from the stack config with no change to show, as for a user who moves."""
    pulumi_cli: str
    commit: str


@dataclass(frozen=True)
class Recording:
    """One recorded stack: ``tests/data/upgrade/<version>/<program>/``."""

    folder: Path

    @property
    def metadata(self) -> Metadata:
        return Metadata(**json.loads((self.folder / METADATA).read_text()))

    @property
    def name(self) -> str:
        return f"{self.folder.parent.name}-{self.folder.name}"

    @property
    def stack_config(self) -> Path:
        return self.folder / f"Pulumi.{self.metadata.stack}.yaml"

    @property
    def database(self) -> Path:
        return self.folder / DATABASE

    def program_files(self) -> list[Path]:
        """The project's files as a user's repo would hold them: ``Pulumi.yaml``, the
        program's source if it is not YAML, and the stack config."""
        return sorted(
            path
            for path in self.folder.iterdir()
            if path.name == "Pulumi.yaml" or path.suffix == ".py" or path == self.stack_config
        )

    def missing(self) -> list[str]:
        """The files a complete recording has and this one lacks."""
        needed = [METADATA, STATE, DATABASE, "Pulumi.yaml", f"Pulumi.{STACK}.yaml"]
        if self.folder.name == "python":
            needed.append("__main__.py")
        return [name for name in needed if not (self.folder / name).is_file()]

    @property
    def state(self) -> Path:
        return self.folder / STATE


def recordings() -> list[Recording]:
    """Every recorded stack, oldest version first (by folder name, which is the version)."""
    versions = [path for path in RECORDINGS.glob("*") if path.is_dir()]
    return [
        Recording(folder)
        for version in sorted(versions, key=lambda path: Version(path.name))
        for folder in sorted(version.iterdir())
        if folder.is_dir()
    ]


def record(program: Program, into: Path, work: Path) -> Metadata:
    """``pulumi up`` of ``program`` against a new emulator whose database is a file, then
    the recording of what it left in ``into`` (emptied first)."""
    stack = PulumiStack(work / "stack", project=f"upgrade-{program}", stack=STACK)
    if program == "python":
        stack.write_program(SOURCES[program].read_text())
    else:
        stack.write_yaml_program(SOURCES[program].read_text())
    database = work / DATABASE
    with start_emulator(
        api_key=API_KEY, admin_token=ADMIN, db=database, mcp_base_url=MCP_BASE_URL
    ) as emulator:
        # What the examples' users do before the first up, through Composio's connect flow
        # (a browser): connect the service user's GitHub, which the trigger is made on.
        emulator.admin.seed_connected_account(SERVICE_USER)
        stack.init(api_key=API_KEY, base_url=emulator.url)
        stack.set_config("linearApiKey", LINEAR_KEY, secret=True)
        for key, value in CONFIG.items():
            stack.set_config(key, value)
        stack.up().check()
        stack.preview("--expect-no-changes").check()
        state = stack.run("stack", "export", "--stack", STACK).check().stdout
        url = emulator.url
        secrets = [LINEAR_KEY, *_webhook_secrets(emulator.admin)]
    if into.exists():
        shutil.rmtree(into)
    into.mkdir(parents=True)
    settings = (stack.program_dir / "Pulumi.yaml").read_text()
    (into / "Pulumi.yaml").write_text(with_virtualenv(settings, VIRTUALENV_FROM_RECORDING))
    if program == "python":
        shutil.copy(stack.program_dir / "__main__.py", into / "__main__.py")
    shutil.copy(stack.program_dir / f"Pulumi.{STACK}.yaml", into / f"Pulumi.{STACK}.yaml")
    (into / STATE).write_text(state)
    _compact_copy(database, into / DATABASE)
    metadata = Metadata(
        version=__version__,
        program=program,
        project=stack.project,
        stack=STACK,
        passphrase=PASSPHRASE,
        base_url=url,
        pulumi_cli=CLI_VERSION,
        commit=_commit(),
    )
    (into / METADATA).write_text(json.dumps(asdict(metadata), indent=2) + "\n")
    _refuse_plaintext_keys(into, secrets)
    return metadata


def _webhook_secrets(admin: EmulatorAdmin) -> list[str]:
    """The signing secrets of the project's webhook subscriptions, as the emulator keeps them."""
    return [str(s["secret"]) for s in admin.records("webhook_subscriptions") if s.get("secret")]


def _compact_copy(database: Path, copy: Path) -> None:
    """The emulator's database as one self-contained file: what its write-ahead log still
    held folded in, no journal beside it, free pages dropped."""
    source = sqlite3.connect(database)
    try:
        source.execute("VACUUM INTO ?", (str(copy),))
    finally:
        source.close()
    target = sqlite3.connect(copy)
    try:
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def _commit() -> str:
    """The commit the code was at, ``+dirty`` when the work tree differed from it (but for
    the recordings themselves, which a re-recording rewrites)."""
    changed = _git("status", "--porcelain", "--", ".", f":!{RECORDINGS.relative_to(REPO)}")
    return _git("rev-parse", "HEAD") + ("+dirty" if changed else "")


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def _refuse_plaintext_keys(folder: Path, secrets: list[str]) -> None:
    """Stop before a recording that holds a secret in clear is kept: the keys are made up, but
    the files are committed and read as an example of what state holds. The Composio API key
    is in no file; the stack's other secrets (the Linear key, the webhook secret) only in the
    emulator's database, as Composio holds them."""
    for path in folder.iterdir():
        data = path.read_bytes()
        if API_KEY.encode() in data:
            raise SystemExit(f"{path} holds the Composio API key in clear; nothing is recorded")
        if path.name != DATABASE and any(s.encode() in data for s in secrets):
            raise SystemExit(f"{path} holds a secret of the stack in clear; nothing is recorded")


def readme(version: str) -> str:
    return f"""# Recorded stacks: upgrades change nothing

Each release records, with its own code, two stacks that every later version must take over
without a change: the whole setup of `examples/full-setup` as a Python program on the dynamic
resources (`python/`) and, from `examples/full-setup-yaml`, as a YAML program on the native
plugin `pulumi-resource-composio` (`yaml/`). What the setup holds grows with the releases:

- `0.1.0`: two auth configs, one with a secret Linear key, a server using both, and a user's
  URL with its secret output;
- from `0.2.0` also the same user's session, a trigger on the user's GitHub connected account,
  the project's webhook subscription (its signing secret a secret output) and the project's
  settings.

A release records its stacks with one command, after `make setup`, on the release's commit:

```sh
.venv/bin/python tools/record_upgrade_stacks.py
```

It writes `<version>/python/` and `<version>/yaml/` for the package's version (now `{version}`;
recording a version again replaces its folders): each `pulumi up` of the program against a
fresh emulator, then `Pulumi.yaml` (and `__main__.py`), the stack config `Pulumi.{STACK}.yaml`
(the Composio API key and the Linear key in it encrypted by the passphrase secrets provider,
its `encryptionsalt` kept; the repository the trigger watches and the webhook URL in plain),
`{STATE}` (`pulumi stack export`, secrets encrypted), `{DATABASE}` (the emulator's SQLite
database after the up, so what the state names exists, the service user's connected account
included; like Composio, it holds the made-up Linear key and the webhook secret it was given
or made) and `{METADATA}` (the version, project, stack, test passphrase, the recording
emulator's URL, the Pulumi CLI and the commit). Before the up the tool connects the service
user's GitHub through the emulator's admin route, as a user does through Composio's connect
flow before the first `up`; the emulator hands out MCP URLs on Composio's host,
`{MCP_BASE_URL}`, not on its own port. The Composio API key is in no file in
clear, and the Linear key and the webhook secret in none but `{DATABASE}`: the tool checks.

`tests/e2e/test_upgrades.py` takes every recording of every version, oldest first, and with the
code of its own checkout: starts an emulator on a copy of the recorded database, with the key
read back from the recorded stack config; makes a new stack of the recorded project and name
in a new file backend with the recorded config; imports `{STATE}` as recorded; points
`composio:baseUrl` and `composio:apiKey` at its emulator (another port than the recording's,
which the state's default provider still names); then asserts that
`pulumi preview --expect-no-changes`, `pulumi up --expect-no-changes` and
`pulumi refresh --expect-no-changes` pass, that neither the preview nor the up sent a write to
the API (the refresh sends only the `POST /mcp/servers/generate` that reads a user's URL; the
session, trigger, subscription and settings are read with `GET`s), that after the up the state
names the new URL only, and that the stack still holds the same resources with the same ids.
A missing or incomplete recording fails the test; it is never skipped.

What it can see: any update or replacement the new code would plan for a recorded resource,
any API write, and a provider class that moved (the dynamic resources' state names theirs by
module, `pulumi_composio.servers.provider.CustomMcpServerProvider` and the like, and the refresh
loads them from there). What it cannot: a change to the default provider's own inputs
(`baseUrl`, `version`, `pluginDownloadURL`) is no change to the engine, which records the new
inputs silently; only a provider replacement would show, and would replace every resource.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--program", choices=PROGRAMS, action="append", help="record only this one (repeatable)"
    )
    args = parser.parse_args(argv)
    pulumi_executable()
    version_folder = RECORDINGS / __version__
    for program in args.program or PROGRAMS:
        with tempfile.TemporaryDirectory(prefix=f"record-{program}-") as work:
            metadata = record(program, version_folder / program, Path(work))
        print(f"recorded {program} for {metadata.version} in {version_folder / program}")
    (RECORDINGS / "README.md").write_text(readme(__version__))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
