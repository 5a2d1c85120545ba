#!/usr/bin/env bash
# db-ops portable backup: bash plus pg_dump (or docker) only; no Node, no repository needed.
# Usage: backup.sh [--url URL | --container NAME] [--database NAME] [--user NAME] [--backup-root DIR]
# Target: --url, --container, DATABASE_URL, else the Supabase container supabase_db_api-dev.
# Writes <backup-root>/YYYYMMDD_HHMMSS/ (default storage/backups) with backup.sql.gz, backup.sh,
# restore.sh, SHA256SUMS and metadata.json, built in a hidden directory and renamed into place.
# A password travels only in PGPASSWORD (or the URL); it is never written to a file or argv.
set -euo pipefail

usage() { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "backup.sh: $1" >&2; exit "${2:-1}"; }

url="" container="" database="" user="" root="storage/backups"
while [ $# -gt 0 ]; do
  case "$1" in
    --url) [ $# -ge 2 ] || die "--url needs a value" 2; url="$2"; shift 2 ;;
    --container) [ $# -ge 2 ] || die "--container needs a value" 2; container="$2"; shift 2 ;;
    --database) [ $# -ge 2 ] || die "--database needs a value" 2; database="$2"; shift 2 ;;
    --user) [ $# -ge 2 ] || die "--user needs a value" 2; user="$2"; shift 2 ;;
    --backup-root) [ $# -ge 2 ] || die "--backup-root needs a value" 2; root="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" 2 ;;
  esac
done
[ -n "$url" ] && [ -n "$container" ] && die "--url and --container cannot be used together" 2
if [ -z "$url" ] && [ -z "$container" ]; then
  if [ -n "${DATABASE_URL:-}" ]; then url="$DATABASE_URL"; else container="supabase_db_api-dev"; fi
fi

# libpq keyword value: single-quoted, with \ and ' escaped.
kw() { local v=${1//\\/\\\\}; printf "'%s'" "${v//\'/\\\'}"; }
# JSON string: ", \ and control characters escaped.
json() { local v=${1//\\/\\\\}; v=${v//\"/\\\"}; v=${v//$'\n'/\\n}; v=${v//$'\t'/\\t}; printf '"%s"' "${v//$'\r'/\\r}"; }

if [ -n "$url" ]; then
  # Move a password out of the URL into PGPASSWORD so that it never appears on a command line.
  if [[ "$url" =~ ^(postgres(ql)?://)([^:@/]*):([^@/]*)@(.*)$ ]]; then
    pass=${BASH_REMATCH[4]}
    export PGPASSWORD; PGPASSWORD=$(printf '%b' "${pass//%/\\x}")
    url="${BASH_REMATCH[1]}${BASH_REMATCH[3]}@${BASH_REMATCH[5]}"
  fi
  [ -n "$database" ] && die "--database cannot be combined with --url (put the database in the URL)" 2
  conn="$url"
  [ -n "$user" ] && die "--user cannot be combined with --url (put the user in the URL)" 2
  run() { local tool=$1; shift; "$tool" --dbname="$conn" "$@"; }
  kind="url"
else
  database=${database:-postgres}; user=${user:-postgres}
  conn="dbname=$(kw "$database") user=$(kw "$user")"
  run() { local tool=$1; shift; docker exec ${PGPASSWORD:+-e PGPASSWORD} "$container" "$tool" --dbname="$conn" "$@"; }
  kind="container"
fi

info=$(run psql -X -A -t -F '|' -v ON_ERROR_STOP=1 -c "SELECT current_database(), current_setting('server_version'), current_setting('server_version_num'), pg_database_size(current_database()), pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database WHERE datname = current_database()") \
  || die "cannot connect to the database (see the message above)" 3
IFS='|' read -r db_name server_version server_version_num size_bytes encoding collate ctype <<<"$info"
if [ "$kind" = container ]; then version_cmd=(docker exec "$container" pg_dump --version); else version_cmd=(pg_dump --version); fi
client_version=$("${version_cmd[@]}" | sed -n 's/^[^)]*) *\([0-9][0-9.]*\).*/\1/p')

self="${BASH_SOURCE[0]}"
roles_query=$(sed -n '/^# >>> roles-query >>>$/,/^# <<< roles-query <<<$/p' "$self" | sed '1d;$d')

mkdir -p "$root"
staging=$(mktemp -d "$root/.staging-$$-XXXXXX")
trap 'rm -rf "$staging"' EXIT
trap 'exit 130' INT TERM
started=$(date +%s)
created_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
stamp=$(date +%Y%m%d_%H%M%S)

run pg_dump --no-password --format=plain | gzip -1 >"$staging/backup.sql.gz" || die "pg_dump failed (see the message above); no backup was written"
[ -s "$staging/backup.sql.gz" ] || die "the dump is empty; no backup was written"
uncompressed=$(gzip -dc "$staging/backup.sql.gz" | wc -c)
gzip -dc "$staging/backup.sql.gz" | tail -c 4096 | grep -q '^-- PostgreSQL database dump complete$' \
  || die "the dump has no completion trailer (cut short?); no backup was written"

run psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$roles_query" >"$staging/roles.sql" || die "could not read the roles the database needs"
cp "$self" "$staging/backup.sh"
{
  echo '#!/usr/bin/env bash'
  echo "# Defaults recorded when this backup was taken; --url, --container, DATABASE_URL override them."
  printf 'RECORDED_CONTAINER=%q\n' "$container"
  printf 'RECORDED_DATABASE=%q\n' "$db_name"
  printf 'RECORDED_USER=%q\n' "$user"
  sed -n '/^# >>> restore.sh >>>$/,/^# <<< restore.sh <<<$/p' "$self" | sed '1,2d;$d'
} >"$staging/restore.sh"
chmod 755 "$staging/backup.sh" "$staging/restore.sh"
(cd "$staging" && sha256sum backup.sql.gz roles.sql backup.sh restore.sh >SHA256SUMS)

entry() { local f=$1; printf '    %s: { "bytes": %s, "sha256": "%s" }' "$(json "$f")" "$(wc -c <"$staging/$f" | tr -d ' ')" "$(sha256sum "$staging/$f" | cut -d' ' -f1)"; }
finished=$(date +%s)
cat >"$staging/metadata.json" <<JSON
{
  "format": "db-ops-backup",
  "formatVersion": 1,
  "tool": { "name": "backup.sh", "version": "portable" },
  "createdAt": "$created_at",
  "completedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "durationMs": $(((finished - started) * 1000)),
  "database": { "name": $(json "$db_name"), "serverVersion": $(json "$server_version"), "serverVersionNum": $server_version_num, "encoding": $(json "$encoding"), "collate": $(json "$collate"), "ctype": $(json "$ctype"), "sizeBytes": $size_bytes },
  "target": { "kind": "$kind", "source": "backup.sh"$([ -n "$container" ] && printf ', "container": %s' "$(json "$container")") },
  "dump": { "file": "backup.sql.gz", "format": "plain", "compression": "gzip", "compressionLevel": 1, "clientVersion": $(json "$client_version"), "uncompressedBytes": $uncompressed, "tables": null },
  "files": {
$(entry backup.sql.gz),
$(entry roles.sql),
$(entry backup.sh),
$(entry restore.sh),
$(entry SHA256SUMS)
  }
}
JSON
sync
# mv -T refuses a non-empty target, so an existing backup is never replaced.
id=$stamp n=1
until mv -T "$staging" "$root/$id" 2>/dev/null; do
  n=$((n + 1)); id="$stamp-$n"
  [ "$n" -lt 1000 ] || die "could not publish a backup directory in $root"
done
trap - EXIT
echo "Backup written to $root/$id"
exit 0

# >>> restore.sh >>>
#!/usr/bin/env bash
# db-ops portable restore: restores this directory's backup.sql.gz with bash plus psql (or docker).
# Usage: restore.sh [--url URL | --container NAME] [--database NAME] [--user NAME]
# Target: --url, --container, DATABASE_URL, else the container recorded at backup time.
# The target database should be empty (e.g. created with createdb). It verifies SHA256SUMS and the
# gzip stream first, then restores in a single transaction with ON_ERROR_STOP: all or nothing.
set -euo pipefail
usage() { sed -n '5,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "restore.sh: $1" >&2; exit "${2:-1}"; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

url="" container="" database="" user=""
while [ $# -gt 0 ]; do
  case "$1" in
    --url) [ $# -ge 2 ] || die "--url needs a value" 2; url="$2"; shift 2 ;;
    --container) [ $# -ge 2 ] || die "--container needs a value" 2; container="$2"; shift 2 ;;
    --database) [ $# -ge 2 ] || die "--database needs a value" 2; database="$2"; shift 2 ;;
    --user) [ $# -ge 2 ] || die "--user needs a value" 2; user="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" 2 ;;
  esac
done
[ -n "$url" ] && [ -n "$container" ] && die "--url and --container cannot be used together" 2
if [ -z "$url" ] && [ -z "$container" ]; then
  if [ -n "${DATABASE_URL:-}" ]; then url="$DATABASE_URL"
  elif [ -n "$RECORDED_CONTAINER" ]; then container="$RECORDED_CONTAINER"
  else die "no target: pass --url URL or --container NAME, or set DATABASE_URL" 2; fi
fi

kw() { local v=${1//\\/\\\\}; printf "'%s'" "${v//\'/\\\'}"; }
(cd "$here" && sha256sum --quiet -c SHA256SUMS) || die "checksums do not match: this backup is damaged; nothing was restored"
gzip -t "$here/backup.sql.gz" || die "backup.sql.gz is not a complete gzip stream; nothing was restored"

if [ -n "$url" ]; then
  if [[ "$url" =~ ^(postgres(ql)?://)([^:@/]*):([^@/]*)@(.*)$ ]]; then
    pass=${BASH_REMATCH[4]}
    export PGPASSWORD; PGPASSWORD=$(printf '%b' "${pass//%/\\x}")
    url="${BASH_REMATCH[1]}${BASH_REMATCH[3]}@${BASH_REMATCH[5]}"
  fi
  [ -z "$database$user" ] || die "--database and --user cannot be combined with --url (put them in the URL)" 2
  psql_cmd=(psql --dbname="$url")
else
  conn="dbname=$(kw "${database:-$RECORDED_DATABASE}") user=$(kw "${user:-${RECORDED_USER:-postgres}}")"
  psql_cmd=(docker exec -i ${PGPASSWORD:+-e PGPASSWORD} "$container" psql --dbname="$conn")
fi
# roles.sql first (missing roles only), then the dump: one transaction, stopped by the first error.
{ cat "$here/roles.sql"; gzip -dc "$here/backup.sql.gz"; } | "${psql_cmd[@]}" -X -q -v ON_ERROR_STOP=1 --single-transaction -f - >/dev/null \
  || die "the restore failed (see the message above); the transaction was rolled back, nothing was changed"
echo "Restored $(basename "$here") into ${container:+container $container}${url:+$url}"
# <<< restore.sh <<<

# The query that writes roles.sql (also read by db-ops itself); a quoted heredoc, never executed.
: <<'# <<< roles-query <<<'
# >>> roles-query >>>
WITH refs(oid) AS (
  SELECT nspowner FROM pg_catalog.pg_namespace
  UNION SELECT relowner FROM pg_catalog.pg_class
  UNION SELECT proowner FROM pg_catalog.pg_proc
  UNION SELECT typowner FROM pg_catalog.pg_type
  UNION SELECT lomowner FROM pg_catalog.pg_largeobject_metadata
  UNION SELECT datdba FROM pg_catalog.pg_database WHERE datname = current_database()
  UNION SELECT evtowner FROM pg_catalog.pg_event_trigger
  UNION SELECT pubowner FROM pg_catalog.pg_publication
  UNION SELECT srvowner FROM pg_catalog.pg_foreign_server
  UNION SELECT fdwowner FROM pg_catalog.pg_foreign_data_wrapper
  UNION SELECT defaclrole FROM pg_catalog.pg_default_acl
  UNION SELECT unnest(polroles) FROM pg_catalog.pg_policy
  UNION SELECT (aclexplode(relacl)).grantee FROM pg_catalog.pg_class WHERE relacl IS NOT NULL
  UNION SELECT (aclexplode(attacl)).grantee FROM pg_catalog.pg_attribute WHERE attacl IS NOT NULL
  UNION SELECT (aclexplode(nspacl)).grantee FROM pg_catalog.pg_namespace WHERE nspacl IS NOT NULL
  UNION SELECT (aclexplode(proacl)).grantee FROM pg_catalog.pg_proc WHERE proacl IS NOT NULL
  UNION SELECT (aclexplode(typacl)).grantee FROM pg_catalog.pg_type WHERE typacl IS NOT NULL
  UNION SELECT (aclexplode(lomacl)).grantee FROM pg_catalog.pg_largeobject_metadata WHERE lomacl IS NOT NULL
  UNION SELECT (aclexplode(defaclacl)).grantee FROM pg_catalog.pg_default_acl
  UNION SELECT (aclexplode(datacl)).grantee FROM pg_catalog.pg_database WHERE datname = current_database() AND datacl IS NOT NULL
), roles AS (
  SELECT r.* FROM pg_catalog.pg_roles r WHERE r.oid IN (SELECT oid FROM refs) AND r.rolname !~ '^pg_'
), members AS (
  SELECT g.rolname AS role, m.rolname AS member
    FROM pg_catalog.pg_auth_members a JOIN roles g ON g.oid = a.roleid JOIN roles m ON m.oid = a.member
)
SELECT concat_ws(E'\n',
  '-- Roles this database''s objects need (owners and grantees). Each is created only where it is',
  '-- missing, without SUPERUSER, REPLICATION or BYPASSRLS; existing roles are never altered.',
  'CREATE TEMP TABLE dbops_created_roles (name text);',
  (SELECT string_agg(format('DO $dbops$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = %L) THEN CREATE ROLE %I WITH %s %s %s %s CONNECTION LIMIT %s; INSERT INTO pg_temp.dbops_created_roles VALUES (%L); END IF; END $dbops$;',
      rolname, rolname,
      CASE WHEN rolcanlogin THEN 'LOGIN' ELSE 'NOLOGIN' END, CASE WHEN rolinherit THEN 'INHERIT' ELSE 'NOINHERIT' END,
      CASE WHEN rolcreatedb THEN 'CREATEDB' ELSE 'NOCREATEDB' END, CASE WHEN rolcreaterole THEN 'CREATEROLE' ELSE 'NOCREATEROLE' END,
      rolconnlimit, rolname), E'\n' ORDER BY rolname) FROM roles),
  (SELECT string_agg(format('DO $dbops$ BEGIN IF EXISTS (SELECT FROM pg_temp.dbops_created_roles WHERE name = %L) THEN GRANT %I TO %I; END IF; END $dbops$;', member, role, member), E'\n' ORDER BY role, member) FROM members),
  'DROP TABLE pg_temp.dbops_created_roles;',
  '')
# <<< roles-query <<<
