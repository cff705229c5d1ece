#!/usr/bin/env bash
# Installs Debian's Chromium (and fonts with Cyrillic) when it is missing. Needs root or sudo.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
packages="chromium fonts-dejavu-core fonts-noto-core"
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "journeymap: /usr/bin/chromium is missing; install it with: apt-get install $packages" >&2
  echo "journeymap: PNG/PDF rendering and browser tests need it." >&2
  exit 0
fi
echo "journeymap: installing Chromium for PNG/PDF rendering and browser tests ..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $packages >/dev/null
