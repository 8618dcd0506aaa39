#!/bin/sh
# For `npm start` and `npm run lab` on a fresh clone: installs the dependencies when they are missing, and builds
# dist/ when it is missing or older than a source file (TypeScript, or the WebAssembly text of src/backend/wasm).
set -e
cd "$(dirname "$0")/.."
if [ ! -d node_modules/tslab ] || [ ! -d node_modules/zeromq ] || [ ! -d node_modules/typescript ]; then
  echo "Installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund
fi
wasm=dist/src/backend/wasm/batch-norm.wasm
if [ ! -f dist/.tsbuildinfo ] || [ ! -f dist/cli/main.js ] || [ ! -f "$wasm" ] ||
  [ -n "$(find src kernel scripts test bench -name '*.ts' -newer dist/.tsbuildinfo 2>/dev/null | head -n 1)" ] ||
  [ -n "$(find src -name '*.wat' -newer "$wasm" 2>/dev/null | head -n 1)" ]; then
  echo "Building dist/ (npm run build)..."
  npm run build --silent
fi
