#!/bin/sh
# Builds the cgroup v2 test node: a Debian bookworm root (Debian's kernel, docker.io) in an ext4 image, with the
# kernel and initrd beside it, for qemu (test/vm/node.ts boots it). Debian packages only: no registry, no Docker Hub.
#   usage: sh test/vm/build-image.sh DIR
# DIR ends up holding root.img, vmlinuz and initrd.img, or nothing (the build runs in DIR.tmp and is renamed at the
# end, so an interrupted build leaves no half image behind). Run as root (debootstrap chroots; mke2fs -d needs no
# loop mount). The caller keys DIR by a hash of this file: a change here builds a new image.
set -eu

dir=${1:?usage: build-image.sh DIR}
mirror=${DEVPOD_VM_MIRROR:-http://deb.debian.org/debian}
# docker.io brings containerd, runc and tini; the rest is what the dind entrypoint, the verification and the test
# node's init use (iptables for dockerd's bridge, util-linux for unshare/setpriv/flock, kmod for the 9p modules);
# rootlesskit, slirp4netns and uidmap (setuid newuidmap/newgidmap) are what the docker:dind-rootless image adds for
# the rootless sidecar (docs/cgroups.md).
packages=docker.io,linux-image-amd64,initramfs-tools,iptables,busybox-static,util-linux,iproute2,procps,kmod,e2fsprogs,mawk,rootlesskit,slirp4netns,uidmap

tmp=$dir.tmp
rm -rf "$tmp"
mkdir -p "$tmp/root"
debootstrap --variant=minbase --include="$packages" bookworm "$tmp/root" "$mirror" >"$tmp/debootstrap.log" 2>&1 || {
	tail -n 20 "$tmp/debootstrap.log" >&2
	echo "error: build-image: debootstrap from $mirror failed (log above; full log in $tmp/debootstrap.log)" >&2
	exit 1
}
cp "$tmp"/root/boot/vmlinuz-* "$tmp/vmlinuz"
cp "$tmp"/root/boot/initrd.img-* "$tmp/initrd.img"
rm -rf "$tmp"/root/boot/* "$tmp"/root/var/cache/apt/archives/*.deb "$tmp"/root/var/lib/apt/lists/*

# PID 1 of the node: mounts the kernel filesystems and the test's payload (a 9p share, tag "payload"), then hands over
# to the payload's init.sh, which sets the node up (cgroup2 alone) and runs the scenarios. The image itself holds no
# test logic, so a changed scenario needs no new image.
cat >"$tmp/root/init" <<'INIT'
#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
modprobe 9pnet_virtio
modprobe 9p
mkdir -p /payload
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 payload /payload || [ ! -f /payload/init.sh ]; then
	echo "devpod-node: no payload share with init.sh; powering off" >/dev/ttyS0
	echo o >/proc/sysrq-trigger
	sleep 60
fi
exec sh /payload/init.sh
INIT
chmod 0755 "$tmp/root/init"
# A user for the workspace's verification, as the workspace image has one.
chroot "$tmp/root" groupadd -g 1000 coder
chroot "$tmp/root" useradd -u 1000 -g 1000 -M -d /home/coder -s /bin/sh coder
# The rootless daemon's user (uid 1000, as docker:dind-rootless's `rootless`) needs exactly one subordinate range
# (rootless-dind.md: none or two break newuidmap); useradd adds one when /etc/subuid exists, this makes sure.
for f in subuid subgid; do
	grep -q '^coder:' "$tmp/root/etc/$f" 2>/dev/null || echo 'coder:100000:65536' >>"$tmp/root/etc/$f"
done

# The root filesystem: ext4 (overlay2's backing filesystem on a Longhorn volume), sparse, filled without a loop mount.
mke2fs -q -t ext4 -L devpod-node -d "$tmp/root" "$tmp/root.img" 6G
rm -rf "$tmp/root"
rm -rf "$dir"
mv "$tmp" "$dir"
