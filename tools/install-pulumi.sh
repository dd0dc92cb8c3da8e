#!/usr/bin/env bash
# Puts the pinned Pulumi CLI, its Python language host and the dynamic-provider plugin shim
# into .tools/bin, so tests and the demo run the real engine without anyone editing PATH.
#
#   tools/install-pulumi.sh          the pinned CLI, the version tools/pulumi-cli/go.mod requires
#                                    (the one place that version is set), into .tools/bin
#   tools/install-pulumi.sh oldest   the oldest CLI the docs promise, the version
#                                    tools/pulumi-cli/oldest/go.mod requires, into
#                                    .tools/cli-v<version>/bin: `make test` runs the smoke tests
#                                    of `make check` under it (PULUMI_COMPOSIO_CLI=oldest)
#
# Order of preference: what is already in the bin folder; a `pulumi` on PATH of that version
# (with its own pulumi-language-python); the engine built from source (cached in the per-user
# cache folder; a few minutes the first time, seconds after that) with Pulumi's own language
# hosts from ../shared/pulumi-hosts (or $PULUMI_COMPOSIO_HOSTS) where that folder exists, which
# is what users run, else with the project's stand-in Python host (tools/pulumi-cli/langhost).
# Both CLIs carry the same fixes (tools/pulumi-cli/patches) and the same stand-in host source.
#
# For the pinned CLI the stand-in is always built too and linked into .tools/stand-in/bin:
# tools/sdk_ends.py runs one end of the e2e suite under it (PULUMI_COMPOSIO_PYTHON_HOST=stand-in),
# so the fallback that machines without the shared folder use stays exercised.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/tools/pulumi-cli"
case "${1:-pinned}" in
pinned) module="$src" ;;
# The oldest module's go.mod and go.sum are v3.260.0's as they were when it was the pinned CLI
# (byte for byte, so the caches built then still serve), module line included.
oldest) module="$src/oldest" ;;
*)
    printf 'usage: %s [oldest]\n' "$0" >&2
    exit 2
    ;;
esac
version=$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" {sub(/^v/, "", $2); print $2}' "$module/go.mod")
if [ "$module" = "$src" ]; then
    bin="$root/.tools/bin"
    stand_in_bin="$root/.tools/stand-in/bin"
else
    bin="$root/.tools/cli-v$version/bin"
    stand_in_bin=""
fi
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-composio"
digest() { cat "$@" | sha256sum | cut -c1-12; }
patches=("$src"/patches/pkg-*.patch)
engine_cache="$cache_root/engine-v$version-$(digest "$module/go.mod" "$module/go.sum" "${patches[@]}")"
dist="$cache_root/pulumi-v$version-$(digest "$module/go.mod" "$module/go.sum" "$src/langhost/main.go" \
    "$root/tools/pulumi-resource-pulumi-python" "${patches[@]}")"
hosts_dir="${PULUMI_COMPOSIO_HOSTS:-$root/../shared/pulumi-hosts}"
real_hosts=(pulumi-language-python pulumi-language-python-exec pulumi-language-nodejs pulumi-language-go)
hosts_dist=""
if [ -x "$hosts_dir/pulumi-language-python" ]; then
    hosts_dir=$(cd "$hosts_dir" && pwd -P)
    # Named after where the hosts are and what they are (size and time of each), so a changed
    # or moved host folder gets a folder of its own; the content itself is not hashed (100 MB).
    hosts_dist="$cache_root/pulumi-v$version-hosts-$( {
        printf '%s\n' "$hosts_dir"
        for host in "${real_hosts[@]}"; do stat -L -c '%n %s %Y' "$hosts_dir/$host" 2>/dev/null || true; done
        cat "$module/go.mod" "$module/go.sum" "$root/tools/pulumi-resource-pulumi-python" "${patches[@]}"
    } | sha256sum | cut -c1-12)"
fi

say() { printf 'pulumi-cli: %s\n' "$*" >&2; }

reports_version() { "$1" version 2>/dev/null | grep -qx "v$version"; }

# The engine finds its language hosts and the pulumi-python plugin next to the resolved `pulumi`
# binary (it resolves symlinks), so they share one folder and .tools/bin links only `pulumi` and
# the plugin shim. A language host linked into .tools/bin too would be found on PATH first, and
# the engine warns "using pulumi-language-python from $PATH" whenever that one, symlinks
# resolved, is not the file beside the binary, as with a link to ../shared/pulumi-hosts.
# Links other scripts put there (tools/install-yaml-host.sh's YAML host, placed beside the
# engine the same way) are left alone; the Python host links of earlier layouts go.
link_into() { # bin-folder source-folder how
    local into=$1 tool
    mkdir -p "$into"
    rm -f "$into/pulumi-language-python" "$into/pulumi-language-python-exec"
    for tool in pulumi pulumi-resource-pulumi-python; do
        rm -f "$into/$tool"
        if [ -e "$2/$tool" ]; then ln -s "$2/$tool" "$into/$tool"; fi
    done
    [ -e "$into/pulumi-resource-pulumi-python" ] \
        || ln -s "$root/tools/pulumi-resource-pulumi-python" "$into/pulumi-resource-pulumi-python"
    echo "$2" > "$into/.source"
    say "v$version ready in ${into#"$root/"} ($3)"
}

is_current() { # bin-folder source-folder
    [ -x "$1/pulumi" ] && [ -x "$2/pulumi-language-python" ] \
        && [ "$(cat "$1/.source" 2>/dev/null)" = "$2" ]
}

need_go() {
    command -v go >/dev/null && return
    say "no pulumi v$version found and no Go toolchain to build it."
    say "Install Go >= 1.26 (https://go.dev/dl) and re-run 'make setup', or put pulumi v$version"
    say "and its pulumi-language-python on PATH."
    exit 1
}

build_into() { # cache-dir step...
    local dir=$1 tmp="$1.tmp.$$"
    shift
    need_go
    rm -rf "$tmp" && mkdir -p "$tmp"
    (cd "$module" && "$@" "$tmp")
    rm -rf "$dir" && mv "$tmp" "$dir"
}

# Our fixes to the engine (tools/pulumi-cli/patches/pkg-*.patch, against the pkg/v3 module) are
# applied to a copy of that module, which a copy of our build module points at with `replace`;
# the module cache stays pristine (Go refuses overlays inside it).
patched_build_module() { # work-dir -> prints the build module's folder
    local work=$1 pkg
    pkg=$(go mod download -json github.com/pulumi/pulumi/pkg/v3 \
        | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    mkdir -p "$work/mod"
    cp -R "$pkg" "$work/pkg" && chmod -R u+w "$work/pkg"
    for patch in "${patches[@]}"; do
        (cd "$work/pkg" && git apply -p1 "$patch") || { say "cannot apply $patch"; exit 1; }
    done
    cp go.mod go.sum tools.go "$work/mod/"
    (cd "$work/mod" && go mod edit -replace "github.com/pulumi/pulumi/pkg/v3=$work/pkg")
    echo "$work/mod"
}

build_engine() {
    say "building the pulumi v$version CLI from the Go module proxy (a few minutes, once)"
    local out=$1 build_module
    build_module=$(patched_build_module "$out/.src")
    (cd "$build_module" && go build -trimpath -o "$out/pulumi" \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
        github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
    rm -rf "$out/.src"
}

# The stand-in host's one source (tools/pulumi-cli/langhost) builds against the module of the
# CLI it serves, in a copy of that module (the oldest one holds no source of its own).
build_dist() {
    say "building the Python language host for v$version"
    local scratch="$1/.src" sdk
    mkdir -p "$scratch" && cp go.mod go.sum "$scratch/" && cp -R "$src/langhost" "$scratch/"
    (cd "$scratch" && go build -trimpath -ldflags "-X main.version=$version" \
        -o "$1/pulumi-language-python" ./langhost)
    rm -rf "$scratch"
    sdk=$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
    install -m 0755 "$sdk/python/cmd/pulumi-language-python-exec" "$1/"
    install -m 0755 "$root/tools/pulumi-resource-pulumi-python" "$1/"
    ln "$engine_cache/pulumi" "$1/pulumi" 2>/dev/null || cp "$engine_cache/pulumi" "$1/pulumi"
}

# The engine (a hard link, or a copy across file systems: it must be a file of this folder for
# the engine to look beside it), links to Pulumi's own hosts, and a copy of our plugin shim (the
# cache is shared by every clone, so it must not point into one of them).
assemble_hosts() { # cache-dir
    local host
    for host in "${real_hosts[@]}"; do
        if [ -e "$hosts_dir/$host" ]; then ln -s "$hosts_dir/$host" "$1/$host"; fi
    done
    install -m 0755 "$root/tools/pulumi-resource-pulumi-python" "$1/"
    ln "$engine_cache/pulumi" "$1/pulumi" 2>/dev/null || cp "$engine_cache/pulumi" "$1/pulumi"
}

# The folder the bin folder links to: Pulumi's own hosts where they are, else the stand-in.
if [ -n "$hosts_dist" ]; then target=$hosts_dist; else target=$dist; fi
if is_current "$bin" "$target" && { [ -z "$stand_in_bin" ] || is_current "$stand_in_bin" "$dist"; }; then
    exit 0
fi

if on_path=$(command -v pulumi) && [[ "$on_path" != "$root/.tools/"* ]] \
    && reports_version "$on_path" && command -v pulumi-language-python >/dev/null; then
    link_into "$bin" "$(dirname "$(readlink -f "$on_path")")" "found on PATH"
    [ -z "$stand_in_bin" ] \
        || link_into "$stand_in_bin" "$(dirname "$(readlink -f "$on_path")")" "found on PATH"
    exit 0
fi

[ -x "$engine_cache/pulumi" ] || build_into "$engine_cache" build_engine
if [ -n "$stand_in_bin" ] || [ -z "$hosts_dist" ]; then
    [ -x "$dist/pulumi-language-python" ] || build_into "$dist" build_dist
fi
if [ -n "$stand_in_bin" ] && ! is_current "$stand_in_bin" "$dist"; then
    link_into "$stand_in_bin" "$dist" "the stand-in Python host, for tools/sdk_ends.py"
fi
if [ -n "$hosts_dist" ]; then
    [ -x "$hosts_dist/pulumi-language-python" ] || build_into "$hosts_dist" assemble_hosts
    link_into "$bin" "$hosts_dist" "Pulumi's own language hosts from $hosts_dir, cached in $hosts_dist"
else
    link_into "$bin" "$dist" "the stand-in Python host; built from source, cached in $dist"
fi
