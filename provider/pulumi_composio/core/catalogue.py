"""What the plugin process knows of Composio's catalogue, and how it names a mistyped slug.

A slug that Composio does not know is a typo more often than not (``githb``,
``GITHUB_CREATE_ISSU``), so every message about one offers the closest slugs that exist.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "did_you_mean"]

_SUGGESTIONS = 3
_CUTOFF = 0.6
"""difflib's similarity (0-1) a known slug needs to be offered: ``githb`` and ``github``
score 0.91, ``slack`` and ``github`` 0.18."""


def closest(slug: str, known: Iterable[str]) -> list[str]:
    """The known slugs most like ``slug``, best first, ignoring case (``GitHub`` is one step
    from ``github``, not four)."""
    by_folded: dict[str, str] = {}
    for candidate in known:
        by_folded.setdefault(candidate.casefold(), candidate)
    matches = difflib.get_close_matches(
        slug.casefold(), list(by_folded), n=_SUGGESTIONS, cutoff=_CUTOFF
    )
    return [by_folded[match] for match in matches if by_folded[match] != slug]


def did_you_mean(slug: str, known: Iterable[str]) -> str:
    """`` (did you mean `github`?)`` for the closest known slugs, or ``""`` when none is close."""
    offered = closest(slug, known)
    if not offered:
        return ""
    return " (did you mean " + " or ".join(f"`{choice}`" for choice in offered) + "?)"
