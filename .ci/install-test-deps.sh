#!/usr/bin/env bash
# Installs what the tests need from Debian when it is missing: squid (a real forward proxy) and htpasswd.
set -euo pipefail
need=()
command -v squid >/dev/null 2>&1 || need+=(squid)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# apt starts nothing here, but make sure no packaged squid daemon holds the default port or cache dirs.
if command -v systemctl >/dev/null 2>&1; then systemctl stop squid >/dev/null 2>&1 || true; fi
echo "test dependencies present: $(squid -v | head -1)"
