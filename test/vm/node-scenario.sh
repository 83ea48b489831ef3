#!/bin/sh
# Runs on the cgroup v2 test node (as root, after node-init.sh): a pod cgroup as kubelet makes it, the template's
# docker sidecar in it as containerd would start it (privileged: no cgroup namespace, its own mount and pid namespace),
# the workspace's verification as uid 1000, what a developer does with it (a BuildKit build with a cache mount,
# `docker run`, a published port), memory hogs past the sidecar's limit beside a bystander container, a restart of the
# sidecar (preStop hook, SIGTERM, a new container cgroup) and a warm rebuild, then the escape attempts.
# The same steps for either isolation: the template's synthesized sidecar decides what runs (privileged or rootless).
# Writes key=value lines to /payload/out/results; logs to /payload/out.
# Payload: start.sh (the sidecar's rendered `sh -c` text), stop.sh (its preStop hook), dockerd-args (one per line),
# sidecar-env (NAME=value lines), verify.sh (the rendered verification), escape-attempts.sh, vendor/ (docker:dind's
# entrypoint and dind), rootfs.tar (the base image), settings (MEMORY_MIB: the sidecar's memory limit; SOCKET_PATH;
# HOME_PATH; BASE_IMAGE; WORKSPACE_UID/GID).
set -eu
p=/payload
out=$p/out
# shellcheck source=/dev/null # written by the test
. "$p/settings"
: "${MEMORY_MIB:?}" "${SOCKET_PATH:?}" "${HOME_PATH:?}" "${BASE_IMAGE:?}" "${WORKSPACE_UID:?}" "${WORKSPACE_GID:?}"
result() {
	echo "$1=$2" >>"$out/results"
}
since() {
	echo $(($(date +%s%N) / 1000000 - $1))
}
# pids_of COMM: the pids of the node's processes named COMM (the sidecar's), as the node's root pid namespace numbers
# them, space-separated.
pids_of() {
	for comm in /proc/[0-9]*/comm; do
		if [ "$(cat "$comm" 2>/dev/null)" = "$1" ]; then
			pid=${comm#/proc/}
			printf '%s ' "${pid%/comm}"
		fi
	done
}
# dockerd_pid: the pid of the one dockerd on the node (the sidecar's).
dockerd_pid() {
	pids_of dockerd | tr -d ' '
}
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# The image's layout: the entrypoint and dind in /usr/local/bin (this boot's snapshot only), and su from busybox, as in
# the Alpine-based docker:dind images (it execs the shell: the sidecar's pid 1 becomes the entrypoint's process; the
# node's util-linux su would stay as a root parent).
cp "$p/vendor/dockerd-entrypoint.sh" "$p/vendor/dind" /usr/local/bin/
chmod 0755 /usr/local/bin/dockerd-entrypoint.sh /usr/local/bin/dind
ln -sf /bin/busybox /usr/local/bin/su

# A node's /dev/net/tun (the tun module loaded; containerd gives a privileged container the node's devices). Rootless
# dockerd's slirp4netns needs it; the rootful daemon does not.
modprobe tun

# Secrets only the node holds, for the escape attempts that read: one in /etc/shadow (nobody's password field), one in
# the environment of a root process in the sidecar (started below). The attempts never get them as input.
shadow_secret=devpod-secret-$(tr -d '-' </proc/sys/kernel/random/uuid)
environ_secret=devpod-secret-$(tr -d '-' </proc/sys/kernel/random/uuid)
sed -i "s/^nobody:[^:]*:/nobody:$shadow_secret:/" /etc/shadow
grep -q "$shadow_secret" /etc/shadow

# kubelet's cgroupfs layout on cgroup v2: kubepods/<qos>/pod<uid>/<container id>, every controller enabled down to the
# pod, limits on the pod and on each container, and memory.oom.group=1 on each container (kubelet >= 1.28).
cg=/sys/fs/cgroup
controllers=$(sed -e 's/^/+/' -e 's/ / +/g' "$cg/cgroup.controllers")
pod=/kubepods/burstable/pod0f1e2d3c
sidecar=$pod/cri-containerd-51dec4a5
# The sidecar after its restart: kubelet starts a new container, in a new cgroup.
sidecar2=$pod/cri-containerd-51dec4a6
workspace=$pod/cri-containerd-70a4c5ce
for d in "" /kubepods /kubepods/burstable "$pod"; do
	mkdir -p "$cg$d"
	echo "$controllers" >"$cg$d/cgroup.subtree_control"
done
echo $(((MEMORY_MIB + 512) * 1048576)) >"$cg$pod/memory.max"
for c in "$sidecar" "$sidecar2" "$workspace"; do
	mkdir -p "$cg$c"
	echo 1 >"$cg$c/memory.oom.group"
done
echo $((MEMORY_MIB * 1048576)) >"$cg$sidecar/memory.max"
echo $((MEMORY_MIB * 1048576)) >"$cg$sidecar2/memory.max"
echo $((512 * 1048576)) >"$cg$workspace/memory.max"

# The pod's volumes: the home "PVC" (a directory of the node's ext4, bind-mounted as kubelet mounts a volume), as
# fsGroup leaves it, and the socket's emptyDir.
mkdir -p /var/lib/pvc/home "$HOME_PATH" "${SOCKET_PATH%/*}"
mount --bind /var/lib/pvc/home "$HOME_PATH"
chown "0:$WORKSPACE_GID" "$HOME_PATH"
chmod 2775 "$HOME_PATH"
chmod 0777 "${SOCKET_PATH%/*}"

docker_() {
	docker --host "unix://$SOCKET_PATH" "$@"
}
# as_user COMMAND...: runs COMMAND as the workspace container does: the workspace user, its cgroup, the socket.
as_user() {
	# shellcheck disable=SC2016 # the inner shell's $$
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$cg$workspace" \
		setpriv --reuid="$WORKSPACE_UID" --regid="$WORKSPACE_GID" --clear-groups \
		env -i PATH=/usr/bin:/bin HOME="$HOME_PATH" DOCKER_HOST="unix://$SOCKET_PATH" "$@" </dev/null
}
# start_sidecar LOG: the sidecar as containerd starts it, in the container cgroup $own: the init joins it, gets its own
# mount and pid namespaces (a privileged container: no cgroup namespace), and runs the container's command with the
# template's args and environment. Sets sidecar_pid (unshare's) and init_pid (the container's pid 1, as the node
# numbers it).
start_sidecar() {
	log=$out/$1
	start_text=$(cat "$p/start.sh") # here: a command substitution in the subshell below would be a child of it too
	set --
	while IFS= read -r arg; do
		set -- "$@" "$arg"
	done <"$p/dockerd-args"
	(
		set -a
		# shellcheck source=/dev/null # written by the test
		. "$p/sidecar-env"
		set +a
		# The container's init joins its cgroup from inside the pid namespace: nothing outside it (unshare's waiting
		# parent, like containerd's shim) may sit in that cgroup, where dind-start cannot see or move it. Then the
		# container's own /dev and the image's account files (container-root.sh).
		# shellcheck disable=SC2016 # the inner shell's $$, $0 and $@
		exec unshare --mount --pid --fork --mount-proc sh -c 'echo $$ >"$0/cgroup.procs" && (. /payload/container-root.sh) && exec sh -c "$@"' \
			"$own" "$start_text" dind-start "$@"
	) >"$log" 2>&1 &
	sidecar_pid=$!
	# The subshell execs unshare, whose one child is the container's pid 1 (the node numbers it).
	init_pid=
	while [ -z "$init_pid" ] && kill -0 "$sidecar_pid" 2>/dev/null; do
		[ "$(cat "/proc/$sidecar_pid/comm" 2>/dev/null)" = unshare ] && init_pid=$(pgrep -P "$sidecar_pid" | head -n 1)
	done
}
# wait_dockerd: until the socket answers (600 tries: 5 min idle, more under load), or the sidecar exited.
wait_dockerd() {
	tries=0
	until docker_ version >/dev/null 2>&1; do
		tries=$((tries + 1))
		if [ "$tries" -ge 600 ] || ! kill -0 "$sidecar_pid" 2>/dev/null; then
			return 1
		fi
		sleep 0.5
	done
}
# record_cgroups: memory.max, memory.oom.group and memory.events of the sidecar's cgroup (own_*) and of each child
# (<child>_*: dockerd, containers, or whatever the sidecar made there).
record_cgroups() {
	for d in "$own" "$own"/*/; do
		[ -f "$d/memory.events" ] || continue
		name=$(basename "$d")
		[ "${d%/}" = "$own" ] && name=own
		result "${name}_memory_max" "$(cat "$d/memory.max")"
		result "${name}_oom_group" "$(cat "$d/memory.oom.group")"
		while read -r key value; do
			result "${name}_events_$key" "$value"
		done <"$d/memory.events"
	done
}

# The readiness probe (docker info, by runc exec): it joins the container's cgroup, or, once that holds controllers
# and refuses new processes (EBUSY), the cgroup of the container's init (opencontainers/runc#2356). First a burst of
# them while dind-start splits its cgroup, until it reports the kernel's refusal, then one every 5 s as kubelet runs
# the template's probe (periodSeconds 5). A burst probe forked but not yet joined when the burst is over
# (/run/burst-over) joins the init's cgroup: dozens of queued forks are not what a node does.
probe() {
	# shellcheck disable=SC2016 # the inner shell's $$
	sh -c 'if [ ! -f "$3" ] && echo $$ 2>/dev/null >"$1/cgroup.procs"; then echo own >>"$2"; else echo $$ >"/sys/fs/cgroup$(cut -d: -f3 "/proc/$4/cgroup")/cgroup.procs" && echo init >>"$2"; fi; shift 4; exec "$@"' \
		probe "$own" "$@"
}
own=$cg$sidecar
result sidecar_cgroup "$sidecar"
begin=$(now_ms)
start_sidecar dockerd.log
(
	# The burst lasts until the kernel's refusal is reported, the sidecar's cgroup has controllers (the split is done),
	# or dockerd answers, whichever comes first.
	end=$(($(date +%s) + 120))
	while [ "$(date +%s)" -lt "$end" ] && ! grep -q 'moving again' "$out/dockerd.log" 2>/dev/null &&
		! grep -q memory "$own/cgroup.subtree_control" && ! { [ -S "$SOCKET_PATH" ] && docker_ version >/dev/null 2>&1; }; do
		probe "$out/probe-burst" /run/burst-over "$init_pid" sleep 0.3 &
		sleep 0.01
	done
	touch /run/burst-over
	while [ ! -f /run/stop-probes ]; do
		probe "$out/probe-landed" /nonexistent "$init_pid" docker --host "unix://$SOCKET_PATH" info >/dev/null 2>&1 || :
		sleep 5
	done
) &
probes=$!

if ! wait_dockerd; then
	result dockerd_up 0
	exit 1
fi
result dockerd_up 1
result dockerd_start_ms "$(since "$begin")"

# The split as it ended: nothing left in the sidecar's own cgroup, controllers delegated, the containers' bound.
result own_procs "$(wc -l <"$own/cgroup.procs")"
result own_subtree "$(cat "$own/cgroup.subtree_control")"
dockerd_pid=$(dockerd_pid)
result dockerd_cgroup "$(cat "/proc/$dockerd_pid/cgroup")"
result dockerd_uid "$(awk '$1 == "Uid:" { print $2 }' "/proc/$dockerd_pid/status")"
result init_uid "$(awk '$1 == "Uid:" { print $2 }' "/proc/$init_pid/status")"
result init_comm "$init_pid:$(cat "/proc/$init_pid/comm")"
rootlesskit_pids=$(pids_of rootlesskit)
result rootlesskit_pids "$rootlesskit_pids"

docker_ import "$p/rootfs.tar" "$BASE_IMAGE" >/dev/null

# The workspace's verification, as the workspace container runs it: uid/gid of the workspace user, its own cgroup.
begin=$(now_ms)
status=0
as_user sh "$p/verify.sh" >"$out/verify.log" 2>&1 || status=$?
result verify_status "$status"
touch /run/stop-probes
wait "$probes" || :
# Probes that joined the sidecar's own cgroup during the split (moved by it), and where the later ones landed.
result probe_burst_own "$(grep -c '^own$' "$out/probe-burst" || :)"
result probe_after_init "$(grep -c '^init$' "$out/probe-landed" || :)"
result probe_after_own "$(grep -c '^own$' "$out/probe-landed" || :)"
result verify_ms "$(since "$begin")"

# What a developer does, as the workspace user: a BuildKit build with a cache mount (a layer, a 1 s step, a small
# step), `docker run` as root and as --user, a port published on the pod's loopback and fetched from the pod's network.
build=$(mktemp -d)
chmod 0755 "$build"
cat >"$build/Dockerfile" <<DOCKERFILE
FROM $BASE_IMAGE
RUN --mount=type=cache,target=/cache busybox sh -c 'busybox ls /cache; busybox dd if=/dev/urandom of=/cache/blob bs=1M count=8 2>/dev/null; busybox dd if=/dev/urandom of=/layer bs=1M count=16 2>/dev/null'
RUN busybox sleep 1
RUN busybox sh -c 'echo built >/built'
DOCKERFILE
begin=$(now_ms)
status=0
# shellcheck disable=SC2016 # the inner shell's $0
as_user sh -c 'DOCKER_BUILDKIT=1 docker build --progress=plain -t devpod-node/build "$0"' "$build" >"$out/build-cold.log" 2>&1 || status=$?
result build_status "$status"
result build_ms "$(since "$begin")"
result run_root "$(as_user docker run --rm "$BASE_IMAGE" busybox id -u 2>&1 | tail -n 1)"
result run_user "$(as_user docker run --rm --user 1000 "$BASE_IMAGE" busybox id -u 2>&1 | tail -n 1)"
result run_built "$(as_user docker run --rm devpod-node/build busybox cat /built 2>&1 | tail -n 1)"
# shellcheck disable=SC2016 # the container shell's
as_user docker run -d --name web -p 127.0.0.1:18080:80 "$BASE_IMAGE" busybox sh -c \
	'busybox mkdir /www && echo devpod-port-ok >/www/index.html && exec busybox httpd -f -p 80 -h /www' >"$out/port.log" 2>&1 || :
reply=
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	# bash's /dev/tcp: the static busybox's wget segfaults on this node (static glibc's resolver).
	reply=$(as_user timeout 10 bash -c 'exec 3<>/dev/tcp/127.0.0.1/18080 && printf "GET / HTTP/1.0\r\n\r\n" >&3 && tail -n 1 <&3' 2>>"$out/port.log") &&
		[ -n "$reply" ] && break
	sleep 1
done
result port_reply "$reply"
as_user docker rm -f web >/dev/null 2>&1 || :
# cache_mount_holds LOG: a build whose cache mount must hold the first build's file; 1 if it does. Not --no-cache:
# that also gives the build empty cache mounts (moby/buildkit#2447); the step's text names LOG, so it is never cached.
cache_mount_holds() {
	printf 'FROM %s\nRUN --mount=type=cache,target=/cache busybox ls -l /cache/blob && echo %s\n' "$BASE_IMAGE" "$1" >"$build/cache-mount.Dockerfile"
	# shellcheck disable=SC2016 # the inner shell's $0 and $1
	if as_user sh -c 'DOCKER_BUILDKIT=1 docker build --progress=plain -f "$1" "$0"' "$build" "$build/cache-mount.Dockerfile" \
		>"$out/$1" 2>&1 && grep -q ' 8388608 .*/cache/blob' "$out/$1"; then
		echo 1
	else
		echo 0
	fi
}
result cache_mount_kept "$(cache_mount_holds build-cache-mount.log)"

# A bystander (a developer's database, say), then a container and a BuildKit RUN step that allocate past the limit.
docker_ run -d --name bystander --network=none "$BASE_IMAGE" busybox sleep 100000 >/dev/null
bystander_pid=$(docker_ inspect -f '{{.State.Pid}}' bystander)
begin=$(now_ms)
status=0
docker_ run --rm --network=none "$BASE_IMAGE" dd if=/dev/zero of=/dev/null bs=$((MEMORY_MIB + 256))M count=1 \
	>"$out/hog-container.log" 2>&1 || status=$?
result hog_container_status "$status"
ctx=$(mktemp -d)
printf 'FROM %s\nRUN dd if=/dev/zero of=/dev/null bs=%sM count=1\n' "$BASE_IMAGE" $((MEMORY_MIB + 256)) >"$ctx/Dockerfile"
status=0
DOCKER_BUILDKIT=1 docker --host "unix://$SOCKET_PATH" build --no-cache --network=none --progress=plain "$ctx" \
	>"$out/hog-build.log" 2>&1 || status=$?
result hog_build_status "$status"
result hog_build_exit "$(grep -o 'exit code: [0-9]*' "$out/hog-build.log" | tail -n 1 | cut -d' ' -f3)"
result hogs_ms "$(since "$begin")"

# Who survived.
result dockerd_same_pid "$([ "$(dockerd_pid)" = "$dockerd_pid" ] && echo 1 || echo 0)"
result rootlesskit_same_pids "$([ "$(pids_of rootlesskit)" = "$rootlesskit_pids" ] && echo 1 || echo 0)"
result docker_info_after "$(docker_ info --format '{{.ServerVersion}}' 2>&1 | tr ' ' _)"
result bystander_after "$(docker_ inspect -f '{{.State.Running}}:{{.State.Pid}}' bystander 2>&1)"
result bystander_pid "$bystander_pid"
record_cgroups
dockerd_cg=/sys/fs/cgroup$(cut -d: -f3 "/proc/$(dockerd_pid)/cgroup")
result dockerd_anon "$(awk '$1 == "anon" { print $2 }' "$dockerd_cg/memory.stat")"
result dockerd_memory_peak "$(cat "$dockerd_cg/memory.peak" 2>/dev/null || echo unknown)"
result own_memory_peak "$(cat "$own/memory.peak" 2>/dev/null || echo unknown)"

# The sidecar restarts as kubelet restarts a container: the preStop hook, SIGTERM to its pid 1, then a new container
# in a new cgroup on the same volume. Images and the build cache must still be there: the same build is all cached.
# Whether the cache mount still holds what the first build wrote is recorded too.
begin=$(now_ms)
sh "$p/stop.sh" >"$out/stop.log" 2>&1 || :
kill -TERM "$init_pid"
tries=0
while kill -0 "$sidecar_pid" 2>/dev/null && [ "$tries" -lt 120 ]; do
	tries=$((tries + 1))
	sleep 0.5
done
result stop_ms "$(since "$begin")"
result stopped "$(kill -0 "$sidecar_pid" 2>/dev/null && echo 0 || echo 1)"
kill -KILL "$sidecar_pid" 2>/dev/null || :
wait "$sidecar_pid"
result sidecar_exit "$?"
own=$cg$sidecar2
begin=$(now_ms)
start_sidecar dockerd-restart.log
if ! wait_dockerd; then
	result restarted 0
	exit 1
fi
result restarted 1
result restart_ms "$(since "$begin")"
result images_after_restart "$(as_user docker image ls --format '{{.Repository}}:{{.Tag}}' | sort | tr '\n' ' ')"
begin=$(now_ms)
status=0
# shellcheck disable=SC2016 # the inner shell's $0
as_user sh -c 'DOCKER_BUILDKIT=1 docker build --progress=plain -t devpod-node/build "$0"' "$build" >"$out/build-warm.log" 2>&1 || status=$?
result warm_build_status "$status"
result warm_build_ms "$(since "$begin")"
result warm_build_cached "$(grep -c '^#[0-9]* CACHED' "$out/build-warm.log")"
result cache_mount_after_restart "$(cache_mount_holds build-cache-mount-restart.log)"

# The escape attempts, as the workspace user through the socket. A root process in the sidecar's namespaces holds the
# environment secret (as the rootful daemon's own environment would). Whether an attempt reached the node is read
# here, on the node, from what it left there: never from what the container says.
nsenter -t "$init_pid" -m -p env DEVPOD_NODE_SECRET="$environ_secret" sleep 100000 &
token=$(tr -d '-' </proc/sys/kernel/random/uuid | cut -c1-12)
result escape_baseline "$([ ! -e /sys/module/dummy ] && ! grep -q "$token" /proc/sys/kernel/core_pattern && echo clean || echo dirty)"
begin=$(now_ms)
as_user sh "$p/escape-attempts.sh" "$BASE_IMAGE" "$token" >"$out/escapes.log" 2>&1 || :
result escapes_ms "$(since "$begin")"
reached_count=0
# reached NAME 0|1: the node's verdict on one attempt, with the container's own line beside it.
reached() {
	result "escape_$1" "$2"
	[ "$2" = 0 ] || reached_count=$((reached_count + 1))
	result "escape_$1_claim" "$(grep "^escape $1: " "$out/escapes.log" | head -n 1 | cut -d' ' -f3- | tr ' ' _ | cut -c1-200)"
}
yes_if() {
	if "$@"; then echo 1; else echo 0; fi
}
reached host-etc "$(yes_if test -e "/etc/devpod-escape-$token")"
reached host-var "$(yes_if test -e "/var/devpod-escape-$token")"
reached mknod-mount "$(yes_if test -e "/devpod-escape-mknod-$token")"
reached insmod "$(yes_if test -e /sys/module/dummy)"
reached core-pattern "$(yes_if grep -q "$token" /proc/sys/kernel/core_pattern)"
reached nsenter-pid1 "$(yes_if test -e "/devpod-escape-nsenter-$token")"
reached shadow "$(yes_if grep -q "$shadow_secret" "$out/escapes.log")"
reached environ "$(yes_if grep -q "$environ_secret" "$out/escapes.log")"
reached cgroup-root "$(yes_if test -d "/sys/fs/cgroup/devpod-escape-$token")"
result escapes_attempted "$(grep -c '^escape ' "$out/escapes.log")"
result escapes_reached "$reached_count"
