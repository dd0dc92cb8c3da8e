"""Turn measurements into the table, the targets' verdicts, ``latest.json`` and ``latest.md``.

Repeats are folded with the median for times (robust to one slow run on a shared machine)
and the maximum for memory (a peak is a peak). Ratios are computed from the folded times.
Rows are keyed by the emulator's latency, N and operation; the targets are stated for the
main latency (50 ms), and call counts hold at every latency. The fronts' comparison
(:mod:`fronts`: dynamic front, native front, native floor) has rows of its own, keyed also by
the engine's ``--parallel``, and targets of its own.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "CREATE_TARGET",
    "CREATE_TARGET_LATENCY_MS",
    "CREATE_TARGET_SIZES",
    "FRONT_SPEEDUP_TARGET",
    "LINEAR_TOLERANCE",
    "RSS_TARGET_MB",
    "FrontRow",
    "FrontSample",
    "Row",
    "Sample",
    "Target",
    "fold",
    "fold_fronts",
    "front_targets",
    "fronts_table",
    "latencies",
    "markdown",
    "refresh_call_budget",
    "table",
    "targets",
    "targets_text",
    "up_call_budget",
    "write_results",
]

CREATE_TARGET = 1.15
"""Create within this factor of the one-call floor, at the sizes and latency below."""
CREATE_TARGET_SIZES = (50, 100)
CREATE_TARGET_LATENCY_MS = 50.0
LISTING_PAGE = 100
"""Servers per listing page: the call-count targets allow one call per started page."""
RSS_TARGET_MB = 120.0
LINEAR_TOLERANCE = 1.25
"""Linear growth: the provider's cost per added server (time above the smallest size's,
divided by the servers added) at the largest N is within this factor of the same figure
at the second largest N. A quadratic term makes that figure keep rising with N; a fixed
cost (start-up) is taken out by the subtraction, so it cannot hide one."""
OPERATIONS = ("up", "preview", "update", "refresh", "destroy")
FRONT_SPEEDUP_TARGET = 3.0
"""The native front's ``up`` at the size, latency and parallelism below is at least this many
times faster than the dynamic front's, which its host's 4 workers cap at 4 calls at once."""
FRONT_SPEEDUP_AT = (300.0, 100, 32)
"""(latency ms, N, --parallel) of the speed-up target and of the slug check's."""
SLUG_CHECK_FLOOR_TARGET = 1.25
SLUG_CHECK_FRONT_SHARE = 0.40
"""With the preview's slug check reading the catalogue, native ``up`` at ``FRONT_SPEEDUP_AT``
stays within this factor of the native floor and takes at most this share of the dynamic
front's time: the check costs no latency worth its name."""
WRITE_METHODS = ("POST", "PATCH", "PUT", "DELETE")


@dataclass
class Sample:
    """One operation at one latency and size in one repeat, for all four variants.

    The one-call floor's figures default to zero so that results saved before it existed
    still render (their prov/one-call shows as "-")."""

    latency_ms: float
    size: int
    operation: str
    repeat: int
    provider_s: float
    engine_s: float
    api_s: float
    calls: dict[str, int]
    calls_by_kind: dict[str, int]
    provider_plugin_mb: float
    provider_tree_mb: float
    engine_plugin_mb: float
    engine_tree_mb: float
    one_call_s: float = 0.0
    one_call_plugin_mb: float = 0.0


@dataclass
class Row:
    """A :class:`Sample` folded over repeats, with its ratios."""

    latency_ms: float
    size: int
    operation: str
    repeats: int
    provider_s: float
    engine_s: float
    one_call_s: float
    api_s: float
    provider_over_engine: float
    provider_over_one_call: float | None
    provider_over_api: float | None
    calls: dict[str, int]
    calls_by_kind: dict[str, int]
    provider_plugin_mb: float
    provider_tree_mb: float
    engine_plugin_mb: float
    engine_tree_mb: float
    one_call_plugin_mb: float


@dataclass
class Target:
    name: str
    met: bool | None
    detail: str


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def fold(samples: list[Sample]) -> list[Row]:
    """One :class:`Row` per (latency, size, operation), in that order."""
    keys = sorted(
        {(s.latency_ms, s.size, s.operation) for s in samples},
        key=lambda k: (k[0], k[1], OPERATIONS.index(k[2])),
    )
    rows = []
    for latency, size, operation in keys:
        group = [
            s for s in samples if (s.latency_ms, s.size, s.operation) == (latency, size, operation)
        ]
        provider = statistics.median(s.provider_s for s in group)
        engine = statistics.median(s.engine_s for s in group)
        one_call = statistics.median(s.one_call_s for s in group)
        api = statistics.median(s.api_s for s in group)
        rows.append(
            Row(
                latency_ms=latency,
                size=size,
                operation=operation,
                repeats=len(group),
                provider_s=provider,
                engine_s=engine,
                one_call_s=one_call,
                api_s=api,
                provider_over_engine=provider / engine,
                provider_over_one_call=_ratio(provider, one_call),
                provider_over_api=_ratio(provider, api) if group[0].calls["total"] else None,
                calls=max((s.calls for s in group), key=lambda c: c["total"]),
                calls_by_kind=max((s.calls_by_kind for s in group), key=lambda c: sum(c.values())),
                provider_plugin_mb=max(s.provider_plugin_mb for s in group),
                provider_tree_mb=max(s.provider_tree_mb for s in group),
                engine_plugin_mb=max(s.engine_plugin_mb for s in group),
                engine_tree_mb=max(s.engine_tree_mb for s in group),
                one_call_plugin_mb=max(s.one_call_plugin_mb for s in group),
            )
        )
    return rows


def _calls_text(calls: dict[str, int]) -> str:
    split = " ".join(f"{method} {count}" for method, count in calls.items() if method != "total")
    return f"{calls['total']}" + (f" ({split})" if split else "")


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


_Table = tuple[str, tuple[str, ...], list[tuple[str, ...]]]
"""A table to render: its heading, its header and its rows of cells."""


def _plain_text(tables: list[_Table]) -> str:
    """Right-aligned columns for the terminal."""
    parts = []
    for heading, header, rows in tables:
        lines = [header, *rows]
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        body = "\n".join(
            "  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True))
            for line in lines
        )
        parts.append(f"{heading}:\n{body}")
    return "\n\n".join(parts)


def _markdown(tables: list[_Table]) -> str:
    parts = []
    for heading, header, rows in tables:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cells) + " |" for cells in rows]
        parts.append(f"### {heading}\n\n" + "\n".join(lines))
    return "\n\n".join(parts)


_HEADER = (
    "N",
    "operation",
    "provider s",
    "engine floor s",
    "one-call floor s",
    "API floor s",
    "prov/engine",
    "prov/one-call",
    "prov/API",
    "API calls",
    "plugin peak MB",
    "tree peak MB",
)


def _cells(row: Row) -> tuple[str, ...]:
    return (
        str(row.size),
        row.operation,
        f"{row.provider_s:.2f}",
        f"{row.engine_s:.2f}",
        f"{row.one_call_s:.2f}",
        f"{row.api_s:.2f}",
        _x(row.provider_over_engine),
        _x(row.provider_over_one_call),
        _x(row.provider_over_api),
        _calls_text(row.calls),
        f"{row.provider_plugin_mb:.0f}",
        f"{row.provider_tree_mb:.0f}",
    )


def latencies(rows: list[Row]) -> list[float]:
    return sorted({r.latency_ms for r in rows})


def _at(rows: list[Row], latency: float) -> list[Row]:
    return [r for r in rows if r.latency_ms == latency]


def _heading(latency: float) -> str:
    return f"{latency:g} ms per API request"


def _tables(rows: list[Row]) -> list[_Table]:
    return [
        (_heading(latency), _HEADER, [_cells(row) for row in _at(rows, latency)])
        for latency in latencies(rows)
    ]


def table(rows: list[Row]) -> str:
    """Plain-text tables for the terminal, one per latency."""
    return _plain_text(_tables(rows))


def _markdown_table(rows: list[Row]) -> str:
    return _markdown(_tables(rows))


def _find(rows: list[Row], latency: float, size: int, operation: str) -> Row | None:
    return next(
        (
            r
            for r in rows
            if r.latency_ms == latency and r.size == size and r.operation == operation
        ),
        None,
    )


def _where(row: Row) -> str:
    return f"N={row.size} at {row.latency_ms:g} ms"


def _create_target(rows: list[Row], size: int) -> Target:
    name = (
        f"create of N={size} at {CREATE_TARGET_LATENCY_MS:g} ms within {CREATE_TARGET}x "
        "of the one-call floor"
    )
    row = _find(rows, CREATE_TARGET_LATENCY_MS, size, "up")
    if row is None or row.provider_over_one_call is None:
        return Target(name, None, "not measured")
    detail = (
        f"provider {row.provider_s:.2f} s, one-call floor {row.one_call_s:.2f} s -> "
        f"{row.provider_over_one_call:.2f}x (engine floor {row.engine_s:.2f} s, "
        f"API floor {row.api_s:.2f} s)"
    )
    return Target(name, row.provider_over_one_call <= CREATE_TARGET, detail)


SLUG_CHECK_CALLS = 3
"""What the first check of a plugin process asks Composio about the servers' slugs (one GET
per toolkit of the bench's servers, github and slack, and one for their tools), whatever N
is: see ``pulumi_composio.core.catalogue``."""


def up_call_budget(size: int) -> int:
    """Calls an ``up`` of N new servers may make: one per server, one per listing page
    of the name index, the check of their slugs, and one more."""
    return size + math.ceil(size / LISTING_PAGE) + SLUG_CHECK_CALLS + 1


def refresh_call_budget(size: int) -> int:
    """Calls a refresh of N servers may make: one per listing page, and one more."""
    return math.ceil(size / LISTING_PAGE) + 1


def _call_budget_target(
    rows: list[Row], operation: str, name: str, budget: Callable[[int], int]
) -> Target:
    measured = [r for r in rows if r.operation == operation]
    parts, met = [], True
    for row in measured:
        writes = sum(row.calls.get(method, 0) for method in WRITE_METHODS)
        allowed = budget(row.size)
        ok = row.calls["total"] <= allowed and (operation != "refresh" or writes == 0)
        met = met and ok
        part = f"{_where(row)}: {row.calls['total']} of {allowed}"
        if operation == "refresh" and writes:
            part += f" ({writes} writes)"
        if not ok:
            kinds = ", ".join(f"{kind} {count}" for kind, count in row.calls_by_kind.items())
            part += f" (over: {kinds})"
        parts.append(part)
    return Target(name, met if measured else None, ", ".join(parts) or "not measured")


def _up_calls_target(rows: list[Row]) -> Target:
    return _call_budget_target(
        rows,
        "up",
        f"an up of N new servers makes at most N + ceil(N/{LISTING_PAGE}) + "
        f"{SLUG_CHECK_CALLS + 1} calls",
        up_call_budget,
    )


def _refresh_target(rows: list[Row]) -> Target:
    return _call_budget_target(
        rows,
        "refresh",
        f"refreshing N servers makes at most ceil(N/{LISTING_PAGE}) + 1 calls, none a write",
        refresh_call_budget,
    )


def _preview_target(rows: list[Row]) -> Target:
    previews = [r for r in rows if r.operation == "preview"]
    detail = ", ".join(f"{_where(r)}: {r.calls['total']} calls" for r in previews)
    met = all(r.calls["total"] == 0 for r in previews) if previews else None
    return Target("a no-change preview makes 0 API calls", met, detail or "not measured")


def _growth_latency(rows: list[Row]) -> float | None:
    """The latency with the most sizes (the main one): linear growth is judged there."""
    found = latencies(rows)
    if not found:
        return None
    return max(found, key=lambda latency: (len({r.size for r in _at(rows, latency)}), -latency))


def _added_per_server(rows: list[Row], operation: str, attr: str) -> dict[str, float] | None:
    """Seconds above the smallest N per added server, at the two largest sizes."""
    latency = _growth_latency(rows)
    if latency is None:
        return None
    sizes = sorted({r.size for r in _at(rows, latency)})
    if len(sizes) < 3:
        return None
    base, mid, high = sizes[0], sizes[-2], sizes[-1]
    a, b, c = (_find(rows, latency, size, operation) for size in (base, mid, high))
    if a is None or b is None or c is None:
        return None
    at_mid = (getattr(b, attr) - getattr(a, attr)) / (mid - base)
    at_high = (getattr(c, attr) - getattr(a, attr)) / (high - base)
    return {
        "latency_ms": latency,
        "base_n": float(base),
        "mid_n": float(mid),
        "high_n": float(high),
        "added_ms_per_server_at_mid": at_mid * 1000,
        "added_ms_per_server_at_high": at_high * 1000,
        "ratio": at_high / at_mid if at_mid > 0 else float("nan"),
    }


def linear_growth(rows: list[Row]) -> dict[str, dict[str, dict[str, float]]]:
    """Per operation, for the provider and for the engine floor: :func:`_added_per_server`.

    The engine floor's own figure is there to tell the provider's superlinear cost from
    the engine's (the file backend rewrites the whole state after every step)."""
    growth = {}
    for operation in OPERATIONS:
        provider = _added_per_server(rows, operation, "provider_s")
        engine = _added_per_server(rows, operation, "engine_s")
        if provider is not None and engine is not None:
            growth[operation] = {"provider": provider, "engine_floor": engine}
    return growth


def _linear_target(rows: list[Row]) -> Target:
    name = (
        "cost grows linearly in N (time added per server above the smallest N: at the "
        f"largest N within {LINEAR_TOLERANCE}x of the same at the second largest N, for "
        "every operation)"
    )
    growth = linear_growth(rows)
    if not growth:
        return Target(name, None, "needs at least three sizes")
    provider = ", ".join(f"{op} {g['provider']['ratio']:.2f}x" for op, g in growth.items())
    engine = ", ".join(f"{op} {g['engine_floor']['ratio']:.2f}x" for op, g in growth.items())
    met = all(g["provider"]["ratio"] <= LINEAR_TOLERANCE for g in growth.values())
    return Target(name, met, f"provider {provider}; engine floor {engine} (table below)")


def _rss_target(rows: list[Row]) -> Target:
    if not rows:
        return Target(f"provider process under {RSS_TARGET_MB:.0f} MB RSS", None, "not measured")
    worst = max(rows, key=lambda r: r.provider_plugin_mb)
    detail = f"peak {worst.provider_plugin_mb:.0f} MB ({_where(worst)}, {worst.operation})"
    engine = max(r.engine_plugin_mb for r in rows)
    one_call = max(r.one_call_plugin_mb for r in rows)
    detail += (
        f"; the no-op plugin peaks at {engine:.0f} MB, the one-call plugin at {one_call:.0f} MB"
    )
    return Target(
        f"provider process under {RSS_TARGET_MB:.0f} MB RSS",
        worst.provider_plugin_mb < RSS_TARGET_MB,
        detail,
    )


def targets(rows: list[Row]) -> list[Target]:
    return [
        *(_create_target(rows, size) for size in CREATE_TARGET_SIZES),
        _up_calls_target(rows),
        _refresh_target(rows),
        _preview_target(rows),
        _rss_target(rows),
        _linear_target(rows),
    ]


@dataclass
class FrontSample:
    """One operation of one fronts lifecycle (:mod:`fronts`), for its three stacks.

    ``parallel`` is the ``--parallel`` given to every command, 0 for the engine's default."""

    latency_ms: float
    size: int
    parallel: int
    operation: str
    repeat: int
    dynamic_s: float
    native_s: float
    native_floor_s: float
    dynamic_calls: dict[str, int]
    native_calls: dict[str, int]
    dynamic_plugin_mb: float
    native_plugin_mb: float
    native_floor_plugin_mb: float
    native_tree_mb: float
    native_listing_wait_s: float = 0.0
    """Older results have none of these two figures: read as none measured."""
    native_emulator_cpu_s: float = 0.0


@dataclass
class FrontRow:
    """A :class:`FrontSample` folded over repeats (median times, peak memory), with ratios."""

    latency_ms: float
    size: int
    parallel: int
    operation: str
    repeats: int
    dynamic_s: float
    native_s: float
    native_floor_s: float
    native_over_floor: float | None
    dynamic_over_native: float | None
    dynamic_calls: dict[str, int]
    native_calls: dict[str, int]
    dynamic_plugin_mb: float
    native_plugin_mb: float
    native_floor_plugin_mb: float
    native_tree_mb: float
    native_listing_wait_s: float
    native_emulator_cpu_s: float


def fold_fronts(samples: list[FrontSample]) -> list[FrontRow]:
    """One :class:`FrontRow` per (latency, parallel, size, operation), in that order."""

    def key(s: FrontSample) -> tuple[float, int, int, int]:
        return (s.latency_ms, s.parallel, s.size, OPERATIONS.index(s.operation))

    rows = []
    for first in sorted({key(s): s for s in samples}.values(), key=key):
        group = [s for s in samples if key(s) == key(first)]
        dynamic = statistics.median(s.dynamic_s for s in group)
        native = statistics.median(s.native_s for s in group)
        floor = statistics.median(s.native_floor_s for s in group)
        rows.append(
            FrontRow(
                latency_ms=first.latency_ms,
                size=first.size,
                parallel=first.parallel,
                operation=first.operation,
                repeats=len(group),
                dynamic_s=dynamic,
                native_s=native,
                native_floor_s=floor,
                native_over_floor=_ratio(native, floor),
                dynamic_over_native=_ratio(dynamic, native),
                dynamic_calls=max((s.dynamic_calls for s in group), key=lambda c: c["total"]),
                native_calls=max((s.native_calls for s in group), key=lambda c: c["total"]),
                dynamic_plugin_mb=max(s.dynamic_plugin_mb for s in group),
                native_plugin_mb=max(s.native_plugin_mb for s in group),
                native_floor_plugin_mb=max(s.native_floor_plugin_mb for s in group),
                native_tree_mb=max(s.native_tree_mb for s in group),
                native_listing_wait_s=statistics.median(s.native_listing_wait_s for s in group),
                native_emulator_cpu_s=statistics.median(s.native_emulator_cpu_s for s in group),
            )
        )
    return rows


_FRONT_HEADER = (
    "N",
    "operation",
    "dynamic s",
    "native s",
    "native floor s",
    "native/floor",
    "dynamic/native",
    "dynamic calls",
    "native calls",
    "dynamic plugin MB",
    "native plugin MB",
    "native tree MB",
)


def _front_cells(row: FrontRow) -> tuple[str, ...]:
    return (
        str(row.size),
        row.operation,
        f"{row.dynamic_s:.2f}",
        f"{row.native_s:.2f}",
        f"{row.native_floor_s:.2f}",
        _x(row.native_over_floor),
        _x(row.dynamic_over_native),
        _calls_text(row.dynamic_calls),
        _calls_text(row.native_calls),
        f"{row.dynamic_plugin_mb:.0f}",
        f"{row.native_plugin_mb:.0f}",
        f"{row.native_tree_mb:.0f}",
    )


def _parallel_text(parallel: int) -> str:
    return f"--parallel {parallel}" if parallel else "the engine's default parallelism"


def _front_tables(rows: list[FrontRow]) -> list[_Table]:
    keys = sorted({(r.latency_ms, r.parallel) for r in rows})
    return [
        (
            f"{latency:g} ms per API request, {_parallel_text(parallel)}",
            _FRONT_HEADER,
            [_front_cells(r) for r in rows if (r.latency_ms, r.parallel) == (latency, parallel)],
        )
        for latency, parallel in keys
    ]


def fronts_table(rows: list[FrontRow]) -> str:
    """Plain-text tables for the terminal, one per (latency, parallelism)."""
    return _plain_text(_front_tables(rows))


def _fronts_markdown_table(rows: list[FrontRow]) -> str:
    return _markdown(_front_tables(rows))


def _front_where(row: FrontRow) -> str:
    return f"N={row.size} at {row.latency_ms:g} ms, {_parallel_text(row.parallel)}"


def _native_floor_target(rows: list[FrontRow]) -> Target:
    name = f"native up within {CREATE_TARGET}x of the native one-call floor"
    ups = [r for r in rows if r.operation == "up" and r.native_over_floor is not None]
    detail = ", ".join(
        f"{_front_where(r)}: {r.native_s:.2f} s vs {r.native_floor_s:.2f} s -> "
        f"{_x(r.native_over_floor)}{_listing_text(r)}"
        for r in ups
    )
    met = all((r.native_over_floor or 0) <= CREATE_TARGET for r in ups) if ups else None
    return Target(name, met, detail or "not measured")


LISTING_WAIT_NOTED_S = 0.01
"""A first create that waited less for a listing (one made beside it) did not wait for it."""


def _listing_text(row: FrontRow) -> str:
    """What the floor cannot have: the listing the first create waits for, and the CPU the
    emulator takes from the same cores to answer the plugin's calls."""
    if not row.native_listing_wait_s:
        return ""
    cpu = f"the emulator used {row.native_emulator_cpu_s:.2f} s of CPU answering"
    if row.native_listing_wait_s < LISTING_WAIT_NOTED_S:
        return f" ({cpu})"
    without = _ratio(row.native_s - row.native_listing_wait_s, row.native_floor_s)
    return (
        f" (of it, {row.native_listing_wait_s:.2f} s waiting for the listing before the "
        f"first create, without which {_x(without)}; {cpu})"
    )


def _up_at_front_speedup(rows: list[FrontRow]) -> FrontRow | None:
    """The ``up`` row at ``FRONT_SPEEDUP_AT``, if measured."""
    at = (*FRONT_SPEEDUP_AT, "up")
    return next((r for r in rows if (r.latency_ms, r.size, r.parallel, r.operation) == at), None)


def _speedup_target(rows: list[FrontRow]) -> Target:
    latency, size, parallel = FRONT_SPEEDUP_AT
    name = (
        f"native up of N={size} at {latency:g} ms with --parallel {parallel} at least "
        f"{FRONT_SPEEDUP_TARGET:g}x faster than the dynamic front's"
    )
    row = _up_at_front_speedup(rows)
    if row is None or row.dynamic_over_native is None:
        return Target(name, None, "not measured")
    detail = (
        f"dynamic {row.dynamic_s:.2f} s, native {row.native_s:.2f} s -> "
        f"{row.dynamic_over_native:.2f}x (native floor {row.native_floor_s:.2f} s)"
    )
    return Target(name, row.dynamic_over_native >= FRONT_SPEEDUP_TARGET, detail)


def _slug_check_target(rows: list[FrontRow]) -> Target:
    latency, size, parallel = FRONT_SPEEDUP_AT
    name = (
        f"native up of N={size} at {latency:g} ms with --parallel {parallel}, slug check "
        f"included, within {SLUG_CHECK_FLOOR_TARGET}x of the native floor and at most "
        f"{SLUG_CHECK_FRONT_SHARE:.2f} of the dynamic front's time"
    )
    row = _up_at_front_speedup(rows)
    if row is None or row.native_over_floor is None or not row.dynamic_s:
        return Target(name, None, "not measured")
    share = row.native_s / row.dynamic_s
    detail = (
        f"native {row.native_s:.2f} s, native floor {row.native_floor_s:.2f} s -> "
        f"{_x(row.native_over_floor)}; dynamic {row.dynamic_s:.2f} s -> {share:.2f} of it"
    )
    met = row.native_over_floor <= SLUG_CHECK_FLOOR_TARGET and share <= SLUG_CHECK_FRONT_SHARE
    return Target(name, met, detail)


def _native_rss_target(rows: list[FrontRow]) -> Target:
    name = f"native plugin under {RSS_TARGET_MB:.0f} MB RSS"
    if not rows:
        return Target(name, None, "not measured")
    worst = max(rows, key=lambda r: r.native_plugin_mb)
    floor = max(r.native_floor_plugin_mb for r in rows)
    detail = (
        f"peak {worst.native_plugin_mb:.0f} MB ({_front_where(worst)}, {worst.operation}); "
        f"the no-op native plugin peaks at {floor:.0f} MB"
    )
    return Target(name, 0 < worst.native_plugin_mb < RSS_TARGET_MB, detail)


def front_targets(rows: list[FrontRow]) -> list[Target]:
    if not rows:
        return []
    return [
        _native_floor_target(rows),
        _speedup_target(rows),
        _slug_check_target(rows),
        _native_rss_target(rows),
    ]


def _fronts_section(rows: list[FrontRow]) -> str:
    if not rows:
        return ""
    return f"""
## Both fronts

The same N servers through the dynamic front (a Python program), the native front (a Pulumi
YAML program served by the native plugin `pulumi-resource-composio`) and the native one-call
floor (the same YAML program served by a no-op native plugin whose create, read, update and
delete each sleep one round trip: `bench/native_floor.py`), at each parallelism. native/floor
is what the targets judge; dynamic/native is how much faster the native front is. Memory:
each plugin's peak RSS (`VmHWM`) and the native `pulumi` process tree's summed peak.

{_fronts_markdown_table(rows)}
"""


def _verdict(target: Target) -> str:
    return {True: "MET", False: "NOT MET", None: "n/a"}[target.met]


def targets_text(found: list[Target]) -> str:
    return "\n".join(f"- [{_verdict(t)}] {t.name}: {t.detail}" for t in found)


def _growth_table(rows: list[Row]) -> str:
    """The linear-growth figures as a table: provider beside engine floor, per operation."""
    growth = linear_growth(rows)
    if not growth:
        return ""
    first = next(iter(growth.values()))["provider"]
    mid, high = int(first["mid_n"]), int(first["high_n"])
    lines = [
        f"Time added per server above N={int(first['base_n'])} at "
        f"{first['latency_ms']:g} ms, in ms:",
        "",
        f"| operation | provider N={mid} | provider N={high} | ratio | "
        f"engine floor N={mid} | engine floor N={high} | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for operation, g in growth.items():
        cells = [operation]
        for variant in ("provider", "engine_floor"):
            v = g[variant]
            cells += [
                f"{v['added_ms_per_server_at_mid']:.0f}",
                f"{v['added_ms_per_server_at_high']:.0f}",
                f"{v['ratio']:.2f}x",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def markdown(
    rows: list[Row],
    found: list[Target],
    machine: dict[str, Any],
    notes: str,
    front_rows: list[FrontRow] | None = None,
) -> str:
    machine_lines = "\n".join(f"- {key}: {value}" for key, value in machine.items())
    return f"""# pulumi-composio benchmark

Wall time of each `pulumi` command (CLI start to exit) for N `CustomMcpServer`s against the
emulator (provider), N no-op dynamic resources (engine floor: what the engine costs), N
dynamic resources that make one real API call per create, read, update and delete and
nothing else (one-call floor: what any provider must pay), and the provider's own HTTP
calls replayed by a plain httpx script with 4 workers (API floor: what the API costs).
Engine time and API time add up rather than overlap, so the provider is judged against
the one-call floor. API calls: the provider's requests per operation, from the emulator's
request log. Memory: the provider plugin's peak RSS (`VmHWM` of the
`python -m pulumi.dynamic` process) and the peak of the summed RSS of the whole `pulumi`
process tree, polled every 50 ms.

## Machine

{machine_lines}

## Results

{_markdown_table(rows)}
{_fronts_section(front_rows or [])}
## Targets

{targets_text(found)}

{_growth_table(rows)}

## Notes

{notes}
"""


def write_results(
    out: Path,
    samples: list[Sample],
    rows: list[Row],
    found: list[Target],
    machine: dict[str, Any],
    notes: str,
    front_samples: list[FrontSample] | None = None,
    front_rows: list[FrontRow] | None = None,
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    data = {
        "machine": machine,
        "rows": [asdict(row) for row in rows],
        "targets": [asdict(target) for target in found],
        "linear_growth": linear_growth(rows),
        "samples": [asdict(sample) for sample in samples],
        "front_rows": [asdict(row) for row in front_rows or []],
        "front_samples": [asdict(sample) for sample in front_samples or []],
    }
    (out / "latest.json").write_text(json.dumps(data, indent=2) + "\n")
    (out / "latest.md").write_text(markdown(rows, found, machine, notes, front_rows))
