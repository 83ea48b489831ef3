#!/bin/sh
# verify-docker-storage: proves at every workspace start that Docker keeps its data on a persistent volume (the home
# volume, or Docker's own with dockerVolume separate), with a
# copy-on-write storage driver, and can run a real build. Runs as the workspace user in the workspace container;
# POSIX sh, so it also runs in busybox images. Any failure exits 1 with the cause and the fix.
#
# Settings, all required; the template prepends them, derived from the devpod config (lib/template/docker-verification.ts),
# so that no default is written twice:
#   DEVPOD_HOME_PATH      where the home volume must be mounted
#   DEVPOD_DATA_ROOT      dockerd's --data-root: below DEVPOD_HOME_PATH, or the Docker volume's mount in the sidecar
#   DEVPOD_DOCKER_VOLUME  home (the data root is on the home volume) or separate (on Docker's own volume, which only
#                         the sidecar mounts: its checks run through dockerd, after the smoke build)
#   DEVPOD_DOCKER_HOST    dockerd's unix:// address
#   DEVPOD_WAIT_SECONDS   how long to wait for dockerd to answer
#   DEVPOD_BASE_IMAGE     base image of the smoke build
#   DEVPOD_PULL_SECONDS   time limit of the base image pull
#   DEVPOD_BUILD_SECONDS  time limit of each smoke build attempt
#   DEVPOD_GID            the workspace group: the pod's fsGroup, which owns the volume root
#   DEVPOD_START_STATUS   the sidecar start script's status file (shared socket directory): what dockerd waits for
#   DEVPOD_DOCKERD_CGROUP the child cgroup the sidecar's start script moves dockerd into (cgroup v2)
#   DEVPOD_ISOLATION      privileged or rootless (dockerd as uid 1000 under rootlesskit: docs/rootless.md)
#   DEVPOD_START_NOTICE   the start script's notice file: a line to pass on (the other mode's data root after a switch)
# Optional:
#   DEVPOD_VERIFIED_MARKER a file for later start scripts (the prewarm, the devcontainer wrapper), or empty: removed
#                         first, then written once with the result: `pass <start>` or `fail <start> <check>`, <start>
#                         being this run's start in whole seconds since boot (two runs' results differ). The agent
#                         runs every start script again in the same container after a prebuild claim: a result of an
#                         earlier run is never left once this run starts.
# The template's coder_script timeout is derived from these limits, so a limit trips here, with a cause, first.
set -eu

home=${DEVPOD_HOME_PATH:?}
data_root=${DEVPOD_DATA_ROOT:?}
docker_volume=${DEVPOD_DOCKER_VOLUME:?}
docker_host=${DEVPOD_DOCKER_HOST:?}
wait_seconds=${DEVPOD_WAIT_SECONDS:?}
base_image=${DEVPOD_BASE_IMAGE:?}
pull_seconds=${DEVPOD_PULL_SECONDS:?}
build_seconds=${DEVPOD_BUILD_SECONDS:?}
gid=${DEVPOD_GID:?}
start_status=${DEVPOD_START_STATUS:?}
dockerd_cgroup_name=${DEVPOD_DOCKERD_CGROUP:?}
isolation=${DEVPOD_ISOLATION:?}
start_notice=${DEVPOD_START_NOTICE:?}
result_marker=${DEVPOD_VERIFIED_MARKER-}
read -r run_started _ </proc/uptime
run_started=${run_started%.*}
export DOCKER_HOST="$docker_host"
# The smoke build must use dockerd's own builder, not a docker-container builder a user selected with
# `docker buildx use` (its state lives in the persistent home): that one would pull moby/buildkit and not load images.
export BUILDX_BUILDER=default

say() {
	printf 'devpod: %s\n' "$*"
}

# record RESULT: writes the result marker in one rename, so that a reader never sees half of it.
record() {
	if [ -n "$result_marker" ]; then
		printf '%s\n' "$1" >"$result_marker.tmp" && mv -f "$result_marker.tmp" "$result_marker"
	fi
}

# fail CHECK EVIDENCE CAUSE FIX: one error line naming the check and what was seen, then the cause and the fix.
fail() {
	printf 'error: %s failed: %s\n  cause: %s\n  fix: %s\n' "$1" "$2" "$3" "$4" >&2
	record "fail $run_started $1"
	exit 1
}

# Coder stops a script that overruns its timeout with a signal; dash and busybox run no EXIT trap on those.
trap 'record "fail $run_started stopped (time limit)"; exit 1' HUP INT TERM

# An earlier run's result must not outlive this run's start (a prebuild claim re-runs every start script).
if [ -n "$result_marker" ] && ! rm -f "$result_marker" 2>/dev/null; then
	printf 'error: result file failed: cannot remove %s, an earlier run'\''s result\n  cause: it is not a file of the workspace user\n  fix: remove it as root in the workspace container and restart the workspace\n' "$result_marker" >&2
	exit 1
fi

# Centiseconds since boot, from /proc/uptime (date +%N is not in busybox).
now_cs() {
	read -r up _ </proc/uptime
	cs="${up%.*}${up#*.}"
	cs=${cs#"${cs%%[!0]*}"}
	echo "${cs:-0}"
}

# with_timeout SECONDS CMD...: a hung daemon must not hang the start; timeout(1) is in coreutils and busybox.
# Exit status 124 means the limit was hit.
with_timeout() {
	if command -v timeout >/dev/null 2>&1; then
		timeout "$@"
	else
		shift
		"$@"
	fi
}

# 1. The home path is a mounted volume, not a directory of the container's root filesystem nor an emptyDir.
#    mountinfo: field 4 is the mounted directory's root within its filesystem, field 5 the mount point, the field
#    after " - " the filesystem type; the last match is the one on top.
home_fstype=
home_root=
while read -r _id _parent _dev mount_root mount_point rest; do
	if [ "$mount_point" = "$home" ]; then
		home_root=$mount_root
		home_fstype=${rest##* - }
		home_fstype=${home_fstype%% *}
	fi
done </proc/self/mountinfo
if [ -z "$home_fstype" ]; then
	fail "home volume" "$home is not a mount point; it is part of the container's root filesystem" \
		"the workspace's persistent volume is not mounted there: files in $home vanish at restart and dockerd's data root would sit on overlayfs" \
		"mount the home PVC at $home in the workspace container (and at the same path in the docker sidecar)"
fi
case $home_root in
	*kubernetes.io~empty-dir*)
		fail "home volume" "$home is an emptyDir ($home_root)" \
			"an emptyDir lives only as long as the pod: the home directory and Docker's images vanish at every stop" \
			"mount the workspace's PVC at $home instead of an emptyDir"
		;;
	*) ;;
esac
say "home volume: $home is mounted ($home_fstype)"
# kubelet's fsGroupChangePolicy OnRootMismatch skips re-owning the volume only while its root has the fsGroup's gid and
# at least mode 2770; otherwise the next mount walks every file, Docker's layers included (minutes on a full volume).
home_owner=$(stat -c '%g %a' "$home")
home_gid=${home_owner% *}
home_mode=${home_owner#* }
if [ "$home_gid" != "$gid" ] || [ $((0$home_mode & 02770)) -ne $((02770)) ]; then
	say "warning: $home is group $home_gid with mode $home_mode, not group $gid with setgid and rwx for the group (2770): the next start re-owns every file on the volume, which takes minutes with a large Docker data root; fix: chgrp $gid $home && chmod 2770 $home"
fi

# 2. The filesystem under the data root: overlayfs means nested overlay, tmpfs means nothing persists.
#    check_data_fs PATH MAGIC: MAGIC is the filesystem magic of PATH (stat -f -c %t, which prints it on coreutils and
#    busybox alike; busybox %T says UNKNOWN for overlay). Sets data_fs. The fixes name the volume that holds the data
#    root ($volume_name, mounted at $volume_at).
if [ "$docker_volume" = separate ]; then
	volume_name="the Docker volume"
	volume_at=$data_root
else
	volume_name="the home volume"
	volume_at=$home
fi
check_data_fs() {
	case $2 in
		794c7630)
			fail "data root filesystem" "$1 is on overlayfs (magic 794c7630): nested overlay" \
				"$volume_at is not the persistent volume but an overlay (the container root or an overlay mount); overlay2 cannot use an overlayfs upper dir, so dockerd falls back to vfs or builds fail with 'invalid argument'" \
				"mount a block PVC (Longhorn, ext4) at $volume_at and keep dockerd --data-root=$data_root on it"
			;;
		1021994 | 01021994)
			fail "data root filesystem" "$1 is on tmpfs (magic 1021994): not persistent" \
				"$volume_at is a memory-backed volume; images and build cache vanish at every restart and count against the pod's memory" \
				"mount the workspace PVC (StorageClass longhorn) at $volume_at instead of an emptyDir/tmpfs"
			;;
		6969)
			fail "data root filesystem" "$1 is on NFS (magic 6969)" \
				"an NFS (RWX) volume cannot hold an overlayfs upper dir" \
				"use a ReadWriteOnce block StorageClass (Longhorn ext4/xfs) for $volume_name"
			;;
		ef53) data_fs=ext4 ;;
		58465342) data_fs=xfs ;;
		9123683e) data_fs=btrfs ;;
		*)
			data_fs="unknown (magic $2)"
			say "warning: $1 is on an untested filesystem (magic $2); the driver check below decides"
			;;
	esac
}
if [ "$docker_volume" = separate ]; then
	# Only the sidecar mounts Docker's volume: what is mounted at the data root is read through dockerd (step 5b).
	data_fs="the Docker volume (checked through dockerd after the smoke build)"
else
	#    The data root may not exist yet (dockerd creates it), so probe its nearest existing ancestor.
	probe=$data_root
	while [ ! -e "$probe" ]; do
		probe=${probe%/*}
		probe=${probe:-/}
	done
	magic=$(stat -f -c %t "$probe" 2>&1) ||
		fail "data root filesystem" "stat -f $probe failed: $magic" \
			"the workspace user cannot look up $probe" \
			"make $home searchable by the workspace user (the pod's fsGroup does this for the volume root)"
	check_data_fs "$probe" "$magic"
fi
say "data root: $data_root on $data_fs"
if [ "$docker_volume" = separate ]; then
	full_cause="images, containers, named volumes and build cache share the Docker volume"
	disk_parameter="Docker disk size"
else
	full_cause="images, build cache and home files share the home volume"
	disk_parameter="home disk size"
fi

# 3. dockerd answers on its unix socket within a bounded wait. dockerd creates its socket before it sets the
#    socket's group and mode, so a socket we cannot open is a permission problem only once that lasts.
command -v docker >/dev/null 2>&1 ||
	fail "docker CLI" "no docker command on PATH" \
		"the workspace image does not ship the docker client" \
		"use a workspace image with the docker CLI (e.g. codercom/enterprise-base:ubuntu)"
case $docker_host in
	unix://*) socket=${docker_host#unix://} ;;
	*)
		fail "docker host" "DOCKER_HOST='$docker_host' is not a unix:// socket" \
			"dockerd listens only on its unix socket; another address bypasses it" \
			"remove the override: the template sets DOCKER_HOST to dockerd's unix socket on the workspace container"
		;;
esac
start=$(date +%s)
last_report=-1
denied_since=
while :; do
	waited=$(($(date +%s) - start))
	# The sidecar's start script says when it is waiting for another dockerd (the previous pod's) to release the data
	# root: this container sees neither that pod nor the sidecar's log, only the shared socket directory.
	held=
	if [ -r "$start_status" ]; then
		read -r state_line <"$start_status" || :
		case $state_line in
			held:*) held=${state_line#held: } ;;
			# The start script stopped before dockerd (rootless: a requirement of the node or image): its line names
			# cause and fix; waiting longer would only hide it.
			failed:*"; fix: "*)
				stopped=${state_line#failed: }
				fail "dockerd start" "${stopped%%; fix: *}" \
					"the docker sidecar's start script stopped before dockerd (its log: kubectl logs <workspace pod> -c docker)" \
					"${stopped#*; fix: }"
				;;
			*) ;;
		esac
	fi
	if [ -n "$held" ] && [ ! -S "$socket" ]; then
		err=$held
	elif [ ! -S "$socket" ]; then
		err="no socket at $socket yet"
	elif [ ! -r "$socket" ] || [ ! -w "$socket" ]; then
		err="$socket is not readable and writable for uid $(id -u) (groups $(id -G)): $(ls -ln "$socket")"
		denied_since=${denied_since:-$waited}
		if [ $((waited - denied_since)) -ge 3 ]; then
			fail "docker socket access" "$err" \
				"the socket's group is not one of the workspace user's groups" \
				"start dockerd with --group=<gid of the workspace user> (the template uses the pod's fsGroup) and run the workspace container with that group"
		fi
	elif err=$(with_timeout 10 docker version --format '{{.Server.Version}}' 2>&1); then
		server_version=$err
		break
	else
		case $err in
			*"ermission denied"*)
				fail "docker socket access" "$err" \
					"the socket's group is not one of the workspace user's groups" \
					"start dockerd with --group=<gid of the workspace user> so that the socket is group-accessible"
				;;
			*"is too old"* | *"is too new"* | *"inimum supported API"*)
				fail "docker API version" "$err" \
					"the workspace image's docker CLI and the sidecar's dockerd do not share an API version" \
					"use a newer docker CLI in the workspace image, or a dind_image that still accepts it"
				;;
			*) ;; # not up yet: keep waiting
		esac
	fi
	if [ "$waited" -ge "$wait_seconds" ] && [ -n "$held" ]; then
		fail "dockerd" "no answer on $docker_host after ${wait_seconds}s: $held" \
			"the workspace was started again before its previous pod had stopped; both pods mount the home volume on the same node, and the old dockerd keeps the data root's databases locked until it exits" \
			"wait until the previous pod is gone (kubectl get pods), then restart the workspace; accessMode ReadWriteOncePod keeps a new pod off the volume until then"
	fi
	if [ "$waited" -ge "$wait_seconds" ]; then
		fail "dockerd" "no answer on $docker_host after ${wait_seconds}s (last error: $err)" \
			"the docker sidecar is not running, or dockerd exited at start (with --storage-driver=overlay2 pinned, an overlay data root makes it exit)" \
			"read the sidecar's log: kubectl logs <workspace pod> -c docker"
	fi
	if [ $((waited / 10)) -ne "$last_report" ]; then
		last_report=$((waited / 10))
		say "waiting for dockerd on $docker_host (${waited}s of ${wait_seconds}s): $err"
	fi
	sleep 1
done
say "dockerd $server_version answers on $docker_host"
if [ -r "$start_notice" ]; then
	read -r notice_line <"$start_notice" || :
	[ -z "${notice_line:-}" ] || say "note: $notice_line"
fi

# 4. docker info: the root dir is the configured data root, the driver is copy-on-write.
info=$(with_timeout 30 docker info --format '{{.DockerRootDir}}|{{.Driver}}|{{range .DriverStatus}}{{index . 0}}={{index . 1}};{{end}}' 2>&1) ||
	fail "docker info" "$info" \
		"dockerd answered its version but not its info (overloaded, or stuck on its storage)" \
		"read the sidecar's log: kubectl logs <workspace pod> -c docker"
root_dir=${info%%|*}
info=${info#*|}
driver=${info%%|*}
driver_status=${info#*|}
backing=$data_fs
case $driver_status in
	*"Backing Filesystem="*)
		backing=${driver_status#*Backing Filesystem=}
		backing=${backing%%;*}
		;;
	*) ;; # the containerd snapshotter reports no backing filesystem: keep the one measured above
esac
if [ "$root_dir" != "$data_root" ]; then
	fail "docker root dir" "dockerd keeps its data in $root_dir, expected $data_root" \
		"the sidecar runs dockerd without --data-root=$data_root, so images live on the container's root filesystem" \
		"start the sidecar as: dockerd --data-root=$data_root --storage-driver=overlay2 ..."
fi
case $driver in
	overlay2) ;;
	overlayfs) say "containerd image store (snapshotter overlayfs)" ;;
	vfs | native)
		fail "storage driver" "dockerd runs the $driver driver on $root_dir" \
			"overlay could not be mounted there (nested overlay), so dockerd fell back to $driver: every layer is a full copy, slow and disk-hungry" \
			"keep --data-root on the home volume (block PVC, ext4) and pin --storage-driver=overlay2 so a bad mount fails at daemon start"
		;;
	*)
		fail "storage driver" "dockerd runs the '$driver' driver" \
			"the sidecar's dockerd chose a driver this template does not expect" \
			"pin --storage-driver=overlay2 in the docker sidecar's args"
		;;
esac
say "docker root dir $root_dir, storage driver $driver, backing filesystem $backing"
# Rootless: the daemon must say so itself (SecurityOptions name=rootless): never a silent rootful dockerd.
if [ "$isolation" = rootless ]; then
	security=$(with_timeout 30 docker info --format '{{range .SecurityOptions}}{{.}};{{end}}' 2>&1) || security="unknown: $security"
	case $security in
		*name=rootless*) say "dockerd runs rootless (security options: $security)" ;;
		*)
			fail "rootless dockerd" "the template's isolation is rootless, but dockerd reports security options '$security' (no name=rootless): it runs as root" \
				"the docker sidecar did not start dockerd through rootlesskit (another command or image than the template's?)" \
				"use the template's docker sidecar unchanged: dind_image a -dind-rootless image, command dind-start"
			;;
	esac
fi

# 5. A smoke build with RUN steps: only a writable layer mount proves the storage layer (pulls unpack without one).
#    The base image is pulled first, so that an unreachable registry is not reported as a storage failure.
if ! with_timeout 10 docker image inspect "$base_image" >/dev/null 2>&1; then
	say "pulling $base_image for the smoke build"
	pulled=0
	out=$(with_timeout "$pull_seconds" docker pull "$base_image" 2>&1) || pulled=$?
	case $pulled:$out in
		0:*) ;;
		*"invalid argument"* | *"failed to mount"*)
			fail "smoke build" "pulling $base_image failed while writing layers: $(printf '%s\n' "$out" | tail -n 1)" \
				"the storage layer under $data_root cannot hold image layers (nested overlay)" \
				"keep --data-root on the home volume (block PVC, ext4); pin --storage-driver=overlay2"
			;;
		*"no space left"*)
			fail "smoke build" "pulling $base_image: $volume_name is full" \
				"$full_cause" \
				"free space (docker system prune) or grow the $disk_parameter parameter"
			;;
		124:*)
			fail "base image pull" "pulling $base_image took longer than ${pull_seconds}s" \
				"the registry is slow or unreachable; this is not a storage failure" \
				"set the template variable verify_base_image to an image on a nearby registry (e.g. your mirror of alpine:3.20)"
			;;
		*)
			fail "base image pull" "cannot pull $base_image: $(printf '%s\n' "$out" | tail -n 1)" \
				"the registry is unreachable or the image name is wrong; this is not a storage failure" \
				"set the template variable verify_base_image to an image the cluster can pull (e.g. your mirror of alpine:3.20)"
			;;
	esac
fi

ctx=$(mktemp -d)
tag="devpod-verify-smoke:$$"
trap 'rm -rf "$ctx"; docker image rm -f "$tag" >/dev/null 2>&1 || :' EXIT
printf 'FROM %s\nRUN echo devpod >/devpod-smoke && cat /devpod-smoke\n' "$base_image" >"$ctx/Dockerfile.classic"
cp "$ctx/Dockerfile.classic" "$ctx/Dockerfile.buildkit"
printf 'RUN --mount=type=cache,target=/devpod-cache touch /devpod-cache/ok && ls /devpod-cache\n' >>"$ctx/Dockerfile.buildkit"

# --network=none: the RUN steps need no network, and a network problem must not pass for a storage one.
build_start=$(now_cs)
builder=BuildKit
built=0
DOCKER_BUILDKIT=1 with_timeout "$build_seconds" docker build --no-cache --network=none -t "$tag" -f "$ctx/Dockerfile.buildkit" "$ctx" >"$ctx/build.log" 2>&1 || built=$?
case $built:$(cat "$ctx/build.log") in
	0:*) ;;
	*"buildx component is missing"* | *"BuildKit is enabled but"* | *"requires BuildKit"*)
		# A client without buildx: the classic builder still proves RUN, not cache mounts.
		builder="classic builder (this docker client has no BuildKit; cache mount not checked)"
		built=0
		DOCKER_BUILDKIT=0 with_timeout "$build_seconds" docker build --no-cache --network=none -t "$tag" -f "$ctx/Dockerfile.classic" "$ctx" >"$ctx/build.log" 2>&1 || built=$?
		;;
	*) ;;
esac
if [ "$built" -ne 0 ]; then
	evidence=$(tail -n 3 "$ctx/build.log" | tr '\n' ' ')
	case $built:$(cat "$ctx/build.log") in
		124:*)
			fail "smoke build" "a two-step build on $base_image took longer than ${build_seconds}s" \
				"dockerd or the home volume is very slow (a vfs fallback or a degraded Longhorn volume does this)" \
				"read the sidecar's log (kubectl logs <workspace pod> -c docker) and the volume's state in Longhorn"
			;;
		*"invalid argument"* | *"failed to mount"*)
			fail "smoke build" "a RUN step could not mount its layer: $evidence" \
				"nested overlay: the layer store under $root_dir is on overlayfs (Docker 29's containerd snapshotter only fails here)" \
				"keep --data-root on the home volume (block PVC, ext4); pin --storage-driver=overlay2"
			;;
		*"no space left"*)
			fail "smoke build" "the home volume is full: $evidence" \
				"$full_cause" \
				"free space (docker system prune) or grow the $disk_parameter parameter"
			;;
		*)
			fail "smoke build" "docker build of a two-step Dockerfile on $base_image failed: $evidence" \
				"the build failed for a reason this check does not recognise" \
				"run the same build by hand (docker build) and read its full output"
			;;
	esac
fi
elapsed=$(($(now_cs) - build_start))
build_time="$((elapsed / 100)).$((elapsed % 100 / 10))s"
say "smoke build with $builder: ${build_time}"

# 5b. dockerVolume separate: the data root is a mount of its own in the sidecar (Docker's volume), a persistent block
#     filesystem, and not the home volume. A container in the sidecar's pid namespace reads dockerd's mountinfo:
#     major:minor (field 3), root within the filesystem (4), mount point (5), filesystem type (after " - ").
#     Rootless: containers cannot join a pid namespace they do not own (--pid=host: 'mount proc: operation not
#     permitted'); a container given the data root and the home as bind mounts reads its own mountinfo instead, where
#     each bind shows the device and filesystem under it. Every path there is a mount, so "not a mount point" shows as
#     the sidecar's own filesystem (overlay) or a tmpfs, which the filesystem check below names.
if [ "$docker_volume" = separate ]; then
	data_point=$data_root
	home_point=$home
	if [ "$isolation" = rootless ]; then
		data_point=/devpod-data-root
		home_point=/devpod-home
		mounts=$(with_timeout 60 docker run --rm --network=none -v "$data_root:$data_point:ro" -v "$home:$home_point:ro" "$tag" cat /proc/self/mountinfo 2>&1) ||
			fail "docker volume" "a container given the data root and the home as bind mounts did not run: $(printf '%s\n' "$mounts" | tail -n 1)" \
				"rootless dockerd cannot bind-mount its own data root (ownership?)" \
				"read the sidecar's log: kubectl logs <workspace pod> -c docker"
	else
		# shellcheck disable=SC2016 # expanded by the container's shell
		mounts=$(with_timeout 60 docker run --rm --network=none --pid=host "$tag" \
			sh -c 'for p in /proc/[0-9]*; do if [ "$(cat "$p/comm" 2>/dev/null)" = dockerd ]; then cat "$p/mountinfo"; exit 0; fi; done; exit 3' 2>&1) ||
			fail "docker volume" "cannot read dockerd's mounts from a container in the sidecar's pid namespace: $(printf '%s\n' "$mounts" | tail -n 1)" \
				"dockerd refused --pid=host, or runs outside the sidecar's pid namespace" \
				"start the sidecar with the template's command and args (dind-start dockerd ...)"
	fi
	# The first mount at the data root is the one the sidecar got (dockerd may bind its root onto itself later); the
	# deepest mount above it is what the data root would be on without it.
	data_dev=
	home_dev=
	parent_dev=
	parent_point=
	while read -r _id _parent dev mount_root mount_point rest; do
		fstype=${rest##* - }
		fstype=${fstype%% *}
		if [ "$mount_point" = "$data_point" ] && [ -z "$data_dev" ]; then
			data_dev=$dev
			data_mount_root=$mount_root
			data_fstype=$fstype
		fi
		case $data_point in
			"${mount_point%/}"/*)
				if [ ${#mount_point} -ge ${#parent_point} ]; then
					parent_dev=$dev
					parent_point=$mount_point
				fi
				;;
			*) ;;
		esac
		if [ "$mount_point" = "$home_point" ]; then home_dev=$dev; fi
	done <<EOF_MOUNTS
$mounts
EOF_MOUNTS
	if [ -z "$data_dev" ] || [ "$data_dev" = "$parent_dev" ]; then
		fail "docker volume" "$data_root is not a mount point in the docker sidecar (it is on $parent_point, device $parent_dev)" \
			"the workspace's Docker volume is not mounted at the data root: images live on the sidecar's own filesystem and vanish with the pod" \
			"mount the workspace's Docker claim (coder-<workspace id>-docker) in the docker sidecar at $data_root"
	fi
	case $data_mount_root in
		*kubernetes.io~empty-dir*)
			fail "docker volume" "$data_root is an emptyDir ($data_mount_root)" \
				"an emptyDir lives only as long as the pod: Docker's images and containers vanish at every stop" \
				"mount the workspace's Docker claim at $data_root instead of an emptyDir"
			;;
		*) ;;
	esac
	case $data_fstype in
		overlay) check_data_fs "$data_root" 794c7630 ;;
		tmpfs) check_data_fs "$data_root" 1021994 ;;
		nfs | nfs4) check_data_fs "$data_root" 6969 ;;
		ext4 | ext3 | ext2) check_data_fs "$data_root" ef53 ;;
		xfs) check_data_fs "$data_root" 58465342 ;;
		btrfs) check_data_fs "$data_root" 9123683e ;;
		*)
			data_fs="unknown ($data_fstype)"
			say "warning: $data_root is on an untested filesystem ($data_fstype); the driver check above decided"
			;;
	esac
	if [ "$data_dev" = "$home_dev" ]; then
		fail "docker volume" "$data_root is on the same filesystem ($data_dev) as the home volume at $home" \
			"the Docker volume is the home claim mounted twice: image pulls and builds land in the home volume and its snapshots and backups" \
			"mount the workspace's Docker claim (coder-<workspace id>-docker), not the home claim, at $data_root"
	fi
	say "docker volume: $data_root is a mount of its own ($data_fs, device $data_dev, $data_mount_root), not the home volume"
fi

# 6. dockerd sees the home volume at the same path, so `docker run -v $HOME/src:/src` mounts the user's files.
marker=".devpod-verify-$$"
echo "$tag" >"$home/$marker"
seen=$(with_timeout 60 docker run --rm --network=none -v "$home:/devpod-home:ro" "$tag" cat "/devpod-home/$marker" 2>&1) || :
rm -f "$home/$marker"
if [ "$seen" != "$tag" ]; then
	fail "home path in dockerd" "a container given -v $home:/devpod-home did not see $home/$marker (got: $seen)" \
		"the docker sidecar does not mount the home volume at $home, so bind mounts of the user's files come up empty" \
		"mount the home PVC in the docker sidecar at the same path as in the workspace container ($home)"
fi
say "dockerd sees $home at the same path"

# 7 (rootless). Rootless dockerd has no per-container cgroups (cgroup driver none): its containers and build steps run
#    in the daemon's own cgroup. No container may join the sidecar's pid namespace (--pid=host), so a container with
#    the host's cgroup namespace reads its own cgroup, and through runc's read-only /sys/fs/cgroup the limits there.
#    cgroup v2: it must be <sidecar cgroup>/$dockerd_cgroup_name, where the start script bounds the daemon tree below the
#    sidecar's limit with memory.oom.group 0 (else one OOM takes the whole sidecar: kubelet's memory.oom.group=1).
#    cgroup v1 (runc's layout): the sidecar's own cgroup, bounded by its limit; v1 has no group kill.
if [ "$isolation" = rootless ]; then
	# shellcheck disable=SC2016 # expanded by the container's shell
	cgroups=$(with_timeout 60 docker run --rm --network=none --cgroupns=host "$tag" sh -c 'cat /proc/self/cgroup
		p=$(sed -n "s/^0:://p" /proc/self/cgroup)
		for f in "$p/memory.max" "$p/memory.oom.group" "${p%/*}/memory.max"; do
			printf "%s=%s\n" "${f#"$p"}" "$(cat "/sys/fs/cgroup$f" 2>/dev/null || echo unreadable)"
		done' 2>&1) ||
		fail "docker cgroup" "a container with the sidecar's cgroup namespace did not run: $(printf '%s\n' "$cgroups" | tail -n 1)" \
			"rootless dockerd refused --cgroupns=host" \
			"read the sidecar's log: kubectl logs <workspace pod> -c docker"
	v1_path=
	v2_path=
	child_max=unreadable
	child_oom_group=unreadable
	parent_max=unreadable
	while IFS= read -r line; do
		case $line in
			/memory.max=*) child_max=${line#*=} ;;
			/memory.oom.group=*) child_oom_group=${line#*=} ;;
			*/memory.max=*) parent_max=${line#*=} ;;
			0::*) v2_path=${line#0::} ;;
			*:*memory*:*)
				v1_path=${line#*:}
				v1_path=${v1_path#*:}
				;;
			*) ;;
		esac
	done <<EOF_CGROUPS
$cgroups
EOF_CGROUPS
	if [ -n "$v1_path" ]; then
		if [ "$v1_path" = / ]; then
			fail "docker cgroup" "a container runs in the node's root memory cgroup (/)" \
				"the docker sidecar does not run in a cgroup of its own: its containers escape the pod's memory limit" \
				"run the sidecar as the template's pod does (a container of its own, with limits)"
		fi
		cgroup_summary="containers in the sidecar's own cgroup ($v1_path, cgroup v1: rootless dockerd has no per-container cgroups)"
	else
		case $v2_path in
			*/"$dockerd_cgroup_name") ;;
			*)
				fail "docker cgroup" "a container runs in cgroup ${v2_path:-unknown}, not in the daemon's bounded child <sidecar cgroup>/$dockerd_cgroup_name" \
					"the sidecar's start script did not move the rootless daemon tree into its child cgroup: an OOM in one container then kills dockerd, rootlesskit and every container at once (kubelet's memory.oom.group=1 on the sidecar)" \
					"start the sidecar with the template's command (dind-start) and read its cgroup lines: kubectl logs <workspace pod> -c docker"
				;;
		esac
		if [ "$child_oom_group" != unreadable ] && [ "$child_oom_group" != 0 ]; then
			fail "docker cgroup" "$v2_path has memory.oom.group $child_oom_group" \
				"an OOM in one container would kill the whole daemon tree with it" \
				"start the sidecar with the template's command (dind-start), which writes 0 there"
		fi
		if [ "$child_max" = max ] && [ "$parent_max" != max ]; then
			fail "docker cgroup" "$v2_path has no memory.max while the sidecar's cgroup has $parent_max" \
				"the daemon tree is not bounded below the sidecar: an OOM is charged to the sidecar, whose memory.oom.group=1 kills every process in it" \
				"start the sidecar with the template's command (dind-start) and read its cgroup lines: kubectl logs <workspace pod> -c docker"
		fi
		cgroup_summary="containers in the rootless daemon's child cgroup $v2_path (memory.max $child_max below the sidecar's $parent_max, memory.oom.group $child_oom_group)"
	fi
	say "$cgroup_summary"
	say "OK: docker storage verified: root dir $root_dir, driver $driver, backing filesystem $backing, smoke build $build_time, rootless dockerd, $cgroup_summary"
else
	# 7. Containers run below the docker sidecar's cgroup, so the pod's memory and CPU limits bound builds too. A container
	#    with the host's pid and cgroup namespaces (the sidecar's) prints its own cgroups and dockerd's. The cgroup that
	#    holds limits is the v1 memory hierarchy's, or the v2 one. The sidecar's start script moves dockerd into
	#    <sidecar cgroup>/$dockerd_cgroup_name on cgroup v2.
	# shellcheck disable=SC2016 # expanded by the container's shell
	cgroups=$(with_timeout 60 docker run --rm --network=none --pid=host --cgroupns=host "$tag" \
		sh -c 'echo self; cat /proc/self/cgroup; for p in /proc/[0-9]*; do if [ "$(cat "$p/comm" 2>/dev/null)" = dockerd ]; then echo dockerd; cat "$p/cgroup"; fi; done' 2>&1) ||
		fail "docker cgroup" "a container with the sidecar's pid and cgroup namespaces did not run: $(printf '%s\n' "$cgroups" | tail -n 1)" \
			"dockerd refused --pid=host or --cgroupns=host (a docker CLI or daemon older than 20.10)" \
			"use a dind_image and a workspace image with Docker 20.10 or newer"
	section=
	self_v1=
	self_v2=
	dockerd_v1=
	dockerd_v2=
	while IFS= read -r line; do
		case $line in
			self | dockerd)
				section=$line
				continue
				;;
			*) ;;
		esac
		rest=${line#*:}
		controllers=${rest%%:*}
		path=${rest#*:}
		case $section:,$controllers, in
			self:*,memory,*) self_v1=$path ;;
			self:,,) self_v2=$path ;;
			dockerd:*,memory,*) dockerd_v1=$path ;;
			dockerd:,,) dockerd_v2=$path ;;
			*) ;;
		esac
	done <<EOF_CGROUPS
$cgroups
EOF_CGROUPS
	container_cgroup=${self_v1:-$self_v2}
	dockerd_cgroup=${dockerd_v1:-$dockerd_v2}
	if [ -z "$dockerd_cgroup" ] || [ -z "$container_cgroup" ]; then
		fail "docker cgroup" "no dockerd process or cgroup seen from a container with --pid=host: $(printf '%s\n' "$cgroups" | tr '\n' ' ')" \
			"dockerd does not run in the sidecar's pid namespace" \
			"start the sidecar with the template's command (dind-start) and args"
	fi
	sidecar_cgroup=${dockerd_cgroup%/"$dockerd_cgroup_name"}
	case $container_cgroup in
		"${sidecar_cgroup%/}"/*) ;;
		*)
			fail "docker cgroup" "a container runs in cgroup $container_cgroup, outside the docker sidecar's $sidecar_cgroup (dockerd: $dockerd_cgroup)" \
				"dockerd started without --cgroup-parent below its own cgroup: containers and builds escape the pod's memory and CPU limits and can exhaust the node" \
				"start the sidecar with the template's command (sh -c <dind-start> dind-start dockerd ...) and read its first lines: kubectl logs <workspace pod> -c docker"
			;;
	esac
	say "containers run below the sidecar's cgroup: $container_cgroup (dockerd: $dockerd_cgroup)"

	say "OK: docker storage verified: root dir $root_dir, driver $driver, backing filesystem $backing, smoke build $build_time, containers within the sidecar's cgroup"
fi
record "pass $run_started"
