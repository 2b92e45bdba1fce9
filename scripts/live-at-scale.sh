#!/bin/bash
# Live at scale, by hand: two dashboards (in tmux) and a loop of CLI commands
# on one key against the simulator (10,000 extra tasks, default rate 1/s, the
# real gateway's 900 ms gap); a task created from the CLI; when it, and its
# status changes, reach the first dashboard's screen; the simulator's own count.
# Needs tmux, curl, bc, python3. Usage: scripts/live-at-scale.sh [BINARY]
BIN=${1:-target/release/ncdash}
BIN=$(realpath "$BIN")
PORT=${PORT:-8795}
# The looped CLI command (CLI_ARGS="tasks list" walks all 10,000 tasks each time).
CLI_ARGS=${CLI_ARGS:-tasks list --limit 5}
M=$(mktemp -d)
export HOME=$M/home; mkdir -p $HOME
pkill -f "ncdash sim --listen 127.0.0.1:$PORT"; tmux kill-session -t a 2>/dev/null; tmux kill-session -t b 2>/dev/null; sleep 0.3
$BIN sim --listen 127.0.0.1:$PORT --extra-tasks 10000 > $M/sim.out 2>&1 &
sleep 1; source <(grep '^export' $M/sim.out)
T0=$(date +%s.%N)
tmux new-session -d -s a -x 120 -y 40 "$BIN; sleep 600"
for i in $(seq 1 100); do tmux capture-pane -p -t a | grep -q "Generated task" && break; sleep 0.05; done
echo "first rows after $(echo "$(date +%s.%N) - $T0" | bc) s"
tmux new-session -d -s b -x 120 -y 40 "$BIN; sleep 600"
( ok=0; bad=0; while [ ! -f $M/stop ]; do if $BIN $CLI_ARGS >/dev/null 2>>$M/cli.err; then ok=$((ok+1)); else bad=$((bad+1)); fi; echo "$ok $bad" > $M/cli.count; done ) &
rm -f $M/stop
sleep ${WARM:-20}
C0=$(date +%s.%N)
ID=$($BIN -o json tasks create --name "injected-probe-task" --train-feature-id 79eb85b5-8ec5-4e1a-8617-64a1977c8062 --train-bucket ml-datasets --train-file-path task_dataset/pet_food.tsv | grep -o '"task_id": *"[^"]*"' | cut -d'"' -f4)
C1=$(date +%s.%N)
echo "created $ID (create took $(echo "$C1 - $C0" | bc) s)"
last=""
for i in $(seq 1 900); do
  line=$(tmux capture-pane -p -t a | grep "injected-probe-task")
  st=$(echo "$line" | grep -o "registered\|pending\|in_progress\|completed\|failed" | head -1)
  if [ -n "$st" ] && [ "$st" != "$last" ]; then echo "$(echo "$(date +%s.%N) - $C1" | bc) s after create: $st"; last=$st; fi
  if [ "$st" = completed ] || [ "$st" = failed ]; then SEEN=$(date +%s.%N); break; fi
  sleep 0.1
done
DONE_AT=$($BIN -o json tasks get $ID | python3 -c 'import json,sys,datetime; v=json.load(sys.stdin); t=v.get("completed_at") or v.get("updated_at"); print(datetime.datetime.fromisoformat(t).timestamp() if t else "")')
[ -n "$DONE_AT" ] && echo "end on screen $(echo "$SEEN - $DONE_AT" | bc) s after the server's completed_at"
tmux capture-pane -p -t a | sed -n '1p;39p'
tmux capture-pane -p -t b | sed -n '1p;39p'
touch $M/stop; sleep 2
echo "cli ok/failed: $(cat $M/cli.count)"; sort $M/cli.err | uniq -c | head -5
curl -s http://127.0.0.1:$PORT/_sim/stats | python3 -c '
import json,sys; s=json.load(sys.stdin)
for k,v in s["services"].items(): print(k, v)
log=[e for e in s["log"] if e["service"]=="nclue"]
ts=sorted(e["at_ms"] for e in log)
gaps=[b-a for a,b in zip(ts,ts[1:])]
print("nclue arrivals", len(ts), "min gap ms", round(min(gaps),1) if gaps else None)
import os
if os.environ.get("TRACE"):
    post=[e for e in log if e["method"]=="POST"]
    t0=post[0]["at_ms"] if post else 0
    for e in log:
        if t0-2000 <= e["at_ms"] <= t0+30000: print(round((e["at_ms"]-t0)/1000,2), e["method"], e["path"][:70], e["status"])
'
tmux kill-session -t a; tmux kill-session -t b; pkill -f "ncdash sim --listen 127.0.0.1:$PORT"
