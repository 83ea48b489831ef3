#!/bin/sh
# Runs on the cgroup v2 test node (as root, after node-init.sh): a pod cgroup as kubelet makes it, the template's
# docker sidecar in it as containerd would start it (privileged: no cgroup namespace, its own mount and pid namespace),
# the workspace's verification as uid 1000, then memory hogs past the sidecar's limit beside a bystander container.
# Writes key=value lines to /payload/out/results; logs to /payload/out.
# Payload: start.sh (the sidecar's rendered `sh -c` text), dockerd-args (one per line), sidecar-env (NAME=value lines),
# verify.sh (the rendered verification), vendor/ (docker:dind's entrypoint and dind), rootfs.tar (the base image),
# settings (MEMORY_MIB: the sidecar's memory limit; SOCKET_PATH; HOME_PATH; BASE_IMAGE; WORKSPACE_UID/GID).
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
# dockerd_pid: the pid of the one dockerd on the node (the sidecar's), as the node's root pid namespace numbers it.
dockerd_pid() {
	for comm in /proc/[0-9]*/comm; do
		if [ "$(cat "$comm" 2>/dev/null)" = dockerd ]; then
			pid=${comm#/proc/}
			echo "${pid%/comm}"
		fi
	done
}
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# The image's layout: the entrypoint and dind in /usr/local/bin (this boot's snapshot only).
cp "$p/vendor/dockerd-entrypoint.sh" "$p/vendor/dind" /usr/local/bin/
chmod 0755 /usr/local/bin/dockerd-entrypoint.sh /usr/local/bin/dind

# kubelet's cgroupfs layout on cgroup v2: kubepods/<qos>/pod<uid>/<container id>, every controller enabled down to the
# pod, limits on the pod and on each container, and memory.oom.group=1 on each container (kubelet >= 1.28).
cg=/sys/fs/cgroup
controllers=$(sed -e 's/^/+/' -e 's/ / +/g' "$cg/cgroup.controllers")
pod=/kubepods/burstable/pod0f1e2d3c
sidecar=$pod/cri-containerd-51dec4a5
workspace=$pod/cri-containerd-70a4c5ce
for d in "" /kubepods /kubepods/burstable "$pod"; do
	mkdir -p "$cg$d"
	echo "$controllers" >"$cg$d/cgroup.subtree_control"
done
echo $(((MEMORY_MIB + 512) * 1048576)) >"$cg$pod/memory.max"
for c in "$sidecar" "$workspace"; do
	mkdir -p "$cg$c"
	echo 1 >"$cg$c/memory.oom.group"
done
echo $((MEMORY_MIB * 1048576)) >"$cg$sidecar/memory.max"
echo $((512 * 1048576)) >"$cg$workspace/memory.max"
own=$cg$sidecar
result sidecar_cgroup "$sidecar"

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

# The readiness probe (docker info, by runc exec): it joins the container's cgroup, or, once that holds controllers
# and refuses new processes (EBUSY), the cgroup of the container's init (opencontainers/runc#2356). First a burst of
# them while dind-start splits its cgroup, until it reports the kernel's refusal, then one every 5 s as kubelet runs
# the template's probe (periodSeconds 5). A burst probe forked but not yet joined when the burst is over
# (/run/burst-over) joins the init's cgroup: dozens of queued forks are not what a node does.
probe() {
	# shellcheck disable=SC2016 # the inner shell's $$
	sh -c 'if [ ! -f "$3" ] && echo $$ 2>/dev/null >"$1/cgroup.procs"; then echo own >>"$2"; else echo $$ >"$1/dockerd/cgroup.procs" && echo init >>"$2"; fi; shift 3; exec "$@"' \
		probe "$own" "$@"
}
(
	end=$(($(date +%s) + 120))
	while [ "$(date +%s)" -lt "$end" ] && ! grep -q 'moving again' "$out/dockerd.log" 2>/dev/null; do
		probe "$out/probe-burst" /run/burst-over sleep 0.3 &
		sleep 0.01
	done
	touch /run/burst-over
	while [ ! -f /run/stop-probes ]; do
		probe "$out/probe-landed" /nonexistent docker --host "unix://$SOCKET_PATH" info >/dev/null 2>&1 || :
		sleep 5
	done
) &
probes=$!

# The sidecar: joins its container cgroup, gets its own mount and pid namespaces (a privileged container: no cgroup
# namespace), and runs the container's command with the template's args and environment.
set --
while IFS= read -r arg; do
	set -- "$@" "$arg"
done <"$p/dockerd-args"
begin=$(now_ms)
(
	set -a
	# shellcheck source=/dev/null # written by the test
	. "$p/sidecar-env"
	set +a
	# The container's init joins its cgroup from inside the pid namespace: nothing outside it (unshare's waiting
	# parent, like containerd's shim) may sit in that cgroup, where dind-start cannot see or move it.
	# shellcheck disable=SC2016 # the inner shell's $$, $0 and $@
	exec unshare --mount --pid --fork --mount-proc sh -c 'echo $$ >"$0/cgroup.procs" && exec sh -c "$@"' \
		"$own" "$(cat "$p/start.sh")" dind-start "$@"
) >"$out/dockerd.log" 2>&1 &
sidecar_pid=$!
tries=0
until docker_ version >/dev/null 2>&1; do
	tries=$((tries + 1))
	if [ "$tries" -ge 240 ] || ! kill -0 "$sidecar_pid" 2>/dev/null; then
		result dockerd_up 0
		exit 1
	fi
	sleep 0.5
done
result dockerd_up 1
result dockerd_start_ms "$(since "$begin")"

# The split as it ended: nothing left in the sidecar's own cgroup, controllers delegated, the containers' bound.
result own_procs "$(wc -l <"$own/cgroup.procs")"
result own_subtree "$(cat "$own/cgroup.subtree_control")"
result containers_memory_max "$(cat "$own/containers/memory.max")"
result containers_oom_group "$(cat "$own/containers/memory.oom.group")"
result own_oom_group "$(cat "$own/memory.oom.group")"
dockerd_pid=$(dockerd_pid)
result dockerd_cgroup "$(cat "/proc/$dockerd_pid/cgroup")"

docker_ import "$p/rootfs.tar" "$BASE_IMAGE" >/dev/null

# The workspace's verification, as the workspace container runs it: uid/gid of the workspace user, its own cgroup.
begin=$(now_ms)
status=0
# shellcheck disable=SC2016 # the inner shell's $$
sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$cg$workspace" \
	setpriv --reuid="$WORKSPACE_UID" --regid="$WORKSPACE_GID" --clear-groups \
	env -i PATH=/usr/bin:/bin HOME="$HOME_PATH" DOCKER_HOST="unix://$SOCKET_PATH" sh "$p/verify.sh" \
	>"$out/verify.log" 2>&1 </dev/null || status=$?
result verify_status "$status"
touch /run/stop-probes
wait "$probes" || :
# Probes that joined the sidecar's own cgroup during the split (moved by it), and where the later ones landed.
result probe_burst_own "$(grep -c '^own$' "$out/probe-burst" || :)"
result probe_after_init "$(grep -c '^init$' "$out/probe-landed" || :)"
result probe_after_own "$(grep -c '^own$' "$out/probe-landed" || :)"
result verify_ms "$(since "$begin")"

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
result docker_info_after "$(docker_ info --format '{{.ServerVersion}}' 2>&1 | tr ' ' _)"
result bystander_after "$(docker_ inspect -f '{{.State.Running}}:{{.State.Pid}}' bystander 2>&1)"
result bystander_pid "$bystander_pid"
while read -r key value; do
	result "own_events_$key" "$value"
done <"$own/memory.events"
while read -r key value; do
	result "containers_events_$key" "$value"
done <"$own/containers/memory.events"
result dockerd_anon "$(awk '$1 == "anon" { print $2 }' "$own/dockerd/memory.stat")"
result dockerd_memory_peak "$(cat "$own/dockerd/memory.peak" 2>/dev/null || echo unknown)"
result own_memory_peak "$(cat "$own/memory.peak" 2>/dev/null || echo unknown)"
