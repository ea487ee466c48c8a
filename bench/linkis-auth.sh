#!/usr/bin/env bash
# Measures what Linkis authentication costs: the same Linkis route to the same backend, in one run, requested
#   anonymous - below a pass-auth prefix (no authentication at all),
#   session   - with a valid session ticket cookie (the ticket of an admin login),
#   token     - with Token-Code and Token-User headers (token checks plus a fresh ticket for the backend).
# The backend is nginx (one worker, a 100-byte body from memory) registered as linkis-ps-publicservice; Portico runs in
# Linkis mode with Linkis security on. wrk runs on CPU 0, the servers on CPU 1; the variants are interleaved in rounds
# and each variant's ratio to anonymous is the median of the per-round ratios. Target: authentication costs at most
# 10% of throughput (ratio >= 0.90).
#
# The session ticket comes from POST /api/rest_j/v1/user/login as the configured admin; the token is created through
# POST /api/rest_j/v1/basedata-manager/gateway-auth-token, or taken from TOKEN (a token the store already holds, legal
# for every user and host).
#
# Usage: bench/linkis-auth.sh        (ROUNDS=5 DURATION=10 by default; VARIANTS="anonymous session" measures a subset)
# Raw results: bench/results/linkis-auth-<timestamp>/ (wrk output per run, results.csv, summary.md).
set -euo pipefail

ROUNDS="${ROUNDS:-5}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
PORTICO_WARMUP="${PORTICO_WARMUP:-15}"  # seconds of unrecorded load per variant before measuring (tiered JIT settles)
read -r -a VARIANTS <<<"${VARIANTS:-anonymous session token}"
LOAD_CPU="${LOAD_CPU:-0}"
SERVER_CPU="${SERVER_CPU:-1}"
UPSTREAM_PORT=18091 PORTICO_PORT=18094
TOKEN_USER=benchuser

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUN_DIR="$ROOT/bench/results/linkis-auth-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN_DIR/raw" "$RUN_DIR/upstream" "$RUN_DIR/data"
source "$ROOT/bench/lib.sh"
install_missing nginx wrk taskset

# ---- Configurations ---------------------------------------------------------------------------------------
BODY="$(head -c 100 /dev/zero | tr '\0' 'a')"
nginx_conf upstream "$UPSTREAM_PORT" "" "location / { return 200 '$BODY'; }"

# Fresh secrets per run; nothing here is meant to outlive it.
CRYPT_KEY="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
ADMIN_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
cat >"$RUN_DIR/portico.yml" <<CONF
portico:
  data-directory: $RUN_DIR/data
  access-log:
    enabled: false
  discovery:
    static:
      linkis-ps-publicservice:
        - { host: 127.0.0.1, port: $UPSTREAM_PORT }
  linkis:
    enabled: true
  linkis-security:
    enabled: true
    crypt-key: $CRYPT_KEY
    admin-user: hadoop
    admin-password: $ADMIN_PASSWORD
    session-persistence: memory
    tokens:
      enabled: true
    access:
      pass-auth-prefixes: [/api/rest_j/v1/jobhistory/public/]
CONF

# The same route (Linkis's api route) and the same parse rule (jobhistory -> the public service) for every variant.
declare -A VARIANT_PATH=([anonymous]=/api/rest_j/v1/jobhistory/public/list [session]=/api/rest_j/v1/jobhistory/list [token]=/api/rest_j/v1/jobhistory/list)

# ---- Start ---------------------------------------------------------------------------------------------------
log "Starting the upstream and Portico on CPU $SERVER_CPU (wrk runs on CPU $LOAD_CPU)"
start upstream nginx -p "$RUN_DIR/upstream" -c "$RUN_DIR/upstream/nginx.conf" -e "$RUN_DIR/upstream/error.log"
publish_portico
Logging__LogLevel__Default=Warning start portico dotnet "$RUN_DIR/portico-bin/portico.dll" \
    --config "$RUN_DIR/portico.yml" --urls "http://127.0.0.1:$PORTICO_PORT"
PORTICO_PID=$STARTED_PID
wait_listening "$UPSTREAM_PORT" upstream
wait_listening "$PORTICO_PORT" portico

# ---- Credentials ----------------------------------------------------------------------------------------------
uses() { [[ " ${VARIANTS[*]} " == *" $1 "* ]]; }
TICKET=
if uses session || { uses token && [ -z "${TOKEN:-}" ]; }; then
    login="$(http_post_json "$PORTICO_PORT" /api/rest_j/v1/user/login "{\"userName\":\"hadoop\",\"password\":\"$ADMIN_PASSWORD\"}" | tr -d '\r')"
    TICKET="$(sed -n 's/^[Ss]et-[Cc]ookie: linkis_user_session_ticket_id_v1=\([^;]*\).*/\1/p' <<<"$login" | head -n1)"
    if [ -z "$TICKET" ]; then
        echo "The admin login (POST /api/rest_j/v1/user/login) gave no ticket; its answer:" >&2
        head -20 <<<"$login" >&2
        exit 1
    fi
fi
if uses token && [ -z "${TOKEN:-}" ]; then
    TOKEN="BENCH-AUTH-$(head -c 9 /dev/urandom | base64 | tr -d '/+=')"
    created="$(http_post_json "$PORTICO_PORT" /api/rest_j/v1/basedata-manager/gateway-auth-token \
        "{\"tokenName\":\"$TOKEN\",\"legalUsers\":\"*\",\"legalHosts\":\"*\",\"businessOwner\":\"bench\",\"elapseDay\":-1}" \
        "Cookie: linkis_user_session_ticket_id_v1=$TICKET" | tr -d '\r')"
    if [ "$(head -n1 <<<"$created" | awk '{print $2}')" != 200 ]; then
        echo "Creating the token through the token API failed (set TOKEN to a token the store holds instead); its answer:" >&2
        head -20 <<<"$created" >&2
        exit 1
    fi
fi

declare -A VARIANT_HEADERS
VARIANT_HEADERS[anonymous]=""
VARIANT_HEADERS[session]="Cookie: linkis_user_session_ticket_id_v1=$TICKET"
VARIANT_HEADERS[token]="Token-Code: ${TOKEN:-}|Token-User: $TOKEN_USER"

# headers_of VARIANT: the variant's headers, one per line.
headers_of() { [ -z "${VARIANT_HEADERS[$1]}" ] || tr '|' '\n' <<<"${VARIANT_HEADERS[$1]}"; }

# run_variant SECONDS VARIANT: one wrk run of the variant.
run_variant() {
    local args=() header
    while IFS= read -r header; do [ -z "$header" ] || args+=(-H "$header"); done < <(headers_of "$2")
    wrk_run "$1" "$PORTICO_PORT" "${VARIANT_PATH[$2]}" "${args[@]+"${args[@]}"}"
}

for variant in "${VARIANTS[@]}"; do
    mapfile -t headers < <(headers_of "$variant")
    check_body "$PORTICO_PORT" "${VARIANT_PATH[$variant]}" 100 "${headers[@]+"${headers[@]}"}"
done

# ---- Measure -------------------------------------------------------------------------------------------------
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "Warming up (${PORTICO_WARMUP}s per variant)"
for variant in "${VARIANTS[@]}"; do run_variant "$PORTICO_WARMUP" "$variant" >/dev/null; done

measure_variants "$PORTICO_PID" run_variant "${VARIANTS[@]}"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- Report ----------------------------------------------------------------------------------------------------
cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
{
    echo "Machine: ${cpu_model:-unknown CPU}, $(nproc) CPUs, Linux $(uname -r); .NET $(dotnet --version), Portico $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER (other work on the machine shows here)"
    echo "Method: wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency on CPU $LOAD_CPU; nginx and Portico on CPU $SERVER_CPU; $ROUNDS interleaved rounds; medians over rounds."
    echo
    variant_table anonymous "anonymous=anonymous (pass-auth prefix);session=session ticket cookie;token=Token-Code / Token-User" "${VARIANTS[@]}"
    echo
    echo "Target: authentication costs at most 10% of throughput (ratio >= 0.90)."
} | tee "$RUN_DIR/summary.md"
log "Raw results in $RUN_DIR"
