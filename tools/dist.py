"""``make dist``: one release of pulumi-composio in ``dist/``, every file at the package's version.

- the wheel and the sdist (``python -m build``), for PyPI;
- ``pulumi-resource-composio-v<version>-<os>-<arch>.tar.gz`` per platform, for the release
  page the schema's ``pluginDownloadURL`` names. At its root the launcher
  ``provider/archive/pulumi-resource-composio`` (an executable, so every language host runs it,
  YAML's included) and ``requirements.txt`` naming the package; in ``wheels/`` the package with
  every dependency at the dev environment's versions for CPython 3.11 to 3.14 of that platform,
  and pip, so its first start needs ``python3`` and no network;
- ``pulumi-composio-<version>.tgz``, the npm package compiled as Pulumi publishes its SDKs
  (``tsc`` into ``bin/``, ``package.json`` beside the JavaScript, no install scripts), for npm;
- ``pulumi-composio-policy-<version>.tar.gz``, the policy pack (``policy/``) in a folder of
  that name, its ``PulumiPolicy.yaml`` at the release's version and its ``requirements.txt``
  naming the release's package: ``pulumi preview --policy-pack <folder>`` once its ``venv``
  holds them (docs/policy.md);
- ``goproxy/``, the Go SDK (``sdk/go``) as a Go module proxy serves it (``@v/list``, ``.info``,
  ``.mod``, ``.zip``), for machines that cannot fetch the tag ``sdk/go/v<version>``:
  ``GOPROXY=file://<dist>/goproxy,https://proxy.golang.org`` (or a team's module proxy serving
  that folder) makes ``go get`` and ``go mod tidy`` find it by name;
- ``SHA256SUMS`` over all of it, and ``release.json`` naming the files and the Go SDK's tag.

``--platforms`` narrows the archives (the tests build the one they run on).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from pulumi_composio.native.schema import GO_MODULE, PACKAGE

REPO = Path(__file__).resolve().parents[1]

CONSTRAINTS = REPO / "constraints" / "dev.txt"
LAUNCHER = REPO / "provider" / "archive" / f"pulumi-resource-{PACKAGE}"
POLICY_PACK = REPO / "policy"
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
PLATFORM_TAGS = {
    "linux-amd64": ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"),
    "linux-arm64": ("manylinux_2_28_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64"),
    "darwin-amd64": ("macosx_11_0_x86_64", "macosx_10_9_x86_64", "macosx_10_9_universal2"),
    "darwin-arm64": ("macosx_11_0_arm64", "macosx_10_9_universal2", "macosx_11_0_universal2"),
}
"""Pulumi's ``<os>-<arch>`` names, and the wheel platform tags each runs."""


def version() -> str:
    return str(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"])


def host_platform() -> str:
    system = {"Linux": "linux", "Darwin": "darwin"}[platform.system()]
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}
    return f"{system}-{arch[platform.machine().lower()]}"


def run(*command: str | Path, cwd: Path | None = None) -> None:
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"dist: {' '.join(map(str, command))} failed:\n{done.stdout}{done.stderr}")


def python_distributions(out: Path) -> Path:
    run(sys.executable, "-m", "build", "--outdir", out, REPO)
    (wheel,) = out.glob("pulumi_composio-*.whl")
    return wheel


def plugin_archive(out: Path, wheel: Path, release: str, target: str) -> Path:
    """The plugin for ``target`` as the engine downloads and unpacks it."""
    with tempfile.TemporaryDirectory(prefix="dist-wheels-") as scratch:
        wheels = Path(scratch)
        for python in PYTHONS:
            abi = f"cp{python.replace('.', '')}"
            tags = [arg for tag in PLATFORM_TAGS[target] for arg in ("--platform", tag)]
            run(
                sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                "--only-binary=:all:", "--implementation", "cp", "--python-version", python,
                "--abi", abi, "--abi", "abi3", "--abi", "none", *tags,
                "-c", CONSTRAINTS, "--dest", wheels, wheel, "pip",
            )  # fmt: skip
        archive = out / f"pulumi-resource-{PACKAGE}-v{release}-{target}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(LAUNCHER, LAUNCHER.name, filter=_owned_by_nobody)
            _add_text(tar, "requirements.txt", f"pulumi-composio=={release}\n")
            for found in sorted(wheels.glob("*.whl")):
                tar.add(found, f"wheels/{found.name}", filter=_owned_by_nobody)
    return archive


def policy_pack(out: Path, release: str) -> Path:
    """The policy pack as a user unpacks it: ``pulumi-composio-policy/`` with the pack's
    sources, its version the release's and its requirements naming the release's package."""
    folder = f"pulumi-{PACKAGE}-policy"
    archive = out / f"{folder}-{release}.tar.gz"
    sources = [POLICY_PACK / "__main__.py", *sorted(POLICY_PACK.glob("composio_policy/*.py"))]
    settings = (POLICY_PACK / "PulumiPolicy.yaml").read_text()
    requirements = (POLICY_PACK / "requirements.txt").read_text()
    with tarfile.open(archive, "w:gz") as tar:
        for source in sources:
            tar.add(source, f"{folder}/{source.relative_to(POLICY_PACK)}", filter=_owned_by_nobody)
        _add_text(tar, f"{folder}/PulumiPolicy.yaml", _with_version(settings, release))
        _add_text(tar, f"{folder}/requirements.txt", _pinned(requirements, release))
    return archive


def _with_version(settings: str, release: str) -> str:
    lines = [line for line in settings.splitlines() if not line.startswith("version:")]
    return "\n".join([f"version: {release}", *lines]) + "\n"


def _pinned(requirements: str, release: str) -> str:
    return "".join(
        f"pulumi-composio=={release}\n" if line.startswith("pulumi-composio") else f"{line}\n"
        for line in requirements.splitlines()
    )


def _owned_by_nobody(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _add_text(tar: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o644
    tar.addfile(info, io.BytesIO(data))


def npm_package(out: Path) -> Path:
    """``sdk/nodejs`` compiled: what ``npm install`` of the release gets, scripts and all
    TypeScript sources left behind."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("dist: the npm package needs Node.js 20 or newer with npm on PATH")
    with tempfile.TemporaryDirectory(prefix="dist-npm-") as scratch:
        build = Path(scratch) / "nodejs"
        shutil.copytree(
            REPO / "sdk" / "nodejs", build, ignore=shutil.ignore_patterns("node_modules", "bin")
        )
        manifest = json.loads((build / "package.json").read_text())
        manifest.pop("scripts", None)
        compiler = {k: manifest["dependencies"].pop(k) for k in ("typescript", "@types/node")}
        (build / "package.json").write_text(
            json.dumps({**manifest, "devDependencies": compiler}, indent=4) + "\n"
        )
        run(npm, "install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts",
            cwd=build)  # fmt: skip
        run(build / "node_modules" / ".bin" / "tsc", cwd=build)
        published = {**manifest, "main": "index.js", "types": "index.d.ts"}
        (build / "bin" / "package.json").write_text(json.dumps(published, indent=4) + "\n")
        shutil.copy2(build / "README.md", build / "bin" / "README.md")
        run(npm, "pack", "--pack-destination", out.resolve(), cwd=build / "bin")
    return out / f"{manifest['name']}-{manifest['version']}.tgz"


def go_module_proxy(out: Path, release: str) -> Path:
    """``sdk/go`` at ``release`` in a Go module proxy's layout (``GOPROXY`` protocol), the zip
    in the module zip format (every path under ``<module>@v<release>/``), which is what a tag
    fetched through proxy.golang.org gives: the same ``go.sum`` line either way."""
    sdk = REPO / "sdk" / "go"
    tag = f"v{release}"
    versions = out / "goproxy" / GO_MODULE / "@v"
    versions.mkdir(parents=True)
    (versions / "list").write_text(f"{tag}\n")
    made = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    (versions / f"{tag}.info").write_text(json.dumps({"Version": tag, "Time": made}) + "\n")
    shutil.copy2(sdk / "go.mod", versions / f"{tag}.mod")
    with zipfile.ZipFile(versions / f"{tag}.zip", "w", zipfile.ZIP_DEFLATED) as module:
        for path in sorted(p for p in sdk.rglob("*") if p.is_file()):
            module.write(path, f"{GO_MODULE}@{tag}/{path.relative_to(sdk).as_posix()}")
    return out / "goproxy"


def write_sums(out: Path) -> None:
    lines = [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(out).as_posix()}\n"
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name != "SHA256SUMS"
    ]
    (out / "SHA256SUMS").write_text("".join(lines))


def build_release(out: Path, platforms: list[str]) -> dict[str, object]:
    release = version()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    wheel = python_distributions(out)
    for target in platforms:
        plugin_archive(out, wheel, release, target)
    npm_package(out)
    policy_pack(out, release)
    go_module_proxy(out, release)
    manifest: dict[str, object] = {
        "version": release,
        "files": sorted(p.name for p in out.iterdir() if p.is_file()),
        "go": {"module": GO_MODULE, "tag": f"sdk/go/v{release}", "proxy": "goproxy"},
        "git_tag": f"v{release}",
    }
    (out / "release.json").write_text(json.dumps(manifest, indent=2) + "\n")
    write_sums(out)
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist")
    parser.add_argument("--platforms", default=",".join(PLATFORM_TAGS))
    args = parser.parse_args()
    platforms = [p for p in args.platforms.split(",") if p]
    unknown = sorted(set(platforms) - set(PLATFORM_TAGS))
    if unknown:
        parser.error(f"--platforms: unknown {unknown}; choose from {sorted(PLATFORM_TAGS)}")
    manifest = build_release(args.out, platforms)
    for path in sorted(p for p in args.out.rglob("*") if p.is_file()):
        print(f"{path.stat().st_size / 1e6:8.2f} MB  {path.relative_to(args.out)}")
    print(f"tag the commit {manifest['git_tag']} and {manifest['go']['tag']}")  # type: ignore[index]
    return 0


if __name__ == "__main__":
    sys.exit(main())
