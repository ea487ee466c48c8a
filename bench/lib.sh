# Shared helpers of the benchmark scripts (bench/run.sh, linkis-auth.sh, linkis-labels.sh, profile.sh). Source it after
# setting RUN_DIR (the run's output directory), LOAD_CPU and SERVER_CPU (wrk runs on the first, every server on the second) and
# CONNECTIONS (wrk's connection count). Sourcing stops every server started with `start` when the script exits.

log() { printf '==> %s\n' "$*" >&2; }

# ---- Tools ------------------------------------------------------------------------------------------------
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# install_missing TOOL...: installs the Debian packages of the tools that are not on the PATH.
install_missing() {
    local missing=() tool
    for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
    [ ${#missing[@]} -gt 0 ] || return 0
    missing=("${missing[@]/taskset/util-linux}")
    log "Installing ${missing[*]}"
    # Installing nginx or haproxy must not start their system services: policy-rc.d answering 101 prevents it.
    local policy=/usr/sbin/policy-rc.d added=0
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null; as_root chmod 755 "$policy"; added=1; fi
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    [ "$added" -eq 0 ] || as_root rm -f "$policy"
}

# publish_portico: builds the server (Release) into $RUN_DIR/portico-bin.
publish_portico() {
    command -v dotnet >/dev/null || { echo "The .NET SDK is needed to build Portico." >&2; exit 1; }
    log "Publishing Portico (Release)"
    dotnet publish "$ROOT/src/Portico.Server" -c Release -o "$RUN_DIR/portico-bin" -nologo -v quiet -p:UseSharedCompilation=false -nodeReuse:false >"$RUN_DIR/publish.log" 2>&1 \
        || { cat "$RUN_DIR/publish.log" >&2; exit 1; }
}

# ---- nginx ------------------------------------------------------------------------------------------------
# nginx_conf NAME PORT HTTP_EXTRA SERVER_EXTRA: writes $RUN_DIR/NAME/nginx.conf, one worker listening on 127.0.0.1:PORT,
# with HTTP_EXTRA in the http block and SERVER_EXTRA (more listen lines, locations) in the server block.
nginx_conf() {
    mkdir -p "$RUN_DIR/$1"
    cat >"$RUN_DIR/$1/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $RUN_DIR/$1/nginx.pid;
error_log $RUN_DIR/$1/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $RUN_DIR/$1/client_body;
    proxy_temp_path $RUN_DIR/$1/proxy;
    fastcgi_temp_path $RUN_DIR/$1/fastcgi;
    uwsgi_temp_path $RUN_DIR/$1/uwsgi;
    scgi_temp_path $RUN_DIR/$1/scgi;
    default_type text/plain;
    $3
    server {
        listen 127.0.0.1:$2;
        $4
    }
}
CONF
}

# ---- The proxy benchmarks' upstream and Portico (run.sh, profile.sh) --------------------------------------------

# fixed_upstream_conf PORT: the upstream nginx, answering with 100 bytes at / and 4 KiB at /4k (from memory) and 1 MiB
# at /1m (from a file). It also
# listens on 127.0.0.2 and .3, so that an lb:// route has three instances of the same server.
fixed_upstream_conf() {
    local small half
    small="$(head -c 100 /dev/zero | tr '\0' 'a')"
    # nginx caps one configuration token at 4 KiB, so the 4 KiB body is two 2 KiB halves of one variable.
    half="$(head -c 2048 /dev/zero | tr '\0' 'b')"
    nginx_conf upstream "$1" "" "listen 127.0.0.2:$1; listen 127.0.0.3:$1; location = / { return 200 '$small'; } location = /4k { set \$half '$half'; return 200 \"\$half\$half\"; } location = /1m { default_type application/octet-stream; alias $RUN_DIR/upstream/1m.bin; }"
    # The 1 MiB body is a file (page-cached after the first read): larger than any buffer on the way, so a proxy that
    # holds back a response's tail shows as timeouts, not as speed.
    head -c 1048576 /dev/zero | tr '\0' 'c' >"$RUN_DIR/upstream/1m.bin"
}

# portico_conf FILE PORT static|lb: Portico with its access log off and one route for every path to the upstream on
# PORT: straight to it (static), or through the registry and load balancer over its three addresses, round robin (lb).
portico_conf() {
    if [ "$3" = lb ]; then
        cat >"$1" <<CONF
portico:
  access-log:
    enabled: false
  discovery:
    static:
      upstream:
        - { host: 127.0.0.1, port: $2 }
        - { host: 127.0.0.2, port: $2 }
        - { host: 127.0.0.3, port: $2 }
  services:
    upstream:
      load-balancer: RoundRobin
  routes:
    - id: upstream
      uri: lb://upstream
      predicates:
        - Path=/**
CONF
    else
        cat >"$1" <<CONF
portico:
  access-log:
    enabled: false
  routes:
    - id: upstream
      uri: http://127.0.0.1:$2
      predicates:
        - Path=/**
CONF
    fi
}

# ---- Processes: each server in its own process group, all stopped by pid on exit ------------------------------
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]+"${PIDS[@]}"}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]+"${PIDS[@]}"}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME COMMAND...: runs COMMAND on the server CPU in a new session (its own process group); sets STARTED_PID.
start() {
    local name="$1"; shift
    setsid taskset -c "$SERVER_CPU" "$@" >"$RUN_DIR/$name.log" 2>&1 </dev/null &
    STARTED_PID=$!
    PIDS+=("$STARTED_PID")
}

# http_get PORT PATH [HEADER...]: prints the raw response of one GET (bash's /dev/tcp: no curl needed).
http_get() {
    timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; { printf "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" "$2"; shift 2; for h in "$@"; do printf "%s\r\n" "$h"; done; printf "\r\n"; } >&3; cat <&3' _ "$@"
}

# http_post_json PORT PATH BODY [HEADER...]: prints the raw response of one POST with a JSON body.
http_post_json() {
    timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; { printf "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: %s\r\n" "$2" "${#3}"; body="$3"; shift 3; for h in "$@"; do printf "%s\r\n" "$h"; done; printf "\r\n%s" "$body"; } >&3; cat <&3' _ "$@"
}

# check_body PORT PATH LENGTH [HEADER...]: a server that answers fast with the wrong body is not fast.
check_body() {
    local port="$1" path="$2" expected="$3" response status length
    shift 3
    response="$(http_get "$port" "$path" "$@" | tr -d '\r')"
    status="$(head -n1 <<<"$response" | awk '{print $2}')"
    length="$(sed -n '/^$/,$p' <<<"$response" | tail -n +2 | tr -d '\n' | wc -c)"
    if [ "$status" != 200 ] || [ "$length" -ne "$expected" ]; then
        echo "GET 127.0.0.1:$port$path answered status '$status' with $length body bytes; expected 200 with $expected." >&2
        printf '%s\n' "$response" | head -20 >&2
        exit 1
    fi
}

wait_listening() {
    local port="$1" name="$2"
    for _ in $(seq 300); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "$name did not listen on $port; its log:" >&2; cat "$RUN_DIR/$name.log" >&2; exit 1
}

# ---- Measuring ---------------------------------------------------------------------------------------------
# wrk_run SECONDS PORT PATH [WRK ARGUMENTS...]: one wrk run on the load CPU (extra arguments such as -H 'Name: value').
wrk_run() {
    taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${1}s" --latency "${@:4}" "http://127.0.0.1:$2$3"
}

# to_ms VALUE: wrk prints latencies as 512.00us, 1.23ms or 1.02s.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }

# wrk_fields RAW_FILE: prints "rps,p50_ms,p99_ms,non2xx,socket_errors" of one wrk output.
wrk_fields() {
    local raw="$1" rps p50 p99 non2xx errors
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$raw")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$raw")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$raw")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$raw"); non2xx=${non2xx:-0}
    errors=$(awk '/Socket errors:/ {s = 0; for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s}' "$raw"); errors=${errors:-0}
    echo "$rps,$p50,$p99,$non2xx,$errors"
}

# ---- CPU accounting: steadier than throughput on a shared machine ----------------------------------------------
# Throughput moves with whatever else the host runs (see the steal figure); the CPU time a server spends per request
# moves less, because time the hypervisor takes away is not charged to the process (it still rises on a busy host,
# whose guests share caches and memory bandwidth: compare runs with similar steal).

CLOCK_TICKS=$(getconf CLK_TCK)

# group_cpu_ticks PGID: user + system CPU time, in clock ticks, used so far by the live processes of a process group
# (a server started with `start` leads its own group: nginx's master and workers, or Portico).
group_cpu_ticks() {
    cat /proc/[0-9]*/stat 2>/dev/null | awk -v g="$1" '{ sub(/^.*\) /, ""); if ($3 == g) t += $12 + $13 } END { print t + 0 }'
}

# wrk_requests RAW_FILE: how many requests one wrk run completed.
wrk_requests() { awk '/ requests in / {print $1; exit}' "$1"; }

# cpu_us_per_request TICKS RAW_FILE: CPU microseconds a server spent per request, given its ticks over the run.
cpu_us_per_request() {
    awk -v t="$1" -v hz="$CLOCK_TICKS" -v n="$(wrk_requests "$2")" 'BEGIN { if (n > 0) printf "%.1f", (t * 1000000 / hz / n); else print 0 }'
}

# cpu_sample: "total steal" jiffies of the whole machine so far (from /proc/stat).
cpu_sample() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9; exit }' /proc/stat; }

# steal_percent "BEFORE" "AFTER": the share of CPU time the hypervisor gave to other guests between two samples.
steal_percent() {
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); d = y[1] - x[1]; printf "%.0f", (d > 0 ? 100 * (y[2] - x[2]) / d : 0) }'
}

# measured_run PGID RAW_FILE COMMAND...: runs COMMAND (one wrk run) with its output in RAW_FILE, then sets RUN_CPU (the
# CPU microseconds process group PGID spent per request) and RUN_STEAL (the hypervisor's steal over the run, in %).
measured_run() {
    local pgid="$1" raw="$2" ticks sample
    shift 2
    ticks=$(group_cpu_ticks "$pgid"); sample=$(cpu_sample)
    "$@" >"$raw"
    RUN_STEAL=$(steal_percent "$sample" "$(cpu_sample)")
    RUN_CPU=$(cpu_us_per_request $(($(group_cpu_ticks "$pgid") - ticks)) "$raw")
}

# ---- Rounds of variants against one server (linkis-auth.sh, linkis-labels.sh) ----------------------------------

# measure_variants PGID RUN_FUNCTION VARIANT...: ROUNDS interleaved rounds of every variant, DURATION seconds each;
# RUN_FUNCTION SECONDS VARIANT makes one wrk run. The server whose CPU time is charged leads process group PGID.
# Writes $RUN_DIR/results.csv: round,variant,rps,p50_ms,p99_ms,non2xx,socket_errors,cpu_us_per_request,steal_percent.
measure_variants() {
    local pgid="$1" run="$2"; shift 2
    local total=$((ROUNDS * $#)) n=0 round variant raw rps p50 p99 non2xx errors
    echo "round,variant,rps,p50_ms,p99_ms,non2xx,socket_errors,cpu_us_per_request,steal_percent" >"$RUN_DIR/results.csv"
    for round in $(seq "$ROUNDS"); do
        for variant in "$@"; do
            n=$((n + 1))
            raw="$RUN_DIR/raw/r$round-$variant.txt"
            measured_run "$pgid" "$raw" "$run" "$DURATION" "$variant"
            IFS=, read -r rps p50 p99 non2xx errors <<<"$(wrk_fields "$raw")"
            echo "$round,$variant,$rps,$p50,$p99,$non2xx,$errors,$RUN_CPU,$RUN_STEAL" >>"$RUN_DIR/results.csv"
            log "[$n/$total] round $round $variant: $rps req/s, p50 ${p50} ms, p99 ${p99} ms, ${RUN_CPU} µs CPU/request, steal ${RUN_STEAL}%"
            [ "$non2xx" -eq 0 ] || log "warning: the $variant variant got $non2xx non-2xx responses"
        done
    done
}

# variant_table REFERENCE "variant=label;..." VARIANT...: the Markdown table of $RUN_DIR/results.csv; every ratio is
# the median of the per-round ratios to REFERENCE (the same round, so drift between rounds cancels out).
variant_table() {
    local reference="$1" labels="$2"; shift 2
    awk -F, -v ref="$reference" -v labels="$labels" -v variants="$*" '
        function median(list,    a, n, i, j, t) {
            n = split(list, a, " ")
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        function ratio(values, v,    round, list) {
            list = ""
            for (round in rounds) if (values[round, ref] > 0) list = list " " values[round, v] / values[round, ref]
            return list == "" ? "-" : sprintf("%.2f", median(list))
        }
        NR > 1 {
            rps[$2] = rps[$2] " " $3; p50[$2] = p50[$2] " " $4; p99[$2] = p99[$2] " " $5; cpu[$2] = cpu[$2] " " $8
            r[$1, $2] = $3; c[$1, $2] = $8; rounds[$1] = 1; steal = steal " " $9
        }
        END {
            nl = split(labels, pairs, ";")
            for (i = 1; i <= nl; i++) { eq = index(pairs[i], "="); name[substr(pairs[i], 1, eq - 1)] = substr(pairs[i], eq + 1) }
            printf "| variant | req/s | p50 | p99 | throughput ratio to %s | CPU µs/request | CPU ratio to %s |\n", ref, ref
            print "|---|---:|---:|---:|---:|---:|---:|"
            nv = split(variants, variant, " ")
            for (v = 1; v <= nv; v++) {
                vn = variant[v]
                printf "| %s | %.1fk | %.2f ms | %.2f ms | %s | %.1f | %s |\n", (vn in name ? name[vn] : vn), median(rps[vn]) / 1000,
                    median(p50[vn]), median(p99[vn]), ratio(r, vn), median(cpu[vn]), ratio(c, vn)
            }
            printf "\nCPU µs/request: user + system time of Portico over a run, divided by the requests served. Time the hypervisor gives to other guests (steal, median %s%% here) is not charged to it, so it varies less than throughput on a shared machine; compare figures from the same run.\n", median(steal)
        }' "$RUN_DIR/results.csv"
}
