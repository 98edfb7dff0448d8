#!/usr/bin/env bash
# Back up, wipe, restore and compare, on a throw-away installation: proves that `vermilion backup`
# and `vermilion restore` bring back every row and every media file (docs/operations.md).
#
#   bash scripts/backup-roundtrip.sh            # embedded default (SQLite)
#   bash scripts/backup-roundtrip.sh --postgres # a temporary PostgreSQL database on 127.0.0.1
#
# It never touches your installation: it makes its own data directory (and database), loads the demo
# community (real photos, so media files too), and removes everything when done.
set -euo pipefail
cd "$(dirname "$0")/.."
VERMILION=${VERMILION:-.venv/bin/vermilion}
work=$(mktemp -d)
export VERMILION_DATA_DIR="$work/data"
database=""
cleanup() {
  if [ -n "$database" ]; then psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)"; fi
  rm -rf "$work"
}
trap cleanup EXIT
if [ "${1:-}" = "--postgres" ]; then
  database="vermilion_roundtrip_$$"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE \"$database\""
  export DJANGO_SETTINGS_MODULE=vermilion.settings.production VERMILION_SECRET_KEY=roundtrip-only VERMILION_HTTPS=false
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$database"
  unset REDIS_URL MEDIA_STORAGE_URL
fi
echo "== a small installation with the demo community"
$VERMILION migrate --noinput -v 0
$VERMILION demo > /dev/null
$VERMILION inventory > "$work/before.json"
echo "== backup"
$VERMILION backup "$work/backup"
echo "== wipe: empty the database, delete the media"
$VERMILION flush --noinput
rm -rf "$VERMILION_DATA_DIR/media" "$VERMILION_DATA_DIR/private"
echo "== restore"
$VERMILION restore "$work/backup"
$VERMILION inventory > "$work/after.json"
echo "== compare rows per table and media checksums"
if diff -u "$work/before.json" "$work/after.json"; then
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(f\"identical: {sum(d['rows'].values())} rows in {len(d['rows'])} tables, {len(d['media'])} media files\")" "$work/after.json"
else
  echo "backup round trip FAILED: the restored installation differs (above)" >&2
  exit 1
fi
