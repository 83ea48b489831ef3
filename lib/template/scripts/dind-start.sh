#!/bin/sh
# dind-start: the docker sidecar's command. It confines dockerd's containers and build steps to this container's own
# cgroup, gives Docker's networks the pod network's MTU, then execs the image's entrypoint with the arguments it was
# given (`dockerd --host=unix://... ...`): the docker:dind entrypoint still adds docker-init and the dind helper and,
# with `dockerd` first, no TCP listener.
#   usage: sh -c "<this script>" dind-start dockerd [ARG...]
#
# Why: on cgroup v2 a privileged container gets no cgroup namespace (containerd's CRI adds one only when !privileged),
# and dockerd's cgroupfs driver puts containers under /docker and BuildKit steps under /docker/buildkit: at the node's
# root, outside the pod, where the sidecar's memory and CPU limits do not reach (moby/moby#45378). On cgroup v1 runc
# bind-mounts the container's own cgroup at /sys/fs/cgroup/<controller>, so /docker is already inside it.
# How each layout is handled, and the memory bound below the sidecar's own limit: docs/cgroups.md.
# see: https://github.com/containerd/containerd/blob/main/internal/cri/server/container_create.go
# see: https://github.com/moby/buildkit/blob/master/executor/runcexecutor/executor.go (cgroupsPath "/<parent>/buildkit/<id>")
#
# It also renders dockerd's daemon.json (BuildKit's GC bound for the build cache), and waits while another dockerd,
# the previous pod's, still holds the data root, saying so in a status file that the workspace's verification reads.
#
# Anything it cannot do it reports in one line and leaves out; dockerd then starts as it would without this script.
# DEVPOD_CGROUP_FS and DEVPOD_PROC_CGROUP exist for tests that replay another node's cgroup layout.
#
# Isolation `rootless` (docs/rootless.md): rootless-prologue.sh ran before this, as root, and set rootless_user. On
# cgroup v2 the whole daemon tree (rootlesskit, dockerd, containerd and every container: rootless dockerd has no
# per-container cgroups) goes into the bounded child, and this script drops to rootless_user before the image's
# entrypoint, which then starts rootlesskit. No --cgroup-parent: rootless dockerd creates no cgroups.
#
# Settings: the template prepends DEVPOD_DAEMON_CONFIG (where to write daemon.json), DEVPOD_START_STATUS (the status
# file), DEVPOD_START_NOTICE (a line for the verification to pass on), DEVPOD_HOLD_SECONDS (how long to wait for a
# previous dockerd: the pod's grace period), DEVPOD_DOCKERD_CGROUP (the child cgroup dockerd moves into on cgroup v2;
# the verification looks for it), DEVPOD_ISOLATION (privileged or rootless) and DEVPOD_INACTIVE_DATA_ROOT (the other
# isolation mode's data root beside this one, or empty); the container's environment gives DEVPOD_BUILD_CACHE_MIB (the
# build cache bound, derived from the home disk size at apply time).
set -eu

daemon_config=${DEVPOD_DAEMON_CONFIG:?}
start_status=${DEVPOD_START_STATUS:?}
hold_seconds=${DEVPOD_HOLD_SECONDS:?}
dockerd_cgroup=${DEVPOD_DOCKERD_CGROUP:?}
start_notice=${DEVPOD_START_NOTICE:?}
isolation=${DEVPOD_ISOLATION:?}
inactive_root=${DEVPOD_INACTIVE_DATA_ROOT?}
cgroup_fs=${DEVPOD_CGROUP_FS:-/sys/fs/cgroup}
proc_cgroup=${DEVPOD_PROC_CGROUP:-/proc/self/cgroup}

say() {
	printf 'devpod-dind: %s\n' "$*" >&2
}

if [ "${1:-}" != dockerd ]; then
	echo "error: dind-start: the first argument must be dockerd, got '${1:-}'; the docker:dind entrypoint adds a TCP listener for anything else" >&2
	exit 2
fi

# split_v2 OWN: moves this container's processes (this shell, which becomes dockerd) from OWN into OWN/$dockerd_cgroup and
# delegates OWN's controllers to OWN/containers (rootless: to OWN's children only; there is no OWN/containers). cgroup v2 allows controllers in a child only while the parent holds
# no processes ("no internal processes"). runc's `exec` (the readiness probe) joins the cgroup of the container's init
# process when the container's own cgroup refuses it (opencontainers/runc#2356). Sets cgroup_problem on failure.
split_v2() {
	delegate=
	[ "$isolation" = rootless ] || delegate=$1/containers
	if ! mkdir -p "$1/$dockerd_cgroup" ${delegate:+"$delegate"} 2>/dev/null || ! echo "$$" 2>/dev/null >"$1/$dockerd_cgroup/cgroup.procs"; then
		cgroup_problem="cannot create or join cgroups below $1 (read-only cgroupfs?)"
		return 1
	fi
	enable=
	read -r available <"$1/cgroup.controllers" || : # an empty file (no controllers) has no line
	for controller in $available; do
		enable="$enable +$controller"
	done
	# A process may join OWN between the moves and the write (an early exec probe): the kernel then refuses the write
	# (EBUSY). Move again and retry, as moby's hack/dind does for the root cgroup: up to 10 times a second apart, which
	# outlasts a burst of probe execs on a loaded node (5 were seen to run out on the test node under load).
	attempts=10
	attempt=0
	while :; do
		while read -r pid; do
			echo "$pid" 2>/dev/null >"$1/$dockerd_cgroup/cgroup.procs" || : # a process that exited meanwhile
		done <"$1/cgroup.procs"
		[ -n "$enable" ] || return 0
		if echo "${enable# }" 2>/dev/null >"$1/cgroup.subtree_control" &&
			{ [ -z "$delegate" ] || echo "${enable# }" 2>/dev/null >"$delegate/cgroup.subtree_control"; }; then
			return 0
		fi
		attempt=$((attempt + 1))
		if [ "$attempt" -ge "$attempts" ]; then
			cgroup_problem="cannot enable controllers ($enable ) in $1/cgroup.subtree_control${delegate:+ and $delegate} (tried $attempt times)"
			return 1
		fi
		say "cgroup v2: the kernel refused the controllers (a process joined $1 meanwhile: a readiness probe's exec?); moving again (attempt $((attempt + 1)) of $attempts)"
		sleep 1
	done
}

# bound_v2 OWN CHILD: the OOM domain of Docker's containers and build steps becomes OWN/CHILD, not OWN: OWN/containers,
# or with rootless dockerd (no per-container cgroups) OWN/$dockerd_cgroup, the whole daemon tree.
# kubelet (1.28+, cgroup v2) writes memory.oom.group=1 on the container's cgroup: an OOM charged to OWN kills every
# process below it at once, dockerd, containerd and every user container (kubernetes/kubernetes#117793). A limit on
# OWN/containers below OWN's own makes a build that outgrows it hit that limit first: the kernel then kills inside
# OWN/containers only (Documentation/admin-guide/cgroup-v2.rst, memory.oom.group). The headroom left to dockerd,
# containerd and the shims is an eighth of OWN's limit, at least 256 MiB, at most half of it: on the cgroup v2 test
# node their cgroup peaked at ~250 MiB, page cache included, through an image import, the verification and two OOM
# kills (docs/cgroups.md), and BuildKit's solver inside dockerd grows with the build, so the headroom grows with the
# limit.
# memory.oom.group stays 0 on OWN/CHILD (written, not assumed): an OOM there kills the one process the kernel
# picks (the biggest, the hog), not the developer's other containers (nor, rootless, dockerd and rootlesskit) with it.
# Rootless, the headroom is what OWN keeps beyond the daemon tree: the readiness probe's and preStop hook's execs; above
# all, the child's limit is reached before OWN's, so the kernel's OOM stays in the child.
# Reports in one line; nothing here stops dockerd from starting.
bound_v2() {
	bounded="containers and build steps"
	reserved="for dockerd and containerd"
	if [ "$isolation" = rootless ]; then
		bounded="the rootless daemon tree (rootlesskit, dockerd, containerd, every container and build step)"
		reserved="for the probes' and hooks' execs"
	fi
	if ! read -r own_max 2>/dev/null <"$1/memory.max"; then
		say "cgroup v2: no memory.max in $1 (memory controller not enabled for this container): containers not bounded below it"
		return 0
	fi
	case $own_max in
		max)
			say "cgroup v2: this container has no memory limit (memory.max is max): no bound for $1/$2, nothing to do"
			return 0
			;;
		'' | *[!0-9]*)
			say "cgroup v2: unexpected memory.max '$own_max' in $1: containers not bounded below it"
			return 0
			;;
		*) ;;
	esac
	mib=1048576
	headroom=$((own_max / 8))
	[ "$headroom" -ge $((256 * mib)) ] || headroom=$((256 * mib))
	[ "$headroom" -le $((own_max / 2)) ] || headroom=$((own_max / 2))
	bound=$(((own_max - headroom) / 4096 * 4096)) # whole pages, as the kernel keeps it
	if ! echo "$bound" 2>/dev/null >"$1/$2/memory.max"; then
		say "cgroup v2: cannot write $1/$2/memory.max: an OOM in a build may kill the whole sidecar (memory.oom.group of this container)"
		return 0
	fi
	oom_group=left
	if [ -f "$1/$2/memory.oom.group" ]; then
		echo 0 2>/dev/null >"$1/$2/memory.oom.group" && oom_group=0
	fi
	say "cgroup v2: $bounded bounded at $((bound / mib)) MiB ($1/$2/memory.max: this container's $((own_max / mib)) MiB less $((headroom / mib)) MiB $reserved; memory.oom.group $oom_group there): an OOM in a build kills inside it, not the sidecar"
}

# v1_own_cgroup: on cgroup v1, runc bind-mounts the container's own cgroup at $cgroup_fs/<controller> (libcontainer
# rootfs_linux.go mountCgroupV1); /proc/self/cgroup still names the host-rooted path, which does not exist there.
# dockerd's default parent /docker and BuildKit's /docker/buildkit are then created inside the container's cgroup,
# already bounded by its limits: no --cgroup-parent needed. This shell's pid in the memory hierarchy's top cgroup.procs
# shows that layout (a cgroup namespace, docker's --cgroupns=private, shows the same). No runtime shows a privileged
# container the host's whole v1 hierarchy (only a hostPath mount of /sys/fs/cgroup would), so that case is not handled.
v1_own_cgroup() {
	memory_top=$cgroup_fs/memory
	found=
	while read -r pid; do
		if [ "$pid" = "$$" ]; then
			found=1
			break
		fi
	done 2>/dev/null <"$memory_top/cgroup.procs" || :
	if [ -z "$found" ]; then
		cgroup_problem="cgroup v1, but $memory_top is not this container's own cgroup (its cgroup.procs does not list this process, pid $$): unknown layout, dockerd's containers go to /docker there"
		return 1
	fi
	limit=
	read -r limit 2>/dev/null <"$memory_top/memory.limit_in_bytes" || :
	case $limit in
		'' | *[!0-9]*) limit="memory limit unknown" ;;
		???????????????????*) limit="no memory limit" ;; # 19+ digits: the kernel's "unlimited" (PAGE_COUNTER_MAX pages)
		*) limit="memory limit $((limit / 1048576)) MiB" ;;
	esac
	if [ "$isolation" = rootless ]; then
		say "cgroup v1: this container's own cgroup ($1) is mounted at $cgroup_fs (runc's layout): the rootless daemon, its containers and build steps (no cgroups of their own: rootless dockerd's cgroup driver is none) stay in it, bounded by its limits ($limit); v1 has no memory.oom.group: an OOM kills the process the kernel picks (the biggest), not the whole container"
		return 0
	fi
	say "cgroup v1: this container's own cgroup ($1) is mounted at $cgroup_fs (runc's layout): dockerd's containers (/docker) and build steps (/docker/buildkit) are created inside it, bounded by its limits ($limit); no --cgroup-parent needed"
}

# setup_cgroups: sets cgroup_parent (for dockerd's --cgroup-parent, cgroup v2) or cgroup_problem (why nothing is bounded).
cgroup_parent=
cgroup_problem=
cgroup_done=
setup_cgroups() {
	# /proc/self/cgroup: "0::<path>" is the v2 hierarchy; "<n>:<controllers>:<path>" a v1 one.
	v2_path=
	v1_path=
	while IFS=: read -r _id controllers path; do
		case ,$controllers, in
			,,) v2_path=$path ;;
			*,memory,*) v1_path=$path ;;
			*) ;; # the other hierarchies follow memory's layout (runc mounts them all the same way)
		esac
	done <"$proc_cgroup"

	if [ -f "$cgroup_fs/cgroup.controllers" ] && [ -n "$v2_path" ]; then
		# A privileged container on cgroup v2 sees the node's whole tree (no cgroup namespace): its own cgroup is there.
		own=$cgroup_fs${v2_path%/}
		split_v2 "$own" || return 0
		if [ "$isolation" = rootless ]; then
			cgroup_done=1
			say "cgroup v2: the rootless daemon tree in $own/$dockerd_cgroup (rootless dockerd has no per-container cgroups: its containers and build steps stay in its own)"
			bound_v2 "$own" "$dockerd_cgroup"
			return
		fi
		cgroup_parent=${v2_path%/}/containers
		say "cgroup v2: dockerd in $own/$dockerd_cgroup, containers and build steps under $own/containers"
		bound_v2 "$own" containers
		return
	fi
	if [ -n "$v1_path" ]; then
		if v1_own_cgroup "$v1_path"; then
			cgroup_done=1
		fi
		return
	fi
	cgroup_problem="no cgroup of this container found in $proc_cgroup"
}

setup_cgroups
if [ -n "$cgroup_parent" ]; then
	set -- "$@" "--cgroup-parent=$cgroup_parent"
elif [ -z "$cgroup_done" ]; then
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
if [ -z "$iface" ] && [ -r /proc/net/ipv6_route ]; then
	# An IPv6-only pod network: the default route ::/0 (destination and prefix length first, the device last).
	while read -r destination prefix _ _ _ _ _ _ _ name; do
		if [ "$destination" = 00000000000000000000000000000000 ] && [ "$prefix" = 00 ] && [ "$name" != lo ]; then
			iface=$name
			break
		fi
	done </proc/net/ipv6_route
fi
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

# Docker's disk bound. A daemon.json rendered here, not a ConfigMap: the bound follows the home_disk_size parameter
# through the container's environment, so a bigger disk rolls the pod and dockerd reads the new bound at its start
# (dockerd does not reload builder.gc), and the template needs no ConfigMap permission. `defaultKeepStorage` is read by
# dockerd 20.10 and 29 alike (29 maps it to defaultReservedSpace; with no max-used or min-free set, BuildKit prunes down
# to it: buildkit cache/manager.go calculateKeepBytes). MB is MiB here (go-units RAMInBytes).
cache_mib=${DEVPOD_BUILD_CACHE_MIB:-}
case $cache_mib in
	'' | *[!0-9]*)
		echo "error: dind-start: DEVPOD_BUILD_CACHE_MIB must be a whole number of MiB, got '$cache_mib'; the template sets it from home_disk_size" >&2
		exit 2
		;;
	*) ;;
esac
if ! mkdir -p "${daemon_config%/*}" 2>/dev/null ||
	! printf '{\n  "builder": { "gc": { "enabled": true, "defaultKeepStorage": "%sMB" } }\n}\n' "$cache_mib" 2>/dev/null >"$daemon_config"; then
	echo "error: dind-start: cannot write $daemon_config; the socket directory (an emptyDir) must be writable by the sidecar" >&2
	exit 2
fi
set -- "$@" "--config-file=$daemon_config"
say "build cache: BuildKit GC keeps it under $cache_mib MiB ($daemon_config)"

# status LINE: what this start is doing, for the verification in the workspace container (which sees neither this
# log nor the other pod). Written whole, then renamed, so a reader never sees half a line.
status() {
	# Only informs the verification: a failed write must not stop dockerd's start.
	{ printf '%s\n' "$*" >"$start_status.tmp" && mv -f "$start_status.tmp" "$start_status"; } 2>/dev/null ||
		say "cannot write $start_status; the verification will not see why dockerd waits"
}

# A stop->start faster than the old pod's termination runs two pods on one node and one volume. The old dockerd keeps
# its bolt databases flock'ed until it exits; a second one would fail after about 15 s (its containerd times out on
# meta.db) and the container would restart in a loop. Wait for the old one instead, at most the pod's grace period:
# by then kubelet has killed it.
data_root=
for arg in "$@"; do
	case $arg in
		--data-root=*) data_root=${arg#--data-root=} ;;
		*) ;;
	esac
done
held_db=
held() {
	for db in "$data_root/containerd/daemon/io.containerd.metadata.v1.bolt/meta.db" "$data_root/volumes/metadata.db"; do
		[ -f "$db" ] || continue
		if ! flock -n "$db" true 2>/dev/null; then
			held_db=$db
			return 0
		fi
	done
	return 1
}
if [ -z "$data_root" ]; then
	say "data root lock: no --data-root=... argument, not checked"
elif ! command -v flock >/dev/null 2>&1; then
	say "data root lock: no flock command, not checked"
else
	waited=0
	while held; do
		if [ "$waited" -ge "$hold_seconds" ]; then
			say "data root: still held after ${waited}s; starting dockerd anyway (it will fail on the lock and the container restarts)"
			break
		fi
		[ $((waited % 10)) -ne 0 ] || say "data root: another dockerd still holds $held_db (the previous pod is still stopping); waiting ${waited}s of ${hold_seconds}s"
		status "held: another dockerd still holds the data root: the previous pod is still stopping ($held_db is locked; waited ${waited}s of ${hold_seconds}s)"
		sleep 1
		waited=$((waited + 1))
	done
fi
# The other isolation mode's data root, kept untouched beside this one after a switch: its size and what to do, in one
# line for the log and the verification. du walks it in the background: a large data root must not delay the start.
if [ -n "$inactive_root" ] && [ -n "$(ls -A "$inactive_root" 2>/dev/null)" ]; then
	other_mode=rootless
	[ "$isolation" = privileged ] || other_mode=privileged
	(
		kib=$(du -sk "$inactive_root" 2>/dev/null) || :
		kib=${kib%%[!0-9]*}
		size="size unknown"
		[ -z "$kib" ] || size="$((kib / 1024)) MiB"
		line="the $other_mode dockerd's data root $inactive_root ($size) is kept, untouched, beside this one ($data_root): its images, containers and named volumes are not visible to this dockerd; move the volumes you need and free its space as docs/rootless.md says (switching modes)"
		say "$line"
		{ printf '%s\n' "$line" >"$start_notice.tmp" && mv -f "$start_notice.tmp" "$start_notice"; } 2>/dev/null || :
	) </dev/null &
else
	rm -f "$start_notice" 2>/dev/null || :
fi

status "starting: dockerd $*"

if [ "$isolation" = rootless ]; then
	# The drop: the image's entrypoint runs as rootless_user (set by rootless-prologue.sh) and, not being root, starts
	# rootlesskit with docker:dind-rootless's flags around docker-init and dockerd. su (busybox's in the image) keeps the
	# environment (PATH, XDG_RUNTIME_DIR) but HOME; the arguments go quoted inside -c, not through su's option parsing.
	command -v dockerd-entrypoint.sh >/dev/null 2>&1 || {
		echo "error: dind-start: no dockerd-entrypoint.sh on PATH: rootless dockerd starts through the docker:dind-rootless image's entrypoint (rootlesskit)" >&2
		exit 2
	}
	quoted=
	for arg in "$@"; do
		quoted="$quoted '$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")'"
	done
	# busybox's su, the image's (Alpine may have no /bin/su link); another su only without busybox.
	su_command="busybox su"
	command -v busybox >/dev/null 2>&1 || su_command=su
	say "rootless: dockerd-entrypoint.sh runs as ${rootless_user:?} (uid $(id -u "$rootless_user")), which starts rootlesskit"
	# shellcheck disable=SC2086 # "busybox su" is two words
	exec $su_command -s /bin/sh "$rootless_user" -c "exec dockerd-entrypoint.sh$quoted"
fi

if command -v dockerd-entrypoint.sh >/dev/null 2>&1; then
	exec dockerd-entrypoint.sh "$@"
fi
say "no dockerd-entrypoint.sh on PATH: starting dockerd directly (without the image's docker-init and dind helpers)"
exec "$@"
