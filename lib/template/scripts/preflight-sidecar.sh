#!/bin/sh
# preflight-sidecar: the Docker sidecar of the platform's preflight Job. Runs the sidecar's own command and args
# (given as "$@": the image entrypoint or the template's wrapper, then `dockerd ...`) in the background, waits until
# the check container leaves its exit status in the done file, stops dockerd (SIGTERM, bounded wait) and exits with
# the check's status, so that the pod, and with it the Job, ends with the check's verdict.
# Kubernetes provider 2.38 cannot declare native sidecars (init containers with restartPolicy Always), hence this.
#
# Settings, all required; the platform stack prepends them (lib/platform/preflight-job.ts):
#   DEVPOD_DONE_FILE     the file the check writes its exit status to, in the socket directory both containers share
#   DEVPOD_STOP_SECONDS  how long dockerd gets to stop after SIGTERM before it is killed
set -u

done_file=${DEVPOD_DONE_FILE:?}
stop_seconds=${DEVPOD_STOP_SECONDS:?}

if [ "$#" -eq 0 ]; then
	echo "error: preflight sidecar: no command to run; the Job passes the sidecar's command and args" >&2
	exit 2
fi

# No stale verdict is possible: the socket directory is a fresh emptyDir, and restartPolicy Never runs this once.
# (Removing the file here could race with a check that fails at once, before this container starts.)
"$@" &
daemon=$!

# The pod is being deleted (deadline, kubectl delete): pass the signal on instead of leaving dockerd to SIGKILL.
trap 'kill -TERM "$daemon" 2>/dev/null; wait "$daemon"; exit 143' TERM INT

# dockerd may exit early (an overlay data root with overlay2 pinned does); the check still runs and reports why.
while [ ! -s "$done_file" ]; do
	sleep 1
done
status=$(cat "$done_file")

# Stop dockerd as the kubelet would, but within a bound: SIGKILL after stop_seconds.
kill -TERM "$daemon" 2>/dev/null || :
# Its output goes nowhere: a leftover `sleep` must not hold the container's log stream open.
(
	sleep "$stop_seconds"
	kill -KILL "$daemon" 2>/dev/null || :
) >/dev/null 2>&1 &
timer=$!
wait "$daemon" || :
kill "$timer" 2>/dev/null || :

case $status in
	'' | *[!0-9]*)
		echo "error: preflight sidecar: the check left '$status' in $done_file, not an exit status" >&2
		exit 1
		;;
	*) ;;
esac
echo "devpod preflight: check finished with status $status; dockerd stopped"
exit "$status"
