#!/usr/bin/env bash
# Installs the system packages the test suite needs when they are missing:
# Debian's Chromium for the browser tests, Node.js and npm for Lighthouse and
# the Nu HTML Checker (package.json), Java to run the checker (vnu.jar), and
# poppler's tools to check the CV's PDF.
# As root it installs them; otherwise
# it says exactly what to install and fails.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# pdffonts and pdftoppm: the CV's fonts are embedded; its pages as PNG.
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The tests need these Debian packages, which are missing: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
