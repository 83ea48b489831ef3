#!/bin/sh
# The test node's init, after the image's /init mounted proc, sysfs, devtmpfs and this payload at /payload: the rest
# of what a node's boot gives a kubelet (cgroup2 alone, tmpfs /run and /tmp), then the scenarios, then power off.
# Everything goes to the serial console and, for the test to read, to /payload/out.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
out=/payload/out
mkdir -p "$out"
exec >/dev/ttyS0 2>&1
echo "node_boot_seconds=$(cut -d' ' -f1 /proc/uptime)" >"$out/results"
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs tmpfs /tmp
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount --make-rshared /
hostname devpod-node
ip link set lo up
echo "devpod-node: kernel $(uname -r), cgroup controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
sh /payload/scenario.sh >"$out/scenario.log" 2>&1
echo "scenario_status=$?" >>"$out/results"
tail -n 30 "$out/scenario.log"
sync
echo o >/proc/sysrq-trigger
sleep 60
