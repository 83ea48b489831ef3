#!/bin/sh
# A stand-in for the docker:dind image's ENTRYPOINT (dockerd-entrypoint.sh) in the preflight scenarios: with a first
# argument `dockerd` (as the template's args have) the real one only wraps it in docker-init and the dind helper,
# which the real-dockerd tests do not exercise (README: what the tests do not cover). Anything else is a test error.
set -eu
if [ "${1:-}" != dockerd ]; then
	echo "stand-in dockerd-entrypoint.sh: expected dockerd as the first argument, got: $*" >&2
	exit 64
fi
exec "$@"
