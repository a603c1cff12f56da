#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with trust auth for the postgres role.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
# pg_dump and pg_restore (`migis backup` / `migis restore` on PostgreSQL) come with the client tools.
if ! command -v pg_dump >/dev/null || ! command -v pg_restore >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null
fi
if ! ready; then
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi
ready || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
# Tests connect as postgres over TCP; a fresh Debian cluster asks for a password there.
if ! psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  hba=$(su postgres -c "psql -Atc 'show hba_file'")
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  su postgres -c "psql -Atc 'select pg_reload_conf()'" >/dev/null
fi
# The RUM index (Debian's postgresql-NN-rum) lets the database search backend return ranked top hits
# straight from the index; without it the backend falls back to GIN and ranks every match.
version=$(psql -h 127.0.0.1 -U postgres -d postgres -Atc 'show server_version_num' | cut -c1-2)
if ! psql -h 127.0.0.1 -U postgres -d postgres -Atc "select 1 from pg_available_extensions where name = 'rum'" | grep -q 1; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$version-rum" >/dev/null; } \
    || echo "note: postgresql-$version-rum could not be installed; database search uses GIN" >&2
fi
