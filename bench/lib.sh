# Shared helpers of the benchmark scripts (bench/run.sh, bench/linkis-auth.sh). Source it after setting RUN_DIR (the
# run's output directory), LOAD_CPU and SERVER_CPU (wrk runs on the first, every server on the second) and
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
