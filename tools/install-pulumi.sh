#!/usr/bin/env bash
# Puts the pinned Pulumi CLI, its Python language host and the dynamic-provider plugin shim
# into .tools/bin, so tests and the demo run the real engine without anyone editing PATH.
#
# Order of preference: what is already in .tools/bin; a `pulumi` on PATH of the pinned version
# (with its own pulumi-language-python); builds cached in the per-user cache folder; else a
# build from the Go module proxy (a few minutes the first time, seconds after that).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/tools/pulumi-cli"
bin="$root/.tools/bin"
version=$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" {sub(/^v/, "", $2); print $2}' "$src/go.mod")
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-composio"
digest() { cat "$@" | sha256sum | cut -c1-12; }
patches=("$src"/patches/pkg-*.patch)
engine_cache="$cache_root/engine-v$version-$(digest "$src/go.mod" "$src/go.sum" "${patches[@]}")"
dist="$cache_root/pulumi-v$version-$(digest "$src/go.mod" "$src/go.sum" "$src/langhost/main.go" \
    "$root/tools/pulumi-resource-pulumi-python" "${patches[@]}")"

say() { printf 'pulumi-cli: %s\n' "$*" >&2; }

reports_version() { "$1" version 2>/dev/null | grep -qx "v$version"; }

# The engine looks for its language host and the pulumi-python plugin next to the resolved
# `pulumi` binary first, so all four live in one folder and .tools/bin only links to it.
link_into_bin() { # folder how
    mkdir -p "$bin"
    local tool
    for tool in pulumi pulumi-language-python pulumi-language-python-exec pulumi-resource-pulumi-python; do
        if [ -e "$1/$tool" ]; then ln -sf "$1/$tool" "$bin/$tool"; fi
    done
    [ -e "$bin/pulumi-resource-pulumi-python" ] \
        || ln -sf "$root/tools/pulumi-resource-pulumi-python" "$bin/pulumi-resource-pulumi-python"
    echo "$1" > "$bin/.source"
    say "v$version ready in .tools/bin ($2)"
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
    (cd "$src" && "$@" "$tmp")
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
    local out=$1 module
    module=$(patched_build_module "$out/.src")
    (cd "$module" && go build -trimpath -o "$out/pulumi" \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
        github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
    rm -rf "$out/.src"
}

build_dist() {
    say "building the Python language host for v$version"
    go build -trimpath -ldflags "-X main.version=$version" -o "$1/pulumi-language-python" ./langhost
    local sdk
    sdk=$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
    install -m 0755 "$sdk/python/cmd/pulumi-language-python-exec" "$1/"
    install -m 0755 "$root/tools/pulumi-resource-pulumi-python" "$1/"
    ln "$engine_cache/pulumi" "$1/pulumi" 2>/dev/null || cp "$engine_cache/pulumi" "$1/pulumi"
}

if [ -x "$bin/pulumi" ] && [ "$(cat "$bin/.source" 2>/dev/null)" = "$dist" ]; then
    exit 0
fi

if on_path=$(command -v pulumi) && [[ "$on_path" != "$bin/"* ]] && reports_version "$on_path" \
    && command -v pulumi-language-python >/dev/null; then
    link_into_bin "$(dirname "$(readlink -f "$on_path")")" "found on PATH"
    exit 0
fi

[ -x "$engine_cache/pulumi" ] || build_into "$engine_cache" build_engine
[ -x "$dist/pulumi-language-python" ] || build_into "$dist" build_dist
link_into_bin "$dist" "built from source, cached in $dist"
