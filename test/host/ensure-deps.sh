#!/bin/sh
# Makes sure this machine has the Debian packages the real-dockerd tests use. As root it installs what is missing;
# otherwise it only says what is missing (those tests then report themselves skipped, except under CI=true).
set -eu

# qemu-system-x86, debootstrap, e2fsprogs: the cgroup v2 test node (test/vm), a VM built from Debian packages.
packages="docker.io busybox-static shellcheck iproute2 python3 qemu-system-x86 debootstrap e2fsprogs"
missing=
for package in ${packages}; do
	if ! dpkg-query -W -f='${Status}\n' "${package}" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="${missing} ${package}"
	fi
done
if [ -z "${missing}" ]; then
	exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "test setup: installing${missing}"
	apt-get update -qq
	# shellcheck disable=SC2086 # one word per package
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing} >/dev/null
	exit 0
fi
echo "test setup: missing Debian packages:${missing}; the real-dockerd tests will be skipped (run as root to install them)" >&2
if [ "${CI:-}" = true ]; then
	echo "error: CI=true and the real-dockerd tests cannot run; install${missing}" >&2
	exit 1
fi
