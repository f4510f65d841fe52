#!/usr/bin/env python3
"""The README's two commands, needing nothing but Python 3.11+:

    python3 dev.py run    # venv, install, migrate, seed the demo, then web + workers + beat
    python3 dev.py test   # venv, install, then the whole test suite (extra args go to pytest)
    python3 dev.py lint   # ruff check and ruff format --check

Standard library only: this file runs before anything is installed.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("PROMO_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def _say(message):
    print(f"promo: {message}", flush=True)


def _install(extra):
    """Create the venv and install the project's dependencies when pyproject.toml changes."""
    if sys.version_info < (3, 11):
        sys.exit(f"promo needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        _say(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extra.encode())
    stamp = VENV / f".installed-{extra or 'run'}"
    if stamp.exists() and stamp.read_text() == fingerprint.hexdigest():
        return
    _say("installing dependencies (once per change of pyproject.toml)")
    target = f".[{extra}]" if extra else "."
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], cwd=ROOT, check=True)
    subprocess.run([*pip, target], cwd=ROOT, check=True)
    stamp.write_text(fingerprint.hexdigest())


def run():
    _install("")
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "true")}
    env.setdefault("PORT", "8000")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    subprocess.run([str(PYTHON), "manage.py", "bootstrap"], cwd=ROOT, env=env, check=True)
    _say(f"starting web (http://127.0.0.1:{env['PORT']}), workers and beat; Ctrl-C stops all")
    os.chdir(ROOT)
    os.execve(str(BIN / "honcho"), ["honcho", "-f", "Procfile.dev", "start"], env)


def test(args):
    _install("dev")
    os.chdir(ROOT)
    os.execv(str(BIN / "pytest"), ["pytest", *args])


def lint():
    _install("dev")
    ruff = str(BIN / "ruff")
    checks = [[ruff, "check", "."], [ruff, "format", "--check", "."]]
    sys.exit(max(subprocess.run(check, cwd=ROOT).returncode for check in checks))


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "run":
        run()
    elif command == "test":
        test(argv[2:] or ["-n", "auto", "--dist", "loadgroup", "--no-loadscope-reorder"])
    elif command == "lint":
        lint()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
