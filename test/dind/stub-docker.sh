#!/bin/sh
# A stand-in `docker` client for the cases a local dockerd cannot produce. STUB_STATE picks the case:
#   snapshotter  Docker 29's containerd image store: driver "overlayfs", no backing filesystem reported
#   pull-fails   the base image is not present and the registry cannot be reached
#   run-einval   BuildKit's RUN fails to mount its overlay (nested overlay under the snapshotter)
#   no-buildx    a client without the buildx plugin: BuildKit builds refuse, classic builds work
#   wrong-root   dockerd runs without the template's --data-root
#   api-too-old  dockerd refuses the client's API version
#   info-fails   `docker version` answers, `docker info` does not
#   other-home   dockerd does not see the home volume at the same path (bind mounts come up empty)
#   cgroup-escape  dockerd without --cgroup-parent on a cgroup v2 node: containers land in /docker, outside the pod
# Rootless (isolation rootless; the daemon reports name=rootless unless rootful-daemon):
#   rootful-daemon   the template says rootless, but the daemon runs as root (no name=rootless)
#   rootless-escape  cgroup v2: a container runs in the sidecar's cgroup, not in the daemon's bounded child
#   rootless-group   cgroup v2: the daemon's child has memory.oom.group 1
#   rootless-v1      cgroup v1 (runc's layout): containers in the sidecar's own memory cgroup
# Any other state answers the cgroup probe as dind-start leaves a cgroup v2 node: dockerd in <pod container>/dockerd,
# containers under <pod container>/containers.
# STUB_ROOT is the data root the template expects. The stub insists on the arguments the script must pass
# (--format, --network=none, -t, -f, the home bind mount) and fails on anything else, so argument regressions show.
set -eu
state=${STUB_STATE:?}
root=${STUB_ROOT:?}

# require WORD ARG...: exit 64 unless WORD is among the arguments.
require() {
	want=$1
	shift
	for arg in "$@"; do
		[ "${arg}" != "${want}" ] || return 0
	done
	echo "stub docker: expected ${want} in: $*" >&2
	exit 64
}

command=$1
case ${command} in
	version)
		require --format "$@"
		if [ "${state}" = api-too-old ]; then
			echo "Error response from daemon: client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version" >&2
			exit 1
		fi
		echo "29.7.2"
		;;
	info)
		require --format "$@"
		case $* in
			*SecurityOptions*)
				if [ "${state}" = rootful-daemon ]; then
					echo "name=seccomp,profile=builtin;name=cgroupns;"
				else
					echo "name=seccomp,profile=builtin;name=rootless;name=cgroupns;"
				fi
				exit 0
				;;
			*) ;;
		esac
		case ${state} in
			wrong-root) echo "/var/lib/docker|overlay2|Backing Filesystem=extfs;Supports d_type=true;" ;;
			info-fails)
				echo "Error response from daemon: i/o timeout" >&2
				exit 1
				;;
			*) echo "${root}|overlayfs|driver-type=io.containerd.snapshotter.v1;" ;;
		esac
		;;
	image)
		case $2 in
			inspect) [ "${state}" != pull-fails ] ;;
			rm) ;;
			*) exit 64 ;;
		esac
		;;
	pull)
		echo 'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host' >&2
		exit 1
		;;
	build)
		require --network=none "$@"
		require -t "$@"
		require -f "$@"
		case ${state} in
			run-einval)
				echo '#5 ERROR: mount source: "overlay", target: "/home/coder/.docker-data/buildkit/containerd-overlayfs/cachemounts/buildkit1", fstype: overlay, flags: 0, data: "workdir=...", err: invalid argument'
				exit 1
				;;
			no-buildx)
				if [ "${DOCKER_BUILDKIT:-}" = 1 ]; then
					echo "ERROR: BuildKit is enabled but the buildx component is missing or broken." >&2
					exit 1
				fi
				echo "Successfully built 0123456789ab"
				;;
			*) echo "#6 DONE 0.1s" ;;
		esac
		;;
	run)
		require --network=none "$@"
		case " $* " in
			*" --pid=host "*)
				require --cgroupns=host "$@"
				sidecar=/kubepods.slice/kubepods-pod1.slice/cri-containerd-0123.scope
				if [ "${state}" = cgroup-escape ]; then
					printf 'self\n0::/docker/abc\ndockerd\n0::%s\n' "${sidecar}"
				else
					printf 'self\n0::%s/containers/abc\ndockerd\n0::%s/dockerd\n' "${sidecar}" "${sidecar}"
				fi
				exit 0
				;;
			*" --cgroupns=host "*)
				# The rootless probe (no --pid=host): the container's own cgroup, then what it reads below /sys/fs/cgroup.
				sidecar=/kubepods.slice/kubepods-pod1.slice/cri-containerd-0123.scope
				case ${state} in
					rootless-escape) printf '0::%s\n/memory.max=max\n/memory.oom.group=1\n%s/memory.max=max\n' "${sidecar}" "${sidecar%/*}" ;;
					rootless-group) printf '0::%s/dockerd\n/memory.max=3758096384\n/memory.oom.group=1\n%s/memory.max=4294967296\n' "${sidecar}" "${sidecar}" ;;
					rootless-v1) printf '5:memory:/kubepods/pod1/c1\n4:cpu,cpuacct:/kubepods/pod1/c1\n0::/\n/memory.max=unreadable\n/memory.oom.group=unreadable\n/memory.max=unreadable\n' ;;
					*) printf '0::%s/dockerd\n/memory.max=3758096384\n/memory.oom.group=0\n%s/memory.max=4294967296\n' "${sidecar}" "${sidecar}" ;;
				esac
				exit 0
				;;
			*) ;;
		esac
		# Serve `cat /devpod-home/<file>` from the host directory of `-v <dir>:/devpod-home:ro`, as dockerd would.
		shift
		mount_arg=
		while [ $# -gt 0 ]; do
			case $1 in
				-v)
					mount_arg=$2
					shift 2
					;;
				cat) break ;;
				*) shift ;;
			esac
		done
		host_dir=${mount_arg%%:*}
		file=${2#/devpod-home/}
		if [ "${state}" = other-home ]; then
			echo "cat: can't open '$2': No such file or directory" >&2
			exit 1
		fi
		cat "${host_dir}/${file}"
		;;
	*)
		echo "stub docker: unexpected call: $*" >&2
		exit 64
		;;
esac
