#!/bin/sh
# Bench workload, run as the workspace user after the verification and the prewarm: the first `docker run` of the
# image the prewarm pulled (PREWARM_WARM) and of one it did not (PREWARM_COLD, pulled by the run itself from the
# scenario's local registry). Prints key=value lines.
set -eu
present() {
	if docker image inspect "$1" >/dev/null 2>&1; then echo yes; else echo no; fi
}
first_run() {
	begin=$(date +%s.%N)
	docker run --rm --network none "$2" true >/dev/null 2>&1
	echo "$1_seconds=$(echo "$(date +%s.%N) ${begin}" | awk '{ printf "%.2f", $1 - $2 }')"
}
echo "warm_present=$(present "${PREWARM_WARM:?}")"
echo "cold_present=$(present "${PREWARM_COLD:?}")"
first_run warm "${PREWARM_WARM}"
first_run cold "${PREWARM_COLD}"
