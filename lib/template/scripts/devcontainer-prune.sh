#!/bin/sh
# devcontainer-prune: at start, before the agent runs `devcontainer up`, leaves at most one container for the
# workspace folder, and only one the CLI will reuse as it should:
#   - the CLI reuses the newest container whose labels name the folder and the config file, while the agent shows the
#     oldest container that names the folder, stopped or not (coder/coder#29766): older stopped ones are removed;
#   - a container made from another config file (configPath changed) would sit beside the new one: removed if stopped;
#   - a stopped container older than a change to its configuration (devcontainer.json, or any file next to it, such as
#     its Dockerfile) would be started as it was, since `devcontainer up` does not compare: it is removed, so that the
#     agent builds it anew (from the build cache on the volume).
# A running container is never removed. Everything else (the dev container's writable layer, images, cache) stays on
# the data root across stops and starts: dockerd keeps stopped containers, and `devcontainer up` starts the same one.
#
# Settings, prepended by the template (lib/template/devcontainers/dev-container.ts):
#   DEVPOD_DOCKER_HOST   dockerd's unix:// address
#   DEVPOD_WAIT_SECONDS  how long to wait for dockerd to answer
#   DEVPOD_REPO_DIR      the workspace folder (the coder_devcontainer's)
#   DEVPOD_CONFIG_PATH   devcontainer.json relative to it; empty: the CLI's search order
set -u
export DOCKER_HOST="${DEVPOD_DOCKER_HOST:?}"
dir=${DEVPOD_REPO_DIR:?}
config_path=${DEVPOD_CONFIG_PATH-}

fail() {
	echo "devpod: ERROR: $1" >&2
	exit 1
}

waited=0
until docker version >/dev/null 2>&1; do
	[ "${waited}" -lt "${DEVPOD_WAIT_SECONDS:?}" ] || fail "dockerd did not answer on ${DOCKER_HOST} within ${DEVPOD_WAIT_SECONDS} s; see the 'Verify Docker storage' script"
	sleep 1
	waited=$((waited + 1))
done

# The config file as the CLI resolves it (its devcontainer.config_file label).
if [ -n "${config_path}" ]; then
	config=${dir}/${config_path}
elif [ -f "${dir}/.devcontainer/devcontainer.json" ]; then
	config=${dir}/.devcontainer/devcontainer.json
else
	config=${dir}/.devcontainer.json
fi

# Newest first, as `docker ps` lists them.
ids=$(docker ps -a -q --no-trunc --filter "label=devcontainer.local_folder=${dir}") || fail "cannot list containers on ${DOCKER_HOST}"
kept=
for id in ${ids}; do
	facts=$(docker inspect --format '{{.State.Running}} {{.Created}} {{index .Config.Labels "devcontainer.config_file"}}' "${id}") || continue
	running=${facts%% *}
	rest=${facts#* }
	created=${rest%% *}
	label=${rest#* }
	short=$(echo "${id}" | cut -c 1-12)
	if [ "${running}" = true ]; then
		[ -z "${kept}" ] || echo "devpod: warning: dev container ${short} runs beside ${kept} for ${dir}; remove one of them (coder/coder#29766)"
		kept=${kept:-${short}}
		continue
	fi
	if [ -n "${kept}" ]; then
		reason="an older stopped container for the same folder (coder/coder#29766)"
	elif [ "${label}" != "${config}" ]; then
		reason="made from ${label}, not ${config}"
	else
		# Seconds are enough: both times are UTC in the same format, so they compare as strings.
		created=$(echo "${created}" | cut -c 1-19)
		changed=
		# A .devcontainer folder, or a folder of its own below it (.devcontainer/<name>/devcontainer.json, as the spec
		# allows), holds the config's own files (Dockerfile, scripts); any other folder (the repository's root with
		# configPath devcontainer.json) holds the user's work too, and a commit there is no config change.
		dir_name=${config%/*}
		parent=${dir_name%/*}
		if [ "${dir_name##*/}" = .devcontainer ] || [ "${parent##*/}" = .devcontainer ]; then
			files=$(find "${dir_name}" -type f 2>/dev/null)
		else
			files=${config}
		fi
		for file in ${files}; do
			mtime=$(date -u -r "${file}" +%Y-%m-%dT%H:%M:%S 2>/dev/null) || continue
			# Changed in the second the container was made: written before it (the CLI reads the config, then creates).
			if awk -v a="${mtime}" -v b="${created}" 'BEGIN { exit !(a > b) }'; then
				changed=${file}
				break
			fi
		done
		if [ -z "${changed}" ]; then
			kept=${short}
			echo "devpod: dev container ${short} for ${dir} is kept; the agent starts it again"
			continue
		fi
		reason="${changed} changed after it was created (${created}Z): it is built anew"
	fi
	if docker rm "${id}" >/dev/null 2>&1; then
		echo "devpod: removed stopped dev container ${short}: ${reason}"
	else
		echo "devpod: warning: cannot remove stopped dev container ${short} (${reason})"
	fi
done
# One line also when nothing is kept: the log says what the agent will do.
if [ -z "${ids}" ]; then
	echo "devpod: no dev container for ${dir} yet; the agent builds it"
elif [ -z "${kept}" ]; then
	echo "devpod: no dev container for ${dir} kept; the agent builds it anew"
fi
