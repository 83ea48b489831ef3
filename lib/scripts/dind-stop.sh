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

ids=$(timeout 5 docker ps -q 2>/dev/null) || exit 0 # dockerd not answering: nothing to stop gracefully
[ -n "$ids" ] || exit 0
# shellcheck disable=SC2086 # one container id per word
timeout $((stop_seconds + 5)) docker stop -t "$stop_seconds" $ids >/dev/null || :
