#!/usr/bin/env bash
# Starts a one-node Slurm cluster for the tests, as root, without systemd: its own munge key and socket, slurm.conf,
# state and spool, all under one folder. Needs Debian's slurmctld, slurmd, slurm-client and munge
# (apt-get install slurmctld slurmd slurm-client munge).
#
#   test/slurm/start-cluster.sh DIR     # prints the line to eval: export SLURM_CONF=DIR/slurm.conf
#   test/slurm/stop-cluster.sh DIR
set -euo pipefail
dir="${1:?usage: start-cluster.sh DIR}"
for command in munged mungekey slurmctld slurmd sinfo; do
  command -v "$command" >/dev/null || {
    echo "start-cluster.sh: $command not found; apt-get install slurmctld slurmd slurm-client munge" >&2
    exit 1
  }
done
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
# munged refuses a socket folder that other users cannot enter, and so every folder above it must let them through.
chmod 0711 "$dir" "$dir/munge"
mungekey --create --keyfile="$dir/munge/munge.key" --force
chmod 0400 "$dir/munge/munge.key"
munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"

# Ports of their own, so the test cluster does not meet a cluster of the machine's.
ctld_port=$((20000 + RANDOM % 20000))
slurmd_port=$((ctld_port + 1))
node="$(slurmd -C | head -n 1)"
host="$(hostname -s)"
cat >"$dir/slurm.conf" <<CONF
ClusterName=explr-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=600
KillWait=5
MpiDefault=none
JobCompType=jobcomp/none
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
# Ready when the node takes jobs.
for _ in $(seq 1 100); do
  state="$(sinfo -h -N -o %t 2>/dev/null || true)"
  case "$state" in idle* | mix* | alloc*) echo "export SLURM_CONF=$SLURM_CONF"; exit 0 ;; esac
  sleep 0.1
done
echo "start-cluster.sh: the node did not come up (sinfo: ${state:-nothing}); see $dir/log" >&2
exit 1
