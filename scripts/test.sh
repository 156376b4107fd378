#!/usr/bin/env bash
# `npm test`: every suite, in two lanes side by side (most of their time is spent waiting on the
# servers and databases each suite starts, so two lanes on two cores take about the time of one):
#   lane 1: the integration suite on the embedded storage adapter, with the files that choose
#           their adapters themselves (the storage contract suites in tests/integration/storage,
#           cluster.test.ts: once is enough), then the first half of the browser suite;
#   lane 2: the unit tests, then the integration suite again on the mongodb adapter (its queries
#           run on FerretDB, without index support), then the browser suite's second half on that
#           adapter. The contract suites sit in lane 1 because that pass is the shorter one.
# The browser suite's halves (playwright.config.ts) are balanced by their measured times: each
# browser test runs once, on one adapter.
# Each lane starts its own database and servers on free ports. Exits non-zero if either fails.
set -uo pipefail
cd "$(dirname "$0")/.."

lane2_log=$(mktemp)
(
  npm run test:unit && STORAGE=mongodb STORAGE_SUITES=skip npm run test:integration:mongodb && E2E_PART=second npm run test:e2e:mongodb
) >"$lane2_log" 2>&1 &
lane2=$!

lane1_log=$(mktemp)
(STORAGE_SUITES=run npm run test:integration && E2E_PART=first npm run test:e2e) 2>&1 | tee "$lane1_log"
lane1_rc=${PIPESTATUS[0]}
wait "$lane2"
lane2_rc=$?

printf '\n=== lane 2: unit tests, then the integration suite and the second half of the browser suite on the mongodb adapter (rc %s)\n' "$lane2_rc"
cat "$lane2_log"

# What failed, last: a CI report that keeps only the end of the output still names it.
failures() {
  # vitest's "Failed Tests" section up to its summary, else Playwright's closing list of failures.
  sed -n '/Failed Tests/,/Test Files/p' "$1" | head -n 120
  sed -n '/[0-9]\+ failed$/,$p' "$1" | head -n 40
}
if [ "$lane1_rc" != 0 ] || [ "$lane2_rc" != 0 ]; then
  for lane in 1 2; do
    log_var="lane${lane}_log" rc_var="lane${lane}_rc"
    if [ "${!rc_var}" != 0 ]; then
      printf '\n=== lane %s failed (rc %s); its failures:\n' "$lane" "${!rc_var}"
      failures "${!log_var}" | sed 's/\x1b\[[0-9;]*m//g'
    fi
  done
  rm -f "$lane1_log" "$lane2_log"
  echo "tests failed: lane 1 (embedded integration + e2e, first half) rc $lane1_rc, lane 2 (unit + mongodb integration + e2e, second half) rc $lane2_rc"
  exit 1
fi
rm -f "$lane1_log" "$lane2_log"
