#!/usr/bin/env bash
# Runs the portico gateway from this source tree: builds it (Release) when needed, then starts it with your
# arguments, e.g. ./portico.sh --demo, ./portico.sh --config portico.yml, ./portico.sh --help.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dll="$root/src/Portico.Server/bin/Release/net10.0/portico.dll"
[ -f "$dll" ] || echo "Building portico (first run: restores packages, takes a minute)..." >&2
if ! build_output=$(dotnet build "$root/src/Portico.Server" -c Release -nologo -v quiet -nodeReuse:false 2>&1); then
    printf '%s\n' "$build_output" >&2
    exit 1
fi
exec dotnet "$dll" "$@"
