#!/usr/bin/env bash
# Measures Portico against nginx and HAProxy as reverse proxies, in one run, on this machine.
#
# One upstream (nginx, one worker, fixed bodies: 100 bytes at /, 4 KiB at /4k, 1 MiB at /1m) is measured directly,
# through Portico, through nginx as a reverse proxy and through HAProxy, every proxy with one worker/thread and
# keep-alive to the upstream. wrk runs on CPU 0, every server on CPU 1. Targets are interleaved in rounds and the
# ratio to nginx-as-proxy is the median of the per-round ratios, which drift far less than absolute figures.
#
# Usage: bench/run.sh            (ROUNDS=5 DURATION=10 by default; e.g. ROUNDS=10 bench/run.sh;
#        TARGETS="direct portico nginx" bench/run.sh measures a subset of targets, WORKLOADS="100B 1MiB" of workloads; the optional target portico-pool is
#        Portico with Server:InlineSocketCompletions=false: socket continuations hop from the event thread to the thread
#        pool, .NET's default, where the executable's own default runs them inline)
# Raw results: bench/results/<timestamp>/ (wrk output per run, results.csv, summary.md).
set -euo pipefail

ROUNDS="${ROUNDS:-5}"                 # interleaved rounds of every target and workload
DURATION="${DURATION:-10}"            # seconds per measured run
CONNECTIONS="${CONNECTIONS:-64}"
PORTICO_WARMUP="${PORTICO_WARMUP:-15}" # seconds of unrecorded load per workload before measuring (tiered JIT settles)
WARMUP="${WARMUP:-3}"                 # the same for the native servers
read -r -a TARGETS <<<"${TARGETS:-direct portico portico-lb nginx haproxy}"  # a subset is allowed; nginx is the reference
LOAD_CPU="${LOAD_CPU:-0}"
SERVER_CPU="${SERVER_CPU:-1}"
UPSTREAM_PORT=18081 NGINX_PORT=18082 HAPROXY_PORT=18083 PORTICO_PORT=18084 PORTICO_LB_PORT=18085 PORTICO_POOL_PORT=18086

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUN_DIR="$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN_DIR/raw"
source "$ROOT/bench/lib.sh"
install_missing nginx haproxy wrk taskset
command -v dotnet >/dev/null || { echo "The .NET SDK is needed to build Portico." >&2; exit 1; }

# ---- Configurations ---------------------------------------------------------------------------------------
fixed_upstream_conf "$UPSTREAM_PORT"
nginx_conf nginx-proxy "$NGINX_PORT" \
    "upstream backend { server 127.0.0.1:$UPSTREAM_PORT; keepalive 128; keepalive_requests 1000000; }" \
    "location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; }"

cat >"$RUN_DIR/haproxy.cfg" <<CONF
global
    nbthread 1
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    http-reuse always
frontend proxy
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend upstream
backend upstream
    server nginx 127.0.0.1:$UPSTREAM_PORT
CONF

portico_conf "$RUN_DIR/portico.yml" "$UPSTREAM_PORT" static
# The same route through the registry and load balancer: lb:// over three static instances (round robin).
portico_conf "$RUN_DIR/portico-lb.yml" "$UPSTREAM_PORT" lb

# ---- Build and start ---------------------------------------------------------------------------------------
measures() { [[ " ${TARGETS[*]} " == *" $1 "* ]]; }
declare -A PORT=([direct]=$UPSTREAM_PORT [portico]=$PORTICO_PORT [portico-lb]=$PORTICO_LB_PORT [portico-pool]=$PORTICO_POOL_PORT [nginx]=$NGINX_PORT [haproxy]=$HAPROXY_PORT)

log "Starting the servers on CPU $SERVER_CPU (wrk runs on CPU $LOAD_CPU): upstream ${TARGETS[*]}"
declare -A SERVER_PID  # target -> the process group whose CPU time the target is charged
start upstream nginx -p "$RUN_DIR/upstream" -c "$RUN_DIR/upstream/nginx.conf" -e "$RUN_DIR/upstream/error.log"
SERVER_PID[direct]=$STARTED_PID
if measures nginx; then start nginx-proxy nginx -p "$RUN_DIR/nginx-proxy" -c "$RUN_DIR/nginx-proxy/nginx.conf" -e "$RUN_DIR/nginx-proxy/error.log"; SERVER_PID[nginx]=$STARTED_PID; fi
if measures haproxy; then start haproxy haproxy -db -f "$RUN_DIR/haproxy.cfg"; SERVER_PID[haproxy]=$STARTED_PID; fi
PORTICO_PID=
if measures portico || measures portico-lb || measures portico-pool; then
    publish_portico
    # Request logging off: the gateway's access log (in portico.yml) and ASP.NET Core's below Warning.
fi
if measures portico; then
    Logging__LogLevel__Default=Warning start portico dotnet "$RUN_DIR/portico-bin/portico.dll" \
        --config "$RUN_DIR/portico.yml" --urls "http://127.0.0.1:$PORTICO_PORT"
    PORTICO_PID=$STARTED_PID
    SERVER_PID[portico]=$STARTED_PID
fi
if measures portico-lb; then
    Logging__LogLevel__Default=Warning start portico-lb dotnet "$RUN_DIR/portico-bin/portico.dll" \
        --config "$RUN_DIR/portico-lb.yml" --urls "http://127.0.0.1:$PORTICO_LB_PORT"
    SERVER_PID[portico-lb]=$STARTED_PID
fi
if measures portico-pool; then
    Logging__LogLevel__Default=Warning start portico-pool dotnet "$RUN_DIR/portico-bin/portico.dll" \
        --config "$RUN_DIR/portico.yml" --urls "http://127.0.0.1:$PORTICO_POOL_PORT" --Server:InlineSocketCompletions=false
    SERVER_PID[portico-pool]=$STARTED_PID
fi
declare -A WORKLOAD_PATH=([100B]=/ [4KiB]=/4k [1MiB]=/1m)
declare -A WORKLOAD_BYTES=([100B]=100 [4KiB]=4096 [1MiB]=1048576)
WORKLOADS=(${WORKLOADS:-100B 4KiB 1MiB})

for target in "${TARGETS[@]}"; do
    wait_listening "${PORT[$target]}" "$target"
    for workload in "${WORKLOADS[@]}"; do check_body "${PORT[$target]}" "${WORKLOAD_PATH[$workload]}" "${WORKLOAD_BYTES[$workload]}"; done
done

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "Warming up (Portico ${PORTICO_WARMUP}s per workload, the others ${WARMUP}s)"
for target in "${TARGETS[@]}"; do
    seconds=$WARMUP; [[ "$target" == portico* ]] && seconds=$PORTICO_WARMUP
    for workload in "${WORKLOADS[@]}"; do wrk_run "$seconds" "${PORT[$target]}" "${WORKLOAD_PATH[$workload]}" >/dev/null; done
done

# ---- Measure ---------------------------------------------------------------------------------------------
echo "round,workload,target,rps,p50_ms,p99_ms,non2xx,socket_errors,cpu_us_per_request,steal_percent" >"$RUN_DIR/results.csv"
total=$((ROUNDS * ${#WORKLOADS[@]} * ${#TARGETS[@]}))
n=0
for round in $(seq "$ROUNDS"); do
    for workload in "${WORKLOADS[@]}"; do
        for target in "${TARGETS[@]}"; do
            n=$((n + 1))
            raw="$RUN_DIR/raw/r$round-$workload-$target.txt"
            measured_run "${SERVER_PID[$target]}" "$raw" wrk_run "$DURATION" "${PORT[$target]}" "${WORKLOAD_PATH[$workload]}"
            IFS=, read -r rps p50 p99 non2xx errors <<<"$(wrk_fields "$raw")"
            echo "$round,$workload,$target,$rps,$p50,$p99,$non2xx,$errors,$RUN_CPU,$RUN_STEAL" >>"$RUN_DIR/results.csv"
            log "[$n/$total] round $round $workload $target: $rps req/s, p50 ${p50} ms, p99 ${p99} ms, ${RUN_CPU} µs CPU/request, steal ${RUN_STEAL}%"
            [ "$non2xx" -eq 0 ] || log "warning: $target answered $non2xx non-2xx responses"
        done
    done
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
PEAK_RSS_KB=0
[ -z "$PORTICO_PID" ] || PEAK_RSS_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$PORTICO_PID/status")

# ---- Report ----------------------------------------------------------------------------------------------
cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
{
    echo "Machine: ${cpu_model:-unknown CPU}, $(nproc) CPUs, $(awk '/^MemTotal:/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r)"
    echo "Versions: $(nginx -v 2>&1 | sed 's/nginx version: //'), $(haproxy -v 2>&1 | head -n1 | awk '{print "HAProxy " $3}'), $(wrk -v 2>&1 | head -n1 | awk '{print $1 " " $2}'), .NET $(dotnet --version), Portico $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER (other work on the machine shows here)"
    echo "Method: wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency on CPU $LOAD_CPU; every server on CPU $SERVER_CPU; $ROUNDS interleaved rounds; medians over rounds."
    echo
    awk -F, -v rss_kb="$PEAK_RSS_KB" -v targets="${TARGETS[*]}" -v workload_list="${WORKLOADS[*]}" '
        function median(list,    a, n, i, j, t) {
            n = split(list, a, " ")
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        NR > 1 {
            rps[$2, $3] = rps[$2, $3] " " $4; p50[$2, $3] = p50[$2, $3] " " $5; p99[$2, $3] = p99[$2, $3] " " $6; r[$1, $2, $3] = $4; rounds[$1] = 1
            cpu[$2, $3] = cpu[$2, $3] " " $9; c[$1, $2, $3] = $9; steal = steal " " $10
        }
        END {
            nw = split(workload_list, workloads, " "); nt = split(targets, target, " ")
            name["direct"] = "upstream directly"; name["portico"] = "Portico"; name["portico-lb"] = "Portico, lb:// over 3 instances"; name["portico-pool"] = "Portico, socket completions on the thread pool"; name["nginx"] = "nginx (proxy)"; name["haproxy"] = "HAProxy"
            print "| workload | target | req/s | p50 | p99 | throughput ratio to nginx proxy | CPU µs/request | CPU ratio to nginx proxy |"
            print "|---|---|---:|---:|---:|---:|---:|---:|"
            for (w = 1; w <= nw; w++) for (t = 1; t <= nt; t++) {
                wl = workloads[w]; tg = target[t]; ratios = ""; cratios = ""
                for (round in rounds) if (r[round, wl, "nginx"] > 0) ratios = ratios " " r[round, wl, tg] / r[round, wl, "nginx"]
                for (round in rounds) if (c[round, wl, "nginx"] > 0) cratios = cratios " " c[round, wl, tg] / c[round, wl, "nginx"]
                printf "| %s | %s | %.1fk | %.2f ms | %.2f ms | %s | %.1f | %s |\n", wl, name[tg], median(rps[wl, tg]) / 1000, median(p50[wl, tg]), median(p99[wl, tg]),
                    ratios == "" ? "-" : sprintf("%.2f", median(ratios)), median(cpu[wl, tg]), cratios == "" ? "-" : sprintf("%.2f", median(cratios))
            }
            printf "\nCPU µs/request: user + system time of the server process(es) over a run, divided by the requests served; the hypervisor'"'"'s steal is not charged to it, so it varies less than throughput; compare figures from the same run. Steal during the runs (median): %s%%.\n", median(steal)
            if (rss_kb > 0) printf "\nPortico peak RSS (VmHWM): %.0f MiB\n", rss_kb / 1024
        }' "$RUN_DIR/results.csv"
} | tee "$RUN_DIR/summary.md"
log "Raw results in $RUN_DIR"
