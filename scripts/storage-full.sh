#!/bin/sh
# Runs the real "storage full" end-to-end test: a 96 MB tmpfs holds the browser profile, so Chromium's writes
# fail with QuotaExceededError once it is full. Needs root (mount); CI runs it in its container.
set -eu
DIR=${WUSHENG_QUOTA_DIR:-/mnt/wusheng-quota}
mkdir -p "$DIR"
mountpoint -q "$DIR" || mount -t tmpfs -o size=96m tmpfs "$DIR"
WUSHENG_QUOTA_DIR="$DIR" npx playwright test tests/e2e/storage-full.spec.ts "$@"
