"""The slugs Composio confirmed to a recent plugin process, kept on disk for the next one.

``pulumi up`` previews in one plugin process and applies in another: the engine starts its
plugins afresh for each of the two deployments and calls ``Check`` on every resource in both,
with the same request (``CheckRequest`` carries no preview flag; only ``Create`` and
``Update`` do, and only to a provider that declares ``supportsPreview``, which the dynamic
provider host does not; the native plugin does, and asks there instead, so this record serves
the dynamic front). Without a record, the apply would ask Composio again, on its critical
path, about every slug its preview had just asked about.

Only confirmations are recorded: a slug Composio does not know is never written, so a typo
is asked about, and fails the preview, every time. A confirmation is trusted for
:data:`TRUSTED_FOR`, long enough to cover the prompt between an ``up``'s preview and its
apply; a slug Composio withdrew within that time passes the preview and is refused by
Composio's own 400 at the apply, as when the check cannot ask at all.

The record lives under the Pulumi home (``$PULUMI_HOME``, else ``~/.pulumi``, where the CLI
keeps its plugins), one file per configuration, named by a digest of the base URL, key
header and key, never the key itself. A record that cannot be read or written costs the
next process its calls, nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

__all__ = ["TRUSTED_FOR", "ConfirmedSlugs", "Kind", "pulumi_home"]

TRUSTED_FOR = 3600.0
"""Seconds a recorded confirmation is trusted."""

Kind = Literal["toolkits", "tools"]
_KINDS: tuple[Kind, ...] = ("toolkits", "tools")


def pulumi_home() -> Path:
    """Where the Pulumi CLI keeps its own files; the engine passes its environment (and so
    ``PULUMI_HOME``) on to the plugins it starts."""
    return Path(os.environ.get("PULUMI_HOME") or Path.home() / ".pulumi")


class ConfirmedSlugs:
    """The record of one configuration (one Composio project, one base URL)."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self._path = path
        self._clock = clock
        self._lock = threading.Lock()

    @classmethod
    def for_configuration(
        cls, api_key: str, key_header: str, base_url: str
    ) -> ConfirmedSlugs | None:
        """The record of this configuration; ``None`` where there is no home to keep it in."""
        digest = hashlib.sha256("\n".join((base_url, key_header, api_key)).encode()).hexdigest()
        try:
            home = pulumi_home()
        except RuntimeError:
            return None
        return cls(home / "composio" / "confirmed-slugs" / f"{digest[:32]}.json")

    def read(self) -> dict[Kind, frozenset[str]]:
        """The toolkit and tool slugs confirmed within :data:`TRUSTED_FOR`."""
        entries = self._entries()
        return {kind: frozenset(entries[kind]) for kind in _KINDS}

    def add(self, kind: Kind, slugs: Iterable[str]) -> None:
        """Record ``slugs`` as confirmed now; one already recorded keeps its first time, so
        processes that read a confirmation and pass it on never make it younger."""
        with self._lock:
            entries = self._entries()
            now = self._clock()
            added = {slug: now for slug in slugs if slug not in entries[kind]}
            if not added:
                return
            entries[kind].update(added)
            self._write(entries)

    def _entries(self) -> dict[Kind, dict[str, float]]:
        try:
            raw: Any = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {}
        now = self._clock()
        entries: dict[Kind, dict[str, float]] = {kind: {} for kind in _KINDS}
        for kind in _KINDS:
            recorded = raw.get(kind) if isinstance(raw, dict) else None
            for slug, at in (recorded if isinstance(recorded, dict) else {}).items():
                if isinstance(at, int | float) and 0 <= now - at < TRUSTED_FOR:
                    entries[kind][slug] = float(at)
        return entries

    def _write(self, entries: dict[Kind, dict[str, float]]) -> None:
        """Replace the file in one step, so a process reading it meanwhile sees the old
        record or the new one; two processes writing at once may lose one's additions,
        which only costs a later process the calls."""
        scratch = self._path.with_name(f".{self._path.name}.{os.getpid()}.tmp")
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            scratch.write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")
            os.replace(scratch, self._path)
        except OSError:
            scratch.unlink(missing_ok=True)
