#!/usr/bin/env bash
# Builds Temporal Server and its SQL schema tool from the Go module, at the version that
# docker-compose.yml pins for temporalio/server (the one owner of that fact), for
# `npm run test:production`: binaries and the PostgreSQL schema files go into
# .temporal-server/ (git-ignored). The Go caches live outside the clone, in
# TEMPORAL_SERVER_CACHE (default ~/.cache/tencent-recording-orchestrator/temporal-server), so a
# fresh clone (CI) on the same machine links in ~12 s instead of compiling for 6-15 minutes.
# Idempotent: a stamp records what is installed; a second run only checks.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.temporal-server"
# The Go the server module's go.mod asks for; the go command fetches it from the Go module proxy.
toolchain=go1.26.10

fail() {
  echo "provision-temporal-server: $*" >&2
  exit 1
}

version=$(sed -n 's/.*image: temporalio\/server:${TEMPORAL_VERSION:-\([0-9][0-9.]*\)}.*/\1/p' "$root/docker-compose.yml")
[ -n "$version" ] || fail 'docker-compose.yml pins no temporalio/server:${TEMPORAL_VERSION:-X.Y.Z} image'

# PostgreSQL server binaries: the test runs its own data directory (PG_BIN, else Debian's newest).
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}
for tool in initdb postgres; do
  [ -x "$pg_bin/$tool" ] ||
    fail "PostgreSQL server binaries missing ($tool not in '${pg_bin:-/usr/lib/postgresql/*/bin}'): apt-get install postgresql-15, or set PG_BIN"
done

stamp="temporal-server $version ($toolchain)"
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ] &&
  [ -x "$out/bin/temporal-server" ] && [ -x "$out/bin/temporal-sql-tool" ] &&
  [ -d "$out/schema/postgresql/v12/temporal/versioned" ]; then
  echo "provision-temporal-server: $stamp present in .temporal-server"
  exit 0
fi

command -v go >/dev/null 2>&1 ||
  fail "Go is missing (no 'go' on PATH): install any Go >= 1.21; it fetches $toolchain itself from the Go module proxy"

proxy=$(GOTOOLCHAIN=local go env GOPROXY)
cache=${TEMPORAL_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tencent-recording-orchestrator/temporal-server}
mkdir -p "$cache"
export GOTOOLCHAIN=$toolchain GOPATH="$cache/gopath" GOMODCACHE="$cache/gomodcache" GOCACHE="$cache/gocache"
export GOFLAGS=-buildvcs=false CGO_ENABLED=0 GOBIN="$cache/bin/v$version"
module=go.temporal.io/server

go_failed() {
  local what=$1 log=$2
  if grep -Eq 'dial tcp|no such host|connection refused|i/o timeout|TLS handshake|proxyconnect|server misbehaving' "$log"; then
    fail "network: could not reach the Go module proxy ($proxy) to $what; last lines of $log:
$(tail -n 5 "$log")"
  fi
  fail "$what failed; last lines of $log:
$(tail -n 15 "$log")"
}

log="$cache/build-v$version.log"
if [ -x "$GOBIN/server" ] && [ -x "$GOBIN/sql" ]; then
  echo "provision-temporal-server: $module@v$version already built in $GOBIN"
else
  echo "provision-temporal-server: building $module@v$version with $toolchain (cold: 6-15 min on 2 cores; log $log)"
  started=$(date +%s)
  go install "$module/cmd/server@v$version" "$module/cmd/tools/sql@v$version" >"$log" 2>&1 ||
    go_failed "build $module@v$version" "$log"
  echo "provision-temporal-server: built in $(($(date +%s) - started)) s"
fi

# The schema files that temporalio/admin-tools ships in /etc/temporal/schema, from the same module.
module_dir=$(go mod download -json "$module@v$version" 2>"$log.download" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') ||
  true
[ -d "$module_dir/schema/postgresql/v12" ] || go_failed "download $module@v$version" "$log.download"

rm -rf "$out/bin" "$out/schema" "$out/stamp"
mkdir -p "$out/bin" "$out/schema/postgresql"
cp "$GOBIN/server" "$out/bin/temporal-server"
cp "$GOBIN/sql" "$out/bin/temporal-sql-tool"
cp -R "$module_dir/schema/postgresql/v12" "$out/schema/postgresql/v12"
chmod -R u+w "$out/schema" # the module cache is read-only
echo "$stamp" >"$out/stamp"
echo "provision-temporal-server: installed $stamp into .temporal-server (PostgreSQL binaries in $pg_bin)"
