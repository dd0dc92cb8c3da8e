"""The CLI as on a user's machine, with the release served the way the docs say to mirror it.

A test that claims "on a clean machine" needs three things this module gives: the release
folder over loopback HTTP (:func:`served`), the installation page's air-gapped
``PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES`` line pointed at it (:func:`documented_override`), and a
stack environment with no plugin of ours on ``PATH``, automatic plugin downloads on, and nothing
off this machine reachable (:func:`on_a_users_machine`). So a program that would fetch the plugin
from anywhere but the URL our SDKs name fails the test instead of finding it by accident.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pulumi_composio.native.schema import PLUGIN_DOWNLOAD_URL
from tests.support.languages import node
from tests.support.markdown_pages import DOCS
from tests.support.pulumi_stack import PulumiStack

__all__ = [
    "INSTALLATION",
    "NOWHERE",
    "documented_override",
    "installed_plugins",
    "on_a_users_machine",
    "served",
    "typed",
]

INSTALLATION = DOCS / "installation-configuration.md"
NOWHERE = "http://127.0.0.1:9"
"""A proxy that refuses every connection (the discard port, closed): Go's and Python's HTTP
clients send every request off this machine there and fail at once, loopback excepted."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` over loopback HTTP, as a release page or an artifact store serves it; the
    URL ends with ``/``, as the override's target must."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def documented_override(mirror: str) -> str:
    """The installation page's air-gapped override line with ``mirror`` in place of the page's
    example mirror. The engine matches the pattern (a Go regexp) against the plugin's source
    URL, ``github://api.github.com/<org>/<repo>``, so the page's anchored pattern redirects only
    our release; a plugin looked for at Pulumi's own organisation is not redirected."""
    found = re.search(r"PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES='([^']*)'", INSTALLATION.read_text())
    assert found, f"{INSTALLATION.name} prints no PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES line"
    pattern, _, target = found.group(1).partition("=")
    assert pattern == f"^{PLUGIN_DOWNLOAD_URL}", f"the page's override pattern is {pattern!r}"
    assert target.endswith("/"), f"the page's mirror {target!r} must end with /"
    return f"{pattern}={mirror}"


def on_a_users_machine(stack: PulumiStack, mirror: str) -> None:
    """``stack``'s environment as a user's: its own fresh ``PULUMI_HOME`` (every
    :class:`PulumiStack` has one), ``PATH`` holding only the CLI, Node.js and the system, no
    ``pulumi-resource-composio`` on it, automatic plugin acquisition on, the release at
    ``mirror`` under the documented override, and every host but loopback unreachable."""
    folders = {str(stack.pulumi.parent), str(Path(node()).parent)}
    stack.env["PATH"] = os.pathsep.join([*sorted(folders), "/usr/bin", "/bin"])
    assert shutil.which("pulumi-resource-composio", path=stack.env["PATH"]) is None
    stack.env.pop("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", None)
    stack.env["PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES"] = documented_override(mirror)
    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        stack.env[variable] = NOWHERE
    stack.env["NO_PROXY"] = stack.env["no_proxy"] = "127.0.0.1,localhost"


def typed(stack: PulumiStack, line: str, *, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``line`` as a user types it in the program's folder, by a shell; the confirmation
    prompts (``pulumi import``, ``pulumi state unprotect``) answered yes, as the user would."""
    done = subprocess.run(
        ["sh", "-c", line],
        cwd=stack.program_dir,
        env={**stack.env, "PULUMI_SKIP_CONFIRMATIONS": "true"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check:
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"
    return done


def installed_plugins(home: Path) -> list[str]:
    """The plugins installed under a ``PULUMI_HOME`` (``resource-composio-v<version>``, ...)."""
    plugins = home / "plugins"
    return sorted(p.name for p in plugins.iterdir() if p.is_dir()) if plugins.exists() else []
