#!/usr/bin/env bash
# A single-node Slurm cluster on localhost for development and CI (docs/studies.md, "A development cluster").
#
#   deploy/slurm/dev-cluster.sh up       start munged, slurmctld and slurmd (idempotent; a few seconds)
#   deploy/slurm/dev-cluster.sh down     stop them (idempotent)
#   deploy/slurm/dev-cluster.sh status   say what runs
#
# It installs nothing: it checks for Debian's slurm-wlm 22.05 and munge (apt-get install -y slurm-wlm munge) and
# says so when they are missing. It writes /etc/slurm/slurm.conf, the file every Slurm command reads, but never over
# a slurm.conf it did not write (a real cluster's). No cgroups (containers rarely have them): proctrack/linuxproc,
# task/none; no accounting daemon: accounting_storage/none, finished jobs go to jobcomp/filetxt. Needs root.
set -euo pipefail

state="${TRANSFERLAB_SLURM_STATE:-/var/tmp/transferlab-slurm}"
conf=/etc/slurm/slurm.conf
marker="# written by transferlab deploy/slurm/dev-cluster.sh"
cmd="${1:-}"

die() { echo "dev-cluster: $*" >&2; exit 2; }

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

check_installed() {
  local missing=()
  for b in munged slurmctld slurmd sbatch squeue scontrol; do
    command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || missing+=("$b")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]}: install them with 'apt-get install -y slurm-wlm munge'"
  [ "$(id -u)" -eq 0 ] || die "must run as root (it starts munged as user munge and the Slurm daemons as root)"
}

write_conf() {
  local host cpus mem
  host="$(hostname -s)"
  cpus="$(nproc)"
  # Leave a little memory to the system; jobs asking for more than RealMemory are rejected at submission.
  mem=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
  if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
    die "$conf exists and was not written by this script (a real cluster's?); not touching it"
  fi
  mkdir -p "$state/ctld" "$state/slurmd" /etc/slurm
  cat > "$conf.tmp" <<CONF
$marker
ClusterName=transferlab-dev
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$state/jobcomp.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MinJobAge=600
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  # Replace only when changed, so a running controller is not confused by a rewrite to the same content.
  if [ -f "$conf" ] && cmp -s "$conf" "$conf.tmp"; then rm -f "$conf.tmp"; else mv "$conf.tmp" "$conf"; fi
}

start_munge() {
  if munge -n </dev/null >/dev/null 2>&1; then return; fi
  [ -s /etc/munge/munge.key ] || die "/etc/munge/munge.key is missing (reinstall munge, or run mungekey as user munge)"
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  chmod 0755 /run/munge
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && return; sleep 0.1; done
  die "munged did not start (see /var/log/munge/munged.log)"
}

up() {
  check_installed
  write_conf
  start_munge
  running "$state/slurmctld.pid" || /usr/sbin/slurmctld
  running "$state/slurmd.pid" || /usr/sbin/slurmd
  local host; host="$(hostname -s)"
  for _ in $(seq 100); do
    if scontrol ping 2>/dev/null | grep -q UP && sinfo -h -o '%t' -n "$host" 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
      echo "dev-cluster: up (node $host, partition debug, state in $state)"
      return
    fi
    # A node left DOWN by an earlier run comes back explicitly.
    scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
    sleep 0.2
  done
  die "Slurm did not come up; see $state/slurmctld.log and $state/slurmd.log"
}

stop_pid() {
  local f="$1"
  if running "$f"; then
    local pid; pid="$(cat "$f")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$f"
}

down() {
  stop_pid "$state/slurmd.pid"
  stop_pid "$state/slurmctld.pid"
  echo "dev-cluster: down (munged left running; it is harmless and shared)"
}

status() {
  running "$state/slurmctld.pid" && echo "slurmctld: running" || echo "slurmctld: stopped"
  running "$state/slurmd.pid" && echo "slurmd: running" || echo "slurmd: stopped"
  munge -n </dev/null >/dev/null 2>&1 && echo "munged: running" || echo "munged: stopped"
}

case "$cmd" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
