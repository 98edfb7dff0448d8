#!/usr/bin/env bash
# Debian packages Vermilion needs: ffmpeg (video), gettext (translations), Chromium and CJK fonts
# (browser tests), wrk (load benchmark), postgresql-client (pg_dump/pg_restore for backups), nginx (the
# production site, tested in tests/deploy). Installs only what is missing; needs root (or sudo) the first time.
set -euo pipefail
needed=()
command -v ffmpeg >/dev/null || needed+=(ffmpeg)
command -v msgfmt >/dev/null || needed+=(gettext)
command -v chromium >/dev/null || needed+=(chromium)
command -v wrk >/dev/null || needed+=(wrk)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || needed+=(fonts-noto-cjk)
command -v pg_dump >/dev/null || needed+=(postgresql-client)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || needed+=(nginx)
[ ${#needed[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${needed[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q "${needed[@]}"
