#!/bin/sh
# One-shot (temporalio/admin-tools): creates the Temporal and visibility databases and
# brings both schemas to the tool's version. Safe to run on every `docker compose up`:
# an existing database is kept, and setup/update-schema only apply what is missing.
# `npm run test:production` runs this same script against its own PostgreSQL, with the
# tool and schema files that scripts/provision-temporal-server.sh built (SCHEMA_ROOT).
set -eu

: "${SQL_HOST:=postgresql}"
: "${SQL_PORT:=5432}"
: "${SQL_USER:?SQL_USER must be set}"
: "${SQL_PASSWORD:?SQL_PASSWORD must be set}" # read by temporal-sql-tool from the environment
export SQL_PASSWORD
# Where temporalio/admin-tools keeps the schema files of its server version.
: "${SCHEMA_ROOT:=/etc/temporal/schema/postgresql/v12}"

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" "$@"
}

# `create` also succeeds when the database exists. The first one waits for PostgreSQL to take
# connections (no nc needed): refused connections are retried for 60 s, a refused password or
# any other answer is final.
create_database() {
  attempt=0
  until output=$(sql_tool --db "$1" create 2>&1); do
    attempt=$((attempt + 1))
    if ! echo "$output" | grep -Eq 'connection refused|no such host|i/o timeout|starting up' || [ "$attempt" -ge 60 ]; then
      echo "$output" >&2
      echo "could not create database $1 on PostgreSQL at $SQL_HOST:$SQL_PORT (attempt $attempt)" >&2
      exit 1
    fi
    sleep 1
  done
  echo "database $1 present"
}

for pair in "temporal:temporal" "temporal_visibility:visibility"; do
  db=${pair%%:*}
  dir=${pair##*:}
  create_database "$db"
  sql_tool --db "$db" setup-schema -v 0.0
  sql_tool --db "$db" update-schema -d "$SCHEMA_ROOT/$dir/versioned"
done
echo 'PostgreSQL schemas ready'
