#!/usr/bin/env python3
"""Build the browser page (`make app`): a folder of static files any web server can host.

    python scripts/build_app.py [--out build/app] [--update-lock]

Standard library only. From the registries, at build time only, checked
against app/lock.json (exact versions and sha256):

* Pyodide's runtime, `npm pack pyodide@<version>` (the npm package holds the
  runtime and no package wheels);
* the package's runtime dependencies as wheels for Pyodide's Python, from PyPI
  (`pip download` with Pyodide's platform tag: pure wheels, and
  python-calamine's Pyodide wheel);
* axe-core, `npm pack`, for the accessibility test only (build/cache/axe.min.js,
  never part of the page).

Then this package's own wheel, built from the working tree as it is (a copy:
an uncommitted change is what you test), the page from app/, manifest.json
and the service worker that keeps every file for offline use.

Python's bytecode is compiled here, once, by the page's own Python (Pyodide under
node: scripts/pyodide_run.mjs runs scripts/compile_bytecode.py), not by the
browser at every visit: the standard library's archive holds .pyc instead of .py,
and the pure-Python wheels become one archive, wheels/site-packages.zip, each
module's .pyc beside its .py, which the page imports from as it is (unpacking
hundreds of files at every visit cost more than importing them). A wheel with
compiled code (python-calamine) ships as a wheel, which the page unpacks.

Downloads are kept in build/cache, so a rebuild needs no network. Moving to a
new Pyodide: change PYODIDE_VERSION, run with --update-lock, run the tests.
"""

from __future__ import annotations

import argparse
import base64
import email.parser
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
PYODIDE_VERSION = "314.0.8"  # npm; CPython 3.14, Pyodide ABI 2026_0
AXE_VERSION = "4.14.1"  # npm; the accessibility test's engine
# What the page needs of the npm package; the rest (console pages, type
# declarations, source maps, the classic pyodide.js) stays out.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
STATIC = ("index.html", "app.css", "app.js", "worker.mjs")  # sw.js, web.config filled in
# IIS never serves web.config, so the offline copy cannot hold it.
NOT_OFFLINE = ("sw.js", "web.config")
# Not part of the wheel: kept out of the copy it is built from.
NOT_COPIED = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
              ".hypothesis", ".ruff_cache", "demo-output", "node_modules", "tests", "docs",
              "benchmarks")


def log(text: str) -> None:
    print(text, flush=True)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    log("  $ " + " ".join(cmd))
    return subprocess.run(cmd, check=True, **kw)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sri_sha512(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(req: str) -> str:
    return normalise(re.split(r"[ ;<>=!~\[(]", req, maxsplit=1)[0])


# --- npm ---------------------------------------------------------------------------------

def npm_pack(name: str, version: str, cache: Path, locked: dict | None) -> Path:
    """The npm tarball, from the cache or `npm pack`; checked against npm's integrity
    when fetched and against the lock every time."""
    cache.mkdir(parents=True, exist_ok=True)
    tgz = cache / f"{name}-{version}.tgz"
    if not tgz.exists():
        if shutil.which("npm") is None:
            raise SystemExit(f"npm is needed to fetch {name} {version} (apt-get install npm)")
        out = run(["npm", "pack", f"{name}@{version}", "--json", "--pack-destination",
                   str(cache)], capture_output=True, text=True)
        integrity = json.loads(out.stdout)[0]["integrity"]
        if integrity != sri_sha512(tgz):
            tgz.unlink()
            raise SystemExit(f"{tgz.name}: does not match npm's integrity {integrity}")
    if locked and locked["sha256"] != sha256(tgz):
        raise SystemExit(f"{tgz.name}: sha256 {sha256(tgz)} is not the locked {locked['sha256']}"
                         " (delete it from the cache, or --update-lock if you mean to change)")
    return tgz


def extract_pyodide(tgz: Path, dest: Path) -> dict:
    """The runtime files into dest; returns pyodide-lock.json's `info` (Python, ABI)."""
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tgz) as tar:
        lock = json.load(tar.extractfile("package/pyodide-lock.json"))
        package = json.load(tar.extractfile("package/package.json"))
        for name in PYODIDE_FILES:
            with tar.extractfile(f"package/{name}") as src, open(dest / name, "wb") as out:
                shutil.copyfileobj(src, out)
    # The page installs no Pyodide package, so its lock lists none: nothing can be
    # fetched from Pyodide's CDN by accident, and 119 kB less to load.
    (dest / "pyodide-lock.json").write_text(json.dumps({"info": lock["info"], "packages": {}}))
    (dest / "LICENSE.txt").write_text(
        f"Pyodide {package['version']}, {package.get('license', 'MPL-2.0')}:"
        f" {package.get('homepage', '')}\nFiles of the npm package 'pyodide', unmodified but"
        " python_stdlib.zip, whose modules are compiled to bytecode by the build.\n")
    return lock["info"]


def target_tags(info: dict) -> dict:
    """pip's --python-version / --abi / --platform for the Pyodide in use."""
    major, minor = info["python"].split(".")[:2]
    return {"python_version": f"{major}.{minor}", "abi": f"cp{major}{minor}",
            "platform": f"pyemscripten_{info['abi_version']}_{info['arch']}"}


# --- wheels ------------------------------------------------------------------------------

def package_wheel(dest: Path) -> Path:
    """This package's wheel, from a copy of the working tree (never built in place)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="edi-app-") as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_COPIED))
        env = dict(os.environ)
        stamp = git("log", "-1", "--format=%ct")  # stable times inside the wheel
        if stamp:
            env["SOURCE_DATE_EPOCH"] = stamp
        run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
             str(copy), "-w", str(dest)], env=env)
    (wheel,) = dest.glob("*.whl")
    return wheel


def git(*args: str) -> str:
    if not (ROOT / ".git").exists():
        return ""
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def wheel_metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as zf:
        (meta,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(zf.read(meta).decode())


def runtime_requirements(wheel: Path) -> list[str]:
    """Requires-Dist, extras left out."""
    return [req.split(";")[0].strip() for req in wheel_metadata(wheel).get_all("Requires-Dist")
            or [] if "extra ==" not in req]


def dependency_wheels(reqs: list[str], tags: dict, cache: Path, locked: list[dict] | None
                      ) -> list[Path]:
    """The locked wheels, from the cache where they are already there with their hash;
    otherwise (or with no lock) from PyPI for Pyodide's target, in one resolve."""
    cache.mkdir(parents=True, exist_ok=True)
    if locked and all((cache / w["file"]).exists() and sha256(cache / w["file"]) == w["sha256"]
                      for w in locked):
        return [cache / w["file"] for w in locked]
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary", ":all:",
           "--python-version", tags["python_version"],
           "--implementation", "cp", "--abi", tags["abi"], "--abi", "none",
           "--platform", tags["platform"], "--platform", "any"]
    if not locked:
        with tempfile.TemporaryDirectory() as tmp:
            run([*cmd, "--dest", tmp, *reqs])
            found = sorted(Path(tmp).glob("*.whl"))
            for wheel in found:
                shutil.copy2(wheel, cache / wheel.name)
            return [cache / w.name for w in found]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for w in locked:  # exactly what was locked; pip checks every hash
            f.write(f"{w['name']}=={w['version']} --hash=sha256:{w['sha256']}\n")
    try:
        run([*cmd, "--dest", str(cache), "--no-deps", "--require-hashes", "-r", f.name])
    finally:
        os.unlink(f.name)
    return [cache / w["file"] for w in locked]


def wheel_entry(path: Path) -> dict:
    meta = wheel_metadata(path)
    licence = meta.get("License-Expression") or meta.get("License") or ""
    return {"file": path.name, "name": normalise(meta["Name"]), "version": meta["Version"],
            "sha256": sha256(path), "size": path.stat().st_size,
            "license": licence.split("\n")[0][:80]}


# --- bytecode ----------------------------------------------------------------------------

def has_compiled_code(wheel: Path) -> bool:
    """A wheel with an extension module, which Python cannot import from an archive."""
    with zipfile.ZipFile(wheel) as zf:
        return any(n.endswith(".so") for n in zf.namelist())


def compile_bytecode(out: Path, wheels: list[Path]) -> Path:
    """The standard library's archive in out/pyodide made bytecode only, and
    out/wheels/site-packages.zip from the pure wheels (which must be in out, as the
    compiler sees only out): compiled by Pyodide's Python itself, under node
    (scripts/compile_bytecode.py says why). Returns the site-packages archive."""
    if shutil.which("node") is None:
        raise SystemExit("node is needed to compile the page's Python (apt-get install nodejs)")
    stdlib = out / "pyodide" / "python_stdlib.zip"
    compiled = stdlib.with_suffix(".pyc.zip")
    site = out / "wheels" / "site-packages.zip"
    run(["node", str(ROOT / "scripts" / "pyodide_run.mjs"), str(out / "pyodide"), str(out),
         str(ROOT / "scripts" / "compile_bytecode.py"), str(stdlib), str(compiled),
         str(site), *map(str, wheels)])
    compiled.replace(stdlib)
    for made in (stdlib, site):
        made.chmod(0o644)  # as the other files (node writes 0666)
    return site


# --- the page ----------------------------------------------------------------------------

def write_web_config(out: Path) -> None:
    """web.config for IIS, with the page's policy as `edi-workbook app` sends it."""
    sys.path.insert(0, str(ROOT))  # the policy's one definition is index.html, read there
    from edi_workbook.workflow.serve import content_security_policy

    text = (APP / "web.config").read_text().replace("__CSP__", content_security_policy(out))
    (out / "web.config").write_text(text)


def write_service_worker(out: Path) -> str:
    """sw.js: every file of the page, under a version made from all their hashes."""
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                   if p.is_file() and p.name not in NOT_OFFLINE)
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + sha256(out / name).encode())
    version = digest.hexdigest()[:16]
    text = ((APP / "sw.js").read_text()
            .replace("__VERSION__", version)
            .replace("__FILES__", json.dumps(["./", *files], indent=1)))
    (out / "sw.js").write_text(text)
    return version


def build(out: Path, cache: Path, lock_path: Path, update_lock: bool) -> Path:
    started = time.monotonic()
    lock = None if update_lock or not lock_path.exists() else json.loads(lock_path.read_text())

    log(f"Pyodide {PYODIDE_VERSION} (npm)")
    tgz = npm_pack("pyodide", PYODIDE_VERSION, cache / "npm", lock and lock["pyodide"])
    if out.exists():
        shutil.rmtree(out)
    info = extract_pyodide(tgz, out / "pyodide")
    tags = target_tags(info)
    log(f"  Python {info['python']}: wheels tagged {tags['abi']}-{tags['platform']}, or pure")

    log("edi-workbook's wheel, from the working tree")
    own = package_wheel(cache / "package")
    reqs = runtime_requirements(own)
    locked = lock and lock["wheels"]
    if locked and {requirement_name(r) for r in reqs} - {w["name"] for w in locked}:
        log("  the package asks for what the lock does not hold: resolving afresh")
        locked = None
    log("Its dependencies (PyPI): " + ", ".join(reqs))
    deps = sorted((wheel_entry(p) for p in dependency_wheels(reqs, tags, cache / "wheels",
                                                             locked)),
                  key=lambda w: w["name"])

    (out / "wheels").mkdir()
    for w in deps:
        shutil.copy2(cache / "wheels" / w["file"], out / "wheels" / w["file"])
    shutil.copy2(own, out / "wheels" / own.name)
    own_entry = wheel_entry(own)
    log("Bytecode, by Pyodide's Python (node)")
    pure = [p for p in sorted((out / "wheels").glob("*.whl")) if not has_compiled_code(p)]
    site = compile_bytecode(out, pure)
    for p in pure:  # in site-packages.zip now
        p.unlink()
    for name in STATIC:
        shutil.copy2(APP / name, out / name)
    write_web_config(out)
    commit = git("rev-parse", "--short", "HEAD")
    if commit and git("status", "--porcelain", "--untracked-files=no"):
        commit += " with changes"
    manifest = {
        "pyodide": {"version": PYODIDE_VERSION, "python": info["python"], "license": "MPL-2.0"},
        "wheels": [*deps, own_entry],  # what went in (as PyPI has them), for the footer
        # What the page loads: one archive of the pure wheels, compiled, and the others.
        "load": {"zip": {"file": site.name, "sha256": sha256(site), "size": site.stat().st_size},
                 "unpack": sorted(p.name for p in (out / "wheels").glob("*.whl"))},
        "edi_workbook": {"version": own_entry["version"], "commit": commit},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    version = write_service_worker(out)

    log(f"axe-core {AXE_VERSION} (npm), for the accessibility test only")
    axe = npm_pack("axe-core", AXE_VERSION, cache / "npm", lock and lock.get("axe-core"))
    with tarfile.open(axe) as tar:
        (cache / "axe.min.js").write_bytes(tar.extractfile("package/axe.min.js").read())

    if lock is None:
        lock_path.write_text(json.dumps({
            "pyodide": {"version": PYODIDE_VERSION, "sha256": sha256(tgz),
                        "integrity": sri_sha512(tgz)},
            "axe-core": {"version": AXE_VERSION, "sha256": sha256(axe),
                         "integrity": sri_sha512(axe)},
            "target": tags,
            "wheels": [{k: w[k] for k in ("name", "version", "file", "sha256")} for w in deps],
        }, indent=1) + "\n")
        log(f"Lock written: {lock_path}")

    files = [p for p in out.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    log(f"Built {out}: {size / 1e6:.1f} MB in {len(files)} files, offline copy {version},"
        f" {time.monotonic() - started:.1f} s")
    for w in [*deps, own_entry]:
        log(f"  {w['file']}  {w['size'] / 1e3:.0f} kB")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "app")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "cache")
    parser.add_argument("--lock", type=Path, default=APP / "lock.json")
    parser.add_argument("--update-lock", action="store_true",
                        help="resolve the newest wheels the package allows and rewrite the lock")
    args = parser.parse_args(argv)
    build(args.out, args.cache, args.lock, args.update_lock)
    return 0


if __name__ == "__main__":
    sys.exit(main())
