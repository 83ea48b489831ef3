#!/bin/sh
# Runs one verification scenario in a private mount + network + pid namespace, like the workspace pod:
#   unshare --mount --net --pid --fork --mount-proc sh test/dind/run-scenario.sh
# The scenario's "PVC" is mounted at the home path, dockerd runs with the template's own args (real mode) or a stub
# `docker` answers (stub mode), then the template's script runs as the workspace user. Namespace teardown kills
# dockerd and unmounts everything, so nothing leaks to the host.
#
# Environment (set by test/dind/harness.ts):
#   WORK          scratch directory on the host's ext4 (holds the volume, logs, the script)
#   HOME_PATH     the template's home path
#   HOME_KIND     ext4 | overlay | tmpfs | emptydir | none  (what is mounted at HOME_PATH; none: a plain directory)
#   DOCKERD       real | late | stub | off | preflight  (late: dockerd restarts 3 s after the scripts start;
#                 preflight: the platform's preflight Job pod, see below)
#   DOCKERD_ARGS  file with the sidecar's args, one per line (real mode)
#   SOCKET_PATH   dockerd's unix socket
#   BASE_TAR      rootfs tarball to import as BASE_IMAGE before the script runs (real mode; optional)
#   BASE_IMAGE    name of that image
#   RUN_UID RUN_GID  the user the script runs as
#   SCRIPTS       file listing the rendered scripts to run, one path per line; output to WORK/script-N.log, status to .status
#   CLIENT_PATH   PATH for the scripts (the docker client to use, or the stub's directory first)
#   STUB_STATE STUB_ROOT  passed to the stub docker (stub mode)
#   SOCKET_LATE   stub mode: the socket starts with mode 0000 and gets its mode 1.5 s later
#   DATA_ROOT     the template's data root; its size (du -sk) goes to WORK/data-root-kib at the end
#   START_SCRIPT  the sidecar's start script (rendered); dockerd starts through it, as the container's command does.
#                 Empty: dockerd starts with the args alone.
#   TEST_CGROUP_PROCS  cgroup.procs files of the cgroup standing for the sidecar container; joined first
#   MTU           when set: an interface eth0 with this MTU and the default route, as a CNI gives the pod
#   HOME_OWNER    root: the volume root is root:root 0777 instead of what fsGroup makes of it
# Preflight mode runs the Job's two containers from their argv, one file per argument (arguments hold newlines):
#   SIDECAR_ARGV  directory 0, 1, ...: the sidecar container's command + args, run as root (PATH: SIDECAR_PATH first)
#   CHECK_ARGV    directory 0, 1, ...: the check container's command + args, run as RUN_UID with CHECK_HOME as HOME
#   Results: WORK/sidecar.status, WORK/sidecar.log (dockerd's output too), WORK/script-0.{log,status} (the check),
#   WORK/dockerd-left (dockerd processes still running after the sidecar exited).
set -eu
: "${WORK:?}" "${HOME_PATH:?}" "${HOME_KIND:?}" "${DOCKERD:?}" "${SOCKET_PATH:?}" "${RUN_UID:?}" "${RUN_GID:?}"
: "${SCRIPTS:?}" "${CLIENT_PATH:?}" "${DOCKERD_ARGS:=}" "${BASE_TAR:=}" "${BASE_IMAGE:=}"

# The sidecar container's own cgroup: everything below (dockerd, its containers) starts in it.
for procs in ${TEST_CGROUP_PROCS:-}; do
	echo $$ >"${procs}"
done

mount --make-rprivate /
ip link set lo up
if [ -n "${MTU:-}" ]; then
	# A veth pair whose peer stays in this namespace: nothing leaves it; it gives a default route and an MTU to read.
	ip link add eth0 type veth peer name eth0-peer
	ip link set eth0 mtu "${MTU}" up
	ip link set eth0-peer up
	ip route add default dev eth0
	# sysfs shows the network namespace of whoever mounted it: a fresh one, as a container runtime mounts for the pod,
	# with the cgroup hierarchies carried over.
	mkdir -p "${WORK}/sys"
	mount -t sysfs sysfs "${WORK}/sys"
	mount --rbind /sys/fs/cgroup "${WORK}/sys/fs/cgroup"
	mount --move "${WORK}/sys" /sys
fi
# A private /run: dockerd's pidfile, exec-root, managed containerd and the socket directory, as in the sidecar.
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p "${SOCKET_PATH%/*}"

# The home path's parent becomes an empty tmpfs, so that HOME_PATH is only what the scenario mounts there.
home_parent=${HOME_PATH%/*}
mount -t tmpfs -o mode=0755 tmpfs "${home_parent:-/}"
mkdir -p "${HOME_PATH}"
case ${HOME_KIND} in
	ext4)
		mkdir -p "${WORK}/volume"
		mount --bind "${WORK}/volume" "${HOME_PATH}"
		;;
	overlay)
		mkdir -p "${WORK}/lower" "${WORK}/upper" "${WORK}/overlay-work"
		mount -t overlay overlay \
			-o "lowerdir=${WORK}/lower,upperdir=${WORK}/upper,workdir=${WORK}/overlay-work" "${HOME_PATH}"
		;;
	emptydir)
		# Where kubelet keeps an emptyDir on the node: the mount's root shows it in mountinfo.
		mkdir -p "${WORK}/pods/uid/volumes/kubernetes.io~empty-dir/home"
		mount --bind "${WORK}/pods/uid/volumes/kubernetes.io~empty-dir/home" "${HOME_PATH}"
		;;
	tmpfs) mount -t tmpfs -o mode=0755 tmpfs "${HOME_PATH}" ;;
	none) ;;
	*)
		echo "error: unknown HOME_KIND ${HOME_KIND}" >&2
		exit 2
		;;
esac
# What kubelet's fsGroup does to the volume root: group-owned by the workspace gid, setgid, group-writable.
# HOME_OWNER=root: a root that kubelet's OnRootMismatch would re-own at the next mount (root's group, no setgid).
if [ "${HOME_OWNER:-}" = root ]; then
	chown 0:0 "${HOME_PATH}"
	chmod 0777 "${HOME_PATH}"
else
	chown "${RUN_UID}:${RUN_GID}" "${HOME_PATH}"
	chmod 2775 "${HOME_PATH}"
fi

# run_argv DIR: runs the command whose arguments are the files DIR/0, DIR/1, ... (exactly: trailing newlines kept).
# Kept in its own file, so that the check container's user can source it too.
cat >"${WORK}/run-argv.sh" <<'RUN_ARGV'
run_argv() {
	argv_dir=$1
	set --
	i=0
	while [ -e "${argv_dir}/${i}" ]; do
		arg=$(
			cat "${argv_dir}/${i}"
			echo x
		)
		set -- "$@" "${arg%x}"
		i=$((i + 1))
	done
	"$@"
}
RUN_ARGV
# shellcheck source=/dev/null # written just above
. "${WORK}/run-argv.sh"

# dockerd_count: how many dockerd processes run in this pid namespace.
dockerd_count() {
	for comm in /proc/[0-9]*/comm; do
		cat "${comm}" 2>/dev/null || :
	done | grep -cx dockerd || :
}

# start_dockerd: the template's args, in the background; sets dockerd_pid, waits (bounded) until it answers.
# A dockerd that exits (the overlay scenario) is the scenario's point, not an error.
start_dockerd() {
	IFS='
'
	# shellcheck disable=SC2046 # one arg per line, none with spaces
	set -- $(cat "${DOCKERD_ARGS}")
	unset IFS
	if [ -n "${START_SCRIPT:-}" ]; then
		# As the container's command: sh -c "<start script>" dind-start dockerd ...
		sh -c "$(cat "${START_SCRIPT}")" dind-start "$@" >>"${WORK}/dockerd.log" 2>&1 &
	else
		"$@" >>"${WORK}/dockerd.log" 2>&1 &
	fi
	dockerd_pid=$!
	tries=0
	until docker --host "unix://${SOCKET_PATH}" version >/dev/null 2>&1; do
		tries=$((tries + 1))
		if [ "${tries}" -ge 60 ] || ! kill -0 "${dockerd_pid}" 2>/dev/null; then
			break
		fi
		sleep 0.5
	done
}

case ${DOCKERD} in
	real | late)
		start_dockerd
		if [ -n "${BASE_TAR}" ] && docker --host "unix://${SOCKET_PATH}" version >/dev/null 2>&1; then
			docker --host "unix://${SOCKET_PATH}" import "${BASE_TAR}" "${BASE_IMAGE}" >/dev/null
		fi
		if [ "${DOCKERD}" = late ]; then
			# As in a pod whose containers start together: dockerd (data root already holding the base image) comes
			# up only while the script is already waiting for it.
			kill "${dockerd_pid}"
			wait "${dockerd_pid}" || :
			(
				sleep 3
				start_dockerd
			) &
		fi
		;;
	stub)
		# A real unix socket file with the template's ownership, for the script's -S/-r/-w checks.
		python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "${SOCKET_PATH}"
		chgrp "${RUN_GID}" "${SOCKET_PATH}"
		if [ -n "${SOCKET_LATE:-}" ]; then
			# As dockerd does: the socket exists with mode 0000 for a moment before its mode is set.
			chmod 0000 "${SOCKET_PATH}"
			(
				sleep 1.5
				chmod 0660 "${SOCKET_PATH}"
			) &
		else
			chmod 0660 "${SOCKET_PATH}"
		fi
		;;
	off) ;;
	preflight)
		# The check runs as RUN_UID and sources WORK/run-argv.sh.
		chmod 0755 "${WORK}"
		# As kubelet makes an emptyDir: world-writable, so that the check (uid RUN_UID) can leave its done file.
		chmod 0777 "${SOCKET_PATH%/*}"
		(
			PATH="${SIDECAR_PATH:?}:${PATH}"
			run_argv "${SIDECAR_ARGV:?}" >"${WORK}/sidecar.log" 2>&1
		) &
		sidecar_pid=$!
		# No registry: once dockerd answers, import the smoke build's base image (as the real mode does).
		# dockerd exits at start on a bad data root (overlay): stop waiting once no dockerd process is left.
		tries=0
		until docker --host "unix://${SOCKET_PATH}" version >/dev/null 2>&1 || [ "${tries}" -ge 60 ]; do
			tries=$((tries + 1))
			if [ "${tries}" -ge 4 ] && [ "$(dockerd_count)" -eq 0 ]; then
				break
			fi
			sleep 0.5
		done
		if [ -n "${BASE_TAR}" ] && docker --host "unix://${SOCKET_PATH}" version >/dev/null 2>&1; then
			docker --host "unix://${SOCKET_PATH}" import "${BASE_TAR}" "${BASE_IMAGE}" >/dev/null
		fi
		status=0
		# shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments
		setpriv --reuid="${RUN_UID}" --regid="${RUN_GID}" --clear-groups \
			env -i PATH="${CLIENT_PATH}" HOME="${CHECK_HOME:?}" \
			sh -c '. "$1"; run_argv "$2"' load "${WORK}/run-argv.sh" "${CHECK_ARGV:?}" \
			>"${WORK}/script-0.log" 2>&1 </dev/null || status=$?
		echo "${status}" >"${WORK}/script-0.status"
		# The sidecar must now end by itself; a bound keeps a hanging one from hanging the test.
		(
			sleep 60
			kill -KILL "${sidecar_pid}" 2>/dev/null || :
		) &
		status=0
		wait "${sidecar_pid}" || status=$?
		echo "${status}" >"${WORK}/sidecar.status"
		dockerd_count >"${WORK}/dockerd-left"
		;;
	*)
		echo "error: unknown DOCKERD ${DOCKERD}" >&2
		exit 2
		;;
esac

if [ "${DOCKERD}" = preflight ]; then
	exit 0
fi

# Whatever listens on TCP in the pod's network namespace (the template's dockerd: nothing).
ss -Hltn >"${WORK}/tcp-listeners" 2>&1 || :

n=0
while IFS= read -r script; do
	status=0
	# The workspace user: no supplementary groups beyond RUN_GID, a clean environment, as Coder's agent would run it.
	setpriv --reuid="${RUN_UID}" --regid="${RUN_GID}" --clear-groups \
		env -i PATH="${CLIENT_PATH}" HOME="${HOME_PATH}" DOCKER_HOST="unix://${SOCKET_PATH}" \
		STUB_STATE="${STUB_STATE:-}" STUB_ROOT="${STUB_ROOT:-}" \
		sh "${script}" >"${WORK}/script-${n}.log" 2>&1 </dev/null || status=$?
	echo "${status}" >"${WORK}/script-${n}.status"
	n=$((n + 1))
done <"${SCRIPTS}"

if [ -n "${DATA_ROOT:-}" ] && [ -d "${DATA_ROOT}" ]; then
	du -sk "${DATA_ROOT}" >"${WORK}/data-root-kib" 2>/dev/null || :
fi
