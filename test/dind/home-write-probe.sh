#!/bin/sh
# Test workload, run as the workspace user: can it write its own home? Prints key=value lines.
set -eu
status=0
touch "${HOME}/written-by-user" 2>/dev/null || status=1
echo "write_status=${status}"
echo "home=$(stat -c '%u:%g %a' "${HOME}")"
if [ "${status}" -eq 0 ]; then
	echo "file=$(stat -c '%u:%g' "${HOME}/written-by-user")"
fi
