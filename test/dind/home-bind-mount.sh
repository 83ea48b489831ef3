#!/bin/sh
# Runs as the workspace user after the verification: a bind mount of a home directory (`docker run -v $HOME/x:/x`)
# shows the container the user's files, whatever volume Docker's data root is on. local/busybox:1 is the harness's
# imported base image (BASE_IMAGE in harness.ts).
set -eu
mkdir -p "$HOME/x"
echo "home file $$" >"$HOME/x/file"
printf 'written: %s\n' "$(cat "$HOME/x/file")"
printf 'seen: %s\n' "$(docker run --rm --network=none -v "$HOME/x:/x" local/busybox:1 cat /x/file)"
