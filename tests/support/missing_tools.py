"""A test that needs a tool this machine lacks fails, saying how to install it; never a skip.

A skipped end-to-end test would read as a pass in a summary nobody scrolls through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest

from tests.support.pulumi_stack import PulumiMissing

Found = TypeVar("Found")


def required(find: Callable[[], Found]) -> Found:
    """What ``find`` returns, or the test fails with its :class:`PulumiMissing` message (the
    command that installs what is missing), without a traceback."""
    try:
        return find()
    except PulumiMissing as missing:
        pytest.fail(str(missing), pytrace=False)
