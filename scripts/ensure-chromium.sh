#!/usr/bin/env bash
# Make sure a Chromium the browser tests can drive is installed: $CHROMIUM_PATH, Debian's
# chromium, or Google Chrome (as on GitHub's runners). Installs Debian's package when none is found.
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/google-chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    exit 0
  fi
done
echo "Geen Chromium gevonden: Debian-pakket 'chromium' wordt geïnstalleerd."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
test -x /usr/bin/chromium
