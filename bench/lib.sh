# Shared helpers of the benchmark scripts (bench/run.sh, bench/linkis-labels.sh). Source it after setting RUN_DIR
# and SERVER_CPU; it installs an EXIT trap that stops every server started with `start`.

log() { printf '==> %s\n' "$*" >&2; }

# ---- Tools ------------------------------------------------------------------------------------------------
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# install_missing TOOL...: installs the missing ones with apt (taskset comes from util-linux).
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

require_dotnet() { command -v dotnet >/dev/null || { echo "The .NET SDK is needed to build Portico." >&2; exit 1; }; }

# publish_portico ROOT: publishes the server (Release) to $RUN_DIR/portico-bin.
publish_portico() {
    log "Publishing Portico (Release)"
    dotnet publish "$1/src/Portico.Server" -c Release -o "$RUN_DIR/portico-bin" -nologo -v quiet -p:UseSharedCompilation=false -nodeReuse:false >"$RUN_DIR/publish.log" 2>&1 \
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

# ---- HTTP without curl (bash's /dev/tcp) -------------------------------------------------------------------
# http_get PORT PATH: prints the raw response of one GET.
http_get() {
    timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; printf "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" "$2" >&3; cat <&3' _ "$1" "$2"
}

# http_post PORT PATH BODY_FILE [HEADER_LINE]: prints the raw response of one JSON POST.
http_post() {
    local request
    request="$(mktemp)"
    {
        printf 'POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: %s\r\n' "$2" "$(wc -c <"$3")"
        [ -z "${4:-}" ] || printf '%s\r\n' "$4"
        printf '\r\n'
        cat "$3"
    } >"$request"
    timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; cat "$2" >&3; cat <&3' _ "$1" "$request" || true
    rm -f "$request"
}

# http_status RAW_RESPONSE / http_body RAW_RESPONSE: the status code and the body of a raw response.
http_status() { head -n1 <<<"$1" | tr -d '\r' | awk '{print $2}'; }
http_body() { tr -d '\r' <<<"$1" | sed -n '/^$/,$p' | tail -n +2; }

wait_listening() {
    local port="$1" name="$2"
    for _ in $(seq 300); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "$name did not listen on $port; its log:" >&2; cat "$RUN_DIR/$name.log" >&2; exit 1
}

# ---- Results ---------------------------------------------------------------------------------------------
# to_ms VALUE: wrk prints latencies as 512.00us, 1.23ms or 1.02s.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }

# wrk_figures RAW_FILE: prints "rps p50_ms p99_ms non2xx socket_errors" from one wrk --latency output.
wrk_figures() {
    local rps p50 p99 non2xx errors
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$1")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$1")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$1")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$1"); non2xx=${non2xx:-0}
    errors=$(awk '/Socket errors:/ {s = 0; for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s}' "$1"); errors=${errors:-0}
    echo "$rps $p50 $p99 $non2xx $errors"
}
