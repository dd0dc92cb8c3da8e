"""``make sdks``: the Node.js and Go SDKs in ``sdk/``, generated from the native plugin's schema.

The schema comes from the plugin itself (``pulumi package get-schema`` on the
``pulumi-resource-composio`` executable, never by package name, which could ask Pulumi's
registry), with its per-language settings (the npm package name, the Go module path), which
``pulumi import`` reads too, so the code it prints imports the SDKs under the names they are
published as. The schema is written to ``sdk/schema.json`` beside the SDKs, so a review sees
what they were made from.

The SDKs are written by the pinned CLI's ``pulumi package gen-sdk --local``, which hands the work
to the language hosts beside it: Pulumi's own where ``../shared/pulumi-hosts`` exists, else the
project's stand-ins, which call the same pkg/v3 codegen and write the same files (a test holds
both to the committed SDKs). ``--local`` makes an npm package that builds itself when installed
from a path (its ``postinstall`` runs ``tsc``), which is how users install it; for Go it changes
nothing. No Python SDK is generated: the Python package ``pulumi_composio`` is this repository's
own (the schema names a generated one ``pulumi_composio_native`` all the same).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SDK = REPO / "sdk"
LANGUAGES = ("nodejs", "go")
LANGUAGE_BINS = {
    "pulumi": REPO / ".tools" / "languages" / "pulumi" / "bin",
    "stand-in": REPO / ".tools" / "languages" / "stand-in" / "bin",
}
"""The pinned engine beside Pulumi's own Node.js and Go hosts, and beside the stand-ins
(tools/install-node-go-hosts.sh makes both)."""
PLUGIN = "pulumi-resource-composio"


class SdkToolMissing(RuntimeError):
    """Something generation needs is not installed: the message says how to get it."""


def language_cli(kind: str | None = None) -> Path:
    """The pinned ``pulumi`` beside the Node.js and Go hosts of ``kind`` (``"pulumi"`` or
    ``"stand-in"``); by default Pulumi's own where ``make setup`` found them."""
    if kind is None:
        kind = "pulumi" if (LANGUAGE_BINS["pulumi"] / "pulumi").exists() else "stand-in"
    cli = LANGUAGE_BINS[kind] / "pulumi"
    if not cli.exists():
        raise SdkToolMissing(
            f"no pulumi CLI beside the {kind} Node.js and Go hosts in {cli.parent}: run "
            "`make setup` (tools/install-node-go-hosts.sh)"
        )
    return cli


def plugin_executable(venv: Path = REPO / ".venv") -> Path:
    """The native plugin the package installs into its virtualenv."""
    plugin = venv / "bin" / PLUGIN
    if not plugin.exists():
        raise SdkToolMissing(f"no {PLUGIN} in {plugin.parent}: run `make setup`")
    return plugin


def cli_env(home: Path) -> dict[str, str]:
    """An environment that keeps the CLI off every network service and out of ~/.pulumi."""
    return {
        **os.environ,
        "PULUMI_HOME": str(home),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_REGISTRY_RESOLVE": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
    }


def run_cli(cli: Path, *args: str, env: dict[str, str]) -> str:
    completed = subprocess.run(
        [str(cli), "--non-interactive", *args], env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"pulumi {' '.join(args)} exited {completed.returncode}:\n"
            f"{completed.stdout}{completed.stderr}"
        )
    return completed.stdout


def sdk_schema(cli: Path, plugin: Path, env: dict[str, str]) -> dict[str, Any]:
    """The plugin's schema, language settings included (``LANGUAGES`` of the plugin's
    ``native/schema.py``: the npm package name, the Go module path)."""
    schema: dict[str, Any] = json.loads(run_cli(cli, "package", "get-schema", str(plugin), env=env))
    missing = sorted(set(LANGUAGES) - set(schema.get("language", {})))
    if missing:
        raise RuntimeError(
            f"the plugin's schema has no settings for {missing}: see native/schema.py"
        )
    return schema


def generate(into: Path, *, cli: Path, plugin: Path) -> None:
    """Write ``schema.json`` and one folder per language of ``LANGUAGES`` into ``into``."""
    with tempfile.TemporaryDirectory(prefix="gen-sdks-") as scratch:
        env = cli_env(Path(scratch) / "pulumi-home")
        schema_file = into / "schema.json"
        into.mkdir(parents=True, exist_ok=True)
        schema_file.write_text(json.dumps(sdk_schema(cli, plugin, env), indent=2) + "\n")
        out = Path(scratch) / "out"
        for language in LANGUAGES:
            run_cli(
                cli,
                "package",
                "gen-sdk",
                str(schema_file),
                "--language",
                language,
                "--local",
                "--out",
                str(out),
                env=env,
            )
            shutil.rmtree(into / language, ignore_errors=True)
            shutil.move(out / language, into / language)


def main() -> int:
    try:
        cli = language_cli()
        plugin = plugin_executable()
    except SdkToolMissing as missing:
        print(f"gen-sdks: {missing}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="sdk-", dir=REPO) as fresh:
        generate(Path(fresh), cli=cli, plugin=plugin)
        for name in (*LANGUAGES, "schema.json"):
            target = SDK / name
            if target.is_dir():
                shutil.rmtree(target)
            SDK.mkdir(exist_ok=True)
            shutil.move(Path(fresh) / name, target)
    hosts = "Pulumi's own hosts" if cli.parent == LANGUAGE_BINS["pulumi"] else "the stand-in hosts"
    print(f"gen-sdks: sdk/{{{','.join(LANGUAGES)}}} and sdk/schema.json written with {hosts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
