"""The native provider plugin ``composio``: the same resources for every Pulumi language.

The engine starts ``pulumi-resource-composio`` (installed with this package, or run from the
plugin folder ``provider/plugin``) and serves ``composio:index:CustomMcpServer``,
``composio:index:AuthConfig`` and ``composio:index:McpServerUserUrl`` through it. Every
operation is done by the same service objects and input rules as the Python dynamic
resources (``servers/``, ``auth_configs/``, ``user_urls/``); this package only speaks the
engine's protocol:

- :mod:`.server`: the gRPC server (``grpc.aio``) and the executable's ``main``;
- :mod:`.provider`: each operation, request in and answer out, over the services;
- :mod:`.resource_types` and :mod:`.properties`: type tokens, properties, descriptions;
- :mod:`.schema`: the package schema built from them;
- :mod:`.wire`: values between protobuf and the services (unknowns, secrets);
- :mod:`.urns`, :mod:`.imports`: default names from URNs; inputs for ``pulumi import``.

**Why the raw gRPC servicer, not** ``pulumi.provider.experimental``. Both are in the pinned
SDK, and both serve requests from ``grpc.aio``. The experimental ``Provider`` would save the
dozen one-line gRPC methods of :mod:`.server`, but in 3.260 it:

- appends a Python traceback to every error a provider raises (``_raise_with_traceback``),
  so "name: a Composio MCP server named 'x' already exists ..." would reach users as a stack
  trace, where the dynamic front shows one line;
- hands values over as its own ``PropertyValue`` trees, which the input rules do not know;
  the rules take plain values with :class:`pulumi.output.Unknown` for unknowns, so a
  second translation would sit on top of the one needed anyway;
- hides fields the plugin needs or wants: ``Read``'s answer cannot say "gone" except with
  an empty id, and ``Check``'s request, ``ConfigureResponse`` and ``DiffResponse`` are
  fixed to its choices;
- is experimental: its interface may change in any minor release the package allows.

The servicer is the protocol itself (``pulumi.runtime.proto``), stable across the SDK
versions the package supports, and everything it needs is a few lines in :mod:`.wire`.
"""

from .server import main

__all__ = ["main"]
