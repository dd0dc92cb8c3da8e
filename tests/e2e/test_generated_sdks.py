"""The committed SDKs in sdk/ are what `make sdks` makes from the plugin's schema today.

Generated under every set of language hosts this machine has: Pulumi's own, and the project's
stand-ins, which must write the very same files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pulumi_composio.native.schema import GO_MODULE, PLUGIN_DOWNLOAD_URL
from tests.support.languages import SDK_GO, SDK_NODEJS, available_hosts, language_cli
from tests.support.pulumi_stack import PulumiMissing
from tools.gen_sdks import LANGUAGES, SDK, SdkToolMissing, generate, plugin_executable


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {"node_modules", "bin"} & set(p.relative_to(root).parts)
    }


@pytest.mark.parametrize("hosts", available_hosts())
def test_the_committed_sdks_are_what_make_sdks_generates(hosts: str, tmp_path: Path):
    try:
        cli = language_cli(hosts)
        plugin = plugin_executable()
    except (PulumiMissing, SdkToolMissing) as missing:
        pytest.fail(str(missing), pytrace=False)

    generate(tmp_path, cli=cli, plugin=plugin)

    fresh, committed = tree(tmp_path), tree(SDK)
    stale = sorted(
        name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name)
    )
    assert stale == [], f"sdk/ is stale ({hosts} hosts): run `make sdks`; differs: {stale}"


def test_only_node_and_go_sdks_are_generated_so_nothing_shadows_the_python_package():
    assert sorted(p.name for p in SDK.iterdir()) == sorted([*LANGUAGES, "schema.json"])
    generated = [p for p in SDK.rglob("*") if p.is_file()]
    assert not [p for p in generated if p.suffix == ".py" or "pulumi_composio" in p.parts]
    package = json.loads((SDK_NODEJS / "package.json").read_text())
    assert package["name"] == "pulumi-composio"
    assert package["pulumi"] == {
        "resource": True,
        "name": "composio",
        "version": package["version"],
        "server": PLUGIN_DOWNLOAD_URL,
    }
    assert (SDK_GO / "go.mod").read_text().startswith(f"module {GO_MODULE}\n")
    go_defaults = (SDK_GO / "composio" / "internal" / "pulumiUtilities.go").read_text()
    assert f'pulumi.PluginDownloadURL("{PLUGIN_DOWNLOAD_URL}")' in go_defaults
    schema = json.loads((SDK / "schema.json").read_text())
    python = schema["language"].get("python", {}).get("packageName", "pulumi_composio_native")
    assert python != "pulumi_composio", "a generated Python SDK would shadow this package"
