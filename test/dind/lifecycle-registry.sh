# Lifecycle (sourced by run-scenario.sh): a private registry for the prewarm scenarios. Debian's docker-registry
# (distribution 2.8) listens on 127.0.0.1:5000 inside the pod's network namespace, where dockerd treats it as an
# insecure registry by default; it holds two images of the same size, each with its own 64 MiB random layer on the
# base image: PREWARM_WARM (for the prewarm to pull) and PREWARM_COLD (pulled only by the first `docker run`). Both
# are removed from dockerd afterwards, so that only the registry has them. Prints key=value lines.
# shellcheck shell=sh disable=SC2154 # BASE_IMAGE, WORK: set by run-scenario.sh
registry_dir="${WORK}/registry"
mkdir -p "${registry_dir}/data"
printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:5000\n' \
	"${registry_dir}/data" >"${registry_dir}/config.yml"
docker-registry serve "${registry_dir}/config.yml" >"${registry_dir}/log" 2>&1 &
tries=0
until python3 -c 'import urllib.request; urllib.request.urlopen("http://127.0.0.1:5000/v2/")' 2>/dev/null || [ "${tries}" -ge 40 ]; do
	tries=$((tries + 1))
	sleep 0.25
done
for image in "${PREWARM_WARM:?}" "${PREWARM_COLD:?}"; do
	ctx=$(mktemp -d)
	printf 'FROM %s\nRUN head -c 67108864 /dev/urandom >/blob\n' "${BASE_IMAGE}" >"${ctx}/Dockerfile"
	DOCKER_BUILDKIT=0 docker_ build -q --network=none -t "${image}" "${ctx}" >/dev/null
	docker_ push "${image}" >/dev/null
	docker_ rmi "${image}" >/dev/null
	rm -rf "${ctx}"
done
echo "registry_images=$(python3 -c 'import json, urllib.request; print(" ".join(json.load(urllib.request.urlopen("http://127.0.0.1:5000/v2/_catalog"))["repositories"]))')"
echo "local_images=$(docker_ images --format '{{.Repository}}:{{.Tag}}' | sort | tr '\n' ' ')"
