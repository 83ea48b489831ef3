#!/bin/sh
# dind-stop: the docker sidecar's preStop hook. kubelet runs it, and waits for it, before it sends SIGTERM to the
# container. It stops the user's running containers with a bounded timeout, so that dockerd's own shutdown (which waits
# for each container's stop timeout, however long a user set it with `docker run --stop-timeout`) has nothing left to
# wait for and ends within the pod's grace period, with its databases closed.
# A hook, not a trap in dind-start: dind-start execs the image's entrypoint, which execs docker-init and dockerd, so
# the container's main process stays dockerd's init and gets kubelet's SIGTERM directly.
#
# Settings, prepended by the template: DEVPOD_DOCKER_HOST (dockerd's socket), DEVPOD_STOP_SECONDS (docker stop -t).
set -u
export DOCKER_HOST="${DEVPOD_DOCKER_HOST:?}"
stop_seconds=${DEVPOD_STOP_SECONDS:?}

running=$(timeout 5 docker ps -q 2>/dev/null) || exit 0 # dockerd not answering: nothing to stop gracefully
[ -n "$running" ] || exit 0
# A `docker stop` here counts as a manual stop (dockerd is not shutting down yet), and a manually stopped container
# with `--restart=unless-stopped` (compose's usual choice for dev databases) would not come back at the next start.
# Those are left to dockerd's own shutdown, which stops them without that mark; the rest are stopped here, bounded.
# shellcheck disable=SC2086 # one container id per word
if policies=$(timeout 5 docker inspect --format '{{.Id}} {{.HostConfig.RestartPolicy.Name}}' $running 2>/dev/null); then
	ids=$(printf '%s\n' "$policies" | while read -r id policy; do
		[ "$policy" = unless-stopped ] || printf '%s ' "$id"
	done)
else
	ids=$running # no policies to go by: stop them all rather than none
fi
[ -n "$ids" ] || exit 0
# shellcheck disable=SC2086 # one container id per word
timeout $((stop_seconds + 5)) docker stop -t "$stop_seconds" $ids >/dev/null || :
