#!/bin/sh
# dind-start: the docker sidecar's command. It confines dockerd's containers and build steps to this container's own
# cgroup, gives Docker's networks the pod network's MTU, then execs the image's entrypoint with the arguments it was
# given (`dockerd --host=unix://... ...`): the docker:dind entrypoint still adds docker-init and the dind helper and,
# with `dockerd` first, no TCP listener.
#   usage: sh -c "<this script>" dind-start dockerd [ARG...]
#
# Why: a privileged container gets no cgroup namespace (containerd's CRI adds one only when !privileged), and dockerd's
# cgroupfs driver puts containers under /docker and BuildKit steps under /docker/buildkit: at the node's root, outside
# the pod, where the sidecar's memory and CPU limits do not reach (moby/moby#45378).
# see: https://github.com/containerd/containerd/blob/main/internal/cri/server/container_create.go
# see: https://github.com/moby/buildkit/blob/master/executor/runcexecutor/executor.go (cgroupsPath "/<parent>/buildkit/<id>")
#
# Anything it cannot do it reports in one line and leaves out; dockerd then starts as it would without this script.
# DEVPOD_CGROUP_FS and DEVPOD_PROC_CGROUP exist for tests that replay another node's cgroup layout.
set -eu

cgroup_fs=${DEVPOD_CGROUP_FS:-/sys/fs/cgroup}
proc_cgroup=${DEVPOD_PROC_CGROUP:-/proc/self/cgroup}

say() {
	printf 'devpod-dind: %s\n' "$*" >&2
}

if [ "${1:-}" != dockerd ]; then
	echo "error: dind-start: the first argument must be dockerd, got '${1:-}'; the docker:dind entrypoint adds a TCP listener for anything else" >&2
	exit 2
fi

# split_v2 OWN: moves this container's processes (this shell, which becomes dockerd) from OWN into OWN/dockerd and
# delegates OWN's controllers to OWN/containers. cgroup v2 allows controllers in a child only while the parent holds
# no processes ("no internal processes"). runc's `exec` (the readiness probe) joins the cgroup of the container's init
# process when the container's own cgroup refuses it (opencontainers/runc#2356). Sets cgroup_problem on failure.
split_v2() {
	if ! mkdir -p "$1/dockerd" "$1/containers" 2>/dev/null || ! echo "$$" 2>/dev/null >"$1/dockerd/cgroup.procs"; then
		cgroup_problem="cannot create or join cgroups below $1 (read-only cgroupfs?)"
		return 1
	fi
	while read -r pid; do
		echo "$pid" 2>/dev/null >"$1/dockerd/cgroup.procs" || : # a process that exited meanwhile
	done <"$1/cgroup.procs"
	enable=
	read -r available <"$1/cgroup.controllers" || : # an empty file (no controllers) has no line
	for controller in $available; do
		enable="$enable +$controller"
	done
	[ -n "$enable" ] || return 0
	for dir in "$1" "$1/containers"; do
		if ! echo "${enable# }" 2>/dev/null >"$dir/cgroup.subtree_control"; then
			cgroup_problem="cannot enable controllers ($enable ) in $dir/cgroup.subtree_control"
			return 1
		fi
	done
}

# setup_cgroups: sets cgroup_parent (for dockerd's --cgroup-parent) or cgroup_problem (why not).
cgroup_parent=
cgroup_problem=
setup_cgroups() {
	# /proc/self/cgroup: "0::<path>" is the v2 hierarchy; "<n>:<controllers>:<path>" a v1 one.
	v2_path=
	v1_path=
	while IFS=: read -r _id controllers path; do
		case ,$controllers, in
			,,) v2_path=$path ;;
			*,memory,* | *,cpu,* | *,pids,*)
				# The hierarchies that hold the pod's limits must agree: one --cgroup-parent serves them all.
				if [ -z "$v1_path" ]; then
					v1_path=$path
				elif [ "$v1_path" != "$path" ]; then
					cgroup_problem="unknown layout: $controllers is at $path, other controllers at $v1_path"
					return
				fi
				;;
			*) ;; # named hierarchies (name=systemd) and the rest hold no limits
		esac
	done <"$proc_cgroup"

	v2_root=
	if [ -f "$cgroup_fs/cgroup.controllers" ]; then
		v2_root=$cgroup_fs # unified: the limits are on v2
	elif [ -f "$cgroup_fs/unified/cgroup.controllers" ]; then
		v2_root=$cgroup_fs/unified # hybrid: limits on v1, a v2 hierarchy beside them
	fi
	if [ -n "$v2_root" ] && [ -n "$v2_path" ]; then
		own=$v2_root${v2_path%/}
		if [ "$v2_root" = "$cgroup_fs" ]; then
			split_v2 "$own" || return 0
			cgroup_parent=${v2_path%/}/containers
			say "cgroup v2: dockerd in $own/dockerd, containers and build steps under $own/containers"
			return
		fi
		# Hybrid: the limits are on v1; the v2 hierarchy gets the same split, and a failure there is only noted.
		split_v2 "$own" || say "cgroup v2 hierarchy left as it is: $cgroup_problem"
		cgroup_problem=
	fi

	if [ -z "$v1_path" ]; then
		cgroup_problem="no cgroup of this container found in $proc_cgroup"
		return
	fi
	memory_dir=$cgroup_fs/memory${v1_path%/}
	if [ ! -w "$memory_dir" ]; then
		cgroup_problem="$memory_dir is not writable (read-only cgroupfs?)"
		return
	fi
	# cgroup v1 has no "no internal processes" rule: dockerd stays in the container's cgroup; runc creates the
	# children in every hierarchy.
	cgroup_parent=${v1_path%/}/containers
	say "cgroup v1: containers and build steps under $cgroup_parent (memory, cpu, pids)"
}

setup_cgroups
if [ -n "$cgroup_parent" ]; then
	set -- "$@" "--cgroup-parent=$cgroup_parent"
else
	say "cgroup setup skipped: $cgroup_problem; dockerd's containers are not bounded by this container's limits"
fi

# The pod's MTU: overlay CNIs run 1440-1460, dockerd assumes 1500, and builds then hang in TLS handshakes
# (coder/envbox#167). --mtu covers the default bridge; --default-network-opt (Docker 24+) user-defined networks.
iface=
while read -r name destination _rest; do
	if [ "$destination" = 00000000 ]; then
		iface=$name
		break
	fi
done </proc/net/route
if [ -z "$iface" ] || [ ! -r "/sys/class/net/$iface/mtu" ]; then
	say "mtu: no default route; Docker's networks keep dockerd's default"
else
	mtu=$(cat "/sys/class/net/$iface/mtu")
	set -- "$@" "--mtu=$mtu"
	version=$(dockerd --version 2>/dev/null) || version=
	version=${version#Docker version }
	version=${version%%,*}
	major=${version%%.*}
	case $major in
		'' | *[!0-9]*) major=0 ;;
		*) ;;
	esac
	if [ "$major" -ge 24 ]; then
		set -- "$@" "--default-network-opt=bridge=com.docker.network.driver.mtu=$mtu"
		say "mtu: $mtu from $iface for the default bridge and new bridge networks"
	else
		say "mtu: $mtu from $iface for the default bridge only: dockerd ${version:-of unknown version} has no --default-network-opt (Docker 24+), so user-defined networks keep 1500"
	fi
fi

if command -v dockerd-entrypoint.sh >/dev/null 2>&1; then
	exec dockerd-entrypoint.sh "$@"
fi
say "no dockerd-entrypoint.sh on PATH: starting dockerd directly (without the image's docker-init and dind helpers)"
exec "$@"
