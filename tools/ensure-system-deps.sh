#!/usr/bin/env bash
# Installs the Debian packages the tests need, when missing: Chromium (driven by Playwright; `npx playwright
# install` cannot download browsers here), ffmpeg (ffprobe validates exports), GNU time (peak memory of CLI
# runs in test/cli-hostile) and strace (the files those runs open). In CI (CI=true) test/cli-hostile fails
# when time or strace is missing instead of skipping what they measure.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
[ -x /usr/bin/time ] || missing+=(time)
[ -x /usr/bin/strace ] || missing+=(strace)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "installing ${missing[*]} with apt-get..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
