#!/usr/bin/env bash
# Profiles Portico's request path with measurements that noise on a shared machine does not distort: bytes allocated,
# gen0 GCs and CPU time per request, counted inside the gateway process over a fixed window of wrk load (req/s and p99
# are printed too, but only run.sh on a quiet machine makes those meaningful).
#
# One nginx upstream (fixed 100-byte / and 4 KiB /4k bodies) and the gateway run on CPU 1, wrk on CPU 0. The gateway
# is hosted by bench/profile (Portico.Profile), which builds it exactly as the portico executable does; the path
# /__bench/fixed is a fixed 100-byte answer from the same Kestrel, the floor under any proxied request.
#
# Usage: bench/profile.sh                       allocations and CPU per request for /, /4k and /__bench/fixed
#        ALLOC_TYPES=1 bench/profile.sh         ... plus the allocated types (sampled GC AllocationTick events)
#        PERF=1 bench/profile.sh                ... plus a perf CPU profile per path (top symbols by self time, and
#                                               self time by component through bench/perf-groups.py)
#        DOTNET_TieredCompilation=0 DOTNET_ReadyToRun=0 PERF=1 bench/profile.sh
#                                               the same with every method compiled once, fully optimised: on a busy
#                                               machine tiered compilation takes minutes to settle and the JIT would
#                                               dominate the profile
#        ROUTE=lb bench/profile.sh              the lb:// route over three instances instead of the static route
#        PATHS="/" WARMUP=20 DURATION=10 bench/profile.sh
# Output: bench/results/profile-<timestamp>/ (summary.txt, perf data and reports).
set -euo pipefail

WARMUP="${WARMUP:-20}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
read -r -a PATHS <<<"${PATHS:-/ /4k /__bench/fixed}"
LOAD_CPU="${LOAD_CPU:-0}"
SERVER_CPU="${SERVER_CPU:-1}"
UPSTREAM_PORT="${UPSTREAM_PORT:-18091}"
GATEWAY_PORT="${GATEWAY_PORT:-18094}"

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/bench/results/profile-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
for tool in nginx wrk taskset; do command -v "$tool" >/dev/null || { echo "$tool is needed (see bench/run.sh, which installs it)." >&2; exit 1; }; done
if [ "${PERF:-0}" = 1 ]; then command -v perf >/dev/null || { echo "perf is needed for PERF=1 (Debian package linux-perf)." >&2; exit 1; }; fi
RUN_DIR="$OUT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

fixed_upstream_conf "$UPSTREAM_PORT"
if [ "${ROUTE:-static}" = lb ]; then portico_conf "$OUT/portico.yml" "$UPSTREAM_PORT" lb; else portico_conf "$OUT/portico.yml" "$UPSTREAM_PORT" static; fi

log "Building the harness (Release)"
dotnet build "$ROOT/bench/profile" -c Release -nologo -v quiet -p:UseSharedCompilation=false -nodeReuse:false -o "$OUT/bin" >"$OUT/build.log" 2>&1 \
    || { cat "$OUT/build.log" >&2; exit 1; }

start upstream nginx -p "$OUT/upstream" -c "$OUT/upstream/nginx.conf" -e "$OUT/upstream/error.log"

args=(--config "$OUT/portico.yml" --port "$GATEWAY_PORT" --warmup "$WARMUP" --duration "$DURATION" --connections "$CONNECTIONS" --wrk-cpu "$LOAD_CPU")
for path in "${PATHS[@]}"; do args+=(--path "$path"); done
[ "${ALLOC_TYPES:-0}" = 1 ] && args+=(--alloc-types)
[ "${PERF:-0}" = 1 ] && args+=(--perf "$OUT/perf.data")

log "Measuring ${PATHS[*]} (${WARMUP}s warm-up, ${DURATION}s measured each); load average $(cut -d' ' -f1-3 /proc/loadavg)"
# perf needs the JIT's symbol map to name managed frames, and code not double-mapped (W^X) to find them in it.
PERF_ENV=()
[ "${PERF:-0}" = 1 ] && PERF_ENV=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
env "${PERF_ENV[@]}" timeout $(( (WARMUP + DURATION + 30) * ${#PATHS[@]} + 60 )) \
    taskset -c "$SERVER_CPU" dotnet "$OUT/bin/Portico.Profile.dll" "${args[@]}" | tee "$OUT/summary.txt"

if [ "${PERF:-0}" = 1 ]; then
    for data in "$OUT"/perf.data.*; do
        [ -e "$data" ] || continue
        report="${data/perf.data/perf-top}.txt"
        perf report -i "$data" --stdio --no-children --sort symbol --percent-limit 0.4 -g none 2>/dev/null \
            | grep -v '^#' | grep -v '^$' | head -80 >"$report" || true
        groups="${data/perf.data/perf-groups}.txt"
        perf report -i "$data" --stdio --no-children --sort dso,symbol -g none 2>/dev/null | python3 "$ROOT/bench/perf-groups.py" >"$groups" || true
        log "Self time by component for ${data##*.} ($groups; top symbols in $report):"
        cat "$groups" >&2
    done
fi
log "Results in $OUT"
