#!/bin/sh
# Sourced by the sidecar's init on the cgroup v2 test node (node-scenario.sh), in the sidecar's own mount namespace,
# before the container's command: what a container runtime and the sidecar's image give it that the node's root lacks.
#   - its own /dev, as runc makes a privileged container's: a tmpfs with a node for each of the node's devices (same
#     numbers and modes: /dev/net/tun is devtmpfs's 0600), a devpts and a /dev/shm of its own. What the sidecar
#     changes there (the rootless prologue opens /dev/net/tun up) stays in the container.
#   - docker:dind-rootless's account: user and group `rootless`, uid and gid 1000 (the node's `coder`), its home
#     /home/rootless, one subuid and subgid range rootless:100000:65536. The docker:dind image has neither user nor
#     range; with isolation privileged nothing reads them.
# Everything here is in the sidecar's mount namespace: the node's /dev and /etc stay as they are.
set -eu
mkdir -p /run/container-dev
mount -t tmpfs -o mode=0755,nosuid tmpfs /run/container-dev
(cd /dev && find . -path ./pts -prune -o -path ./shm -prune -o -path ./mqueue -prune -o -type c -print -o -type b -print) |
	while IFS= read -r node; do
		mkdir -p "/run/container-dev/${node%/*}"
		cp -a "/dev/$node" "/run/container-dev/$node"
	done
for link in fd:/proc/self/fd stdin:/proc/self/fd/0 stdout:/proc/self/fd/1 stderr:/proc/self/fd/2; do
	ln -s "${link#*:}" "/run/container-dev/${link%%:*}"
done
mkdir -p /run/container-dev/pts /run/container-dev/shm
mount --move /run/container-dev /dev
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts
ln -sf pts/ptmx /dev/ptmx
mount -t tmpfs -o mode=1777,nosuid,nodev shm /dev/shm

image_etc=/run/container-etc
mkdir -p "$image_etc"
mount -t tmpfs -o mode=0755 tmpfs "$image_etc"
sed 's/^coder:x:1000:1000:[^:]*:[^:]*:/rootless:x:1000:1000:Rootless:\/home\/rootless:/' /etc/passwd >"$image_etc/passwd"
sed 's/^coder:x:1000:/rootless:x:1000:/' /etc/group >"$image_etc/group"
echo 'rootless:100000:65536' >"$image_etc/subuid"
echo 'rootless:100000:65536' >"$image_etc/subgid"
for f in passwd group subuid subgid; do
	chmod 0644 "$image_etc/$f"
	mount --bind "$image_etc/$f" "/etc/$f"
done
mkdir -p /home/rootless
chown 1000:1000 /home/rootless
