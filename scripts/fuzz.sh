#!/usr/bin/env bash
# `npm run fuzz`: runs each cargo-fuzz target (fuzz/) for a bounded time and prints its executions.
#   bash scripts/fuzz.sh            each target for FUZZ_SECONDS (default 60) seconds
#   bash scripts/fuzz.sh --smoke    each target for a fixed 5000 runs on its seeds (npm test)
#   bash scripts/fuzz.sh [--smoke] config_parse   only the named target(s)
# Installs cargo-fuzz if it is missing (a few minutes, once); needs the nightly toolchain.
# Long runs grow fuzz/corpus/<target> (git-ignored) from fuzz/seeds/<target> (committed); the smoke
# run starts from the seeds alone in a temporary directory. A finding is saved under
# fuzz/artifacts/<target>/ and fails the script, with libFuzzer's log and the panic's backtrace.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf 'fuzz: %s\n' "$*"; }

smoke=0
targets=()
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) echo "fuzz: unknown option $arg" >&2; exit 2 ;;
    *) targets+=("$arg") ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(config_parse state_decode tape_decode)
seconds=${FUZZ_SECONDS:-60}
smoke_runs=5000
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: FUZZ_SECONDS must be a positive integer" >&2; exit 2; }

# Tools: nightly (cargo-fuzz builds with sanitizers), cargo-fuzz itself.
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  say "installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal
fi
if cargo fuzz --version >/dev/null 2>&1; then
  say "$(cargo fuzz --version) present"
else
  say "installing cargo-fuzz (takes a few minutes, once)"
  cargo install cargo-fuzz --locked
fi
# Builds use ASan without -Zbuild-std, so rust-src is only needed for the memory sanitizer.
if [ "${FUZZ_SANITIZER:-address}" = memory ] &&
  ! rustup component list --toolchain nightly --installed | grep -q '^rust-src'; then
  rustup component add rust-src --toolchain nightly
fi

# Release build with debug assertions and overflow checks (so overflow is a finding too).
build_flags=(-O -a --sanitizer "${FUZZ_SANITIZER:-address}")
say "building ${targets[*]}"
for target in "${targets[@]}"; do
  cargo +nightly fuzz build "${build_flags[@]}" "$target"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
declare -a summary=()
failed=0
for target in "${targets[@]}"; do
  seeds=fuzz/seeds/$target
  [ -d "$seeds" ] || { echo "fuzz: no seed corpus $seeds" >&2; exit 2; }
  mkdir -p "fuzz/artifacts/$target"
  log=fuzz/artifacts/$target.log
  if [ $smoke = 1 ]; then
    corpus=$tmp/$target
    limit=(-runs=$smoke_runs)
    say "$target: $smoke_runs runs (smoke)"
  else
    corpus=fuzz/corpus/$target
    limit=(-max_total_time="$seconds")
    say "$target: $seconds s, corpus $corpus + $seeds, log $log"
  fi
  mkdir -p "$corpus"
  args=(
    "${limit[@]}" -print_final_stats=1 -timeout=10 -max_len=8192
    -dict="fuzz/dicts/$target.dict" -artifact_prefix="fuzz/artifacts/$target/"
  )
  start=$SECONDS
  status=0
  cargo +nightly fuzz run "${build_flags[@]}" "$target" "$corpus" "$seeds" -- "${args[@]}" >"$log" 2>&1 ||
    status=$?
  runs=$(awk '/^stat::number_of_executed_units:/ { print $2 }' "$log" | tail -n 1)
  rate=$(awk '/^stat::average_exec_per_sec:/ { print $2 }' "$log" | tail -n 1)
  units=$(ls "$corpus" | wc -l)
  if [ $status = 0 ]; then
    per_second=; [ "${rate:-0}" = 0 ] || per_second=" ($rate/s)"
    line=$(printf '%-13s PASS %s executions in %ss%s, corpus %s' \
      "$target" "${runs:-?}" $((SECONDS - start)) "$per_second" "$units")
  else
    failed=1
    line=$(printf '%-13s FAIL after %s executions (exit %s); see %s' \
      "$target" "${runs:-?}" "$status" "$log")
    echo "---- $target: the finding (full log: $log) ----"
    # The panic message and backtrace (or the sanitizer's, timeout's or OOM's report)...
    awk '/panicked at|ERROR: /{p=1} p{print} /^SUMMARY/{exit}' "$log" | head -n 150
    # ...then where cargo-fuzz saved the input and how to replay it.
    grep -A2 -E '^(Failing input|Output of `std::fmt::Debug`|Reproduce with):' "$log" || tail -n 30 "$log"
  fi
  say "$line"
  summary+=("$line")
done

printf '\n'
printf '%s\n' "${summary[@]}"
exit $failed
