#!/usr/bin/env bash
# Stops the cluster start-cluster.sh started in DIR: slurmd, slurmctld, munged, each waited for until it has exited
# (a stopped daemon can linger as a zombie, which still answers kill -0, so its state is read instead).
set -uo pipefail
dir="${1:?usage: stop-cluster.sh DIR}"
alive() { [ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$pidfile"
done
