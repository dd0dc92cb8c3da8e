#!/usr/bin/env bash
# Puts the pinned engine beside Node.js and Go language hosts, for TypeScript and Go programs
# and for `make sdks`. Run after tools/install-pulumi.sh (it takes the engine from .tools/bin).
#
#   .tools/languages/pulumi/bin    Pulumi's own hosts from ../shared/pulumi-hosts (or
#                                  $PULUMI_COMPOSIO_HOSTS): what users run. Only where that
#                                  folder exists.
#   .tools/languages/stand-in/bin  the project's stand-in hosts (tools/node-go-hosts), built
#                                  from the Go module proxy: what runs on a machine without it.
#
# Each holds a link to `pulumi` in a per-user cache folder where the engine (a hard link, or a
# copy across file systems) sits beside the hosts: the engine looks for a language host beside
# its own resolved binary, so no host needs to be on PATH (which would print "using
# pulumi-language-nodejs from $PATH" on every command). The stand-ins are cached per digest of
# their sources; a rerun with nothing changed takes milliseconds.
#
# The CLI of .tools/bin gets Node.js and Go hosts too, so one `pulumi` runs every example: where
# its engine's folder is ours (in the per-user cache) and holds none, links to Pulumi's own
# hosts (or the stand-ins) go beside it. A folder that has them (Pulumi's hosts placed by
# install-pulumi.sh) and a `pulumi` found elsewhere (a user's own install) are left alone.
#
# The stand-ins' pkg/v3 (tools/node-go-hosts/go.mod) is not the engine's: it is the code
# generator of `make sdks`, and stays at the version of Pulumi's own hosts in
# ../shared/pulumi-hosts (v3.260.0), so that both write the committed sdk/ (a test holds them
# to it) whatever CLI runs them. Moved to v3.276.0 it writes other SDKs: an `Exists` function per
# resource, and `@pulumi/pulumi` ^3.269.0 (which asks for Node.js 22) in package.json.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/tools/node-go-hosts"
version=$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" {sub(/^v/, "", $2); print $2}' "$src/go.mod")
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-composio"
hosts_dir="${PULUMI_COMPOSIO_HOSTS:-$root/../shared/pulumi-hosts}"
hosts=(pulumi-language-nodejs pulumi-language-go)

say() { printf 'node-go-hosts: %s\n' "$*" >&2; }
digest() { sha256sum | cut -c1-12; }

engine=$(readlink -f "$root/.tools/bin/pulumi" 2>/dev/null || true)
if [ ! -x "$engine" ]; then
    say "no pulumi CLI in .tools/bin: run 'make setup' (tools/install-pulumi.sh comes first)"
    exit 1
fi
# The engine is named by where it is and what it is (size, time): a rebuilt engine gets new
# folders without hashing 150 MB.
engine_id=$(stat -L -c '%n %s %Y' "$engine")
built="$cache_root/node-go-stand-ins-v$version-$(cat "$src/go.mod" "$src/go.sum" \
    "$src"/hostkit/*.go "$src"/pulumi-language-*/*.go | digest)"

is_current() { # bin-folder source-folder
    [ -x "$1/pulumi" ] && [ "$(cat "$1/.source" 2>/dev/null)" = "$2" ]
}

link_into() { # bin-folder source-folder what
    rm -rf "$1" && mkdir -p "$1"
    ln -s "$2/pulumi" "$1/pulumi"
    echo "$2" > "$1/.source"
    say "v$version with $3 ready in ${1#"$root/"}"
}

# engine_beside HOST-FOLDER HOW: a cache folder holding the engine and the two hosts of
# HOST-FOLDER (linked from there), made once.
assemble() { # cache-dir hosts-folder
    local dir=$1 tmp="$1.tmp.$$" host
    [ -x "$dir/pulumi" ] && return
    rm -rf "$tmp" && mkdir -p "$tmp"
    for host in "${hosts[@]}"; do ln -s "$2/$host" "$tmp/$host"; done
    ln "$engine" "$tmp/pulumi" 2>/dev/null || cp "$engine" "$tmp/pulumi"
    rm -rf "$dir" && mv "$tmp" "$dir"
}

build_stand_ins() {
    if ! command -v go >/dev/null; then
        say "no Go toolchain to build the stand-in hosts: install Go >= 1.26 (https://go.dev/dl)"
        exit 1
    fi
    say "building the stand-in Node.js and Go language hosts for v$version (about a minute, once)"
    local tmp="$built.tmp.$$"
    rm -rf "$tmp" && mkdir -p "$tmp"
    (cd "$src" && go build -trimpath \
        -ldflags "-X pulumi-composio.local/tools/node-go-hosts/hostkit.Version=$version" \
        -o "$tmp/" ./pulumi-language-nodejs ./pulumi-language-go)
    rm -rf "$built" && mv "$tmp" "$built"
}

stand_in_bin="$root/.tools/languages/stand-in/bin"
stand_in="$cache_root/languages-stand-in-$(printf '%s\n%s\n' "$engine_id" "$built" | digest)"
if ! is_current "$stand_in_bin" "$stand_in"; then
    [ -x "$built/pulumi-language-go" ] || build_stand_ins
    assemble "$stand_in" "$built"
    link_into "$stand_in_bin" "$stand_in" "the stand-in Node.js and Go hosts"
fi

real_bin="$root/.tools/languages/pulumi/bin"
if [ -x "$hosts_dir/pulumi-language-nodejs" ] && [ -x "$hosts_dir/pulumi-language-go" ]; then
    hosts_dir=$(cd "$hosts_dir" && pwd -P)
    real="$cache_root/languages-pulumi-$( {
        printf '%s\n%s\n' "$engine_id" "$hosts_dir"
        for host in "${hosts[@]}"; do stat -L -c '%n %s %Y' "$hosts_dir/$host"; done
    } | digest)"
    if ! is_current "$real_bin" "$real"; then
        assemble "$real" "$hosts_dir"
        link_into "$real_bin" "$real" "Pulumi's own Node.js and Go hosts from $hosts_dir"
    fi
elif [ -e "$real_bin" ]; then
    rm -rf "$real_bin"
    say "no Pulumi hosts in $hosts_dir any more: TypeScript and Go programs use the stand-ins"
fi

engine_dir=$(dirname "$engine")
case "$engine_dir/" in
"$(readlink -f "$cache_root")/"*)
    preferred=$built
    [ -x "$real_bin/pulumi" ] && preferred=$hosts_dir
    for host in "${hosts[@]}"; do
        if [ ! -e "$engine_dir/$host" ]; then
            ln -s "$preferred/$host" "$engine_dir/$host"
            say "$host beside the CLI of .tools/bin (from ${preferred#"$cache_root/"})"
        fi
    done
    ;;
esac
