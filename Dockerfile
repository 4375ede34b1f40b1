# syntax=docker/dockerfile:1
# Stage 1: build the SPA.
FROM node:20-bookworm-slim AS spa
WORKDIR /src/frontend
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY openapi.yaml /src/openapi.yaml
COPY frontend/ ./
RUN npm run build

# Stage 2: the API runtime, serving the built SPA on the same origin.
FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CONVERGENCE_ENV=production \
    CONVERGENCE_SPA_DIR=/app/frontend/dist \
    CONVERGENCE_TRUSTED_PROXIES=""
WORKDIR /app
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin convergence
COPY pyproject.toml README.md alembic.ini ./
COPY api/ api/
COPY migrations/ migrations/
RUN pip install --no-cache-dir -e . \
    && mkdir -p /app/var \
    && chown convergence /app/var
COPY --from=spa /src/frontend/dist frontend/dist
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# The same two steps as `make run`: migrate, then serve.
CMD ["sh", "-c", "convergence migrate && exec convergence serve --host 0.0.0.0 --port 8000"]
