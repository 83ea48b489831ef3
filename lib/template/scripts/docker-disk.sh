#!/bin/sh
# Agent metadata "Docker disk": what images, containers, volumes and build cache take on the home volume, and the build
# cache's bound (BuildKit's GC keeps it below a share of the home disk; the sidecar's start script wrote that bound into
# dockerd's daemon.json in the shared socket directory, DEVPOD_DAEMON_CONFIG).
# `docker system df` sizes images and build cache from dockerd's records, but walks local volumes and containers'
# writable layers, so it is refreshed rarely and bounded by a timeout.
set -u
daemon_config=${DEVPOD_DAEMON_CONFIG:?}
usage=$(timeout 10 docker system df --format '{{.Type}} {{.Size}}' 2>&1)
case $? in
	0) ;;
	124)
		echo "not measured: docker system df took over 10 s (many volumes or large containers)"
		exit 0
		;;
	*)
		echo "dockerd not answering: $(printf '%s\n' "$usage" | head -n 1)"
		exit 0
		;;
esac
bound=$(sed -n 's/.*"defaultKeepStorage": *"\([0-9][0-9]*\)MB".*/\1/p' "$daemon_config" 2>/dev/null)
if [ -n "$bound" ]; then
	# MiB in daemon.json; shown in docker system df's decimal units (MB, GB), so "8GB of 16.1GB" compares like for like.
	kb=$((bound * 1048576 / 1000))
	if [ "$kb" -ge 1000000 ]; then
		bound="$((kb / 1000000)).$((kb % 1000000 / 100000))GB"
	else
		bound="$((kb / 1000)).$((kb % 1000 / 100))MB"
	fi
	usage=$(printf '%s\n' "$usage" | sed "s/^\(Build Cache .*\)/\1 of $bound (GC bound)/")
fi
printf '%s\n' "$usage" | paste -sd ',' - | sed 's/,/, /g'
