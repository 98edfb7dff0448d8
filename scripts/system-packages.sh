#!/usr/bin/env bash
# Debian packages Vermilion needs: ffmpeg (video), gettext (translations), Chromium and CJK fonts
# (browser tests), wrk (load benchmark). Installs only what is missing; needs root (or sudo) the first time.
set -euo pipefail
needed=()
command -v ffmpeg >/dev/null || needed+=(ffmpeg)
command -v msgfmt >/dev/null || needed+=(gettext)
command -v chromium >/dev/null || needed+=(chromium)
command -v wrk >/dev/null || needed+=(wrk)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || needed+=(fonts-noto-cjk)
[ ${#needed[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${needed[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q "${needed[@]}"
