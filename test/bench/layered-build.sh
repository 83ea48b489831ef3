#!/bin/sh
# Benchmark workload: a build of LAYERS RUN steps that each write LAYER_MIB of data, on the smoke build's base image.
# Prints "build_seconds=<s>". Run as the workspace user against the template's dockerd.
set -eu
layers=${LAYERS:-8}
layer_mib=${LAYER_MIB:-32}
base=${BASE_IMAGE:-local/busybox:1}
ctx=$(mktemp -d)
trap 'rm -rf "${ctx}"' EXIT
printf 'FROM %s\n' "${base}" >"${ctx}/Dockerfile"
i=1
while [ "${i}" -le "${layers}" ]; do
	printf 'RUN dd if=/dev/zero of=/layer-%s bs=1048576 count=%s 2>/dev/null\n' "${i}" "${layer_mib}" >>"${ctx}/Dockerfile"
	i=$((i + 1))
done
start=$(date +%s.%N)
DOCKER_BUILDKIT=1 docker build --no-cache --network=none -t devpod-bench:layers "${ctx}" >"${ctx}/build.log" 2>&1 || {
	tail -n 5 "${ctx}/build.log" >&2
	exit 1
}
end=$(date +%s.%N)
echo "build_seconds=$(echo "${end} ${start}" | awk '{ printf "%.1f", $1 - $2 }')"
