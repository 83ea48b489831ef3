# Lifecycle part (sourced by lifecycle-crash-build.sh and lifecycle-crash-import.sh): the sidecar is SIGKILLed (CRASH_DURING=build: in the middle of a build's RUN
# step, after an earlier step committed; CRASH_DURING=import: while `docker import` is writing a layer), then restarted
# on the same data root. Prints key=value lines; the verification runs afterwards, on the restarted daemon.
# shellcheck shell=sh disable=SC2154 # BASE_IMAGE, DATA_ROOT, CRASH_DURING: set by run-scenario.sh and the caller
ctx=$(mktemp -d)
layers() {
	# Layer directories of the overlay2 driver (l/ holds only short links).
	find "${DATA_ROOT}/overlay2" -mindepth 1 -maxdepth 1 ! -name l | wc -l
}
images() {
	docker_ images --format '{{.Repository}}:{{.Tag}}@{{.ID}}' | sort | tr '\n' ' '
}
# An earlier image that must survive the crash.
printf 'FROM %s\nRUN echo kept >/kept\n' "${BASE_IMAGE}" >"${ctx}/Dockerfile.kept"
DOCKER_BUILDKIT=1 docker_ build --network=none -t devpod-kept:1 -f "${ctx}/Dockerfile.kept" "${ctx}" >/dev/null 2>&1
docker_ builder prune -af >/dev/null 2>&1
echo "images_before=$(images)"
layers_before=$(layers)
echo "layers_before=${layers_before}"
case ${CRASH_DURING} in
	build)
		printf 'FROM %s\nRUN dd if=/dev/urandom of=/data bs=1048576 count=8 2>/dev/null\nRUN sleep 60\n' "${BASE_IMAGE}" >"${ctx}/Dockerfile"
		DOCKER_BUILDKIT=1 docker_ build --progress=plain --network=none -t devpod-half:1 "${ctx}" >"${ctx}/build.log" 2>&1 &
		# Wait until the second RUN step has started: the first one is committed by then.
		tries=0
		until grep -q 'RUN sleep 60' "${ctx}/build.log" 2>/dev/null || [ "${tries}" -ge 300 ]; do
			tries=$((tries + 1))
			sleep 0.1
		done
		sleep 1
		;;
	import)
		dd if=/dev/urandom of="${ctx}/blob" bs=1048576 count=16 2>/dev/null
		tar -C "${ctx}" -cf "${ctx}/layer.tar" blob
		# Half the tarball, then nothing: dockerd is in the middle of writing the layer when it is killed.
		{
			head -c 8388608 "${ctx}/layer.tar"
			sleep 60
		} | docker_ import - devpod-half:1 >/dev/null 2>&1 &
		# Until dockerd has begun writing the layer: a new layer directory appears.
		tries=0
		until [ "$(layers)" -gt "${layers_before}" ] || [ "${tries}" -ge 300 ]; do
			tries=$((tries + 1))
			sleep 0.1
		done
		sleep 0.5
		;;
	*) echo "unknown CRASH_DURING=${CRASH_DURING}" ;;
esac
echo "in_progress=$(docker_ images -q devpod-half:1 | wc -l) $(find "${DATA_ROOT}/tmp" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)"
kill_sidecar
echo "killed=$(kill -0 "${dockerd_pid}" 2>/dev/null && echo no || echo yes)"
start_dockerd
echo "up_after=$(docker_ version --format '{{.Server.Version}}' 2>&1)"
echo "images_after=$(images)"
echo "tmp_after=$(find "${DATA_ROOT}/tmp" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)"
if [ "${CRASH_DURING}" = build ]; then
	# The same build again, the long step made short: is the committed first step reused?
	printf 'FROM %s\nRUN dd if=/dev/urandom of=/data bs=1048576 count=8 2>/dev/null\nRUN true\n' "${BASE_IMAGE}" >"${ctx}/Dockerfile"
	DOCKER_BUILDKIT=1 docker_ build --progress=plain --network=none -t devpod-half:1 "${ctx}" >"${ctx}/rebuild.log" 2>&1 ||
		tail -n 5 "${ctx}/rebuild.log"
	echo "rebuild_cached=$(grep -c '^#[0-9]* CACHED' "${ctx}/rebuild.log")"
	docker_ image rm devpod-half:1 >/dev/null 2>&1
fi
# Everything the interrupted operation left behind, once its image and build cache are pruned: layers back to before?
docker_ builder prune -af >/dev/null 2>&1
echo "layers_after_prune=$(layers)"
# Layer directories no image, container or build cache record refers to, and their size (KiB).
db=${DATA_ROOT}/image/overlay2/layerdb
for ref in "${db}"/sha256/*/cache-id "${db}"/mounts/*/mount-id "${db}"/mounts/*/init-id; do
	[ ! -f "${ref}" ] || printf '%s\n' "$(cat "${ref}")" # the files hold the id without a newline
done >"${ctx}/referenced"
orphans=0
orphan_kib=0
for dir in "${DATA_ROOT}"/overlay2/*; do
	id=${dir##*/}
	[ "${id}" != l ] || continue
	grep -qx "${id}" "${ctx}/referenced" && continue
	orphans=$((orphans + 1))
	orphan_kib=$((orphan_kib + $(du -sk "${dir}" | cut -f1)))
done
echo "orphans=${orphans} ${orphan_kib}"
rm -rf "${ctx}"
