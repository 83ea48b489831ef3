#!/bin/sh
# Makes sure this machine has the Debian packages the real-dockerd tests use. As root it says which are missing and
# installs them, unless DEVPOD_NO_APT=1; otherwise it only says what is missing (those tests then report themselves
# skipped, except under CI=true).
set -eu

# What each package is for, in the line printed before installing.
packages="docker.io busybox-static shellcheck iproute2 python3 docker-registry qemu-system-x86 debootstrap e2fsprogs rootlesskit slirp4netns uidmap"
why="the real-dockerd tests (docker.io; busybox-static, iproute2 and python3 in their scenarios, docker-registry as the prewarm's local registry), the cgroup v2 test node (qemu-system-x86, debootstrap, e2fsprogs: a VM built from Debian packages), the rootless dockerd tests (rootlesskit, slirp4netns, uidmap) and npm run lint (shellcheck)"
# One dpkg-query for all of them: a line per package dpkg knows, in its own order (an unknown one only on stderr, with
# exit status 1). Two processes a package took ~0.3 s CPU at each npm test.
# shellcheck disable=SC2086 # one word per package
status=$(dpkg-query -W -f='${Package} ${Status}\n' ${packages} 2>/dev/null) || :
missing=
for package in ${packages}; do
	case "
${status}
" in
		*"
${package} install ok installed
"*) ;;
		*) missing="${missing} ${package}" ;;
	esac
done
if [ -z "${missing}" ]; then
	exit 0
fi
if [ "$(id -u)" -eq 0 ] && [ "${DEVPOD_NO_APT:-}" != 1 ] && command -v apt-get >/dev/null 2>&1; then
	echo "test setup: installing Debian packages${missing} (apt-get) for ${why}; DEVPOD_NO_APT=1 skips this"
	apt-get update -qq
	# shellcheck disable=SC2086 # one word per package
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing} >/dev/null
	exit 0
fi
echo "test setup: missing Debian packages:${missing}; the real-dockerd tests will be skipped (as root without DEVPOD_NO_APT=1 they are installed)" >&2
if [ "${CI:-}" = true ]; then
	echo "error: CI=true and the real-dockerd tests cannot run; install${missing}" >&2
	exit 1
fi
