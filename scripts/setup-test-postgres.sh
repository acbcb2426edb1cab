#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster and creates the role and database the test suites use
# (postgres://tideway:tideway@127.0.0.1:5432/tideway_test). Idempotent; needs root or sudo.
# Used by .ci/run; developers run it once after `apt-get install postgresql`.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
if ! pg_lsclusters --no-header | grep -q "^$version *main "; then
  $SUDO pg_createcluster "$version" main
fi
if ! pg_lsclusters --no-header | grep -q "^$version *main .*online"; then
  $SUDO pg_ctlcluster "$version" main start
fi
as_postgres() { $SUDO runuser -u postgres -- "$@"; }
as_postgres psql -v ON_ERROR_STOP=1 -qtAc "SELECT 1 FROM pg_roles WHERE rolname = 'tideway'" | grep -q 1 ||
  as_postgres psql -v ON_ERROR_STOP=1 -qc "CREATE ROLE tideway LOGIN SUPERUSER PASSWORD 'tideway'"
# C collation: text sorts as SQLite sorts it (docs/deployment.md).
as_postgres psql -v ON_ERROR_STOP=1 -qtAc "SELECT 1 FROM pg_database WHERE datname = 'tideway_test'" | grep -q 1 ||
  as_postgres psql -v ON_ERROR_STOP=1 -qc "CREATE DATABASE tideway_test OWNER tideway TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
echo "PostgreSQL $version ready for the tests: postgres://tideway:tideway@127.0.0.1:5432/tideway_test"
