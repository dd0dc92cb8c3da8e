"""A plugin process that only serves its schema stays light: Pulumi's YAML host starts one on
every command where the plugin is not in the plugin cache, and each pays its imports."""

from __future__ import annotations

import subprocess
import sys

SERVES_THE_SCHEMA = """
import sys
from pulumi.runtime import proto
from pulumi_composio.native.provider import NativeProvider

schema = NativeProvider(None).get_schema(proto.GetSchemaRequest()).schema
assert '"composio:index:CustomMcpServer"' in schema
print(" ".join(sorted({name.partition(".")[0] for name in sys.modules})))
"""


def test_serving_the_schema_loads_neither_the_http_client_nor_pydantic():
    served = subprocess.run(
        [sys.executable, "-c", SERVES_THE_SCHEMA], capture_output=True, text=True, check=True
    )
    loaded = set(served.stdout.split())

    assert "pulumi_composio" in loaded
    assert loaded.isdisjoint({"httpx", "httpcore", "pydantic", "pydantic_core"}), loaded
