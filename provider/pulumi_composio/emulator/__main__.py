"""``composio-emulator``: run the local Composio MCP API until interrupted.

Keys may come from the environment (``COMPOSIO_EMULATOR_API_KEY``,
``COMPOSIO_EMULATOR_READ_ONLY_KEY``, ``COMPOSIO_EMULATOR_ADMIN_TOKEN``) instead of flags,
which keeps them out of process listings. Once the socket listens, one line is printed:
``composio-emulator ready at http://HOST:PORT``; ``--port 0`` picks a free port. Each server's
MCP endpoint is at ``http://HOST:PORT/v3/mcp/<id>?user_id=...``.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from pathlib import Path

from ._extra import missing_extra
from .process import READY_PREFIX

try:
    import uvicorn

    from .app import DroppedConnection, EmulatorSettings, create_app
    from .catalogue import BUILT_IN, CatalogueError
except ModuleNotFoundError as missing:
    missing_extra(missing, command=True)


class _HideDroppedConnections(logging.Filter):
    """Dropped connections are injected on purpose; uvicorn need not report them as errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DroppedConnection))


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, url: str) -> None:
        super().__init__(config)
        self._url = url

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            print(READY_PREFIX + self._url, flush=True)


def _parser() -> argparse.ArgumentParser:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="composio-emulator", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8787, help="0 picks a free port")
    parser.add_argument("--db", default=":memory:", help="SQLite file, or :memory:")
    parser.add_argument("--api-key", default=env("COMPOSIO_EMULATOR_API_KEY"))
    parser.add_argument("--read-only-key", default=env("COMPOSIO_EMULATOR_READ_ONLY_KEY"))
    parser.add_argument(
        "--admin-token",
        default=env("COMPOSIO_EMULATOR_ADMIN_TOKEN"),
        help="enables the /_emulator/ admin surface, guarded by this bearer token",
    )
    parser.add_argument("--catalogue", type=Path, help="JSON file of extra toolkits/auth configs")
    parser.add_argument(
        "--mcp-base-url",
        help="base of the MCP URLs it hands out (default: the emulator's own address, which "
        "answers MCP; https://backend.composio.dev keeps only Composio's shape)",
    )
    parser.add_argument(
        "--no-require-mcp-api-key",
        dest="require_mcp_api_key",
        action="store_false",
        help="let MCP clients connect without x-api-key (Composio's require_mcp_api_key off)",
    )
    parser.add_argument(
        "--retire-legacy-mcp",
        action="store_true",
        help="answer the deprecated MCP-server routes with 410 Gone, as Composio will once it "
        "removes them",
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if not args.api_key:
        sys.exit("composio-emulator: give --api-key KEY (or set COMPOSIO_EMULATOR_API_KEY)")
    try:
        catalogue = BUILT_IN.merged_with(args.catalogue) if args.catalogue else BUILT_IN
    except CatalogueError as error:
        sys.exit(f"composio-emulator: {error}")
    if args.db != ":memory:":
        Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    app = create_app(
        EmulatorSettings(
            api_key=args.api_key,
            read_only_key=args.read_only_key,
            admin_token=args.admin_token,
            db=args.db,
            catalogue=catalogue,
            mcp_base_url=args.mcp_base_url,
            require_mcp_api_key=args.require_mcp_api_key,
            retire_legacy_mcp=args.retire_legacy_mcp,
        )
    )
    listener = socket.create_server((args.host, args.port))
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # else Nagle: ~40 ms/answer
    host, port = listener.getsockname()[:2]
    authority = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    logging.getLogger("uvicorn.error").addFilter(_HideDroppedConnections())
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    _Server(config, f"http://{authority}").run(sockets=[listener])


if __name__ == "__main__":
    main()
