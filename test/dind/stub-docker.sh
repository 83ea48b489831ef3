#!/bin/sh
# A stand-in `docker` client for the cases a local dockerd cannot produce. STUB_STATE picks the case:
#   snapshotter  Docker 29's containerd image store: driver "overlayfs", no backing filesystem reported
#   pull-fails   the base image is not present and the registry cannot be reached
#   run-einval   BuildKit's RUN fails to mount its overlay (nested overlay under the snapshotter)
#   no-buildx    a client without the buildx plugin: BuildKit builds refuse, classic builds work
#   wrong-root   dockerd runs without the template's --data-root
# STUB_ROOT is the data root the template expects.
set -eu
state=${STUB_STATE:?}
root=${STUB_ROOT:?}

case "$1" in
	version) echo "29.7.2" ;;
	info)
		case ${state} in
			wrong-root) echo "/var/lib/docker|overlay2|Backing Filesystem=extfs;Supports d_type=true;" ;;
			*) echo "${root}|overlayfs|driver-type=io.containerd.snapshotter.v1;" ;;
		esac
		;;
	image)
		case "$2" in
			inspect) [ "${state}" != pull-fails ] ;;
			*) ;;
		esac
		;;
	pull)
		echo 'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host' >&2
		exit 1
		;;
	build)
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
	*)
		echo "stub docker: unexpected call: $*" >&2
		exit 64
		;;
esac
