#!/bin/sh
# Agent metadata "Docker disk": what images, containers, volumes and build cache take on the home volume.
# `docker system df` sizes images and build cache from dockerd's records, but walks local volumes and containers'
# writable layers, so it is refreshed rarely and bounded by a timeout.
set -u
usage=$(timeout 10 docker system df --format '{{.Type}} {{.Size}}' 2>&1)
case $? in
	0) printf '%s\n' "$usage" | paste -sd ',' - | sed 's/,/, /g' ;;
	124) echo "not measured: docker system df took over 10 s (many volumes or large containers)" ;;
	*) echo "dockerd not answering: $(printf '%s\n' "$usage" | head -n 1)" ;;
esac
