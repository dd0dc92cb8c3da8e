"""Drive the real ``pulumi`` CLI on a throwaway project with a local file backend.

Each :class:`PulumiStack` lives in its own folder with its own state backend and
``PULUMI_HOME``, so tests can run in parallel and nothing talks to a Pulumi service.
Used by the end-to-end tests, the fault-injection suite and the benchmarks.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.commands import run_command

REPO = Path(__file__).resolve().parents[2]


def _cli_module_version(module: Path) -> str:
    """The engine version a CLI build module requires, e.g. ``v3.276.0``."""
    return next(
        line.split()[1]
        for line in (module / "go.mod").read_text().splitlines()
        if line.strip().startswith("github.com/pulumi/pulumi/pkg/v3 ")
    )


PINNED_VERSION = _cli_module_version(REPO / "tools" / "pulumi-cli")
"""The CLI ``make setup`` builds: ``tools/pulumi-cli/go.mod`` is the one place it is set."""
OLDEST_VERSION = _cli_module_version(REPO / "tools" / "pulumi-cli" / "oldest")
"""The oldest CLI the docs promise (``tools/pulumi-cli/oldest/go.mod``): ``make test`` runs the
smoke tests of ``make check`` under it too."""
CLI_CHOICE = "PULUMI_COMPOSIO_CLI"
CLI_VERSION = OLDEST_VERSION if os.environ.get(CLI_CHOICE) == "oldest" else PINNED_VERSION
"""The CLI these tests drive: the pinned one, or the oldest with ``PULUMI_COMPOSIO_CLI=oldest``
(``tools/install-pulumi.sh oldest`` puts it in ``.tools/cli-<version>/bin``)."""
STAND_IN_BIN = REPO / ".tools" / "stand-in" / "bin"


def _tools_bin() -> Path:
    if CLI_VERSION != PINNED_VERSION:
        return REPO / ".tools" / f"cli-{CLI_VERSION}" / "bin"
    if os.environ.get("PULUMI_COMPOSIO_PYTHON_HOST") == "stand-in":
        return STAND_IN_BIN
    return REPO / ".tools" / "bin"


TOOLS_BIN = _tools_bin()
"""``make setup`` links the CLI here, beside Pulumi's own language hosts where
``../shared/pulumi-hosts`` exists (what users run), else beside the project's stand-in Python
host; ``PULUMI_COMPOSIO_PYTHON_HOST=stand-in`` picks the stand-in in either case
(``tools/sdk_ends.py`` runs one end of the e2e suite so). The oldest CLI has a folder of its own,
where ``tools/install-pulumi.sh oldest`` made the same choice of host."""
VENV = Path(os.environ.get("PULUMI_COMPOSIO_PROGRAM_VENV") or REPO / ".venv").resolve()
"""The virtualenv the programs and the dynamic provider run in: the repo's ``.venv``, or
another one holding a different ``pulumi`` SDK (``make test`` runs the e2e suite on the oldest
and the newest supported SDK this way, while the tests themselves run from ``.venv``)."""
PASSPHRASE = "e2e-passphrase"


class PulumiMissing(RuntimeError):
    """The pinned CLI is not installed: the message says how to get it."""


def pulumi_executable() -> Path:
    """The ``pulumi`` these tests drive (:data:`CLI_VERSION`, from :data:`TOOLS_BIN`), or
    :class:`PulumiMissing` saying what to run."""
    candidate = TOOLS_BIN / "pulumi"
    setup = "make setup" if CLI_VERSION == PINNED_VERSION else "make oldest-cli"
    if not candidate.exists():
        raise PulumiMissing(
            f"the Pulumi CLI {CLI_VERSION} is not in {TOOLS_BIN}: run `{setup}` "
            "(it builds it from the Go module proxy once, then caches it in ~/.cache)"
        )
    version = subprocess.run(
        [str(candidate), "version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if version != CLI_VERSION:
        raise PulumiMissing(
            f"{candidate} is {version or 'broken'}, not {CLI_VERSION}: run `{setup}`"
        )
    return candidate


def python_host(tools_bin: Path = TOOLS_BIN) -> str:
    """Which ``pulumi-language-python`` the engine in ``tools_bin`` starts, for the pytest
    header and tools/sdk_ends.py."""
    host = _python_host_file(tools_bin)
    if not host.exists():
        return f"none beside {(tools_bin / 'pulumi').resolve()}: run `make setup`"
    if runs_pulumis_own_python_host(tools_bin):
        return f"Pulumi's own, {host}"
    return f"the project's stand-in (tools/pulumi-cli/langhost), {host}"


def runs_pulumis_own_python_host(tools_bin: Path = TOOLS_BIN) -> bool:
    """Whether the engine in ``tools_bin`` starts Pulumi's own Python host rather than the
    stand-in: only the stand-in is built into the per-user cache (tools/install-pulumi.sh);
    Pulumi's own hosts are linked there from where they live."""
    host = _python_host_file(tools_bin)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pulumi-composio"
    return host.exists() and not host.is_relative_to(cache.resolve())


def _python_host_file(tools_bin: Path) -> Path:
    """The host beside the engine's own binary, symlinks resolved, which is where the engine
    looks."""
    engine = (tools_bin / "pulumi").resolve()
    return (engine.parent / "pulumi-language-python").resolve()


def yaml_host() -> Path:
    """Pulumi's YAML language host beside the pinned CLI (``tools/install-yaml-host.sh``), or
    :class:`PulumiMissing` saying what to run, so a YAML test fails with the fix, not with the
    engine's "no language plugin 'yaml'"."""
    candidate = TOOLS_BIN / "pulumi-language-yaml"
    if not os.access(candidate, os.X_OK):
        raise PulumiMissing(
            f"Pulumi's YAML language host is not in {TOOLS_BIN}: run `make setup` "
            "(it builds pulumi-language-yaml from the Go module proxy once, then caches it)"
        )
    return candidate


@dataclass
class CommandResult:
    """What one CLI run printed and how it ended."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def check(self) -> CommandResult:
        if self.returncode != 0:
            raise AssertionError(
                f"pulumi {' '.join(self.args)} exited {self.returncode}\n{self.output[-6000:]}"
            )
        return self


def with_virtualenv(settings: str, virtualenv: Path = VENV) -> str:
    """A ``Pulumi.yaml``'s text with its ``virtualenv`` option naming ``virtualenv``."""
    return re.sub(r"(?m)^(\s*virtualenv:).*$", rf"\1 {virtualenv}", settings, count=1)


SECRET_SIGNATURE = ("4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270")
"""The key and value marking a secret in a checkpoint (Pulumi's ``sig.Secret``)."""
SHOWN_SECRET = "[secret]"


def _is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(SECRET_SIGNATURE[0]) == SECRET_SIGNATURE[1]


def _holds_nested_secret(value: Any) -> bool:
    """Whether a secret sits inside ``value`` (not ``value`` itself), which the CLI shows its
    own way."""
    if _is_secret(value):
        return False
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    )
    return any(_is_secret(child) or _holds_nested_secret(child) for child in children)


_TYPE_CHECKED: set[str] = set()
"""TypeScript programs (:func:`_typescript_program`) that a ``preview`` or ``up`` of this
process has run, and so type-checked, to success.

Pulumi's Node.js host type-checks a TypeScript program on every run, as ts-node does by
default: two to three seconds of CPU, paid by each of the hundreds of commands the e2e
tests run on a handful of programs. Each program text is type-checked once, as users' are;
after that it runs with ``PULUMI_NODEJS_TRANSPILE_ONLY=true``, the host's own switch for
teams that check their types in a build step."""


def _typescript_program(folder: Path) -> str | None:
    """A digest of the TypeScript program in ``folder`` and of what its types come from (its
    package and compiler settings, the ``node_modules`` it resolves), or None without one."""
    if not (folder / "index.ts").exists():
        return None
    digest = hashlib.sha256(str((folder / "node_modules").resolve()).encode())
    for name in ("index.ts", "tsconfig.json", "package.json"):
        path = folder / name
        if path.exists():
            digest.update(f"\0{name}\0".encode() + path.read_bytes())
    return digest.hexdigest()


class PulumiStack:
    """A project folder, a state backend and one stack, driven through the CLI.

    The backend is a file folder of its own unless ``backend_url`` names a shared one
    (``postgres://...``), as runners of one team share theirs.
    """

    def __init__(
        self,
        root: Path,
        *,
        project: str = "e2e",
        stack: str = "test",
        backend_url: str | None = None,
    ) -> None:
        self.root = root
        self.project = project
        self.stack = stack
        self.program_dir = root / "program"
        self.backend = root / "state"
        self.home = root / "pulumi-home"
        for folder in (self.program_dir, self.backend, self.home):
            folder.mkdir(parents=True, exist_ok=True)
        self.pulumi = pulumi_executable()
        self.env = {
            **os.environ,
            "PATH": f"{TOOLS_BIN}{os.pathsep}{VENV / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "PULUMI_HOME": str(self.home),
            "PULUMI_BACKEND_URL": backend_url or self.backend.as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DIY_BACKEND_NO_LEGACY_WARNING": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        }
        for leaked in ("COMPOSIO_API_KEY", "COMPOSIO_USER_API_KEY", "COMPOSIO_BASE_URL"):
            self.env.pop(leaked, None)

    def write_program(self, source: str) -> None:
        """Replace the program with ``source`` (dedented), keeping config and state."""
        (self.program_dir / "Pulumi.yaml").write_text(
            f"name: {self.project}\nruntime:\n  name: python\n  options:\n    virtualenv: {VENV}\n"
        )
        (self.program_dir / "__main__.py").write_text(textwrap.dedent(source))

    def copy_project(self, source: Path) -> None:
        """Make the program a copy of the project folder ``source`` (an example), keeping
        its ``Pulumi.yaml`` but for the ``virtualenv``, which becomes :data:`VENV`: the
        examples name the repo's ``.venv`` by a relative path that a copy cannot follow."""
        shutil.rmtree(self.program_dir)
        shutil.copytree(
            source, self.program_dir, ignore=shutil.ignore_patterns("Pulumi.*.yaml", "__pycache__")
        )
        settings = self.program_dir / "Pulumi.yaml"
        settings.write_text(with_virtualenv(settings.read_text()))

    def write_yaml_program(self, source: str) -> None:
        """Replace the program with a Pulumi YAML one, keeping config and state.

        ``source`` (dedented) is a ``Pulumi.yaml`` document or just its sections
        (``resources:``, ``outputs:``...). Its top-level ``name`` becomes this stack's project,
        so a shipped example runs as written against a stack made under that project, and
        ``runtime: yaml`` is added when it names no runtime."""
        yaml_host()
        body = re.sub(r"^name:.*\n", "", textwrap.dedent(source).lstrip("\n"), flags=re.MULTILINE)
        if not re.search(r"^runtime:", body, flags=re.MULTILINE):
            body = "runtime: yaml\n" + body
        (self.program_dir / "__main__.py").unlink(missing_ok=True)
        (self.program_dir / "Pulumi.yaml").write_text(f"name: {self.project}\n{body}")

    def init(self, *, api_key: str, base_url: str) -> None:
        """Create the stack and point it at a Composio API with a secret key.

        A file-backed stack is a copy of one this process made with ``pulumi stack init`` and
        ``pulumi config set`` (``--secret composio:apiKey``, ``composio:baseUrl``) for the same
        project, stack name, key and URL, then selected with ``pulumi stack select``: what the
        CLI would write, at a fifth of its cost, for the hundreds of stacks a test run makes
        (each worker has one emulator, so one URL)."""
        if not self.file_backed:
            self._new_stack(api_key, base_url)
            return
        made = _initialised_stack(self.project, self.stack, api_key, base_url)
        shutil.copytree(made.backend, self.backend, dirs_exist_ok=True)
        shutil.copy(made.settings_file, self.settings_file)
        self.run("stack", "select", self.stack).check()

    def _new_stack(self, api_key: str, base_url: str) -> None:
        """``pulumi stack init`` and the provider's config, through the CLI."""
        self.run("stack", "init", self.stack).check()
        self.set_config("composio:apiKey", api_key, secret=True)
        self.set_config("composio:baseUrl", base_url)

    @property
    def file_backed(self) -> bool:
        """Whether the state is in this stack's own file backend (not a shared one)."""
        return self.env["PULUMI_BACKEND_URL"] == self.backend.as_uri()

    @property
    def settings_file(self) -> Path:
        """``Pulumi.<stack>.yaml``: the stack's config and its passphrase salt."""
        return self.program_dir / f"Pulumi.{self.stack}.yaml"

    def set_config(self, key: str, value: str, *, secret: bool = False) -> None:
        args = ["config", "set", key, "--stack", self.stack]
        if secret:
            args.append("--secret")
        self.run(*args, "--", value).check()

    def run(self, *args: str, timeout: float = 900) -> CommandResult:
        """``pulumi <args>`` in the program's folder; a TypeScript program that a command has
        already run type-checked runs transpile-only (see :data:`_TYPE_CHECKED`)."""
        cmd = [str(self.pulumi), "--non-interactive", "--color", "never", *args]
        program = _typescript_program(self.program_dir)
        env = self.env
        if program in _TYPE_CHECKED:
            env = {**env, "PULUMI_NODEJS_TRANSPILE_ONLY": "true"}
        completed = run_command(cmd, cwd=self.program_dir, env=env, timeout=timeout)
        if program and completed.returncode == 0 and args[:1] in (("preview",), ("up",)):
            _TYPE_CHECKED.add(program)
        return CommandResult(list(args), completed.returncode, completed.stdout, completed.stderr)

    def up(self, *extra: str) -> CommandResult:
        """``pulumi up --yes`` as users type it: the engine previews first, with the outputs of
        resources not yet made unknown, and stops before any change if the preview fails."""
        return self.run("up", "--yes", "--stack", self.stack, *extra)

    def preview(self, *extra: str) -> CommandResult:
        return self.run("preview", "--stack", self.stack, *extra)

    def refresh(self, *extra: str) -> CommandResult:
        return self.run("refresh", "--yes", "--stack", self.stack, *extra)

    def destroy(self, *extra: str) -> CommandResult:
        return self.run("destroy", "--yes", "--stack", self.stack, *extra)

    def outputs(self) -> dict[str, Any]:
        """The stack's outputs as ``pulumi stack output --json`` prints them: a secret one as
        ``"[secret]"``. Read from the file backend's checkpoint when every output is plain or
        a secret whole, without starting the CLI; through the CLI otherwise."""
        resources = self.checkpoint_resources()
        stack = [r for r in resources or [] if r["type"] == "pulumi:pulumi:Stack"]
        recorded: dict[str, Any] = (stack[0].get("outputs") or {}) if stack else {}
        if resources is not None and not any(map(_holds_nested_secret, recorded.values())):
            return {name: SHOWN_SECRET if _is_secret(v) else v for name, v in recorded.items()}
        result = self.run("stack", "output", "--json", "--stack", self.stack).check()
        outputs: dict[str, Any] = json.loads(result.stdout)
        return outputs

    def secret_output(self, name: str) -> str:
        """One stack output in clear, as ``pulumi stack output NAME --show-secrets`` prints it."""
        shown = self.run("stack", "output", name, "--show-secrets", "--stack", self.stack)
        return shown.check().stdout.strip()

    def import_resources(self, *what: str, out: Path) -> CommandResult:
        """``pulumi import`` of ``what`` (a type, name and id, or ``--file`` and a spec),
        unprotected, writing the code it prints to ``out``."""
        return self.run(
            "import", *what, "--yes", "--protect=false", "--out", str(out), "--stack", self.stack
        )

    def export(self) -> dict[str, Any]:
        """The state as ``pulumi stack export`` shows it (secrets stay encrypted)."""
        result = self.run("stack", "export", "--stack", self.stack).check()
        state: dict[str, Any] = json.loads(result.stdout)
        return state

    def resources(self, type_suffix: str = "CustomMcpServer") -> list[dict[str, Any]]:
        """The resources of one type in state (default: our servers), as ``pulumi stack
        export`` shows them; from the file backend's checkpoint where there is one."""
        resources = self.checkpoint_resources()
        if resources is None:
            resources = self.export()["deployment"].get("resources") or []
        return [r for r in resources if r["type"].endswith(type_suffix)]

    def checkpoint_resources(self) -> list[dict[str, Any]] | None:
        """The resources of the stack's last checkpoint read from its file backend, as
        ``pulumi stack export`` prints them, without starting the CLI; ``None`` for another
        backend or a stack never initialised here."""
        checkpoint = self.backend / ".pulumi" / "stacks" / self.project / f"{self.stack}.json"
        if not self.file_backed or not checkpoint.exists():
            return None
        latest = json.loads(checkpoint.read_text())["checkpoint"].get("latest") or {}
        resources: list[dict[str, Any]] = latest.get("resources") or []
        return resources

    def state_files(self) -> list[Path]:
        return [path for path in self.backend.rglob("*") if path.is_file()]

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


_INITIALISED: dict[tuple[str, str, str, str], PulumiStack] = {}


def _initialised_stack(project: str, stack: str, api_key: str, base_url: str) -> PulumiStack:
    """A stack of ``project`` named ``stack`` holding ``api_key`` as its secret
    ``composio:apiKey`` and ``base_url`` as ``composio:baseUrl``, made by the CLI once per
    process."""
    key = (project, stack, api_key, base_url)
    if key not in _INITIALISED:
        root = Path(tempfile.mkdtemp(prefix="initialised-stack-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        made = PulumiStack(root, project=project, stack=stack)
        made.write_program("")
        made._new_stack(api_key, base_url)
        _INITIALISED[key] = made
    return _INITIALISED[key]
