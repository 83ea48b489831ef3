#!/bin/sh
# prewarm-images: pulls the images a platform team names (config prewarmImages) into dockerd's data root on the home
# volume, once the storage verification has passed, so that a workspace, and a prebuilt one before it is claimed,
# starts with them. Runs as the workspace user in the workspace container, next to the verification; login never
# waits for it. Every outcome is logged and the script always exits 0: a failed pull must not mark the start as
# failed, which would also keep a prebuilt workspace from becoming claimable.
#
# Settings, all required; the template prepends them (lib/prewarm/image-prewarm.ts):
#   DEVPOD_DOCKER_HOST      dockerd's unix:// address
#   DEVPOD_IMAGES           the images, separated by spaces
#   DEVPOD_VERIFIED_MARKER  the verification's result (`pass <start>` or `fail <start> <check>`, <start> in seconds
#                           since boot), in the container's /tmp: one per container
#   DEVPOD_WAIT_SECONDS     how long to wait for it: the verification's own time limit
# The agent starts every start script at once, and again in the same container after a prebuild claim: a result whose
# run started more than START_SLACK seconds before this script is the earlier run's, and is not trusted.
#   DEVPOD_PULL_SECONDS     time limit of all pulls together
set -eu

docker_host=${DEVPOD_DOCKER_HOST:?}
images=${DEVPOD_IMAGES:?}
marker=${DEVPOD_VERIFIED_MARKER:?}
wait_seconds=${DEVPOD_WAIT_SECONDS:?}
pull_seconds=${DEVPOD_PULL_SECONDS:?}
export DOCKER_HOST="$docker_host"

say() {
	printf 'devpod prewarm: %s\n' "$*"
}

# Seconds since boot, from /proc/uptime (date +%s may jump; busybox has no %N).
now() {
	read -r up _ </proc/uptime
	echo "${up%.*}"
}

START_SLACK=5
start=$(now)
waited=0
while :; do
	result=
	if [ -r "$marker" ]; then
		read -r result started check <"$marker" || :
		# Not this run's: the verification has not started yet, or not removed it yet.
		[ "${started:-0}" -ge $((start - START_SLACK)) ] 2>/dev/null || result=
	fi
	case $result in
		pass) break ;;
		fail)
			say "the storage verification failed (${check:-no check named}); pulling nothing (see its log)"
			exit 0
			;;
		*) ;;
	esac
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
