# Lifecycle (sourced by run-scenario.sh): the template's dev container scripts and the real @devcontainers/cli against
# the sidecar's dockerd, as the workspace user, across a workspace stop and start. Prints key=value lines.
#   DC_CLONE DC_CLI DC_PRUNE  the template's three scripts, rendered by terraform for the repositories below
#   DC_REPOS      folder to create the "remote" repositories in (app: image-based, tool: Dockerfile-based)
#   DC_TARBALL    the CLI's original npm tarball, served by a local "registry" on DC_REGISTRY_PORT
#   DC_NODE_TAR   a rootfs holding /usr/local/bin/node, imported as the template's node image (DC_NODE_IMAGE)
#   DC_VERIFY     the template's storage verification, rendered; it writes its result to DC_VERIFIED, the wrapper's gate
# shellcheck shell=sh disable=SC2154 # BASE_IMAGE, GRACE_SECONDS, RUN_UID...: set by run-scenario.sh
home=${HOME_PATH}
bin=$(mktemp -d)
chown "${RUN_UID}:${RUN_GID}" "${bin}"
# as_user CMD...: as the agent runs scripts and `devcontainer`: the workspace user, its script bin dir first on PATH.
as_user() {
	setpriv --reuid="${RUN_UID}" --regid="${RUN_GID}" --clear-groups \
		env -i PATH="${bin}:${CLIENT_PATH}" HOME="${home}" DOCKER_HOST="unix://${SOCKET_PATH}" CODER_SCRIPT_BIN_DIR="${bin}" \
		"$@" </dev/null
}
# with_setting SCRIPT NAME VALUE: a copy of a rendered script with one DEVPOD_* setting changed.
with_setting() {
	sed "s|^$2=.*|$2='$3'|" "$1" >"$1.$2"
	chmod 0644 "$1.$2"
	echo "$1.$2"
}
# label_count FOLDER: containers that carry the folder's devcontainer.local_folder label.
label_count() {
	docker_ ps -a -q --filter "label=devcontainer.local_folder=$1" | wc -l | tr -d ' '
}
# up FOLDER LOG: `devcontainer up` as the agent runs it; prints the container id.
up() {
	as_user devcontainer up --workspace-folder "$1" >"$2" 2>"$2.err"
	sed -n 's/.*"containerId":"\([0-9a-f]*\)".*/\1/p' "$2" | tail -n 1
}
seconds_since() {
	echo "$(date +%s.%N) $1" | awk '{ printf "%.2f", $1 - $2 }'
}

# A base image with users and every busybox applet: the CLI looks the remote user up and runs shell tools in it.
ctx=$(mktemp -d)
printf 'FROM %s\nRUN mkdir -p /etc /root && echo root:x:0:0:root:/root:/bin/sh >/etc/passwd && echo root:x:0: >/etc/group && /bin/busybox --install -s /bin\n' \
	"${BASE_IMAGE}" >"${ctx}/Dockerfile"
docker_ build -q --network=none -t local/devbase:1 "${ctx}" >/dev/null
docker_ import "${DC_NODE_TAR}" "${DC_NODE_IMAGE}" >/dev/null

# The "remote" repositories: one image-based, one Dockerfile-based, each with a postCreateCommand.
make_repo() {
	repo=${DC_REPOS}/$1.git
	mkdir -p "${repo}/.devcontainer"
	printf '%s\n' "$2" >"${repo}/.devcontainer/devcontainer.json"
	[ -z "$3" ] || printf '%s\n' "$3" >"${repo}/.devcontainer/Dockerfile"
	git -C "${repo}" init -q
	git -C "${repo}" add -A
	git -C "${repo}" -c user.name=t -c user.email=t@example.com commit -qm init
}
make_repo app '{ "image": "local/devbase:1", "postCreateCommand": "echo made-in-container >>post-create.txt" }' ''
make_repo tool '{ "build": { "dockerfile": "Dockerfile" }, "postCreateCommand": "cat /layer2 >built.txt" }' \
	"$(printf 'FROM local/devbase:1\nRUN echo one >/layer1\nRUN sleep 1 && echo two >/layer2\n')"
chown -R "${RUN_UID}:${RUN_GID}" "${DC_REPOS}"
app=${home}/src/app
tool=${home}/src/tool

# 0. The storage verification, as the agent runs it before the dev container: the wrapper's gate.
as_user sh "${DC_VERIFY}" >"${ctx}/verify.log" 2>&1
echo "verify_status=$?"
echo "verify_result=$(cut -d ' ' -f 1 "${DC_VERIFIED}")"

# 1. The CLI: unreachable registry, then a tarball that is not the pinned one, then a missing node image: one line each.
echo "cli_unreachable=$(as_user sh "$(with_setting "${DC_CLI}" DEVPOD_NPM_REGISTRY http://127.0.0.1:9)" 2>&1 | tail -n 1)"
mkdir -p "${ctx}/registry/@devcontainers/cli/-" "${ctx}/bad/@devcontainers/cli/-"
cp "${DC_TARBALL}" "${ctx}/registry/@devcontainers/cli/-/"
echo not-the-cli | gzip >"${ctx}/bad/@devcontainers/cli/-/${DC_TARBALL##*/}"
python3 -m http.server --bind 127.0.0.1 --directory "${ctx}/bad" 8766 >/dev/null 2>&1 &
bad_registry=$!
python3 -m http.server --bind 127.0.0.1 --directory "${ctx}/registry" "${DC_REGISTRY_PORT}" >/dev/null 2>&1 &
registry=$!
# python3 takes a while to listen on a loaded machine: wait (bounded) until both answer.
for port in 8766 "${DC_REGISTRY_PORT}"; do
	tries=0
	until curl -s -o /dev/null "http://127.0.0.1:${port}/" || [ "${tries}" -ge 100 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
done
echo "cli_tampered=$(as_user sh "$(with_setting "${DC_CLI}" DEVPOD_NPM_REGISTRY http://127.0.0.1:8766)" 2>&1 | tail -n 1)"
kill "${bad_registry}"
echo "cli_no_image=$(as_user sh "$(with_setting "${DC_CLI}" DEVPOD_NODE_IMAGE local/absent:1)" 2>&1 | tail -n 1)"
echo "cli_left_nothing=$(find "${home}/.devpod/devcontainer-cli" -mindepth 1 2>/dev/null | tr '\n' ' ')"
as_user sh "${DC_CLI}" >"${ctx}/cli.log" 2>&1
echo "cli_status=$?"
echo "cli_first=$(tail -n 1 "${ctx}/cli.log")"
kill "${registry}"
# Once on the volume, a start needs neither the registry nor the image.
docker_ rmi "${DC_NODE_IMAGE}" >/dev/null
as_user sh "${DC_CLI}" >"${ctx}/cli2.log" 2>&1
echo "cli_second_status=$?"
echo "cli_second=$(tail -n 1 "${ctx}/cli2.log")"
echo "cli_version=$(as_user devcontainer --version 2>&1)"
# A failed verification keeps the CLI from running at all (the agent starts dev containers after failed scripts too).
cp "${DC_VERIFIED}" "${ctx}/verified.pass"
echo "fail 1 storage driver" >"${DC_VERIFIED}"
echo "wrapper_after_failed_verification=$(as_user devcontainer --version 2>&1)"
cp "${ctx}/verified.pass" "${DC_VERIFIED}"

# 2. The clone: into <home>/src/<name>, once; never over the user's work.
as_user sh "${DC_CLONE}" >"${ctx}/clone.log" 2>&1
echo "clone_status=$?"
echo "clone_said=$(cat "${ctx}/clone.log")"
echo "user-work" >"${app}/uncommitted.txt"
chown "${RUN_UID}:${RUN_GID}" "${app}/uncommitted.txt"
as_user sh "${DC_CLONE}" >"${ctx}/clone2.log" 2>&1
echo "clone_again_status=$?"
echo "clone_again_said=$(cat "${ctx}/clone2.log")"
echo "clone_kept_work=$(cat "${app}/uncommitted.txt")"
as_user sh "$(with_setting "$(with_setting "${DC_CLONE}" DEVPOD_REPO_DIR "${tool}")" DEVPOD_REPO_URL "file://${DC_REPOS}/tool.git")" >/dev/null 2>&1
echo "tool_cloned=$(as_user git -C "${tool}" log --format=%s 2>&1)"

# 3. A stale stopped container for the same folder, from an earlier config file (#29766's shape: older, same folder).
stale_id=$(docker_ create --label "devcontainer.local_folder=${app}" --label "devcontainer.config_file=${app}/.devcontainer.json" \
	--name stale local/devbase:1 true)
echo "stale_id=${stale_id}"
sleep 1.1

# 4. First ups: the image-based and the Dockerfile-based dev container, as the agent runs them.
begin=$(date +%s.%N)
app_id=$(up "${app}" "${ctx}/up-app.log")
echo "app_up_seconds=$(seconds_since "${begin}")"
echo "app_id=${app_id}"
begin=$(date +%s.%N)
tool_id=$(up "${tool}" "${ctx}/up-tool.log")
echo "tool_up_first_seconds=$(seconds_since "${begin}")"
echo "tool_id=${tool_id}"
[ -n "${tool_id}" ] || tail -n 5 "${ctx}/up-tool.log.err"
echo "app_outcome=$(tail -n 1 "${ctx}/up-app.log")"
echo "post_create_on_volume=$(cat "${app}/post-create.txt" 2>&1)"
echo "tool_built=$(cat "${tool}/built.txt" 2>&1)"
echo "app_mount=$(docker_ inspect --format '{{range .Mounts}}{{.Source}}->{{.Destination}} {{end}}' "${app_id}")"
echo "app_labels_before=$(label_count "${app}")"

# 5. Workspace stop and start: preStop, SIGTERM, a new dockerd on the same data root; then the startup scripts.
stop_dockerd "${GRACE_SECONDS}"
echo "stop_status=${stop_status}"
echo "wrapper_without_dockerd=$(as_user devcontainer up --workspace-folder "${app}" 2>&1 | tail -n 1)"
start_dockerd
echo "app_state_after_restart=$(docker_ inspect --format '{{.State.Status}}' "${app_id}")"
as_user sh "${DC_PRUNE}" >"${ctx}/prune.log" 2>&1
echo "prune_status=$?"
echo "prune_said=$(tr '\n' '|' <"${ctx}/prune.log")"
echo "app_labels_after_prune=$(label_count "${app}")"
begin=$(date +%s.%N)
app_id2=$(up "${app}" "${ctx}/up-app2.log")
echo "app_up_restart_seconds=$(seconds_since "${begin}")"
echo "app_id2=${app_id2}"
echo "app_running2=$(docker_ inspect --format '{{.State.Running}}' "${app_id2}")"
echo "app_labels_after_up=$(label_count "${app}")"
echo "post_create_after_restart=$(tr '\n' ' ' <"${app}/post-create.txt")"

# 6. The Dockerfile-based one, rebuilt after the restart (as the dashboard's rebuild does): its steps from the cache.
begin=$(date +%s.%N)
as_user devcontainer up --workspace-folder "${tool}" --remove-existing-container --log-level trace >"${ctx}/up-tool2.log" 2>&1
echo "tool_up_cached_seconds=$(seconds_since "${begin}")"
echo "tool_id2=$(sed -n 's/.*"containerId":"\([0-9a-f]*\)".*/\1/p' "${ctx}/up-tool2.log" | tail -n 1)"
echo "tool_cached_steps=$(grep -c -e 'Using cache' -e ' CACHED' "${ctx}/up-tool2.log")"
echo "tool_labels=$(label_count "${tool}")"

# 7. A changed devcontainer.json: at the next start the stopped container is removed and built anew, not reused.
sleep 1.1
printf '%s\n' '{ "image": "local/devbase:1", "containerEnv": { "CHANGED": "1" }, "postCreateCommand": "echo made-in-container >>post-create.txt" }' \
	>"${app}/.devcontainer/devcontainer.json"
stop_dockerd "${GRACE_SECONDS}"
start_dockerd
as_user sh "${DC_PRUNE}" >"${ctx}/prune2.log" 2>&1
echo "prune_changed_said=$(tr '\n' '|' <"${ctx}/prune2.log")"
app_id3=$(up "${app}" "${ctx}/up-app3.log")
echo "app_id3=${app_id3}"
echo "app_env3=$(docker_ inspect --format '{{range .Config.Env}}{{.}} {{end}}' "${app_id3}" | tr ' ' '\n' | grep '^CHANGED=')"
echo "app_labels_final=$(label_count "${app}")"
rm -rf "${ctx}"
