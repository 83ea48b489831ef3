#!/bin/sh
# rootless-hog: run as the workspace user after the verification (a scenario's extra script), with the rootless
# daemon in a sidecar cgroup of 1024 MiB (cgroup v1, runc's layout). A bystander container, then a container that
# asks for 1200 MiB at once (busybox dd's buffer): on v1 the kernel's OOM killer takes the biggest process of the
# cgroup, the hog, and nothing else (v1 has no memory.oom.group). Prints one line per fact for the test to read.
set -u
# busybox sleep is not linked in the test image: `busybox sleep`.
docker run -d --name bystander --network=none local/busybox:1 busybox sleep 600 >/dev/null
dockerd_before=$(docker info --format '{{.ID}}' 2>&1)
status=0
docker run --rm --network=none local/busybox:1 dd if=/dev/zero of=/dev/null bs=1200M count=1 >/dev/null 2>&1 || status=$?
echo "hog-exit $status"
echo "daemon-same $([ "$(docker info --format '{{.ID}}' 2>&1)" = "$dockerd_before" ] && echo yes || echo no)"
echo "bystander $(docker inspect -f "{{.State.Running}}" bystander 2>&1)"
echo "run-after $(docker run --rm --network=none local/busybox:1 echo ok 2>&1)"
# docker run -m is accepted and not enforced: rootless dockerd without a systemd user instance has no cgroups.
limited=0
docker run --rm --network=none -m 64m local/busybox:1 dd if=/dev/zero of=/dev/null bs=200M count=1 >/dev/null 2>&1 || limited=$?
echo "limit-64m-exit $limited"
docker rm -f bystander >/dev/null 2>&1 || :
