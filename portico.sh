#!/usr/bin/env bash
# Runs the portico gateway from this source tree: builds it (Release) when needed, then starts it with your
# arguments, e.g. ./portico.sh --config portico.yml, ./portico.sh --help. With --demo first (./portico.sh --demo,
# ./portico.sh --demo --urls http://0.0.0.0:9000) it builds and runs the demo project, src/Portico.Demo, instead:
# demo services and the gateway routing to them. The demo is not part of the portico executable.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "${1-}" = "--demo" ]; then
    shift
    name="the portico demo" project="$root/src/Portico.Demo" dll="$root/src/Portico.Demo/bin/Release/net10.0/portico-demo.dll"
else
    name="portico" project="$root/src/Portico.Server" dll="$root/src/Portico.Server/bin/Release/net10.0/portico.dll"
fi
[ -f "$dll" ] || echo "Building $name (first run: restores packages, takes a minute)..." >&2
if ! build_output=$(dotnet build "$project" -c Release -nologo -v quiet -nodeReuse:false 2>&1); then
    printf '%s\n' "$build_output" >&2
    exit 1
fi
exec dotnet "$dll" "$@"
