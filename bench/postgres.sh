#!/usr/bin/env bash
# IssueTracker on PostgreSQL (bench/run.sh runs this with PROVIDER=postgres): the same seed-bench dataset at ISSUES
# (100000) and at BIG (1000000) issues in a local cluster with PostgreSQL's default settings (fsync on), the app
# started on loopback with IssueTracker:Database:Provider=postgres; list, get, search and create at c=1 and c=16
# (wrk, a member's token), then creates at c=32 on one instance and on two instances over the same database. Writes
# its table into bench/RESULTS.md (the "PostgreSQL" section, replaced each run). Knobs: ISSUES, BIG (0 skips it),
# DURATION seconds per measurement (8), PG_PORT (54340), PORT (5401; the second instance PORT+1).
set -euo pipefail
cd "$(dirname "$0")/.."

ISSUES=${ISSUES:-100000}
BIG=${BIG:-1000000}
DURATION=${DURATION:-8}
PG_PORT=${PG_PORT:-54340}
PORT=${PORT:-5401}
TOKEN=itk_bench_member_token_0123456789
OUT=bench/out/pg
mkdir -p "$OUT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PIDS=()
PG_DIR=$(mktemp -d /tmp/issuetracker-bench-pg.XXXXXX)
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
echo "== postgresql: a cluster with default settings on port $PG_PORT"
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null
SERVER="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"

echo "== build (Release)"
dotnet publish IssueTracker.Web -c Release -o "$OUT/app" -v quiet -nologo >/dev/null
dotnet build bench/IssueTracker.Bench -c Release -o "$OUT/benchtool" -v quiet -nologo >/dev/null
APP="$OUT/app/IssueTracker.Web.dll"
BENCH="$OUT/benchtool/IssueTracker.Bench.dll"

start_app() { # start_app PORT DATABASE LOG
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$1" \
    IssueTracker__Database__Provider=postgres ConnectionStrings__IssueTracker="$SERVER;Database=$2;Maximum Pool Size=60" \
    IssueTracker__SeedDemoData=false IssueTracker__RateLimit__PermitsPerMinute=100000000 \
    IssueTracker__RateLimit__PermitsPerMinutePerAddress=100000000 IssueTracker__RateLimit__ConcurrentWrites=64 \
    Logging__LogLevel__Default=Warning \
    dotnet "$APP" --contentRoot "$PWD/$OUT/app" >"$3" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.5; done
  echo "the app did not start; see $3"; exit 1
}
stop_apps() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; PIDS=(); }

auth=(-H "Authorization: Bearer $TOKEN")
declare -A RPS P50 P99 ERR
to_ms() { awk '{v = $1; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; printf "%.2f", v}'; }
errors_of() { awk '/Non-2xx/ {s += $5} /Socket errors/ {gsub(",", ""); s += $4 + $6 + $8 + $10} END {print s + 0}'; }
# measure KEY CONCURRENCY URL [LUA]: a 2 s warm-up, then DURATION seconds; keeps req/s, p50, p99 (ms) and errors.
measure() {
  local key=$1 conc=$2 url=$3 script=${4:-} threads=$(( $2 < 2 ? 1 : 2 ))
  local args=(-t"$threads" -c"$conc" --latency "${auth[@]}")
  [ -n "$script" ] && args+=(-s "$script")
  wrk "${args[@]}" -d2s "$url" >/dev/null
  local result
  result=$(wrk "${args[@]}" -d"${DURATION}s" "$url")
  RPS[$key]=$(echo "$result" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  P50[$key]=$(echo "$result" | awk '$1 == "50%" {print $2}' | to_ms)
  P99[$key]=$(echo "$result" | awk '$1 == "99%" {print $2}' | to_ms)
  ERR[$key]=$(echo "$result" | errors_of)
  printf '%-34s %8s req/s  p50 %8s ms  p99 %8s ms  errors %s\n' "$key" "${RPS[$key]}" "${P50[$key]}" "${P99[$key]}" "${ERR[$key]}"
}

# The machine's CPU left idle over a stretch (from /proc/stat): with app, database and wrk on the same cores, whether
# a second instance had any CPU to work with.
cpu_mark() { awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
idle_since() { local now; now=$(cpu_mark); awk -v a="$1" -v b="$now" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.0f", 100 * (y[1] - x[1]) / (y[2] - x[2]) }'; }
declare -A IDLE

SEEDS=()
run_size() { # run_size ISSUES
  local n=$1 db="bench_$1" base="http://127.0.0.1:$PORT"
  echo "== dataset: $n issues"
  SEEDS+=("$(dotnet "$BENCH" seed-bench --issues "$n" --postgres "$SERVER;Database=$db" | head -n 1)")
  echo "${SEEDS[-1]}"
  start_app "$PORT" "$db" "$OUT/app-a.log"
  local space one list
  space=$(curl -sf "$base/api/spaces" "${auth[@]}" | grep -o '"id":"[^"]*","key":"CUST"' | cut -d'"' -f4)
  one=$(curl -sf "$base/api/issues?space_id=$space&size=1" "${auth[@]}" | grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4)
  list="$base/api/issues?space_id=$space&status=open&priority=high"
  cat >"$OUT/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title": "Benchmark create", "space_id": "$space", "priority": "high"}'
LUA
  echo "== $n issues: one instance ($DURATION s each, after a 2 s warm-up)"
  for c in 1 16; do
    measure "$n list filtered p1 c=$c" "$c" "$list"
    measure "$n get issue c=$c" "$c" "$base/api/issues/$one"
    measure "$n list q=pipeline c=$c" "$c" "$base/api/issues?space_id=$space&q=pipeline"
    measure "$n POST issue c=$c" "$c" "$base/api/issues" "$OUT/post.lua"
  done
  local mark
  mark=$(cpu_mark)
  measure "$n POST issue c=32, one instance" 32 "$base/api/issues" "$OUT/post.lua"
  IDLE[$n,1]=$(idle_since "$mark")
  echo "== $n issues: two instances on one database, c=32 in all (16 each)"
  start_app $((PORT + 1)) "$db" "$OUT/app-b.log"
  local a b
  wrk -t2 -c16 "${auth[@]}" -s "$OUT/post.lua" -d2s "$base/api/issues" >/dev/null &
  local warm=$!
  wrk -t2 -c16 "${auth[@]}" -s "$OUT/post.lua" -d2s "http://127.0.0.1:$((PORT + 1))/api/issues" >/dev/null
  wait "$warm"
  mark=$(cpu_mark)
  wrk -t2 -c16 --latency "${auth[@]}" -s "$OUT/post.lua" -d"${DURATION}s" "$base/api/issues" >"$OUT/wrk-a.txt" &
  local wa=$!
  wrk -t2 -c16 --latency "${auth[@]}" -s "$OUT/post.lua" -d"${DURATION}s" "http://127.0.0.1:$((PORT + 1))/api/issues" >"$OUT/wrk-b.txt"
  wait "$wa"
  IDLE[$n,2]=$(idle_since "$mark")
  a=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$OUT/wrk-a.txt"); b=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$OUT/wrk-b.txt")
  local key="$n POST issue c=32, two instances"
  RPS[$key]=$((a + b))
  P50[$key]=$(awk '$1 == "50%" {print $2}' "$OUT/wrk-a.txt" | to_ms)/$(awk '$1 == "50%" {print $2}' "$OUT/wrk-b.txt" | to_ms)
  P99[$key]=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-a.txt" | to_ms)/$(awk '$1 == "99%" {print $2}' "$OUT/wrk-b.txt" | to_ms)
  ERR[$key]=$(( $(errors_of <"$OUT/wrk-a.txt") + $(errors_of <"$OUT/wrk-b.txt") ))
  printf '%-34s %8s req/s (%s + %s)  p50 %s ms  p99 %s ms  errors %s\n' "$key" "${RPS[$key]}" "$a" "$b" "${P50[$key]}" "${P99[$key]}" "${ERR[$key]}"
  echo "CPU idle while creating at c=32: ${IDLE[$n,1]}% with one instance, ${IDLE[$n,2]}% with two"
  stop_apps
}

run_size "$ISSUES"
[ "$BIG" -gt 0 ] && run_size "$BIG"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { if (v == "n/a") print "n/a"; else if ((op == "le" && v <= t) || (op == "ge" && v >= t)) print "met"; else print "MISSED" }'; }
errors_total=0
for key in "${!ERR[@]}"; do errors_total=$((errors_total + ERR[$key])); done

table() {
  echo "## PostgreSQL"
  echo
  echo "$(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), $(nproc) cores, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') with its default settings (fsync on), app and database on this machine; \`bench/postgres.sh\` (\`PROVIDER=postgres bench/run.sh\`)."
  for seed in "${SEEDS[@]}"; do echo "Dataset: $seed"; done
  echo
  echo "| measure | value | target | verdict |"
  echo "|---|---|---|---|"
  if [ "$BIG" -gt 0 ]; then
    local r
    r=$(ratio "${P50[$BIG list filtered p1 c=1]}" "${P50[$ISSUES list filtered p1 c=1]}")
    echo "| filtered list p50 at c=1, $BIG / $ISSUES issues | $r | ≤ 2 | $(verdict "$r" 2 le) |"
    r=$(ratio "${RPS[$BIG POST issue c=32, two instances]}" "${RPS[$BIG POST issue c=32, one instance]}")
    echo "| creates at c=32, two instances / one, $BIG issues | $r | ≥ 1.5 | $(verdict "$r" 1.5 ge) |"
  fi
  r=$(ratio "${RPS[$ISSUES POST issue c=32, two instances]}" "${RPS[$ISSUES POST issue c=32, one instance]}")
  echo "| creates at c=32, two instances / one, $ISSUES issues | $r | ≥ 1.5 | $(verdict "$r" 1.5 ge) |"
  echo "| errors in every measurement | $errors_total | 0 | $(verdict "$errors_total" 0 le) |"
  for n in "$ISSUES" $([ "$BIG" -gt 0 ] && echo "$BIG"); do
    echo "| CPU idle during the c=32 creates at $n issues, one instance / two (all processes share $(nproc) cores) | ${IDLE[$n,1]}% / ${IDLE[$n,2]}% | | |"
  done
  echo
  echo "| endpoint | req/s | p50 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|"
  for n in "$ISSUES" $([ "$BIG" -gt 0 ] && echo "$BIG"); do
    for key in "$n list filtered p1 c=1" "$n list filtered p1 c=16" "$n get issue c=1" "$n get issue c=16" \
               "$n list q=pipeline c=1" "$n list q=pipeline c=16" "$n POST issue c=1" "$n POST issue c=16" \
               "$n POST issue c=32, one instance" "$n POST issue c=32, two instances"; do
      echo "| $key | ${RPS[$key]} | ${P50[$key]} | ${P99[$key]} | ${ERR[$key]} |"
    done
  done
  echo
}
section=$(table)
echo "$section"
# Into RESULTS.md, replacing the previous run's section; new, at the end (below "## Dated measurements", which run.sh keeps).
python3 - "$section" <<'PY'
import re, sys
path = "bench/RESULTS.md"
text = open(path).read()
section = "<!-- postgres -->\n" + sys.argv[1].rstrip() + "\n<!-- /postgres -->\n"
if "<!-- postgres -->" in text:
    text = re.sub(r"<!-- postgres -->.*?<!-- /postgres -->\n", lambda m: section, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
echo "bench/RESULTS.md: PostgreSQL section written"
