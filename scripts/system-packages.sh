#!/usr/bin/env bash
# Debian packages Vermilion needs: ffmpeg (video), gettext (translations), Chromium and CJK fonts
# (browser tests), wrk (load benchmark), postgresql-client (pg_dump/pg_restore for backups), nginx (the
# production site, tested in tests/deploy). Installs only what is missing; needs root (or sudo) the first time.
# `make run` calls this on every start, so when nothing is missing it must exit 0 without apt-get.
set -euo pipefail

# The names of the packages still missing, one a line (nothing when all are there).
missing_packages() {
  command -v ffmpeg >/dev/null || echo ffmpeg
  command -v msgfmt >/dev/null || echo gettext
  command -v chromium >/dev/null || echo chromium
  command -v wrk >/dev/null || echo wrk
  # The font list is read whole before it is searched: `fc-list | grep -q` under pipefail fails with 141
  # whenever grep stops reading early (SIGPIPE), and the fonts would be "missing" on every start.
  local fonts
  fonts="$(fc-list 2>/dev/null || true)"
  [[ "${fonts,,}" == *"noto sans cjk"* ]] || echo fonts-noto-cjk
  command -v pg_dump >/dev/null || echo postgresql-client
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || echo nginx
}

main() {
  local needed=()
  mapfile -t needed < <(missing_packages)
  [ ${#needed[@]} -eq 0 ] && return 0
  echo "Installing Debian packages: ${needed[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q "${needed[@]}"
}

# Sourced (by tests/deploy/test_system_packages.py), it only defines the functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main
fi
