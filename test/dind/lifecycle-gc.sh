# Lifecycle (sourced by run-scenario.sh): fill the build cache (24 MiB) while dockerd runs with a large bound
# (DEVPOD_BUILD_CACHE_MIB from the harness), restart it with the same bound (control: a restart alone prunes nothing),
# then restart it with the small bound GC_BOUND_MIB and let the daemon's own GC policy act. BuildKit runs its GC 1 s
# after the daemon starts and 1 s after each build, at most once a minute (buildkit control.go:
# throttle.After(time.Minute, gc)); a restart is the deterministic trigger. Prints key=value lines.
# shellcheck shell=sh disable=SC2154 # BASE_IMAGE, GRACE_SECONDS, GC_BOUND_MIB: set by run-scenario.sh, the harness
cache_bytes() {
	# The daemon's own accounting of the build cache (what its GC prunes), in bytes.
	docker_ system df --format '{{.Type}}={{.Size}}' | sed -n 's/^Build Cache=//p' | awk '
		/kB$/ { printf "%d\n", $0 * 1000; next } /MB$/ { printf "%d\n", $0 * 1000000; next }
		/GB$/ { printf "%d\n", $0 * 1000000000; next } { printf "%d\n", $0 }'
}
ctx=$(mktemp -d)
for i in 1 2 3 4 5 6; do
	# Distinct content per build: six cache records of 4 MiB each, none referenced by an image.
	printf 'FROM %s\nRUN dd if=/dev/urandom of=/fill bs=1048576 count=4 2>/dev/null && echo %s\n' "${BASE_IMAGE}" "${i}" >"${ctx}/Dockerfile"
	DOCKER_BUILDKIT=1 docker_ build --network=none --output "type=tar,dest=${ctx}/out.tar" "${ctx}" >"${ctx}/build.log" 2>&1 ||
		tail -n 5 "${ctx}/build.log"
done
echo "filled=$(cache_bytes)"
restart() {
	stop_dockerd "${GRACE_SECONDS}"
	start_dockerd
}
restart
sleep 3 # BuildKit's first GC runs 1 s after its start
echo "after_restart_same_bound=$(cache_bytes)"
DEVPOD_BUILD_CACHE_MIB=${GC_BOUND_MIB}
export DEVPOD_BUILD_CACHE_MIB
restart
echo "daemon_json=$(tr -d '\n' </run/dind/daemon.json)"
# BuildKit's first GC runs 1 s after its start; on a loaded machine give it up to 20 s.
tries=0
until [ "$(cache_bytes)" -le $((GC_BOUND_MIB * 1048576)) ] || [ "${tries}" -ge 40 ]; do
	tries=$((tries + 1))
	sleep 0.5
done
echo "after_restart_small_bound=$(cache_bytes)"
rm -rf "${ctx}"
