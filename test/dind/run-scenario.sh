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
#   SOCKET_LATE   stub mode: the socket starts with mode 0000 and gets its mode once the script has seen that
#   DATA_ROOT     the template's data root; its size (du -sk) goes to WORK/data-root-kib at the end
#   START_SCRIPT  the sidecar's start script (rendered); dockerd starts through it, as the container's command does.
#                 Empty: dockerd starts with the args alone.
#   TEST_CGROUP_PROCS  cgroup.procs files of the cgroup standing for the sidecar container; joined first
#   TEST_CGROUP   that cgroup's path (cgroup v1 hosts): laid out in this mount namespace as runc shows a container
#                 its own cgroup, see below
#   MTU           when set: an interface eth0 with this MTU and the default route, as a CNI gives the pod
#   HOME_OWNER    root: the volume root is root:root 0777 instead of what fsGroup makes of it
#   DOCKER_VOLUME dockerVolume separate: what is mounted at DATA_ROOT. ext4: a filesystem of its own (a loop-mounted
#                 ext4 image, as Longhorn's block device), its DOCKER_SUBPATH directory bound there (kubelet's subPath);
#                 home: a directory of the home volume bound there (the home claim mounted twice); none: nothing mounted
#                 there (the data root is a directory of the sidecar's own filesystem, here a tmpfs). Empty: untouched.
# Preflight mode runs the Job's two containers from their argv, one file per argument (arguments hold newlines):
#   SIDECAR_ARGV  directory 0, 1, ...: the sidecar container's command + args, run as root (PATH: SIDECAR_PATH first)
#   CHECK_ARGV    directory 0, 1, ...: the check container's command + args, run as RUN_UID with CHECK_HOME as HOME
#   Results: WORK/sidecar.status, WORK/sidecar.log (dockerd's output too), WORK/script-0.{log,status} (the check),
#   WORK/dockerd-left (dockerd processes still running after the sidecar exited).
#   LIFECYCLE     when set: a shell file sourced once dockerd is up (real mode), before the scripts; output to
#                 WORK/lifecycle.log, status to WORK/lifecycle.status. It may use start_dockerd, $dockerd_pid (the
#                 sidecar's main process), stop_dockerd, docker_ (the docker client on the socket) and everything here;
#                 it must not call exit.
#   STOP_SCRIPT   the sidecar's preStop hook (rendered)
#   VENDORED_DIND the vendored docker:dind entrypoint's folder (on PATH already): its `dind` is laid over
#                 /usr/local/bin, where the entrypoint looks for it
#   GRACE_SECONDS the pod's terminationGracePeriodSeconds
#   ROOTLESS      isolation rootless: this mount namespace gets what the docker:dind-rootless image and a pod's /dev
#                 give the sidecar: /etc/passwd, subuid and subgid with user rootless (uid and gid RUN_UID/RUN_GID, one
#                 range 100000:65536, its HOME below WORK), a /dev/net/tun of its own (mode 0600, as a bare devtmpfs
#                 makes it: the prologue opens it up here, never on the host); the drop uses busybox's su, as in
#                 the image
#   START_STATUS_TEXT  stub and off modes: what the sidecar's start script would have left in its status file
#   START_STATUS_FILE  that file's path (the template's, in the socket directory)
#   DEVPOD_BUILD_CACHE_MIB  the sidecar container's environment, for its start script
set -eu
: "${WORK:?}" "${HOME_PATH:?}" "${HOME_KIND:?}" "${DOCKERD:?}" "${SOCKET_PATH:?}" "${RUN_UID:?}" "${RUN_GID:?}"
: "${SCRIPTS:?}" "${CLIENT_PATH:?}" "${DOCKERD_ARGS:=}" "${BASE_TAR:=}" "${BASE_IMAGE:=}" "${STOP_SCRIPT:=}"

# The sidecar container's own cgroup: everything below (dockerd, its containers) starts in it.
for procs in ${TEST_CGROUP_PROCS:-}; do
	echo $$ >"${procs}"
done

# unshare --mount already made every mount private (its --propagation default), so no mount --make-rprivate here.
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
	# The old sysfs goes, its submounts with it: mountinfo must list each cgroup mount once (runc reads it).
	umount -l /sys
	mount --move "${WORK}/sys" /sys
fi
if [ -n "${TEST_CGROUP:-}" ] && [ ! -f /sys/fs/cgroup/cgroup.controllers ]; then
	# runc's cgroup v1 layout (libcontainer rootfs_linux.go mountCgroupV1): a tmpfs at /sys/fs/cgroup holding, at
	# each hierarchy's mount point, a bind mount of the container's own cgroup. The host's hierarchies are detached
	# from this mount namespace (umount -l): left in mountinfo, the inner runc would pick them.
	staging=${WORK}/cgroup-fs
	mkdir -p "${staging}"
	mount -t tmpfs -o mode=0755 tmpfs "${staging}"
	awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup") print $5; break } }' /proc/self/mountinfo |
		while read -r hierarchy; do
			name=${hierarchy#/sys/fs/cgroup/}
			mkdir -p "${staging}/${name}"
			mount --bind "${hierarchy}${TEST_CGROUP}" "${staging}/${name}"
		done
	umount -l /sys/fs/cgroup
	mount --move "${staging}" /sys/fs/cgroup
fi
if [ -n "${VENDORED_DIND:-}" ]; then
	# The entrypoint runs /usr/local/bin/dind by that absolute path: a read-only overlay adds it there, in this mount
	# namespace only. dind mounts a tmpfs over /tmp unless /tmp is a mount point: harmless in the image, but here /tmp
	# holds the scenario's files, so it is made a mount point first.
	mount -t overlay overlay -o "lowerdir=${VENDORED_DIND}:/usr/local/bin" /usr/local/bin
	mount --bind /tmp /tmp
fi
# A private /run: dockerd's pidfile, exec-root, managed containerd and the socket directory, as in the sidecar.
mount -t tmpfs -o mode=0755 tmpfs /run
# The socket directory, and the mount point of the host's /tmp used below: one process for both.
mkdir -p "${SOCKET_PATH%/*}" /run/host-tmp
if [ -n "${ROOTLESS:-}" ]; then
	# As kubelet makes an emptyDir: world-writable (the socket is created there by uid RUN_UID).
	chmod 0777 "${SOCKET_PATH%/*}"
	# The rootless user's HOME is below WORK, which it must traverse.
	chmod 0755 "${WORK}"
	image_etc=${WORK}/image-etc
	mkdir -p "${image_etc}" "${WORK}/rootless-home"
	chown "${RUN_UID}:${RUN_GID}" "${WORK}/rootless-home"
	printf 'root:x:0:0:root:/root:/bin/sh\nrootless:x:%s:%s:Rootless:%s:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' \
		"${RUN_UID}" "${RUN_GID}" "${WORK}/rootless-home" >"${image_etc}/passwd"
	echo 'rootless:100000:65536' >"${image_etc}/subuid"
	echo 'rootless:100000:65536' >"${image_etc}/subgid"
	for f in passwd subuid subgid; do
		[ -e "/etc/${f}" ] || : >"/etc/${f}"
		mount --bind "${image_etc}/${f}" "/etc/${f}"
	done
	mount -t tmpfs -o mode=0755 tmpfs /dev/net
	mknod -m 0600 /dev/net/tun c 10 200
fi

# A private /tmp, as each container of the pod has its own: a file the scripts leave at its top (the verification's
# marker for the prewarm) stays in this namespace and never reaches the host's /tmp or another scenario. The host's
# directories there (the harness's, the test's stubs and scripts) are bound back at their paths; its files are not.
mount --bind /tmp /run/host-tmp
mount -t tmpfs -o mode=1777 tmpfs /tmp
# One mkdir and one `mount --all` of an fstab of bind mounts for all of them: two processes per directory cost ~0.1 s CPU
# a scenario on a busy /tmp. A name fstab would need escapes for (blank, backslash) is bound on its own.
host_tmp_fstab=/run/host-tmp.fstab
: >"${host_tmp_fstab}"
set --
for kept in /run/host-tmp/*/ /run/host-tmp/.[!.]*/; do
	[ -d "${kept}" ] || continue # an unmatched pattern
	kept=${kept%/}
	case ${kept##*/} in
		*[[:space:]\\]*)
			mkdir "/tmp/${kept##*/}"
			mount --bind "${kept}" "/tmp/${kept##*/}" 2>/dev/null || rmdir "/tmp/${kept##*/}" # removed meanwhile by another test
			;;
		*)
			set -- "$@" "/tmp/${kept##*/}"
			printf '%s %s none bind 0 0\n' "${kept}" "/tmp/${kept##*/}" >>"${host_tmp_fstab}"
			;;
	esac
done
if [ $# -gt 0 ]; then
	mkdir "$@"
	mount --all --fstab "${host_tmp_fstab}" 2>/dev/null || :
	# A directory removed meanwhile by another test is not mounted: its empty mount point goes. One rmdir for all: it
	# removes the empty, unmounted ones and refuses the bound ones (a mount point: EBUSY). No read of mountinfo per
	# directory (dash reads a byte a syscall: ~4 KB a directory, ~0.1 s CPU a scenario).
	rmdir "$@" 2>/dev/null || :
fi
rm -f "${host_tmp_fstab}"
# Gone before anything cleans /run: a crash's `rm -rf /run/*` would otherwise empty the host's /tmp through it.
umount /run/host-tmp
rmdir /run/host-tmp

# The home path's parent becomes an empty tmpfs, so that HOME_PATH is only what the scenario mounts there.
home_parent=${HOME_PATH%/*}
mount -t tmpfs -o mode=0755 tmpfs "${home_parent:-/}"
# The ext4 volume's directory is made with the mount point (one process).
home_volume=
[ "${HOME_KIND}" != ext4 ] || home_volume=${WORK}/volume
mkdir -p "${HOME_PATH}" ${home_volume:+"${home_volume}"}
case ${HOME_KIND} in
	ext4)
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
# HOME_OWNER=rwop: a fresh volume kubelet applied no fsGroup to (ReadWriteOncePod before Kubernetes 1.32): root:root 0755.
if [ "${HOME_OWNER:-}" = root ]; then
	chown 0:0 "${HOME_PATH}"
	chmod 0777 "${HOME_PATH}"
elif [ "${HOME_OWNER:-}" = rwop ]; then
	chown 0:0 "${HOME_PATH}"
	chmod 0755 "${HOME_PATH}"
else
	chown "${RUN_UID}:${RUN_GID}" "${HOME_PATH}"
	chmod 2775 "${HOME_PATH}"
fi

case ${DOCKER_VOLUME:-} in
	'') ;;
	ext4 | home | none)
		# The data root's parent becomes an empty tmpfs (the host's own directory stays untouched).
		data_parent=${DATA_ROOT%/*}
		mount -t tmpfs -o mode=0755 tmpfs "${data_parent:-/}"
		mkdir -p "${DATA_ROOT}"
		if [ "${DOCKER_VOLUME}" = none ]; then
			volume_dir=
		elif [ "${DOCKER_VOLUME}" = ext4 ]; then
			truncate -s 2G "${WORK}/docker-volume.img"
			mkfs.ext4 -q -F "${WORK}/docker-volume.img"
			mkdir -p "${WORK}/docker-volume"
			# A loop mount detaches its device when the namespace ends and the mount goes.
			mount -o loop "${WORK}/docker-volume.img" "${WORK}/docker-volume"
			volume_dir="${WORK}/docker-volume/${DOCKER_SUBPATH:?}"
		else
			volume_dir="${HOME_PATH}/.docker-volume"
		fi
		if [ -n "${volume_dir}" ]; then
			mkdir -p "${volume_dir}"
			mount --bind "${volume_dir}" "${DATA_ROOT}"
		fi
		;;
	*)
		echo "error: unknown DOCKER_VOLUME ${DOCKER_VOLUME}" >&2
		exit 2
		;;
esac

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
		# A real unix socket file with the template's ownership, for the script's -S/-r/-w checks. perl (perl-base,
		# always on Debian) binds it in ~15 ms, and gives it its group and first mode in the same process (a chgrp and a
		# chmod less per scenario); python3 through a version manager's shim took ~0.35 s CPU per scenario.
		# As dockerd does with SOCKET_LATE: the socket exists with mode 0000 for a moment before its mode is set. Set
		# once the script has seen it unusable (its log says so), so that the wait is certain and no longer than one poll.
		socket_mode=0660
		[ -z "${SOCKET_LATE:-}" ] || socket_mode=0000
		perl -MSocket -e 'my ($path, $gid, $mode) = @ARGV; socket(my $sock, AF_UNIX, SOCK_STREAM, 0) or die "socket: $!\n"; bind($sock, pack_sockaddr_un($path)) or die "cannot bind $path: $!\n"; chown(-1, $gid, $path) or die "cannot chgrp $path: $!\n"; chmod(oct($mode), $path) or die "cannot chmod $path: $!\n"' \
			"${SOCKET_PATH}" "${RUN_GID}" "${socket_mode}"
		if [ -n "${SOCKET_LATE:-}" ]; then
			(
				tries=0
				until grep -q "is not readable and writable" "${WORK}/script-0.log" 2>/dev/null || [ "${tries}" -ge 200 ]; do
					tries=$((tries + 1))
					sleep 0.05
				done
				chmod 0660 "${SOCKET_PATH}"
			) &
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
if [ -n "${START_STATUS_TEXT:-}" ]; then
	printf '%s\n' "${START_STATUS_TEXT}" >"${START_STATUS_FILE:?}"
fi

# docker_ ARG...: the scripts' docker client (CLIENT_PATH) on the sidecar's socket, as root.
docker_() {
	PATH="${CLIENT_PATH}" docker --host "unix://${SOCKET_PATH}" "$@"
}

# stop_dockerd SECONDS: what kubelet does at a pod's stop: the preStop hook, then SIGTERM to the container's main
# process, then SIGKILL once the grace period (SECONDS, counted from the hook's start) is over. Sets stop_status (the
# main process's exit status) and stop_seconds (how long it took), for the lifecycle file.
# shellcheck disable=SC2034 # read by the lifecycle file
stop_dockerd() {
	stop_begin=$(date +%s)
	PATH="${CLIENT_PATH}" sh "${STOP_SCRIPT}"
	kill -TERM "${dockerd_pid}"
	while kill -0 "${dockerd_pid}" 2>/dev/null && [ $(($(date +%s) - stop_begin)) -lt "$1" ]; do
		sleep 0.2
	done
	kill -KILL "${dockerd_pid}" 2>/dev/null || :
	stop_status=0
	wait "${dockerd_pid}" || stop_status=$?
	stop_seconds=$(($(date +%s) - stop_begin))
}

# kill_sidecar: what a crash of the sidecar container does (OOM kill, node reboot, kubelet's SIGKILL): every process
# of it is killed at once, its mount namespace goes with it (dockerd's layer mounts under the data root, its netns
# mounts), and the restarted container gets a fresh /run but the same socket emptyDir and the same volume.
kill_sidecar() {
	for proc in /proc/[0-9]*; do
		pid=${proc#/proc/}
		[ "${pid}" = 1 ] || [ "${pid}" = "$$" ] || kill -KILL "${pid}" 2>/dev/null || :
	done
	wait "${dockerd_pid}" 2>/dev/null || :
	awk -v root="${DATA_ROOT}" '$5 == root || index($5, root "/") == 1 || index($5, "/run/docker") == 1 { print $5 }' \
		/proc/self/mountinfo | sort -r | while read -r mnt; do umount -l "${mnt}" 2>/dev/null || :; done
	find /run -mindepth 1 -maxdepth 1 ! -path "${SOCKET_PATH%/*}" -exec rm -rf {} + 2>/dev/null || :
}

# run_as_user SCRIPT: runs a rendered script as the workspace user, as the scripts below are run.
run_as_user() {
	setpriv --reuid="${RUN_UID}" --regid="${RUN_GID}" --clear-groups \
		env -i PATH="${CLIENT_PATH}" HOME="${HOME_PATH}" DOCKER_HOST="unix://${SOCKET_PATH}" sh "$1" </dev/null
}

if [ -n "${LIFECYCLE:-}" ]; then
	set +e
	# shellcheck source=/dev/null
	. "${LIFECYCLE}" >"${WORK}/lifecycle.log" 2>&1
	echo "$?" >"${WORK}/lifecycle.status"
	set -e
fi

# Whatever listens on TCP in the pod's network namespace (the template's dockerd: nothing). Only with a dockerd:
# in stub and off modes nothing runs that could listen (and no test reads it there), so no ss process.
case ${DOCKERD} in
	real | late) ss -Hltn >"${WORK}/tcp-listeners" 2>&1 || : ;;
	*) ;;
esac

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
