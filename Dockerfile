# holosec: the dashboard, API and command line in one image (docs/operations.md).
#   docker build -t holosec .
#   docker run --rm -v holosec-data:/data holosec holosec demo --no-serve   # or: holosec ingest ...
#   docker run -d -p 127.0.0.1:8000:8000 -v holosec-data:/data holosec
# The first start on a data directory without users prints the admin's password once (docker logs).
FROM python:3.11-slim

# Debian's Noto CJK fonts (Chinese pages and briefings) and Pango with HarfBuzz's subsetter (WeasyPrint's
# PDF briefings); nothing else: no compiler, no browser.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The project, installed as a package (with PDF briefings and the PostgreSQL driver for the workspace).
WORKDIR /opt/holosec
COPY pyproject.toml README.md LICENSE NOTICE ./
COPY src ./src
RUN pip install ".[pdf,postgres]" && rm -rf /opt/holosec/src

# A user of its own, without a shell or a home to write in; the data directory is its only writable place.
RUN groupadd --system --gid 10001 holosec \
    && useradd --system --uid 10001 --gid holosec --no-create-home --shell /usr/sbin/nologin holosec \
    && mkdir -p /data && chown holosec:holosec /data && chmod 0700 /data

ENV HOLOSEC_DATA_DIR=/data
VOLUME ["/data"]
WORKDIR /data
USER holosec:holosec
EXPOSE 8000

# /api/v1/health answers without sign-in; python is there, curl is not.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4).status == 200 else 1)"]

CMD ["holosec", "serve", "--host", "0.0.0.0", "--port", "8000"]
