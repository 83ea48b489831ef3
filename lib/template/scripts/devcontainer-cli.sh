#!/bin/sh
# devcontainer-cli: makes the pinned @devcontainers/cli available to the Coder agent without changing the workspace
# image. Once per home volume it fetches the CLI's npm tarball (checked against the sha512 of the project's
# package-lock.json) and copies a `node` binary out of a pinned image through the sidecar's dockerd, into
# <home>/.devpod/devcontainer-cli/<version>. At every start it writes a `devcontainer` wrapper into the agent's
# script bin directory, which the agent puts first on the PATH of everything it runs, `devcontainer up` included.
# The wrapper refuses to run unless the storage verification passed in this container, and while dockerd is not the
# template's (overlay2 on the template's data root).
#
# Settings, prepended by the template (lib/template/devcontainers/devcontainer-cli.ts):
#   DEVPOD_CLI_VERSION    the CLI's version (package.json's pin)
#   DEVPOD_CLI_SHA512     hex sha512 of its npm tarball (package-lock.json's integrity)
#   DEVPOD_NPM_REGISTRY   where the tarball is fetched from (devcontainers.npmRegistry)
#   DEVPOD_NODE_IMAGE     the image the node binary is copied from (devcontainers.nodeImage; registryMirrors apply)
#   DEVPOD_CLI_ROOT       where versions are installed, on the home volume
#   DEVPOD_DOCKER_HOST    dockerd's unix:// address
#   DEVPOD_DATA_ROOT      dockerd's --data-root: the wrapper's guard
#   DEVPOD_WAIT_SECONDS   how long to wait for dockerd to answer
#   DEVPOD_VERIFIED_MARKER the verification's result file (`pass <start>` or `fail <start> <check>`): the wrapper's gate
# The wrapper goes to $CODER_SCRIPT_BIN_DIR, which the agent sets for its scripts.
set -u
version=${DEVPOD_CLI_VERSION:?}
sha512=${DEVPOD_CLI_SHA512:?}
registry=${DEVPOD_NPM_REGISTRY:?}
image=${DEVPOD_NODE_IMAGE:?}
root=${DEVPOD_CLI_ROOT:?}
data_root=${DEVPOD_DATA_ROOT:?}
marker=${DEVPOD_VERIFIED_MARKER:?}
export DOCKER_HOST="${DEVPOD_DOCKER_HOST:?}"
bin_dir=${CODER_SCRIPT_BIN_DIR:-}
dest=${root}/${version}

fail() {
	echo "devpod: ERROR: $1" >&2
	exit 1
}

[ -n "${bin_dir}" ] || fail "CODER_SCRIPT_BIN_DIR is not set: this script must run as a coder_script of the agent"

installed() {
	[ -x "${dest}/node" ] && [ -f "${dest}/package/devcontainer.js" ]
}

install_cli() {
	mkdir -p "${root}" || fail "cannot create ${root}"
	tmp=$(mktemp -d "${root}/.install-XXXXXX") || fail "cannot create a temporary folder in ${root}"
	trap 'rm -rf "${tmp}"' EXIT
	url="${registry%/}/@devcontainers/cli/-/cli-${version}.tgz"
	command -v curl >/dev/null 2>&1 || fail "curl is not on the PATH of the workspace image; fix: use an image that has curl"
	if ! err=$(curl -fsSL --connect-timeout 15 --max-time 300 -o "${tmp}/cli.tgz" "${url}" 2>&1); then
		fail "cannot fetch @devcontainers/cli ${version} from ${url} (${err}); fix: on an offline cluster set devcontainers.npmRegistry in cdktf.json to your npm mirror"
	fi
	got=$(sha512sum "${tmp}/cli.tgz" | cut -d ' ' -f 1)
	[ "${got}" = "${sha512}" ] || fail "the tarball from ${url} is not @devcontainers/cli ${version} (sha512 ${got}, expected ${sha512}); fix: point devcontainers.npmRegistry at a mirror that serves the original"
	tar -xzf "${tmp}/cli.tgz" -C "${tmp}" || fail "cannot unpack ${url}"

	waited=0
	until docker version >/dev/null 2>&1; do
		[ "${waited}" -lt "${DEVPOD_WAIT_SECONDS:?}" ] || fail "dockerd did not answer on ${DOCKER_HOST} within ${DEVPOD_WAIT_SECONDS} s; see the 'Verify Docker storage' script"
		sleep 1
		waited=$((waited + 1))
	done
	pulled=
	if ! docker image inspect "${image}" >/dev/null 2>&1; then
		if ! err=$(timeout 300 docker pull --quiet "${image}" 2>&1); then
			fail "cannot pull ${image} for the node runtime of the Dev Containers CLI ($(echo "${err}" | tail -n 1)); fix: on an offline cluster set registryMirrors, or devcontainers.nodeImage to your registry's copy"
		fi
		pulled=1
	fi
	# A command of its own: an image without CMD (a plain rootfs) cannot be created without one. It never runs.
	cid=$(docker create "${image}" /usr/local/bin/node) || fail "cannot create a container from ${image}"
	docker cp "${cid}:/usr/local/bin/node" "${tmp}/node" >/dev/null 2>&1
	copied=$?
	docker rm "${cid}" >/dev/null 2>&1 || :
	# The binary is all that is needed: the image's layers would only take space on the home volume.
	[ -z "${pulled}" ] || docker rmi "${image}" >/dev/null 2>&1 || :
	[ "${copied}" = 0 ] || fail "${image} has no /usr/local/bin/node; fix: set devcontainers.nodeImage to an official node image (or your mirror's copy)"
	node_version=$("${tmp}/node" --version 2>&1) ||
		fail "the node binary of ${image} does not run in this workspace image (${node_version}); fix: use a glibc-based workspace image, or a devcontainers.nodeImage built for it"
	mkdir "${tmp}/done"
	mv "${tmp}/node" "${tmp}/package" "${tmp}/done/" || fail "cannot assemble ${dest}"
	# A folder an interrupted install of an older devpod left is no version: replaced.
	if [ -e "${dest}" ] && ! installed; then
		rm -rf "${dest}" || fail "cannot remove the incomplete ${dest}"
	fi
	# One rename: another start that raced this one finds either nothing or a complete version. mv into a folder that
	# exists (a racing start's complete version) moves this copy inside it: dropped again.
	mv "${tmp}/done" "${dest}" 2>/dev/null || :
	rm -rf "${dest}/done"
	installed || fail "cannot move the CLI to ${dest}"
	echo "devpod: installed @devcontainers/cli ${version} with node ${node_version} into ${dest}"
}

if installed; then
	echo "devpod: @devcontainers/cli ${version} is on the home volume (${dest})"
else
	install_cli
fi

mkdir -p "${bin_dir}" || fail "cannot create ${bin_dir}"
cat >"${bin_dir}/devcontainer.tmp" <<WRAPPER
#!/bin/sh
# devpod: @devcontainers/cli ${version} from the home volume, on the sidecar's dockerd.
export DOCKER_HOST='${DOCKER_HOST}'
# The agent runs \`devcontainer up\` after the start scripts even when one failed (coder/coder agent/agent.go): the
# verification's result of this container decides, then what dockerd says now.
result=
if [ -r '${marker}' ]; then read -r result _ check <'${marker}' || :; fi
case \$result in
	pass) ;;
	fail)
		echo "devpod: ERROR: no dev container on this Docker: the storage verification failed (\${check:-no check named}); see the 'Verify Docker storage' script's log, fix what it names and restart the workspace" >&2
		exit 1
		;;
	*)
		echo "devpod: ERROR: no dev container on this Docker: the storage verification has not passed in this container (no result in ${marker}); see the 'Verify Docker storage' script's log, then restart the workspace" >&2
		exit 1
		;;
esac
storage=\$(docker info --format '{{.Driver}} {{.DockerRootDir}}' 2>/dev/null)
if [ "\${storage}" != 'overlay2 ${data_root}' ]; then
	echo "devpod: ERROR: dockerd is not ready on its data root (storage: '\${storage:-no answer}', expected 'overlay2 ${data_root}'); see the 'Verify Docker storage' script" >&2
	exit 1
fi
exec '${dest}/node' '${dest}/package/devcontainer.js' "\$@"
WRAPPER
if ! chmod 0755 "${bin_dir}/devcontainer.tmp" || ! mv "${bin_dir}/devcontainer.tmp" "${bin_dir}/devcontainer"; then
	fail "cannot write ${bin_dir}/devcontainer"
fi
