#!/usr/bin/env bash
# The real test of `quantlab cluster slurm` (run by .ci/run after the Swift tests, as root):
#  1. installs Debian's slurmctld, slurmd, slurm-client and munge if missing;
#  2. starts munged, slurmctld and slurmd for a one-node cluster on localhost, everything (key,
#     sockets, slurm.conf, state, spool, logs) under a temporary folder;
#  3. runs Tests/cluster/sweep.yaml as a 4-task array plus the merge job (`--submit --wait`, i.e.
#     `sbatch --wait`) and checks the merged report is byte-identical to a single-process run;
#  4. submits again into a fresh folder, cancels task 2 after its first cell, checks that the
#     merge job was cancelled and nothing was merged, resubmits (`bash NAME.slurm.sh --wait`) and
#     checks that only task 2 computed cells (fewer than its 4) and the report is the same again;
#  5. stops the daemons it started, by pid, also when a step fails (trap).
# Uses the quantlab that `swift build` made (debug), or $QUANTLAB.
set -euo pipefail
SECONDS=0
repo=$(cd "$(dirname "$0")/../.." && pwd)
say() { echo "slurm-test: $* ($SECONDS s)"; }
fail() { echo "slurm-test: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root: the test starts munged, slurmctld and slurmd"
quantlab=${QUANTLAB:-$(cd "$repo" && swift build --show-bin-path)/quantlab}
[ -x "$quantlab" ] || fail "$quantlab not found: run swift build first"

work=$(mktemp -d /tmp/quantlab-slurm.XXXXXX)
daemons=()          # "name:pid" of every daemon this test started, in start order
policy_made=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -n "$policy_made" ] && rm -f /usr/sbin/policy-rc.d
  if [ ${#daemons[@]} -gt 0 ] && [ -n "${SLURM_CONF:-}" ]; then
    scancel --quiet --user=root >/dev/null 2>&1 || true   # jobs of this private cluster only
  fi
  local i entry pid
  for ((i = ${#daemons[@]} - 1; i >= 0; i--)); do
    entry=${daemons[i]}; pid=${entry#*:}
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    for log in "$work"/log/*.log "$work"/run/*/.slurm/*.out; do
      [ -f "$log" ] && { echo "--- $log"; tail -n 20 "$log"; } >&2
    done
    echo "slurm-test: failed after $SECONDS s; files kept in $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. Packages. A policy-rc.d keeps their maintainer scripts from starting system-wide daemons.
need=()
for pkg in slurmctld slurmd slurm-client munge; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && policy_made=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  [ -n "$policy_made" ] && rm -f /usr/sbin/policy-rc.d && policy_made=""
  say "installed"
fi

start() {  # start NAME COMMAND...: run a daemon in the foreground, in the background
  "${@:2}" >"$work/log/$1.out" 2>&1 &
  daemons+=("$1:$!")
}
free_port() {  # a TCP port nothing listens on
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
wait_for() {  # wait_for SECONDS WHAT COMMAND...: poll COMMAND every 0.2 s
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@"; do [ "$SECONDS" -lt "$deadline" ] || fail "timed out waiting for $what"; sleep 0.2; done
}

# 2. Munge and a one-node Slurm.
mkdir -p "$work"/{munge,log,state,spool,run}
chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
socket=$work/munge/munge.socket
start munged munged --foreground --force --key-file="$work/munge/munge.key" --socket="$socket" \
  --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/munged.seed" --log-file="$work/log/munged.log"
wait_for 20 "munged" test -S "$socket"
munge --socket="$socket" --no-input | unmunge --socket="$socket" >/dev/null || fail "munge credentials do not round-trip"

node_line=$(slurmd -C | head -n 1)   # NodeName=<host> CPUs=... as slurmd detects them
node=$(sed 's/^NodeName=\([^ ]*\).*/\1/' <<<"$node_line")
cat >"$work/slurm.conf" <<EOF
ClusterName=quantlab-ci
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=4
SchedulerParameters=batch_sched_delay=0
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=ci Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf
start slurmctld slurmctld -D -c -f "$SLURM_CONF"
start slurmd slurmd -D -N "$node" -f "$SLURM_CONF"
node_idle() { [ "$(sinfo -h -n "$node" -o %t 2>/dev/null)" = idle ]; }
wait_for 60 "node $node to be idle" node_idle
say "slurm is up: node $node, $(sinfo -h -n "$node" -o %c) CPUs"

# 3. The array and the merge job against a single-process run.
cd "$work/run"
cp "$repo/Tests/cluster/sweep.yaml" sweep.yaml
"$quantlab" sweep sweep.yaml --reports single >/dev/null 2>&1 || fail "single-process sweep failed"
say "single-process run done"
same_report() {  # same_report DIR: DIR holds every report file of single/, byte for byte
  local f
  for f in single/*; do
    cmp -s "$f" "$1/${f#single/}" || fail "$1/${f#single/} differs from the single-process $f"
  done
}
timeout 300 "$quantlab" cluster slurm sweep.yaml --shards 4 --reports shared --partition ci --time 10 --submit --wait \
  || fail "the array and merge jobs did not finish"
same_report shared
say "4-task array + merge job: report byte-identical to the single-process run"

# 4. Cancel task 2 after its first cell, then resubmit.
submitted=$("$quantlab" cluster slurm sweep.yaml --shards 4 --reports resumed --partition ci --time 10 --submit)
array=$(sed -n 's/^submitted array job \([0-9]*\):.*/\1/p' <<<"$submitted")
[ -n "$array" ] || fail "no array job id in: $submitted"
first_cell_done() { grep -qs '^\[1/4\]' "resumed/.slurm/sweep-${array}_2.out"; }
wait_for 120 "task 2 to finish its first cell" first_cell_done
scancel "${array}_2"
queue_empty() { [ -z "$(squeue -h -o %i)" ]; }
wait_for 120 "the other tasks to end and the merge job to be cancelled" queue_empty
[ ! -e resumed/sweep.md ] || fail "a report was merged although task 2 was cancelled"
[ ! -e resumed/sweep.shard-2-of-4.json ] || fail "task 2 finished before it was cancelled"
for i in 1 3 4; do [ -e "resumed/sweep.shard-$i-of-4.json" ] || fail "task $i did not finish"; done
stored=$(find resumed/.cache -mindepth 2 -name '*.json' | wc -l)   # cell files: .cache/<sweep>/<cell>.json
[ "$stored" -ge 13 ] && [ "$stored" -lt 16 ] || fail "$stored cells stored after cancelling task 2, expected 13-15"
say "task 2 cancelled after a cell: merge job cancelled, $stored of 16 cells stored"

resubmitted=$(timeout 300 bash resumed/sweep.slurm.sh --wait) || fail "the resubmitted jobs did not finish: $resubmitted"
array=$(sed -n 's/^submitted array job \([0-9]*\):.*/\1/p' <<<"$resubmitted")
computed() { sed -n 's/^sweep: 4 cells (\([0-9]*\) computed).*/\1/p' "resumed/.slurm/sweep-${array}_$1.out"; }
for i in 1 3 4; do [ "$(computed $i)" = 0 ] || fail "resubmitted task $i computed $(computed $i) cells, expected 0"; done
[ "$(computed 2)" = $((16 - stored)) ] || fail "resubmitted task 2 computed $(computed 2) cells, expected $((16 - stored))"
same_report resumed
say "resubmission computed only the $((16 - stored)) missing cells; report byte-identical again"
say "passed"
