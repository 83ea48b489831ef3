#!/bin/sh
# Agent metadata "Docker storage": the storage driver and its backing filesystem. One `docker info`, so it is cheap.
set -u
status=$(timeout 5 docker info --format '{{.Driver}}{{range .DriverStatus}}{{if eq (index . 0) "Backing Filesystem"}} on {{index . 1}}{{end}}{{end}}' 2>&1)
case $? in
	0) ;;
	124)
		echo "dockerd slow to answer (over 5 s)"
		exit 0
		;;
	*)
		echo "dockerd not answering: $(printf '%s\n' "$status" | head -n 1)"
		exit 0
		;;
esac
case $status in
	vfs* | native*) echo "$status (slow fallback: see the Verify Docker storage log)" ;;
	*) echo "$status" ;;
esac
