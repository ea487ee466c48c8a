#!/usr/bin/env bash
# Runs all of Portico's tests on a machine that has only the .NET SDK: installs what the tests need, builds,
# runs every test project, and ends with one line "N passed, M failed[, K skipped]". Exits non-zero when any
# test failed or the run did not complete.
set -euo pipefail
cd "$(dirname "$0")"

RESULTS_DIR="artifacts/test-results"
HANG_TIMEOUT="${PORTICO_TEST_HANG_TIMEOUT:-5m}"

missing_debs=()
npm_dirs=()

# need_deb PACKAGE CHECK: install Debian package PACKAGE unless the shell command CHECK succeeds.
need_deb() { eval "$2" >/dev/null 2>&1 || missing_debs+=("$1"); }

# need_npm DIR: install DIR's npm packages (npm ci) unless DIR/node_modules exists.
need_npm() { [ -d "$1/node_modules" ] || npm_dirs+=("$1"); }

# ---- What the tests need: one line each -------------------------------------------------------------
need_deb prometheus 'command -v promtool'          # promtool checks the /actuator/prometheus output
need_deb nodejs 'command -v node'                  # Node.js runs the Eureka client of the discovery tests
need_deb npm 'command -v npm'
need_npm tests/Portico.FunctionalTests/Discovery/eureka-js   # eureka-js-client, a real third-party Eureka client
need_deb slapd 'test -x /usr/sbin/slapd'           # a real LDAP server for the Linkis LDAP login tests
need_deb python3-cryptography '/usr/bin/python3 -c "import cryptography"'   # independent Linkis ticket cipher
# ------------------------------------------------------------------------------------------------------

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

install_debs() {
    [ ${#missing_debs[@]} -gt 0 ] || return 0
    echo "==> Installing Debian packages: ${missing_debs[*]}"
    # Packages that ship a service must not start it here: a policy-rc.d answering 101 tells invoke-rc.d so.
    local policy=/usr/sbin/policy-rc.d added_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod 755 "$policy" && added_policy=1
    fi
    local status=0
    as_root apt-get update -qq && \
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_debs[@]}" >/dev/null || status=$?
    [ "$added_policy" -eq 0 ] || as_root rm -f "$policy"
    if [ "$status" -ne 0 ]; then
        echo "warning: could not install ${missing_debs[*]}; the tests that need them will fail" >&2
    fi
}

install_npm() {
    local dir
    for dir in "${npm_dirs[@]+"${npm_dirs[@]}"}"; do
        echo "==> npm ci in $dir"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || echo "warning: npm ci failed in $dir" >&2
    done
}

install_debs
install_npm

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No build servers left running after the script (they would outlive a CI run).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
trap 'dotnet build-server shutdown >/dev/null 2>&1 || true' EXIT

rm -rf "$RESULTS_DIR"
echo "==> dotnet test Portico.sln -c Release"
test_status=0
dotnet test Portico.sln -c Release -p:UseSharedCompilation=false \
    --logger "trx" --results-directory "$RESULTS_DIR" \
    --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none || test_status=$?

# Count the outcome of every test result in every TRX file (one per test project).
shopt -s nullglob
trx_files=("$RESULTS_DIR"/*.trx)
if [ ${#trx_files[@]} -eq 0 ]; then
    echo "No test results were written (did the build fail?)."
    echo "0 passed, 0 failed"
    exit 1
fi

counts=$(awk '
    /<UnitTestResult / {
        if (match($0, / outcome="[A-Za-z]+"/)) {
            outcome = substr($0, RSTART + 10, RLENGTH - 11)
            if (outcome == "Passed") passed++
            else if (outcome == "NotExecuted") skipped++
            else { failed++; if (match($0, / testName="[^"]*"/)) print "  failed: " substr($0, RSTART + 11, RLENGTH - 12) > "/dev/stderr" }
        }
    }
    END { printf "%d %d %d\n", passed, failed, skipped }
' "${trx_files[@]}")
read -r passed failed skipped <<<"$counts"

ok=1
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] || ok=0
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # A crashed or hung test host, or a project that did not build: no failed result, but not a good run.
    echo "dotnet test exited with $test_status although no test result failed: the run is incomplete."
    ok=0
fi

echo
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$ok" -eq 1 ]
