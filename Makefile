# The verbs a newcomer types. Everything installs into the repo (.venv, .tools) or the
# per-user cache (~/.cache), so a fresh clone needs nothing but python3 and Go.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PATH := $(CURDIR)/.tools/bin:$(CURDIR)/$(BIN):$(PATH)
export PULUMI_SKIP_UPDATE_CHECK := true

.PHONY: durations check setup pulumi-cli oldest-cli yaml-host node-go-hosts sdks python-resources docs version dist test test-unit-integration test-cli test-oldest-cli test-sdk-oldest test-sdk-newest test-unit test-integration test-e2e test-faults test-scale test-sdk-ends lint lock demo demo-destroy bench emulator clean

setup: $(VENV)/.installed pulumi-cli yaml-host node-go-hosts

# The exact versions of constraints/dev.txt, so every clone develops with the same packages
# (the library itself states ranges: see pyproject.toml).
$(VENV)/.installed: pyproject.toml constraints/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints/dev.txt -e '.[dev]'
	touch $@

# Always asked: the script answers in milliseconds when the CLI in .tools/bin is the one it
# would build, and repairs it when the cache behind it has gone.
pulumi-cli:
	bash tools/install-pulumi.sh

# The oldest CLI the docs promise (tools/pulumi-cli/oldest/go.mod), built and cached the same way
# into .tools/cli-v<version>/bin, with the YAML host beside it: `make test` runs the smoke tests
# under it. Not part of setup: only `make test` needs it (about three minutes the first time).
oldest-cli: pulumi-cli yaml-host
	bash tools/install-pulumi.sh oldest
	bash tools/install-yaml-host.sh

# Pulumi's YAML language host, beside that CLI (so `runtime: yaml` programs run); after it,
# since it goes into the folder the CLI's links point at. Also answers in milliseconds.
yaml-host: pulumi-cli
	bash tools/install-yaml-host.sh

# The engine beside Node.js and Go language hosts, for TypeScript and Go programs and `make sdks`:
# Pulumi's own from ../shared/pulumi-hosts where it exists, and the project's stand-ins always.
node-go-hosts: pulumi-cli
	bash tools/install-node-go-hosts.sh

# Regenerate sdk/ (the Node.js and Go SDKs) from the native plugin's schema; a test fails when
# the committed SDKs are stale.
sdks: setup python-resources
	$(BIN)/python tools/gen_sdks.py

# Rewrite each resource's Python dynamic class and provider binding (resource.py, provider.py
# in its home) from its declaration in native/resource_types.py; a test fails when one is stale.
python-resources: $(VENV)/.installed
	$(BIN)/python tools/gen_python.py

# Rewrite the property tables of docs/ (the resource pages and the configuration keys) from the
# same schema; a test fails when a page is stale.
docs: $(VENV)/.installed
	$(BIN)/python tools/gen_docs.py

# Set the release's version: pyproject.toml and every file that names it by hand (PINS in
# tools/release_version.py), then `make sdks`, which carries it into sdk/. A unit test holds
# them all to pyproject.toml.
version: $(VENV)/.installed
	@test -n '$(VERSION)' || { echo 'make version VERSION=x.y.z'; exit 2; }
	$(BIN)/python tools/release_version.py '$(VERSION)'

# One release into dist/ (tools/dist.py): wheel, sdist, the plugin archive per platform, the
# compiled npm package, SHA256SUMS; see "Releasing" in docs/development.md. PLATFORMS=linux-amd64
# for one.
PLATFORMS ?= linux-amd64,linux-arm64,darwin-amd64,darwin-arm64
dist: setup
	$(BIN)/python tools/dist.py --platforms '$(PLATFORMS)'

# The CLI-driven suites wait on processes more than they compute: four workers keep two cores
# busy (e2e, faults and scale: 12 min with 4 workers, 21.5 with 2, on the 2-core machine).
E2E_WORKERS ?= 4
export E2E_WORKERS
SMOKE := tests/e2e/test_lifecycle.py::test_a_server_lives_through_every_operation \
	tests/e2e/test_yaml_full_setup.py

# The inner loop, after every edit (a few minutes): lint, the unit and integration tests, and
# one Python and one YAML program under the real CLI (preview, plain up, a no-change preview,
# destroy).
check: setup lint
	$(BIN)/pytest -n 2 tests/unit tests/integration
	$(BIN)/pytest -n $(E2E_WORKERS) $(SMOKE)

# Before a change lands: everything. The SDK-bound e2e tests (SUITE in tools/sdk_ends.py) run
# on both supported SDK ends, which bound the pinned one, and the rest of e2e on the pinned SDK,
# all under the pinned CLI; the smoke tests of `check` run again under the oldest promised CLI.
# The five runs go at once (each prints its output whole when it ends), so no run's last slow
# tests leave the cores idle while the next run waits: 4-5 minutes less on the 2-core machine.
test: setup lint oldest-cli
	$(MAKE) --no-print-directory -j5 --output-sync=target test-unit-integration test-cli \
		test-oldest-cli test-sdk-oldest test-sdk-newest

test-unit-integration: setup
	$(BIN)/pytest -n 2 tests/unit tests/integration

# Everything under the real CLI but the SDK-bound tests, which the SDK ends run.
test-cli: setup
	$(BIN)/pytest -n $(E2E_WORKERS) tests/e2e tests/faults tests/scale \
		$$($(BIN)/python tools/sdk_ends.py --print-ignores)

test-oldest-cli: oldest-cli
	PULUMI_COMPOSIO_CLI=oldest $(BIN)/pytest -n 2 $(SMOKE)

test-sdk-oldest test-sdk-newest: test-sdk-%: setup
	E2E_WORKERS=2 $(BIN)/python tools/sdk_ends.py --end $*

test-unit: setup
	$(BIN)/pytest tests/unit

test-integration: setup
	$(BIN)/pytest tests/integration

test-e2e: setup
	$(BIN)/pytest -n $(E2E_WORKERS) tests/e2e

# The SDK-bound e2e tests again with the oldest and the newest supported pulumi, httpx and pydantic,
# each in its own virtualenv under .venvs/ (made once per version set); prints which ran.
test-sdk-ends: setup
	$(BIN)/python tools/sdk_ends.py

test-faults: setup
	$(BIN)/pytest -m faults tests

# Runners at once on a real PostgreSQL state backend (started by the tests, no root needed);
# figures of every run in tests/scale/results/last-run.md, kept as the reference in latest.md
test-scale: setup
	$(BIN)/pytest -n $(E2E_WORKERS) -m scale tests/scale
	cp tests/scale/results/last-run.md tests/scale/results/latest.md

# Refresh tests/durations.json, the order a fresh clone runs its tests in (longest first), from
# what the last runs on this machine recorded (tests/support/longest_first.py).
durations:
	cp "$${XDG_CACHE_HOME:-$$HOME/.cache}/pulumi-composio/test-durations.json" tests/durations.json

# Rewrite constraints/dev.txt after changing the dev extra (keeps the other pins)
lock: setup
	$(BIN)/python tools/lock_dev.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

demo: setup
	$(BIN)/python tools/demo.py up

demo-destroy: setup
	$(BIN)/python tools/demo.py destroy

# make bench REPEATS=1 SIZES=1,10 SLOW_SIZES= NATIVE_SIZES=10   is a quick check of the
# tooling; the reference run (bench/results/latest.md) is plain `make bench` on an idle machine.
# NATIVE_*: both fronts side by side (dynamic, native plugin, native floor); NATIVE_SIZES=
# leaves them out. NATIVE_PARALLEL: --parallel values, 0 for the engine's default.
REPEATS ?= 3
SIZES ?= 1,10,50,100
LATENCY_MS ?= 50
SLOW_SIZES ?= 50
SLOW_LATENCY_MS ?= 300
NATIVE_SIZES ?= 50,100
NATIVE_LATENCY_MS ?= 300
NATIVE_PARALLEL ?= 0,32

bench: setup
	$(BIN)/python bench/run.py --repeats $(REPEATS) --sizes '$(SIZES)' --latency-ms $(LATENCY_MS) \
		--slow-sizes '$(SLOW_SIZES)' --slow-latency-ms $(SLOW_LATENCY_MS) \
		--native-sizes '$(NATIVE_SIZES)' --native-latency-ms $(NATIVE_LATENCY_MS) \
		--native-parallel '$(NATIVE_PARALLEL)'

# dev-admin opens its admin routes (/_emulator/...: seeding a user's connected account, firing a
# trigger), as docs/emulator.md's steps use them.
emulator: setup
	$(BIN)/composio-emulator --port 8787 --db .demo/emulator.db --api-key dev-key \
		--admin-token dev-admin

clean:
	rm -rf $(VENV) .venvs .tools .demo
