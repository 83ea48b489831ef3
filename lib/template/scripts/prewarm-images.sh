#!/bin/sh
# prewarm-images: pulls the images a platform team names (config prewarmImages) into dockerd's data root on the home
# volume, once the storage verification has passed, so that a workspace, and a prebuilt one before it is claimed,
# starts with them. Runs as the workspace user in the workspace container, next to the verification; login never
# waits for it. Every outcome is logged and the script always exits 0: a failed pull must not mark the start as
# failed, which would also keep a prebuilt workspace from becoming claimable.
#
# Settings, all required; the template prepends them (lib/template/prewarm/image-prewarm.ts):
#   DEVPOD_DOCKER_HOST      dockerd's unix:// address
#   DEVPOD_IMAGES           the images, separated by spaces
#   DEVPOD_VERIFIED_MARKER  the verification's result (`pass <start>` or `fail <start> <check>`), in the container's
#                           /tmp: one per container
#   DEVPOD_WAIT_SECONDS     how long to wait for it: the verification's own time limit
#   DEVPOD_PULL_SECONDS     time limit of all pulls together
#   DEVPOD_GRACE_SECONDS    how long a result that was there before this script started may stand before it is taken
#                           as this run's
# The agent starts the start scripts together, and again in the same container after a prebuild claim. A result that
# is there when this script starts is the earlier run's if the verification removes it now (it does so first thing);
# if it stands for DEVPOD_GRACE_SECONDS, the verification of this run wrote it before this script started.
set -eu

docker_host=${DEVPOD_DOCKER_HOST:?}
images=${DEVPOD_IMAGES:?}
marker=${DEVPOD_VERIFIED_MARKER:?}
wait_seconds=${DEVPOD_WAIT_SECONDS:?}
pull_seconds=${DEVPOD_PULL_SECONDS:?}
grace_seconds=${DEVPOD_GRACE_SECONDS:?}
export DOCKER_HOST="$docker_host"

say() {
	printf 'devpod prewarm: %s\n' "$*"
}

# Seconds since boot, from /proc/uptime (date +%s may jump; busybox has no %N).
now() {
	read -r up _ </proc/uptime
	echo "${up%.*}"
}

start=$(now)
earlier=$(cat "$marker" 2>/dev/null) || earlier=
waited=0
while :; do
	current=$(cat "$marker" 2>/dev/null) || current=
	if [ -n "$current" ] && { [ "$current" != "$earlier" ] || [ "$waited" -ge "$grace_seconds" ]; }; then
		result=${current%% *}
		check=${current#* }
		check=${check#* }
		case $result in
			pass) break ;;
			fail)
				say "the storage verification failed ($check); pulling nothing (see its log)"
				exit 0
				;;
			*) ;;
		esac
	fi
	if [ "$waited" -ge "$wait_seconds" ]; then
		say "the storage verification has not passed after ${wait_seconds}s; pulling nothing (see its log)"
		exit 0
	fi
	sleep 1
	waited=$((waited + 1))
done

deadline=$(($(now) + pull_seconds))
log=$(mktemp)
trap 'rm -f "$log"' EXIT
trap 'exit 0' HUP INT TERM
pulled=0
total=0
for image in $images; do
	total=$((total + 1))
	left=$((deadline - $(now)))
	if [ "$left" -le 0 ]; then
		say "time limit of ${pull_seconds}s reached; not pulling $image"
		continue
	fi
	began=$(now)
	# In the background with a watchdog, not timeout(1): the workspace image may not have it.
	docker pull --quiet "$image" >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null && [ "$(now)" -lt "$deadline" ]; do
		# Fractions are not POSIX, but GNU's and busybox's sleep take them: a quick pull costs no whole second.
		sleep 0.2 2>/dev/null || sleep 1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || :
		wait "$pid" 2>/dev/null || :
		say "pulling $image stopped at the time limit of ${pull_seconds}s"
	elif wait "$pid"; then
		pulled=$((pulled + 1))
		say "pulled $image in $(($(now) - began))s"
	else
		say "could not pull $image: $(tr '\n' ' ' <"$log")"
	fi
done
say "$pulled of $total images on the volume after $(($(now) - start))s"
