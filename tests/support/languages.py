"""TypeScript and Go programs under the pinned CLI, on the generated SDKs and the native plugin.

Which language hosts run them: Pulumi's own (``../shared/pulumi-hosts``, what users run) where
that folder exists, else the project's stand-ins; ``PULUMI_COMPOSIO_NODE_GO_HOSTS=pulumi`` or
``=stand-in`` picks one. ``make setup`` puts the pinned engine beside each set
(``tools/install-node-go-hosts.sh``); a stack drives the ``pulumi`` of the set it runs under.

What the programs need installed, installed once: a TypeScript program gets the shipped
example's ``node_modules`` (``npm ci`` of ``examples/full-setup-ts`` from the npm cache, with the
SDK from ``sdk/nodejs``), made once per content of those files and shared read-only by every
test; a Go program gets the example's ``go.mod`` and ``go.sum`` with the SDK replaced by this
checkout's ``sdk/go``, and the Go module and build caches make every build after the first quick.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import textwrap
from collections.abc import Iterable
from pathlib import Path

from pulumi_composio.native.schema import GO_MODULE
from tests.support.commands import run_command
from tests.support.native_program import require_native_plugin
from tests.support.pulumi_stack import PulumiMissing, PulumiStack
from tools.gen_sdks import LANGUAGE_BINS

REPO = Path(__file__).resolve().parents[2]
HOSTS_CHOICE = "PULUMI_COMPOSIO_NODE_GO_HOSTS"
SHARED_HOSTS = Path(
    os.environ.get("PULUMI_COMPOSIO_HOSTS") or REPO.parent / "shared" / "pulumi-hosts"
)
TS_EXAMPLE = REPO / "examples" / "full-setup-ts"
GO_EXAMPLE = REPO / "examples" / "full-setup-go"
SDK_NODEJS = REPO / "sdk" / "nodejs"
SDK_GO = REPO / "sdk" / "go"
NODE_PROGRAMS = REPO / ".tools" / "node-programs"
"""``npm ci`` results of npm packages (the TypeScript example, the MCP client), one folder per
package and content of its inputs."""
KEPT_INSTALLS = 2


def default_hosts() -> str:
    """``"pulumi"`` where Pulumi's own hosts are on this machine, else ``"stand-in"``."""
    chosen = os.environ.get(HOSTS_CHOICE)
    if chosen:
        if chosen not in LANGUAGE_BINS:
            raise PulumiMissing(f"{HOSTS_CHOICE}={chosen}: use one of {sorted(LANGUAGE_BINS)}")
        return chosen
    return "pulumi" if (SHARED_HOSTS / "pulumi-language-nodejs").exists() else "stand-in"


def available_hosts() -> list[str]:
    """The host sets the tests run under: the default one first, and the stand-ins beside
    Pulumi's own so the fallback stays exercised where both exist."""
    first = default_hosts()
    return [first] if first == "stand-in" else [first, "stand-in"]


def fallback_hosts() -> str:
    """The host set of the scenario each language runs under the fallback: the stand-ins
    where Pulumi's own hosts are here too (the full setup runs under Pulumi's own, a whole
    second program's life under the stand-ins, so both sets serve a program in each
    language without every scenario running twice), else the one set there is."""
    return available_hosts()[-1]


def language_cli(hosts: str) -> Path:
    """The pinned ``pulumi`` beside the Node.js and Go hosts ``hosts``, else
    :class:`PulumiMissing` saying how to get it."""
    cli = LANGUAGE_BINS[hosts] / "pulumi"
    if not cli.exists():
        where = f" (Pulumi's own, from {SHARED_HOSTS})" if hosts == "pulumi" else ""
        raise PulumiMissing(
            f"no pulumi CLI beside the {hosts} Node.js and Go language hosts{where} in "
            f"{cli.parent}: run `make setup` (tools/install-node-go-hosts.sh)"
        )
    return cli


def tool(name: str, how: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise PulumiMissing(f"{name} is not on PATH: {how}")
    return found


def node() -> str:
    return tool("node", "install Node.js 20 or newer (https://nodejs.org)")


def npm() -> str:
    return tool("npm", "install Node.js 20 or newer with npm (https://nodejs.org)")


def go() -> str:
    return tool("go", "install Go 1.26 or newer (https://go.dev/dl)")


def language_stack(
    root: Path,
    hosts: str,
    runtime: str,
    *,
    project: str = "e2e",
    stack: str = "test",
    backend_url: str | None = None,
) -> PulumiStack:
    """A :class:`PulumiStack` of a ``runtime`` (``nodejs`` or ``go``) project driving the
    ``pulumi`` beside the ``hosts`` language hosts, with the native plugin on its ``PATH`` (the
    package installs it into the virtualenv). The program is written later."""
    target = PulumiStack(root, project=project, stack=stack, backend_url=backend_url)
    (target.program_dir / "Pulumi.yaml").write_text(f"name: {project}\nruntime: {runtime}\n")
    target.pulumi = language_cli(hosts)
    target.env["PATH"] = f"{target.pulumi.parent}{os.pathsep}{target.env['PATH']}"
    # The engine would ask Pulumi's registry about a package it cannot find; never.
    target.env["PULUMI_DISABLE_REGISTRY_RESOLVE"] = "true"
    require_native_plugin(target)
    return target


def _digest(paths: Iterable[Path]) -> str:
    hashed = hashlib.sha256()
    for path in sorted(paths):
        hashed.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    return hashed.hexdigest()[:16]


def _files(folder: Path) -> list[Path]:
    ignored = {"node_modules", "bin"}
    return [
        p
        for p in folder.rglob("*")
        if p.is_file() and not ignored & set(p.relative_to(folder).parts)
    ]


def npm_installed(package: Path, *, beside: Iterable[Path] = ()) -> Path:
    """The ``node_modules`` of the npm package in folder ``package`` (in this checkout), made
    by ``npm ci`` once per content of its package files and of the folders ``beside`` it
    that it installs from (``file:`` dependencies).

    The install happens in a copy (keeping the checkout's layout, so relative ``file:`` paths
    hold), so the checkout stays clean; xdist workers share it under a file lock."""
    inputs = [package / n for n in ("package.json", "package-lock.json", ".npmrc")]
    inputs = [path for path in inputs if path.exists()]
    trees = list(beside)
    key = _digest([*inputs, *(f for tree in trees for f in _files(tree))])
    kind = NODE_PROGRAMS / package.name
    place = kind / key
    copy = place / package.relative_to(REPO)
    kind.mkdir(parents=True, exist_ok=True)
    with (kind / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (place / ".ready").exists():
            return copy / "node_modules"
        shutil.rmtree(place, ignore_errors=True)
        copy.mkdir(parents=True)
        for path in inputs:
            shutil.copy2(path, copy / path.name)
        for tree in trees:
            shutil.copytree(
                tree,
                place / tree.relative_to(REPO),
                ignore=shutil.ignore_patterns("node_modules", "bin"),
            )
        installed = run_command(
            [npm(), "ci", "--no-audit", "--no-fund", "--prefer-offline"], cwd=copy
        )
        if installed.returncode != 0:
            raise AssertionError(
                f"npm ci of {package.relative_to(REPO)} failed:\n{installed.stderr[-4000:]}"
            )
        (place / ".ready").write_text(installed.stderr)
        _prune(kind, keep=place)
    return copy / "node_modules"


def _prune(kind: Path, *, keep: Path) -> None:
    """Drop older installs of one package (the example's is about 180 MB) but the newest few."""
    others = sorted(
        (p for p in kind.iterdir() if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in others[KEPT_INSTALLS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def ts_node_modules() -> Path:
    """The TypeScript example's installed ``node_modules``, made by ``npm ci`` as its README
    says, with the SDK from ``sdk/nodejs``."""
    return npm_installed(TS_EXAMPLE, beside=[SDK_NODEJS])


def ready_typescript() -> Path:
    """Node.js and the TypeScript example's ``node_modules``, installed once; else
    :class:`PulumiMissing` saying how to get Node.js."""
    node()
    return ts_node_modules()


def _write_program(
    stack: PulumiStack, runtime: str, example_files: Iterable[Path], main: str, source: str
) -> Path:
    """Make ``stack``'s program the ``runtime`` file ``main`` holding ``source`` (dedented),
    beside copies of ``example_files``; config and state stay. Returns the program's folder."""
    folder = stack.program_dir
    (folder / "__main__.py").unlink(missing_ok=True)
    (folder / "Pulumi.yaml").write_text(f"name: {stack.project}\nruntime: {runtime}\n")
    for path in example_files:
        shutil.copy2(path, folder / path.name)
    (folder / main).write_text(textwrap.dedent(source).lstrip())
    return folder


def write_ts_program(stack: PulumiStack, source: str) -> None:
    """Make ``stack``'s program the TypeScript ``source`` (dedented), with the example's
    package files, ``tsconfig.json`` and installed ``node_modules``; config and state stay."""
    example_files = [TS_EXAMPLE / "package.json", TS_EXAMPLE / "tsconfig.json"]
    modules = _write_program(stack, "nodejs", example_files, "index.ts", source) / "node_modules"
    if not modules.exists():
        modules.symlink_to(ts_node_modules(), target_is_directory=True)


def write_go_program(stack: PulumiStack, source: str) -> None:
    """Make ``stack``'s program the Go ``source`` (dedented), with the example's ``go.mod`` and
    ``go.sum`` and the SDK replaced by this checkout's ``sdk/go``; config and state stay."""
    go()
    example_files = [GO_EXAMPLE / "go.mod", GO_EXAMPLE / "go.sum"]
    folder = _write_program(stack, "go", example_files, "main.go", source)
    replaced = run_command([go(), "mod", "edit", f"-replace={GO_MODULE}={SDK_GO}"], cwd=folder)
    if replaced.returncode != 0:
        raise AssertionError(replaced.stderr)
