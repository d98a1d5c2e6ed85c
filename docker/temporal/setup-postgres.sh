#!/bin/sh
# One-shot (temporalio/admin-tools): creates the Temporal and visibility databases and
# brings both schemas to the image's version. Safe to run on every `docker compose up`:
# an existing database is kept, and setup/update-schema only apply what is missing.
set -eu

: "${SQL_HOST:=postgresql}"
: "${SQL_PORT:=5432}"
: "${SQL_USER:?SQL_USER must be set}"
: "${SQL_PASSWORD:?SQL_PASSWORD must be set}" # read by temporal-sql-tool from the environment
export SQL_PASSWORD
SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12

attempt=0
until nc -z "$SQL_HOST" "$SQL_PORT"; do
  attempt=$((attempt + 1))
  [ "$attempt" -ge 60 ] && { echo "PostgreSQL at $SQL_HOST:$SQL_PORT not reachable after 60 s" >&2; exit 1; }
  sleep 1
done

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" "$@"
}

create_database() {
  if output=$(sql_tool --db "$1" create 2>&1); then
    echo "created database $1"
  elif echo "$output" | grep -q 'already exists'; then
    echo "database $1 already exists"
  else
    echo "$output" >&2
    exit 1
  fi
}

for pair in "temporal:temporal" "temporal_visibility:visibility"; do
  db=${pair%%:*}
  dir=${pair##*:}
  create_database "$db"
  sql_tool --db "$db" setup-schema -v 0.0
  sql_tool --db "$db" update-schema -d "$SCHEMA_ROOT/$dir/versioned"
done
echo 'PostgreSQL schemas ready'
