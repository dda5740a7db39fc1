#!/usr/bin/env bash
# `npm test`: setup, build, then the test tiers (native Rust and JS, browser, e2e) with a summary; fails if any tier fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

header() { printf '\n======== %s ========\n' "$*"; }
declare -a summary=()
failed=0
tier() { # tier NAME COMMAND...: runs one tier, records PASS/FAIL with its time
  local name=$1 start=$SECONDS; shift
  header "$name"
  if "$@"; then summary+=("$(printf '%-8s PASS (%ss)' "$name" $((SECONDS - start)))")
  else summary+=("$(printf '%-8s FAIL (%ss)' "$name" $((SECONDS - start)))"); failed=1; fi
}
skip() { header "$1"; echo "skipped: $2"; summary+=("$(printf '%-8s SKIP (%s)' "$1" "$2")"); }

header setup
bash scripts/setup.sh --browser
header build
npm run build --silent

tier native cargo test
tier js node --test tests/js/
tier fuzz bash scripts/fuzz.sh --smoke
tier types npx --no-install tsc -p tests/types
tier size node --test tests/size.spec.mjs

if [ -f tests/browser.rs ]; then
  tier browser env CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser
else
  skip browser "no tests/browser.rs"
fi

shopt -s nullglob
specs=(tests/e2e/*.spec.mjs)
if [ ${#specs[@]} -gt 0 ]; then
  tier e2e node --test --test-concurrency=1 "${specs[@]}"
else
  skip e2e "no tests/e2e/*.spec.mjs"
fi

header summary
printf '%s\n' "${summary[@]}"
exit $failed
