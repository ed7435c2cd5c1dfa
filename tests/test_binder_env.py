"""The hosted environment (binder/) builds the way repo2docker builds it, and serves the app.

repo2docker, for a repository with ``binder/requirements.txt`` and ``binder/postBuild``:
copies the repository into the image, makes a Python environment, runs
``pip install -r binder/requirements.txt``, then runs ``binder/postBuild`` from the
repository root. BinderHub then starts a Jupyter server with a token, and the Binder
address ``?urlpath=voila/render/app/calculator.ipynb?name=...`` opens a calculator.

This test does the same in a temporary folder: a copy of the repository, a fresh virtual
environment (pip's cache makes it a few minutes at most), the two steps, and a Jupyter
server on 127.0.0.1 with a token; it then asks for a calculator page with and without the
token, and for it from the wrong Host.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from guidance.files.applink import app_link

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
SKIP = {".git", ".venv", "_build", "trainer-files", "__pycache__", ".pytest_cache", "build"}


def test_the_environment_definition_is_pinned_and_complete():
    lines = [
        line
        for line in (BINDER / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert all(re.fullmatch(r"[a-z0-9-]+==[\w.+-]+", line) for line in lines), lines
    names = {line.split("==")[0] for line in lines}
    assert {"voila", "ipywidgets", "segno", "jupyter-server", "numpy", "pandas"} <= names
    post = (BINDER / "postBuild").read_text()
    assert os.access(BINDER / "postBuild", os.X_OK) and "set -euo pipefail" in post
    assert "pip install --no-deps" in post


def test_the_binder_address_of_a_calculator():
    base = "https://mybinder.org/v2/gh/OWNER/REPO/HEAD?urlpath=voila/render/app/"
    link = app_link("ramp_up", {"months": 6}, base=base)
    assert link == base + quote("calculator.ipynb?name=ramp_up&months=6", safe="")


def _copy_repo(dest: Path) -> None:
    def ignore(_folder, names):
        return [n for n in names if n in SKIP or n.endswith(".egg-info")]

    shutil.copytree(ROOT, dest, ignore=ignore)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, headers: dict | None = None) -> tuple[int, str]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=300) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.mark.slow
def test_repo2docker_steps_build_an_environment_that_serves_a_calculator(tmp_path):
    repo = tmp_path / "repo"
    _copy_repo(repo)
    env_dir = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV"))},
        "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    began = time.monotonic()
    steps = [
        [str(python), "-m", "pip", "install", "-q", "-r", "binder/requirements.txt"],
        ["bash", "binder/postBuild"],
    ]
    for step in steps:
        done = subprocess.run(step, cwd=repo, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{step} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    built = time.monotonic() - began

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(16)
    server = subprocess.Popen(
        [
            str(env_dir / "bin" / "jupyter"),
            "server",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            "--ServerApp.port_retries=0",
            *(["--allow-root"] if os.geteuid() == 0 else []),  # repo2docker runs as jovyan
        ],
        cwd=repo,
        env={**env, "MPLBACKEND": "Agg"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        page = f"{base}/voila/render/app/calculator.ipynb?name=ramp_up&months=9"
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stderr.read()[-3000:]
            try:
                status, _ = _get(f"{base}/api/status?token={token}")
                if status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the hosted server did not start"
            time.sleep(0.5)
        status, body = _get(page + f"&token={token}")
        assert status == 200
        assert re.search(r'"kernelId":\s*"[0-9a-f-]{36}"', body)
        assert "guidance-trainer-panel" in body or "application/vnd.jupyter.widget" in body
        assert "cdn.jsdelivr.net" not in body  # the trainer template was installed
        assert "from guidance" not in body  # no code shown
        status, _ = _get(page)  # no token: sent to the login page, nothing rendered
        assert status in (302, 401, 403)
        status, _ = _get(f"{base}/api/status", {"Host": "evil.example"})
        assert status in (403, 400)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # our own session only
            server.wait()
    print(f"\nbinder environment built in {built:.0f} s")
