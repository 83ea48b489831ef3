#!/bin/sh
# devcontainer-clone: clones the workspace's repository into its folder on the home volume at start, once. A folder
# that exists is never touched (no pull, no reset): it holds the user's work. A failed clone leaves nothing behind and
# says in one line whether the repository could not be reached or refused access.
#
# Settings, prepended by the template (lib/devcontainers/devcontainer-repository.ts):
#   DEVPOD_REPO_URL  the repository (the workspace parameter)
#   DEVPOD_REPO_DIR  the folder to clone into: <home>/<reposDir>/<name>, the dev container's workspace folder
set -u
url=${DEVPOD_REPO_URL:?}
dir=${DEVPOD_REPO_DIR:?}

fail() {
	echo "devpod: ERROR: $1" >&2
	exit 1
}

case ${dir##*/} in
	"" | . | .. | .git) fail "cannot derive a folder name from ${url} (got '${dir##*/}'); fix: use a URL that ends in the repository's name" ;;
	*) ;;
esac
if [ -e "${dir}" ]; then
	if [ -e "${dir}/.git" ]; then
		echo "devpod: ${dir} exists: left as it is (no clone, no pull)"
		exit 0
	fi
	fail "${dir} exists but is not a git checkout; nothing was changed; fix: move it away and restart the workspace, or choose another repository"
fi
command -v git >/dev/null 2>&1 || fail "git is not on the PATH of the workspace image; fix: use an image that has git"

parent=${dir%/*}
mkdir -p "${parent}" || fail "cannot create ${parent}"
# Cloned next to its destination, then renamed: an interrupted clone never looks like the user's checkout.
tmp=$(mktemp -d "${parent}/.devpod-clone-XXXXXX") || fail "cannot create a temporary folder in ${parent}"
trap 'rm -rf "${tmp}"' EXIT
# No prompts: a private repository without credentials fails at once instead of hanging the start. A stalled transfer
# (below 1 KB/s for a minute) is given up.
if GIT_TERMINAL_PROMPT=0 GCM_INTERACTIVE=never git -c http.lowSpeedLimit=1000 -c http.lowSpeedTime=60 \
	clone --quiet -- "${url}" "${tmp}/repo" 2>"${tmp}/git.err"; then
	mv "${tmp}/repo" "${dir}" || fail "cannot move the clone to ${dir}"
	echo "devpod: cloned ${url} into ${dir}"
	exit 0
fi
said=$(grep -v '^[[:space:]]*$' "${tmp}/git.err" | tail -n 1)
case $(tr '[:upper:]' '[:lower:]' <"${tmp}/git.err") in
	*"could not resolve"* | *"connection refused"* | *"timed out"* | *"network is unreachable"* | *"no route to host"* | *"failed to connect"* | *"ssl"*)
		fail "cannot reach ${url} (git: ${said}); fix: check the URL and that the cluster may reach that host (egress, proxy)" ;;
	*"authentication"* | *"could not read username"* | *"terminal prompts disabled"* | *"permission denied"* | *"not found"* | *"403"* | *"401"*)
		fail "${url} refused access or does not exist (git: ${said}); fix: check the URL; for a private repository connect your git account in Coder (external auth) or add your Coder SSH key (coder publickey) to it, then restart" ;;
	*) fail "git clone ${url} failed (git: ${said}); fix: check the URL and run the clone by hand in a terminal" ;;
esac
