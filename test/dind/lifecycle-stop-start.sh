# Lifecycle (sourced by run-scenario.sh): a workspace stop and start. Build an image (cold), start a user container that
# ignores SIGTERM and asks for a 300 s stop timeout and one with --restart=unless-stopped, stop the sidecar as kubelet does (preStop hook, SIGTERM, SIGKILL at
# the end of the grace period), start a new dockerd on the same data root, build the same Dockerfile again (warm).
# Prints key=value lines.
# shellcheck shell=sh disable=SC2154 # BASE_IMAGE, GRACE_SECONDS, stop_status, stop_seconds: set by run-scenario.sh
ctx=$(mktemp -d)
printf 'FROM %s\nRUN dd if=/dev/urandom of=/data bs=1048576 count=16 2>/dev/null\nRUN sleep 1 && echo step >/step\nRUN cat /step >/done\n' \
	"${BASE_IMAGE}" >"${ctx}/Dockerfile"
build() {
	begin=$(date +%s.%N)
	DOCKER_BUILDKIT=1 docker_ build --progress=plain --network=none -t devpod-life:1 "${ctx}" >"${ctx}/build.log" 2>&1 ||
		tail -n 5 "${ctx}/build.log"
	echo "$1_seconds=$(echo "$(date +%s.%N) ${begin}" | awk '{ printf "%.2f", $1 - $2 }')"
	echo "$1_cached=$(grep -c '^#[0-9]* CACHED' "${ctx}/build.log")"
}
build cold
docker_ run -d --name stubborn --network=none --stop-timeout=300 "${BASE_IMAGE}" sh -c 'while :; do sleep 1; done' >/dev/null
# A dev database as compose starts it: it must be running again after the start.
docker_ run -d --name keeper --network=none --restart=unless-stopped "${BASE_IMAGE}" sh -c 'trap "exit 0" TERM; while :; do sleep 1; done' >/dev/null
images() {
	docker_ images --format '{{.Repository}}:{{.Tag}}@{{.ID}}' | sort | tr '\n' ' '
}
echo "images_before=$(images)"
echo "running_before=$(docker_ ps --format '{{.Names}}' | sort | tr '\n' ' ')"
stop_dockerd "${GRACE_SECONDS}"
echo "stop_status=${stop_status}"
echo "stop_seconds=${stop_seconds}"
start_dockerd
echo "images_after=$(images)"
echo "stubborn_after=$(docker_ ps -a --filter name=stubborn --format '{{.Status}}')"
echo "keeper_after=$(docker_ ps -a --filter name=keeper --format '{{.Status}}')"
build warm
rm -rf "${ctx}"
