#!/bin/sh
# The workspace user's ways out of the sidecar (rootless-dind.md): nine attempts started through the Docker socket,
# each trying to act on the node. Run as the workspace user with DOCKER_HOST set. Each attempt prints one line,
#   escape <name>: exit <status>: <the container's last line>
# which is only the container's claim: whether an attempt reached the node is decided on the node's side, by the caller
# (node-scenario.sh), from what the attempt leaves there. TOKEN marks every trace, so nothing else is mistaken for one.
#   usage: escape-attempts.sh IMAGE TOKEN
set -u
image=${1:?usage: escape-attempts.sh IMAGE TOKEN}
token=${2:?usage: escape-attempts.sh IMAGE TOKEN}

attempt() {
	name=$1
	shift
	out=$(timeout 120 docker run --rm "$@" </dev/null 2>&1)
	status=$?
	echo "escape $name: exit $status: $(printf '%s\n' "$out" | tail -n 1)"
}

# 1. The whole node's root, privileged, bound at /host: a file in /etc.
attempt host-etc --privileged -v /:/host "$image" busybox sh -c "echo $token >/host/etc/devpod-escape-$token && echo written"
# 2. The same, outside /etc (rootlesskit copies /etc and /run up onto a tmpfs of its own; /var is the real one).
attempt host-var --privileged -v /:/host "$image" busybox sh -c "echo $token >/host/var/devpod-escape-$token && echo written"
# 3. A device node for the root disk, mounted: a file at the disk's root.
attempt mknod-mount --privileged "$image" busybox sh -c "
	dev=\$(busybox cat /sys/block/vda/dev) &&
	busybox mknod /disk b \${dev%:*} \${dev#*:} && busybox mkdir /disk-root && busybox mount -t ext4 /disk /disk-root &&
	echo $token >/disk-root/devpod-escape-mknod-$token && echo written"
# 4. A kernel module (dummy: no dependencies, not loaded on the node) from the node's module tree.
# shellcheck disable=SC2016 # the container shell's $(...)
attempt insmod --privileged -v /lib/modules:/lib/modules:ro "$image" busybox sh -c '
	busybox insmod "$(busybox find /lib/modules -name dummy.ko | busybox head -n 1)" && echo loaded'
# 5. The kernel's core dump handler: a pipe to a program of the attacker's, run by the kernel as root on the node.
attempt core-pattern --privileged "$image" busybox sh -c "echo '|/tmp/devpod-escape-$token' >/proc/sys/kernel/core_pattern && echo written"
# 6. The namespaces of pid 1 (with --pid=host): a file written from there.
attempt nsenter-pid1 --privileged --pid=host "$image" busybox nsenter -t 1 -m -u -i -n -p \
	busybox sh -c "echo $token >/devpod-escape-nsenter-$token && echo written"
# 7. /etc/shadow (the node plants a secret in it), bound read-only, else through the node's root.
# shellcheck disable=SC2016 # the container shell's $(...)
attempt shadow --privileged -v /etc/shadow:/shadow:ro -v /:/host "$image" busybox sh -c \
	'echo "read: $(busybox cat /shadow /host/etc/shadow 2>&1 | busybox grep -o -e "devpod-secret-[0-9a-z]*" -e "[A-Za-z ]*denied" | busybox tr "\n" " ")"'
# 8. The environment of the sidecar's root processes (the rootful daemon's; the node plants a secret in one): through
# --pid=host, else through the sidecar's /proc bound in. One line for both.
# shellcheck disable=SC2016 # "$0" and "$f" are the container shell's
environ='for f in "$0"/[0-9]*/environ; do busybox tr "\0" "\n" <"$f"; done 2>&1 | busybox grep -o -e "devpod-secret-[0-9a-z]*" -e "[A-Za-z ]*denied" | busybox sort -u | busybox tr "\n" " "'
out=$(timeout 120 docker run --rm --privileged --pid=host "$image" busybox sh -c "echo read: \$($environ)" /proc 2>&1)
first=$?
out="$out $(timeout 120 docker run --rm --privileged -v /proc:/host-proc "$image" busybox sh -c "echo read: \$($environ)" /host-proc 2>&1)"
echo "escape environ: exit $first/$?: $(printf '%s' "$out" | tr '\n' ' ')"
# 9. A cgroup at the node's root, outside every pod's limits (--cgroupns=host shows the node's whole tree).
attempt cgroup-root --privileged --cgroupns=host "$image" busybox sh -c "busybox mkdir /sys/fs/cgroup/devpod-escape-$token && echo created"
