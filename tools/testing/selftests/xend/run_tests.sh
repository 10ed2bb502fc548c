#!/bin/sh
# Run this suite's test programs under the shared runner, which nests each
# program's TAP under one result line (KTAP style) and bounds each one.
TEST_TIMEOUT=${TEST_TIMEOUT:-60} exec "$(dirname "$0")/../run_kselftest.sh" "$@"
