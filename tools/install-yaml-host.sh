#!/usr/bin/env bash
# Puts Pulumi's YAML language host (pulumi-language-yaml, pinned below) beside the pinned
# Pulumi CLI that tools/install-pulumi.sh linked into .tools/bin, so `runtime: yaml` programs
# run under that CLI. Run after install-pulumi.sh (`make setup` does).
#
# The host builds from the Go module proxy once (about a minute on two cores) into the per-user
# cache; later runs only check links and take milliseconds.
#
# Where it goes, and why: the engine looks for a bundled language host (yaml is one) beside the
# `pulumi` binary it runs, symlinks resolved, and also on PATH; when the one on PATH, symlinks
# resolved, is not that same file it warns "using pulumi-language-yaml from $PATH" on every run.
# So the build is hard-linked into the folder that holds the resolved `pulumi` (a folder of ours
# in the same per-user cache), and .tools/bin links to that file: one file, no warning. A
# `pulumi` found elsewhere (a user's own install) is never written to: .tools/bin then links
# to the cached build directly, and the engine says that it uses it.
set -euo pipefail

version=v1.25.0
module=github.com/pulumi/pulumi-yaml
package=$module/cmd/pulumi-language-yaml
ldflags="-X $module/pkg/version.Version=$version"

root=$(cd "$(dirname "$0")/.." && pwd)
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-composio"
# The folder is named after everything that decides the binary, so a change of any gets its own.
recipe="$package@$version -trimpath -ldflags '$ldflags'"
cache="$cache_root/yaml-host-$version-$(printf '%s' "$recipe" | sha256sum | cut -c1-12)"
host="$cache/pulumi-language-yaml"

say() { printf 'yaml-host: %s\n' "$*" >&2; }

build() {
    command -v go >/dev/null || {
        say "pulumi-language-yaml $version is not built yet and there is no Go toolchain."
        say "Install Go >= 1.26 (https://go.dev/dl) and re-run 'make setup'."
        exit 1
    }
    say "building pulumi-language-yaml $version from the Go module proxy (about a minute, once)"
    local tmp="$cache.tmp.$$"
    rm -rf "$tmp" && mkdir -p "$tmp"
    # From an empty folder, so no go.mod around us takes part: the host builds with exactly
    # the module versions its own go.mod pins, checked against the checksum database.
    (cd "$tmp" && GOBIN="$tmp" GOFLAGS=-mod=mod GOTOOLCHAIN=local \
        go install -trimpath -ldflags "$ldflags" "$package@$version")
    rm -rf "$cache" && mv "$tmp" "$cache"
}

# Beside the engine when the engine's folder is ours (in the cache), else nowhere.
place_beside_engine() { # bin-folder -> prints the file .tools/bin should link to
    local engine dir
    engine=$(readlink -f "$1/pulumi")
    dir=$(dirname "$engine")
    case "$dir/" in
    "$(readlink -f "$cache_root")/"*)
        if [ ! "$dir/pulumi-language-yaml" -ef "$host" ]; then
            ln -f "$host" "$dir/pulumi-language-yaml" 2>/dev/null \
                || install -m 0755 "$host" "$dir/pulumi-language-yaml"
        fi
        echo "$dir/pulumi-language-yaml"
        ;;
    *) echo "$host" ;;
    esac
}

[ -x "$host" ] || build

# Every folder install-pulumi.sh links a CLI into (.tools/bin, and any other under .tools).
found=0
for pulumi in "$root"/.tools/bin/pulumi "$root"/.tools/*/bin/pulumi; do
    [ -x "$pulumi" ] || continue
    bin=$(dirname "$pulumi")
    target=$(place_beside_engine "$bin")
    if [ "$(readlink "$bin/pulumi-language-yaml" 2>/dev/null)" != "$target" ]; then
        ln -sfn "$target" "$bin/pulumi-language-yaml"
        say "$version ready in ${bin#"$root/"} (cached in $cache)"
    fi
    found=1
done
if [ "$found" = 0 ]; then
    say "no pulumi CLI in .tools/bin: run tools/install-pulumi.sh first (make setup does)"
    exit 1
fi
