#!/usr/bin/env bash
# Prepares a fresh machine (Debian, any Node ≥ 18 with npm, root or sudo) for LAN Chat.
#   bash scripts/setup.sh          what running the app needs: npm packages (they bring Node 24), the UI build
#   bash scripts/setup.sh --test   and what the tests need: Debian's Chromium, Xvfb, Redis, nginx and tcpdump
# Idempotent: run it again after pulling.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [ "$want_test" = 1 ]; then
  # The CJK and emoji fonts: the Chinese UI and emoji render in the e2e screenshots as people see them.
  # tcpdump: test/tls/sniffer.test.ts reads the wire to prove TLS hides the messages.
  # iproute2: the discovery tests join network namespaces with veths (`ip netns`).
  apt_install chromium xvfb redis-server nginx fonts-noto-cjk fonts-noto-color-emoji tcpdump iproute2
fi

# The project's own Node (24 LTS) comes from the npm registry as a dev dependency, so npm
# scripts run on it whatever Node the machine has.
echo "setup: installing npm packages"
npm ci --no-audit --no-fund --loglevel=error
if [ -f src-renderer/vite.config.ts ]; then
  echo "setup: building the browser client"
  npm run --silent build >/dev/null
fi
echo "setup: done"
