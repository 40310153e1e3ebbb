#!/usr/bin/env bash
# `npm test`: every project's lint, typecheck, unit, integration and e2e targets through Nx, in two lanes:
#   lane 1: integration and e2e suites, two at a time. Each suite spends much of its time waiting on the real servers
#           (commits, deliveries, retries, timeouts), so two overlap well on two cores; each has its own databases,
#           vhost and key prefix, and the fault tests stop brokers of their own, never the machine's.
#   lane 2: lint, typecheck and unit, one after the other, beside lane 1; `--batch`: the lint tasks of every project
#           not cached run in one ESLint process, the typecheck tasks in one TypeScript program (tools/nx-batch), each
#           still cached per project
# The same targets as `nx run-many -t lint typecheck test e2e` (parallel 2), which does not keep the checks beside the
# suites. Both lanes read and fill the same Nx cache (.nx/cache); the builds come first, once.
# Arguments go to every `nx run-many`: `npm test -- -p task-service,platform-testing` runs those projects' targets.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NX_DAEMON=false

nx() { node node_modules/nx/bin/nx.js "$@"; }

# each Jest process writes its failed tests here (tools/jest/failure-summary.reporter.cjs); printed again at the end
export TASKHUB_TEST_FAILURES_DIR="$PWD/tmp/test-failures"
rm -rf "$TASKHUB_TEST_FAILURES_DIR"

nx run-many -t build --output-style=static "$@"

nx run-many -t integration e2e --parallel=2 --output-style=static "$@" &
suites=$!
trap 'kill "$suites" 2>/dev/null || true' INT TERM EXIT

checks=0
nx run-many -t lint typecheck unit --parallel=1 --batch --output-style=static "$@" || checks=$?
suites_rc=0
wait "$suites" || suites_rc=$?
trap - INT TERM EXIT

if compgen -G "$TASKHUB_TEST_FAILURES_DIR/*.txt" >/dev/null; then
  echo
  echo "npm test: the tests that failed (the first lines of each error; Jest's whole report is further up):"
  cat "$TASKHUB_TEST_FAILURES_DIR"/*.txt | head -n 150
fi
[ "$checks" -eq 0 ] || echo "npm test: lint, typecheck or unit failed (exit $checks): see the failed tasks above" >&2
[ "$suites_rc" -eq 0 ] || echo "npm test: an integration or e2e suite failed (exit $suites_rc): see the failed tasks above" >&2
[ "$checks" -eq 0 ] && [ "$suites_rc" -eq 0 ]
