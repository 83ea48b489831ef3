#!/bin/sh
# rootless-prologue: the docker sidecar's root steps for isolation `rootless`, between home-group and dind-start (one
# `sh -c` text; its arguments are dockerd's). It checks what the node must allow for a rootless dockerd and names each
# missing requirement in one line with its cause and fix (on stderr and in the start status file, which the workspace's
# verification and the platform's preflight read), then exits 1: never a silent fallback to a rootful dockerd.
# What it needs root for, and why (docs/rootless.md):
#   - /dev/net/tun: slirp4netns, as uid 1000, opens it for rootlesskit's network; a node without udev rules leaves it
#     0600, a node without the module loaded has none. Created or opened up in this container's own /dev only.
#   - the data root's owner: a new data root on the volume is created for the rootless user (uid 1000); one that holds
#     another owner's files (a privileged dockerd's) is refused, never re-owned (docs/rootless.md: switching).
#   - XDG_RUNTIME_DIR and the user's HOME, which the image's entrypoint requires writable.
# The child cgroup of the daemon tree (cgroup v2) and the drop to the user are dind-start's (the same bound as the
# privileged mode's containers).
#
# Settings (prepended by the template): DEVPOD_ROOTLESS_UID and DEVPOD_ROOTLESS_GID (the user dockerd runs as: the
# workspace user's ids, so that the socket is the workspace user's own), DEVPOD_START_STATUS (the status file).
# DEVPOD_PROC_SYS, DEVPOD_ETC, DEVPOD_TUN and DEVPOD_APPARMOR_LABEL exist for tests that replay another node.
# Sets rootless_user (the name dind-start drops to) and exports XDG_RUNTIME_DIR.
rootless_uid=${DEVPOD_ROOTLESS_UID:?}
rootless_gid=${DEVPOD_ROOTLESS_GID:?}
rootless_status=${DEVPOD_START_STATUS:?}
proc_sys=${DEVPOD_PROC_SYS:-/proc/sys}
etc_dir=${DEVPOD_ETC:-/etc}
tun=${DEVPOD_TUN:-/dev/net/tun}
apparmor_label=${DEVPOD_APPARMOR_LABEL:-/proc/self/attr/current}

rootless_say() {
	printf 'devpod-rootless: %s\n' "$*" >&2
}

# rootless_fail CAUSE FIX: one line on stderr and in the status file, then the container exits (and restarts).
rootless_fail() {
	printf 'devpod-rootless: error: %s; fix: %s\n' "$1" "$2" >&2
	{ printf 'failed: rootless dockerd cannot start: %s; fix: %s\n' "$1" "$2" >"$rootless_status.tmp" &&
		mv -f "$rootless_status.tmp" "$rootless_status"; } 2>/dev/null || :
	exit 1
}

# The image: rootlesskit (the dind-rootless variant), setuid newuidmap/newgidmap (shadow-uidmap).
command -v rootlesskit >/dev/null 2>&1 ||
	rootless_fail "the sidecar image has no rootlesskit (dind_image is not a rootless variant)" \
		"set the dind_image variable to a -dind-rootless image, e.g. docker:29.7.2-dind-rootless, or use isolation privileged"
for helper in newuidmap newgidmap; do
	helper_path=$(command -v "$helper" 2>/dev/null) ||
		rootless_fail "the sidecar image has no $helper: rootlesskit cannot map the subordinate ids" \
			"use the docker:<version>-dind-rootless image (shadow-uidmap)"
	[ -u "$helper_path" ] ||
		rootless_fail "$helper_path is not setuid: newuidmap fails with 'write to uid_map failed: Operation not permitted'" \
			"use the docker:<version>-dind-rootless image unchanged (its $helper is setuid root)"
done

# The user: the image's account with the workspace uid (docker:dind-rootless: rootless, 1000).
rootless_user=
rootless_home=
while IFS=: read -r name _ uid gid _ home _; do
	if [ "$uid" = "$rootless_uid" ]; then
		rootless_user=$name
		rootless_home=$home
		[ "$gid" = "$rootless_gid" ] ||
			rootless_fail "the image's user $name (uid $uid) has group $gid, not $rootless_gid: dockerd could not enter the home volume (group $rootless_gid) nor give the workspace user the socket" \
				"use the docker:<version>-dind-rootless image (user rootless, uid and gid 1000)"
		break
	fi
done <"$etc_dir/passwd"
[ -n "$rootless_user" ] ||
	rootless_fail "the sidecar image has no user with uid $rootless_uid in $etc_dir/passwd" \
		"use the docker:<version>-dind-rootless image (user rootless, uid 1000)"

# Exactly one subordinate range each: none, and rootlesskit has nothing to map; two, and newuidmap fails with
# 'write to uid_map failed: Invalid argument' (measured: docs/rootless.md).
for ids in subuid subgid; do
	ranges=0
	while IFS=: read -r owner _; do
		[ "$owner" != "$rootless_user" ] && [ "$owner" != "$rootless_uid" ] || ranges=$((ranges + 1))
	done 2>/dev/null <"$etc_dir/$ids" || :
	[ "$ranges" -ne 0 ] ||
		rootless_fail "no $ids range for $rootless_user in $etc_dir/$ids: rootlesskit has no ids to map for the containers' users" \
			"use the docker:<version>-dind-rootless image (rootless:100000:65536)"
	[ "$ranges" -eq 1 ] ||
		rootless_fail "$ranges $ids ranges for $rootless_user in $etc_dir/$ids: newuidmap then fails with 'write to uid_map failed: Invalid argument'" \
			"keep exactly one line for $rootless_user in $etc_dir/$ids"
done

# What the node's kernel allows: every fix is a node setting, which a pod must not change behind the admin's back.
clone=
read -r clone 2>/dev/null <"$proc_sys/kernel/unprivileged_userns_clone" || :
[ "$clone" != 0 ] ||
	rootless_fail "kernel.unprivileged_userns_clone is 0 on this node: rootlesskit, as uid $rootless_uid, cannot create its user namespace ('fork/exec /proc/self/exe: operation not permitted')" \
		"on every workspace node: sysctl -w kernel.unprivileged_userns_clone=1 and keep it in /etc/sysctl.d, or use isolation privileged"
max_userns=
read -r max_userns 2>/dev/null <"$proc_sys/user/max_user_namespaces" || :
[ "$max_userns" != 0 ] ||
	rootless_fail "user.max_user_namespaces is 0 on this node: no user namespace can be created ('fork/exec /proc/self/exe: no space left on device')" \
		"on every workspace node: sysctl -w user.max_user_namespaces=28633 (or more) and keep it in /etc/sysctl.d, or use isolation privileged"
# Ubuntu 23.10+ (the default of 24.04): an unconfined process without CAP_SYS_ADMIN that creates a user namespace is
# moved to the unprivileged_userns AppArmor profile, which denies it every capability there; rootlesskit then cannot
# mount or set up its network. A privileged container runs unconfined, and uid 1000 has no capability: restricted.
restrict=
read -r restrict 2>/dev/null <"$proc_sys/kernel/apparmor_restrict_unprivileged_userns" || :
if [ "$restrict" = 1 ]; then
	label=unconfined
	read -r label 2>/dev/null <"$apparmor_label" || :
	case $label in
		unconfined | '')
			rootless_fail "kernel.apparmor_restrict_unprivileged_userns is 1 on this node (Ubuntu 24.04's default) and this container runs unconfined: the kernel gives rootlesskit's user namespace the unprivileged_userns AppArmor profile, which denies the capabilities it needs there" \
				"on every workspace node: sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 and keep it in /etc/sysctl.d, or load an AppArmor profile that allows 'userns,' on the nodes and give it to the docker container (docs/rootless.md), or use isolation privileged"
			;;
		*) rootless_say "kernel.apparmor_restrict_unprivileged_userns is 1; this container runs under AppArmor profile '$label', which must allow 'userns,'" ;;
	esac
fi

# /dev/net/tun in this container's /dev (a tmpfs of its own: the node's device is not changed).
if [ ! -c "$tun" ]; then
	{ mkdir -p "${tun%/*}" && mknod -m 0666 "$tun" c 10 200; } 2>/dev/null ||
		rootless_fail "no $tun in this container, and it cannot be created: slirp4netns cannot give rootlesskit a network ('open: No such file or directory')" \
			"load the tun module on the workspace nodes (modprobe tun; keep it in /etc/modules-load.d)"
	rootless_say "$tun was missing: created it (10:200, mode 0666) in this container's /dev; the kernel loads the tun module on first open"
fi
tun_mode=$(stat -c %a "$tun" 2>/dev/null) || tun_mode=
case $tun_mode in
	*66) ;;
	*)
		chmod 0666 "$tun" 2>/dev/null ||
			rootless_fail "$tun is mode $tun_mode and cannot be opened up: slirp4netns, as uid $rootless_uid, gets 'open: Permission denied'" \
				"give $tun mode 0666 on the workspace nodes (udev's default)"
		rootless_say "$tun was mode $tun_mode: now 0666 in this container's /dev, so slirp4netns can open it as uid $rootless_uid"
		;;
esac

# The data root: the rootless user's, created for it when new; never re-owned when it holds another owner's files.
rootless_data_root=
for arg in "$@"; do
	case $arg in
		--data-root=*) rootless_data_root=${arg#--data-root=} ;;
		*) ;;
	esac
done
if [ -n "$rootless_data_root" ]; then
	if [ ! -e "$rootless_data_root" ]; then
		{ mkdir -p "$rootless_data_root" && chown "$rootless_uid:$rootless_gid" "$rootless_data_root" && chmod 0710 "$rootless_data_root"; } ||
			rootless_fail "cannot create the data root $rootless_data_root for uid $rootless_uid" "check that the volume is mounted read-write"
		rootless_say "data root $rootless_data_root created for $rootless_user (uid $rootless_uid)"
	else
		root_owner=$(stat -c %u "$rootless_data_root")
		if [ "$root_owner" != "$rootless_uid" ]; then
			if [ -n "$(ls -A "$rootless_data_root" 2>/dev/null)" ]; then
				rootless_fail "the data root $rootless_data_root belongs to uid $root_owner and holds its files (a privileged dockerd's?): a rootless dockerd (uid $rootless_uid) cannot use them, and re-owning would not make root's layers and volumes usable" \
					"leave dockerDataRoot unset (rootless keeps its own data root beside the privileged one), or point it at an empty directory; docs/rootless.md says how to move volumes"
			fi
			chown "$rootless_uid:$rootless_gid" "$rootless_data_root" ||
				rootless_fail "cannot give the empty data root $rootless_data_root to uid $rootless_uid" "check that the volume is mounted read-write"
			rootless_say "data root $rootless_data_root was empty and uid $root_owner's: now $rootless_user's (uid $rootless_uid)"
		fi
	fi
fi

# What the image's entrypoint requires writable: XDG_RUNTIME_DIR and $HOME/.local/share/docker.
XDG_RUNTIME_DIR=/run/user/$rootless_uid
export XDG_RUNTIME_DIR
for dir in "$XDG_RUNTIME_DIR" "$rootless_home/.local/share/docker"; do
	if [ ! -d "$dir" ]; then
		{ mkdir -p "$dir" && chown "$rootless_uid:$rootless_gid" "$dir"; } ||
			rootless_fail "cannot create $dir for $rootless_user" "use the docker:<version>-dind-rootless image"
	fi
done
rootless_say "node and image allow a rootless dockerd: user $rootless_user (uid $rootless_uid), one subuid and subgid range, user namespaces allowed, $tun usable"
