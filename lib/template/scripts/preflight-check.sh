#!/bin/sh
# preflight-check: the check container of the platform's preflight Job. Runs the template's verification script
# (given as $1, the same text the workspace's coder_script runs) as the workspace user, then writes its exit status to
# the done file, which tells the Docker sidecar to stop, and exits with that status.
#
# Settings, all required; the platform stack prepends them (lib/platform/preflight-job.ts):
#   DEVPOD_DONE_FILE  where the exit status goes, in the socket directory both containers share
set -u

done_file=${DEVPOD_DONE_FILE:?}

if [ "$#" -ne 1 ]; then
	echo "error: preflight check: expected the verification script as the only argument, got $# arguments" >&2
	echo 2 >"$done_file"
	exit 2
fi

# write_status STATUS: atomically, so that the sidecar never reads a half-written file.
write_status() {
	printf '%s\n' "$1" >"$done_file.tmp" && mv -f "$done_file.tmp" "$done_file"
}

# Deleted or past its deadline: still release the sidecar.
trap 'write_status 143; exit 143' TERM INT

status=0
sh -c "$1" verify-docker-storage || status=$?
write_status "$status"
exit "$status"
