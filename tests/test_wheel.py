"""A non-editable install works: the built wheel carries its migrations, alembic.ini and metadata.yml.

The wheel is installed into a fresh virtual environment without its dependencies, which it reads
from this environment's site-packages (a .pth file adds that directory, whose own .pth files, the
editable install of this checkout among them, are not read): every quotedb file comes from the wheel.
"""
import json
import os
import site
import subprocess
import sys
import venv

import pytest

from .conftest import REPO, SEEDS


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(folder / "dist"),
         str(REPO)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel = next((folder / "dist").glob("quotedb-*.whl"))
    env = folder / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    with open(os.path.join(purelib, "dependencies.pth"), "w") as fh:
        fh.write("\n".join(site.getsitepackages()) + "\n")
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", purelib,
                                str(wheel)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    return python, folder


def run(python, *args, cwd):
    return subprocess.run([str(python), "-m", "quotedb", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_quotedb_comes_from_the_wheel(wheel_env):
    python, folder = wheel_env
    where = subprocess.run([str(python), "-c", "import quotedb; print(quotedb.__file__)"], capture_output=True,
                           text=True, cwd=folder, check=True).stdout
    assert str(folder / "venv") in where and str(REPO) not in where


def test_ingest_export_serve_from_the_wheel(wheel_env):
    python, folder = wheel_env
    ingested = run(python, "ingest", str(SEEDS), "--db", "q.db", "--nlp", "rules", cwd=folder)
    assert ingested.returncode == 0, ingested.stderr
    exported = run(python, "export", "--db", "q.db", cwd=folder)
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(records) > 50 and {r["doc"] for r in records} == {p.name for p in SEEDS.glob("*.txt")}
    page = run(python, "serve", "--db", "q.db", "--get", "/q/attributed_quotes.json?_size=1&_shape=objects",
               cwd=folder)
    assert page.returncode == 0, page.stderr
    assert json.loads(page.stdout)["rows"][0]["quote"]
    refreshed = run(python, "db", "refresh", "--db", "q.db", cwd=folder)
    assert refreshed.returncode == 0 and "summaries rebuilt" in refreshed.stdout, refreshed.stderr
