#!/usr/bin/env bash
# Installs what building needs (wasm target, npm packages) and, with --browser, what testing adds
# (wasm-bindgen-cli, the browser tier's runner, at Cargo.lock's version; Chromium); idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf 'setup: %s\n' "$*"; }

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target present"
else
  rustup target add wasm32-unknown-unknown && say "wasm32-unknown-unknown target added"
fi

stamp=node_modules/.setup-stamp
if [ -f "$stamp" ] && [ ! package-lock.json -nt "$stamp" ]; then
  say "node_modules up to date"
else
  npm ci --no-audit --no-fund && touch "$stamp" && say "node_modules installed (npm ci)"
fi

if [ "${1:-}" = "--browser" ]; then
  [ -f Cargo.lock ] || { cargo generate-lockfile && say "Cargo.lock generated"; }
  want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  [ -n "$want" ] || { echo "setup: wasm-bindgen not found in Cargo.lock" >&2; exit 1; }
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" = "$want" ]; then
    say "wasm-bindgen-cli $want present"
  else
    say "installing wasm-bindgen-cli $want (found: ${have:-none}); this takes a few minutes"
    cargo install wasm-bindgen-cli --version "=$want" --force
    say "wasm-bindgen-cli $want installed"
  fi
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "chromium and chromedriver present"
  else
    sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
    say "chromium and chromedriver installed"
  fi
fi
