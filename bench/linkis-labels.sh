#!/usr/bin/env bash
# Measures what Linkis label routing costs: a label-routed entrance submit (POST /api/rest_j/v1/entrance/submit, a
# 1 KiB JSON body whose labels carry route=et1) against the same request on a plain route to the same backend, in one
# run, plus the same submit without a route label (the unlabelled pool).
#
# One upstream (nginx, one worker) listens on 127.0.0.1 and 127.0.0.2 and answers every request with the address it
# was reached on. Portico runs in Linkis mode with both addresses as instances of linkis-cg-entrance; the 127.0.0.1
# one carries the Eureka-style metadata route=et1, so every label-routed submit must reach it and every unlabelled one
# the other. The plain route (configured before the Linkis routes, chosen by the header X-Bench-Route: plain) sends
# the same request straight to 127.0.0.1: no body inspection, parsing, labels or load balancing. Each variant's answer
# is checked before measuring. wrk (a Lua script makes the POST) runs on CPU 0, the servers on CPU 1; the variants are
# interleaved in rounds and each ratio to the plain route is the median of the per-round ratios.
#
# Usage: bench/linkis-labels.sh     (ROUNDS=5 DURATION=10 by default; DURATION=2 ROUNDS=1 PORTICO_WARMUP=1 for a smoke run;
#        VARIANTS="plain labelled" bench/linkis-labels.sh measures a subset)
# Raw results: bench/results/linkis-labels-<timestamp>/ (wrk output per run, results.csv, summary.md).
set -euo pipefail

ROUNDS="${ROUNDS:-5}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
PORTICO_WARMUP="${PORTICO_WARMUP:-15}"  # seconds of unrecorded load per variant before measuring (tiered JIT settles)
read -r -a VARIANTS <<<"${VARIANTS:-plain labelled unlabelled}"  # plain is the reference
LOAD_CPU="${LOAD_CPU:-0}"
SERVER_CPU="${SERVER_CPU:-1}"
UPSTREAM_PORT=18095 PORTICO_PORT=18096
SUBMIT=/api/rest_j/v1/entrance/submit

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUN_DIR="$ROOT/bench/results/linkis-labels-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN_DIR/raw" "$RUN_DIR/upstream"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
install_missing nginx wrk taskset

# ---- Request bodies: 1 KiB of Linkis submit JSON, with and without the route label --------------------------
# submit_body ROUTE_LABEL: prints a submit body of exactly 1024 bytes (the code is padding).
submit_body() {
    local head='{"executionContent":{"code":"' tail labels pad
    labels='"engineType":"shell-1","userCreator":"bench-IDE"'
    [ -z "$1" ] || labels="$labels,\"route\":\"$1\""
    tail="\",\"runType\":\"shell\"},\"params\":{\"variable\":{},\"configuration\":{}},\"source\":{\"scriptPath\":\"bench.sh\"},\"labels\":{$labels}}"
    pad=$((1024 - ${#head} - ${#tail}))
    printf '%s%s%s' "$head" "$(head -c "$pad" /dev/zero | tr '\0' 'x')" "$tail"
}
submit_body et1 >"$RUN_DIR/labelled.json"
submit_body "" >"$RUN_DIR/unlabelled.json"

# wrk_script NAME BODY_FILE [HEADER VALUE]: a Lua script that POSTs the body (with one extra header).
wrk_script() {
    {
        echo 'wrk.method = "POST"'
        echo 'wrk.headers["Content-Type"] = "application/json"'
        [ -z "${3:-}" ] || echo "wrk.headers[\"$3\"] = \"$4\""
        printf 'wrk.body = [[%s]]\n' "$(cat "$2")"
    } >"$RUN_DIR/$1.lua"
}
wrk_script plain "$RUN_DIR/labelled.json" X-Bench-Route plain
wrk_script labelled "$RUN_DIR/labelled.json"
wrk_script unlabelled "$RUN_DIR/unlabelled.json"
declare -A BODY=([plain]="$(cat "$RUN_DIR/labelled.json")" [labelled]="$(cat "$RUN_DIR/labelled.json")" [unlabelled]="$(cat "$RUN_DIR/unlabelled.json")")
declare -A HEADER=([plain]="X-Bench-Route: plain" [labelled]="X-Bench-Route: linkis" [unlabelled]="X-Bench-Route: linkis")
declare -A EXPECTED=([plain]=127.0.0.1 [labelled]=127.0.0.1 [unlabelled]=127.0.0.2)

# ---- Configurations ---------------------------------------------------------------------------------------
nginx_conf upstream "$UPSTREAM_PORT" "" "listen 127.0.0.2:$UPSTREAM_PORT; location / { return 200 \$server_addr; }"

cat >"$RUN_DIR/portico.yml" <<CONF
portico:
  access-log:
    enabled: false
  data-directory: $RUN_DIR/data
  linkis:
    enabled: true
  discovery:
    static:
      linkis-cg-entrance:
        - { host: 127.0.0.1, port: $UPSTREAM_PORT, metadata: { route: et1 } }
        - { host: 127.0.0.2, port: $UPSTREAM_PORT }
  routes:
    - id: plain
      uri: http://127.0.0.1:$UPSTREAM_PORT
      predicates:
        - Path=$SUBMIT
        - Header=X-Bench-Route, plain
CONF

# ---- Build, start, check ----------------------------------------------------------------------------------
log "Starting nginx and Portico on CPU $SERVER_CPU (wrk runs on CPU $LOAD_CPU)"
start upstream nginx -p "$RUN_DIR/upstream" -c "$RUN_DIR/upstream/nginx.conf" -e "$RUN_DIR/upstream/error.log"
publish_portico
Logging__LogLevel__Default=Warning start portico dotnet "$RUN_DIR/portico-bin/portico.dll" \
    --config "$RUN_DIR/portico.yml" --urls "http://127.0.0.1:$PORTICO_PORT"
PORTICO_PID=$STARTED_PID
wait_listening "$UPSTREAM_PORT" upstream
wait_listening "$PORTICO_PORT" portico

# check VARIANT: the answer must come from the expected instance (the route label reaches the store shortly after
# start, from the registry metadata, so a few tries are allowed).
check() {
    local response status body
    for _ in $(seq 50); do
        response="$(http_post_json "$PORTICO_PORT" "$SUBMIT" "${BODY[$1]}" "${HEADER[$1]}" | tr -d '\r')"
        status="$(head -n1 <<<"$response" | awk '{print $2}')"
        body="$(sed -n '/^$/,$p' <<<"$response" | tail -n +2)"
        [ "$status" = 200 ] && [ "$body" = "${EXPECTED[$1]}" ] && return 0
        sleep 0.1
    done
    echo "The $1 submit answered status '$status' with '$body'; expected 200 from ${EXPECTED[$1]}." >&2
    exit 1
}
for variant in "${VARIANTS[@]}"; do check "$variant"; done

run_variant() { # run_variant SECONDS VARIANT
    wrk_run "$1" "$PORTICO_PORT" "$SUBMIT" -s "$RUN_DIR/$2.lua"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "Warming up (${PORTICO_WARMUP}s per variant)"
for variant in "${VARIANTS[@]}"; do run_variant "$PORTICO_WARMUP" "$variant" >/dev/null; done

# ---- Measure ---------------------------------------------------------------------------------------------
measure_variants "$PORTICO_PID" run_variant "${VARIANTS[@]}"
# The answers must still come from the right instances after the load.
for variant in "${VARIANTS[@]}"; do check "$variant"; done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
PEAK_RSS_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$PORTICO_PID/status" 2>/dev/null || echo 0)

# ---- Report ----------------------------------------------------------------------------------------------
cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
{
    echo "Machine: ${cpu_model:-unknown CPU}, $(nproc) CPUs, Linux $(uname -r); .NET $(dotnet --version), Portico $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER (other work on the machine shows here)"
    echo "Method: POST $SUBMIT, 1 KiB JSON; wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency on CPU $LOAD_CPU; nginx and Portico on CPU $SERVER_CPU; $ROUNDS interleaved rounds; medians over rounds."
    echo
    variant_table plain "plain=plain route (no Linkis);labelled=Linkis submit, route=et1;unlabelled=Linkis submit, no route label" "${VARIANTS[@]}"
    [ "${PEAK_RSS_KB:-0}" -eq 0 ] || printf '\nPortico peak RSS (VmHWM): %d MiB\n' $((PEAK_RSS_KB / 1024))
} | tee "$RUN_DIR/summary.md"
log "Raw results in $RUN_DIR"
