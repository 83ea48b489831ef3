#!/bin/sh
# Test workload, run as the workspace user against the template's dockerd: where a container, a BuildKit RUN step and
# dockerd itself sit in the cgroup tree, then a container that allocates memory without bound. Prints key=value lines.
set -eu
base=${BASE_IMAGE:-local/busybox:1}

echo "container=$(docker run --rm --network=none --cgroupns=host "${base}" cat /proc/self/cgroup | tr '\n' ' ')"

ctx=$(mktemp -d)
trap 'rm -rf "${ctx}"' EXIT
printf 'FROM %s\nRUN cat /proc/self/cgroup\n' "${base}" >"${ctx}/Dockerfile"
DOCKER_BUILDKIT=1 docker build --no-cache --network=none --progress=plain "${ctx}" >"${ctx}/build.log" 2>&1
echo "build_step=$(grep -E '^#[0-9]+ [0-9.]+ [0-9]+:' "${ctx}/build.log" | tr '\n' ' ')"

for p in /proc/[0-9]*; do
	if [ "$(cat "${p}/comm" 2>/dev/null)" = dockerd ]; then
		echo "dockerd=$(tr '\n' ' ' <"${p}/cgroup")"
	fi
done

# Doubles a string until something stops it: the memory limit of the cgroup that stands for the sidecar.
status=0
docker run --rm --network=none "${base}" awk 'BEGIN { s = "x"; while (1) s = s s }' >/dev/null 2>&1 || status=$?
echo "hog_status=${status}"
