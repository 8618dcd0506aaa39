# The course image: JupyterLab with the explr kernel, the three notebooks and CIFAR-10, for JupyterHub (as its
# single-user image), Binder (repo2docker builds this file) and `docker run -p 8888:8888 IMAGE`.
#
#   docker build -t explr-course .
#   docker run --rm -p 8888:8888 explr-course       # then open the http://127.0.0.1:8888/lab?token=... it prints
#
# BASE_IMAGE is a Jupyter Docker Stacks image (JupyterLab, jupyterhub-singleuser, the unprivileged user NB_USER with
# NB_UID and NB_GID, and the start command JupyterHub and `docker run` use). NODE_IMAGE supplies Node (≥ 20.19) with
# its headers and npm under /usr/local, as the official node images have them.
ARG BASE_IMAGE=quay.io/jupyter/minimal-notebook:latest
ARG NODE_IMAGE=docker.io/library/node:22-bookworm-slim

FROM ${NODE_IMAGE} AS node

# The build: explr's dependencies, its native (oneDNN) convolutions, its TypeScript, and CIFAR-10 decoded.
FROM ${BASE_IMAGE} AS build
USER root
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      g++ libdnnl-dev >/dev/null && rm -rf /var/lib/apt/lists/*
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/include/node /usr/local/include/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /opt/explr
# the dependencies first, so that a change of source alone does not download them again; the optional ones
# (GPU backends) have no use in a CPU image
COPY package.json package-lock.json ./
COPY native native
COPY scripts/build-native.mjs scripts/build-native.mjs
RUN npm ci --omit=optional --no-audit --no-fund
COPY . .
# the image is for fast CPU training: no native convolutions is an error here, not the wasm fallback; nor is a
# kernel without its heap guard
RUN npm run build && { [ -f build/native/explr_native.node ] || { cat build/native/unavailable.txt; exit 1; }; } \
 && { [ -f build/native/explr_heap_guard.node ] || { cat build/native/heap-guard-unavailable.txt; exit 1; }; } \
 && chmod +x dist/cli/main.js \
 && npm prune --omit=dev --omit=optional --no-audit --no-fund \
 && rm -rf dist/test dist/bench test bench .ci
ENV EXPLR_CACHE_DIR=/opt/explr-data
RUN node dist/scripts/check-data.js --quiet

FROM ${BASE_IMAGE}
# more options for pip, for a build that cannot use PyPI (e.g. "--no-index --find-links /wheels" with a folder
# of wheels mounted at /wheels, or "--index-url URL" of a mirror)
ARG PIP_OPTIONS=""
USER root
# oneDNN's run-time library, whatever its version is called in the base's distribution
RUN apt-get update -qq \
 && dnnl="$(apt-cache depends libdnnl-dev | sed -n 's/^ *Depends: \(libdnnl[0-9][0-9]*\)$/\1/p' | head -n 1)" \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${dnnl:?no oneDNN package}" \
      >/dev/null && rm -rf /var/lib/apt/lists/*
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
COPY --from=build /opt/explr /opt/explr
COPY --from=build /opt/explr-data /opt/explr-data
ENV EXPLR_CACHE_DIR=/opt/explr-data
# explr and npm on PATH, and the kernel for every user of the base's Jupyter (its environment's share/jupyter)
RUN ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && ln -sf /opt/explr/dist/cli/main.js /usr/local/bin/explr \
 && explr kernel install --sys-prefix
USER ${NB_UID}
RUN pip install --quiet --no-cache-dir ${PIP_OPTIONS} jupyterlab notebook plotly ipywidgets
# the notebooks in the home folder; also in /opt/explr/notebooks, for a JupyterHub whose persistent home hides these
COPY --chown=${NB_UID}:${NB_GID} notebooks /home/${NB_USER}/notebooks
WORKDIR /home/${NB_USER}
