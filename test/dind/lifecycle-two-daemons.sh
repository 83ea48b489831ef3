# Lifecycle (sourced by run-scenario.sh): a workspace restarted faster than its old pod stops. The old pod's dockerd
# (this scenario's, "pod A") keeps running while a new pod ("pod B": its own mount namespace, /run and socket
# emptyDir, the same home volume on the same node) starts:
#   1. a bare dockerd with the template's args in a pod B: what a second dockerd does on a held data root;
#   2. meanwhile, the template's sidecar command in another pod B, and the verification in its workspace;
#   3. A stops; B's dockerd comes up and the verification passes.
# Prints key=value lines, and the two verifications' output prefixed with "verify_b1: " and "verify_b2: ".
# shellcheck shell=sh disable=SC2154 # WORK, DOCKERD_ARGS, START_SCRIPT, SCRIPTS, SOCKET_PATH, dockerd_pid: run-scenario.sh
verify_script=$(head -n 1 "${SCRIPTS}")
# Pod B's namespace: a fresh /run with its socket directory, as a new pod's container and emptyDir.
# shellcheck disable=SC2016 # expanded by pod B's shell
pod_b() {
	unshare --mount sh -c 'mount --make-rprivate / && mount -t tmpfs -o mode=0755 tmpfs /run && mkdir -p "${SOCKET_DIR}" && exec "$@"' pod-b "$@"
}
export SOCKET_DIR="${SOCKET_PATH%/*}"

# 1. Bare dockerd B, bounded: how it fails while A holds the data root. In the background: pod B's verification below
#    waits at the same time; A stops only once the bare dockerd has given up.
IFS='
'
# shellcheck disable=SC2046 # one arg per line, none with spaces
set -- $(cat "${DOCKERD_ARGS}")
unset IFS
(
	bare_begin=$(date +%s)
	bare_status=0
	pod_b timeout 60 "$@" >"${WORK}/dockerd-bare.log" 2>&1 || bare_status=$?
	printf 'bare_status=%s\nbare_seconds=%s\n' "${bare_status}" "$(($(date +%s) - bare_begin))" >"${WORK}/bare.tmp"
	mv "${WORK}/bare.tmp" "${WORK}/bare.result"
) &
bare_job=$!

export VERIFY="${verify_script}" A_PID="${dockerd_pid}" START_SCRIPT WORK SOCKET_PATH RUN_UID RUN_GID CLIENT_PATH HOME_PATH
# run_as_user (run-scenario.sh) for pod B's shell, which does not inherit functions.
export RUN_AS_USER="setpriv --reuid=${RUN_UID} --regid=${RUN_GID} --clear-groups env -i PATH=${CLIENT_PATH} HOME=${HOME_PATH} DOCKER_HOST=unix://${SOCKET_PATH} sh"
# 2 and 3, all in pod B: the sidecar's command in the background, the verification while A runs, then A stops.
# shellcheck disable=SC2016 # expanded by pod B's shell
pod_b sh -c '
	run_as_user_b() { ${RUN_AS_USER} "$1" </dev/null; }
	sh -c "$(cat "${START_SCRIPT}")" dind-start "$@" >"${WORK}/dockerd-b.log" 2>&1 &
	b=$!
	status=0
	run_as_user_b "${VERIFY}" >"${WORK}/verify-b1.log" 2>&1 || status=$?
	echo "verify_b1_status=${status}"
	sed "s/^/verify_b1: /" "${WORK}/verify-b1.log"
	tries=0
	until [ -f "${WORK}/bare.result" ] || [ "${tries}" -ge 300 ]; do
		tries=$((tries + 1))
		sleep 0.25
	done
	# A still runs (it is not a zombie), and the bare dockerd left no containerd behind waiting for the lock (A has one).
	echo "a_alive_after_bare=$(sed -n "s/^State:[[:space:]]*\([A-Z]\).*/\1/p" "/proc/${A_PID}/status")"
	echo "containerd_processes=$(grep -lx containerd /proc/[0-9]*/comm 2>/dev/null | wc -l)"
	echo "status_file_b1=$(cat "${SOCKET_DIR}/dind-start.status")"
	kill -TERM "${A_PID}"
	tries=0
	until docker --host "unix://${SOCKET_PATH}" version >/dev/null 2>&1 || [ "${tries}" -ge 120 ]; do
		tries=$((tries + 1))
		sleep 0.25
	done
	echo "b_up_after_a_stop_ms=$((tries * 250))"
	# Whether B started dockerd because its wait ran out (dind-start says so) rather than because A let go.
	echo "b_gave_up_waiting=$(grep -c "still held after" "${WORK}/dockerd-b.log" || :)"
	status=0
	run_as_user_b "${VERIFY}" >"${WORK}/verify-b2.log" 2>&1 || status=$?
	echo "verify_b2_status=${status}"
	sed "s/^/verify_b2: /" "${WORK}/verify-b2.log"
	echo "status_file_b2=$(cat "${SOCKET_DIR}/dind-start.status")"
	kill -TERM "${b}"
	wait "${b}"
	echo "b_exit=$?"
' pod-b-shell "$@"
wait "${bare_job}"
cat "${WORK}/bare.result"
echo "bare_error=$(tail -n 1 "${WORK}/dockerd-bare.log")"
# Pod A is gone: the scripts after this file have no daemon of their own to check.
: >"${SCRIPTS}"
