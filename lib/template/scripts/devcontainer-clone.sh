#!/bin/sh
# devcontainer-clone: clones the workspace's repository into its folder on the home volume at start, once. A folder
# that exists is never touched (no pull, no reset): it holds the user's work. A failed clone leaves nothing behind and
# says in one line whether the repository could not be reached or refused access.
#
# Nothing here waits without a deadline. The agent sets GIT_ASKPASS to its own binary for everything it runs
# (coder/coder cli/agent.go; agent/agent.go updateCommandEnv). For a host of an external-auth provider the user has not
# linked, that askpass (cli/gitaskpass.go) prints the link URL and polls until the account is linked, with no deadline;
# GIT_TERMINAL_PROMPT=0 does not stop it, git only falls back to the terminal when askpass fails. So askpass runs behind
# a wrapper that gives the user DEVPOD_ASKPASS_SECONDS to link, and the clone as a whole has DEVPOD_CLONE_SECONDS.
#
# Settings, prepended by the template (lib/template/devcontainers/devcontainer-repository.ts):
#   DEVPOD_REPO_URL        the repository (the workspace parameter)
#   DEVPOD_REPO_DIR        the folder to clone into: <home>/<reposDir>/<name>, the dev container's workspace folder
#   DEVPOD_CLONE_SECONDS   time limit of the clone
#   DEVPOD_ASKPASS_SECONDS time limit of each credential request (the user linking an account while the start waits)
set -u
url=${DEVPOD_REPO_URL:?}
dir=${DEVPOD_REPO_DIR:?}
clone_seconds=${DEVPOD_CLONE_SECONDS:?}
askpass_seconds=${DEVPOD_ASKPASS_SECONDS:?}

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

# Seconds since boot (date +%s may jump).
now() {
	read -r up _ </proc/uptime
	echo "${up%.*}"
}

# waits PID SECONDS: waits until PID ends (0) or SECONDS pass (1). Fractions of sleep are not POSIX, but GNU's and
# busybox's take them: a quick command costs no whole second.
waits() {
	until_s=$(($(now) + $2))
	while kill -0 "$1" 2>/dev/null; do
		[ "$(now)" -lt "${until_s}" ] || return 1
		sleep 0.2 2>/dev/null || sleep 1
	done
}

if [ -n "${GIT_ASKPASS:-}" ]; then
	# The wrapper stops the agent's askpass after DEVPOD_ASKPASS_SECONDS and says so; git then fails as without one.
	export DEVPOD_ASKPASS="${GIT_ASKPASS}" DEVPOD_ASKPASS_SECONDS="${askpass_seconds}"
	cat >"${tmp}/askpass" <<'ASKPASS'
#!/bin/sh
"${DEVPOD_ASKPASS}" "$@" &
pid=$!
read -r up _ </proc/uptime
until_s=$((${up%.*} + DEVPOD_ASKPASS_SECONDS))
while kill -0 "${pid}" 2>/dev/null; do
	read -r up _ </proc/uptime
	if [ "${up%.*}" -ge "${until_s}" ]; then
		kill "${pid}" 2>/dev/null
		echo "devpod-askpass: no answer within ${DEVPOD_ASKPASS_SECONDS} s" >&2
		exit 1
	fi
	sleep 0.2 2>/dev/null || sleep 1
done
wait "${pid}"
ASKPASS
	chmod 0700 "${tmp}/askpass" || fail "cannot write ${tmp}/askpass"
	GIT_ASKPASS=${tmp}/askpass
fi

# No terminal prompts: a private repository without credentials fails at once. A stalled transfer (below 1 KB/s for a
# minute) is given up; the whole clone at DEVPOD_CLONE_SECONDS. In the background with a watchdog, not timeout(1):
# the workspace image may not have it. Its output goes to files, not the agent's pipes: a helper that outlives a stopped
# git (git-remote-https waiting for askpass) keeps no pipe of the agent open.
GIT_TERMINAL_PROMPT=0 GCM_INTERACTIVE=never git -c http.lowSpeedLimit=1000 -c http.lowSpeedTime=60 \
	clone --quiet -- "${url}" "${tmp}/repo" >/dev/null 2>"${tmp}/git.err" &
pid=$!
if ! waits "${pid}" "${clone_seconds}"; then
	kill "${pid}" 2>/dev/null
	said=$(grep -v '^[[:space:]]*$' "${tmp}/git.err" | tail -n 1)
	fail "git clone ${url} did not finish within ${clone_seconds} s (git: ${said:-nothing}); fix: check that the cluster reaches that host at a usable speed, or clone it by hand in a terminal into ${dir}"
fi
if wait "${pid}"; then
	mv "${tmp}/repo" "${dir}" || fail "cannot move the clone to ${dir}"
	echo "devpod: cloned ${url} into ${dir}"
	exit 0
fi
said=$(grep -v '^[[:space:]]*$' "${tmp}/git.err" | tail -n 1)
if grep -q '^devpod-askpass: ' "${tmp}/git.err"; then
	# The agent's askpass printed the link it waited for: <access URL>/external-auth/<provider id>.
	link=$(sed -n 's|.*\(https*://[^[:space:]]*/external-auth/[A-Za-z0-9._-]*\).*|\1|p' "${tmp}/git.err" | head -n 1)
	if [ -n "${link}" ]; then
		fail "${url} needs your account linked in Coder (external auth ${link##*/}), and it was not linked within ${askpass_seconds} s; fix: open ${link} (or run coder external-auth access-token ${link##*/} in a terminal), link the account, then restart the workspace"
	fi
	fail "${url} asked for credentials and none came within ${askpass_seconds} s (git: ${said}); fix: link your git account in Coder (external auth; coder external-auth access-token <provider> in a terminal prints the link) or add your Coder SSH key (coder publickey) to it, then restart the workspace"
fi
case $(tr '[:upper:]' '[:lower:]' <"${tmp}/git.err") in
	*"could not resolve"* | *"connection refused"* | *"timed out"* | *"network is unreachable"* | *"no route to host"* | *"failed to connect"* | *"ssl"*)
		fail "cannot reach ${url} (git: ${said}); fix: check the URL and that the cluster may reach that host (egress, proxy)" ;;
	*"authentication"* | *"could not read username"* | *"terminal prompts disabled"* | *"permission denied"* | *"not found"* | *"403"* | *"401"*)
		fail "${url} refused access or does not exist (git: ${said}); fix: check the URL; for a private repository connect your git account in Coder (external auth) or add your Coder SSH key (coder publickey) to it, then restart" ;;
	*) fail "git clone ${url} failed (git: ${said}); fix: check the URL and run the clone by hand in a terminal" ;;
esac
