# Lifecycle (sourced by run-scenario.sh): the sidecar crashes in the middle of an image import.
# shellcheck shell=sh disable=SC2034,SC2154 # CRASH_DURING: read by lifecycle-crash.sh; LIFECYCLE: set by run-scenario.sh
CRASH_DURING=import
# shellcheck source=test/dind/lifecycle-crash.sh
. "${LIFECYCLE%/*}/lifecycle-crash.sh"
