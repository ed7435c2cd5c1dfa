# The calculators as a public web site: one container image for Kubernetes, Google Cloud Run,
# Azure Container Apps or any platform that runs containers (docs/hosting.md).
#
#   docker build -t guidance-web .
#   docker run --rm -p 8080:8080 -e GUIDANCE_ALLOWED_HOSTS=localhost guidance-web
#
# One server process per container (uvicorn, its worker count from WEB_CONCURRENCY, 1 by
# default): the platform scales by starting more containers. Public mode: no access code,
# the Host header must be one of GUIDANCE_ALLOWED_HOSTS, uploads are limited, inputs and
# uploads are never logged or stored. /healthz answers "ok" for the platform's probes.
# tests/test_container_recipe.py follows these steps into a fresh virtual environment.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The package from this repository, built as a wheel and installed with its dependencies.
WORKDIR /build
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
RUN python -m pip wheel --no-deps --wheel-dir dist . \
 && python -m pip install dist/*.whl

# A user without privileges runs the server.
RUN useradd --system --uid 10001 --create-home --home-dir /home/guidance guidance \
 && rm -rf /build
USER 10001
WORKDIR /home/guidance

ENV MPLBACKEND=Agg \
    MPLCONFIGDIR=/home/guidance/.matplotlib \
    PORT=8080 \
    WEB_CONCURRENCY=1 \
    GUIDANCE_ALLOWED_HOSTS="" \
    GUIDANCE_MAX_UPLOAD_MB=25 \
    GUIDANCE_RATE_LIMIT="20/second;600/minute"
# matplotlib's font list, made once here rather than at every start
RUN python -c "import matplotlib.font_manager"

EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['PORT'], timeout=4)"]
CMD ["guidance", "serve", "--public", "--host", "0.0.0.0"]
