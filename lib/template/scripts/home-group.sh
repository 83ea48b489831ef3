#!/bin/sh
# home-group: runs first in the docker sidecar (root, with the home volume mounted; its arguments are dockerd's) and
# gives the workspace user's group the home volume's root when kubelet did not: group DEVPOD_HOME_GID, setgid, group
# rwx. Only the root directory, never a walk: what the workspace user creates below it is theirs already.
#
# Why: kubelet applies the pod's fsGroup to a CSI volume only when the driver's fsGroupPolicy allows it; Longhorn's
# CSIDriver sets none, and before Kubernetes 1.32 kubelet then skips ReadWriteOncePod volumes
# (kubernetes/kubernetes#128244). A fresh volume stays root:root 0755 and the workspace user (uid 1000) cannot write
# its own home. 2775 with the group is also what kubelet's OnRootMismatch takes as done (requiresPermissionChange:
# gid and 0770|setgid), so a kubelet that does apply fsGroup later does not walk the volume either.
#
# Settings (prepended by the template): DEVPOD_HOME_GID (the workspace user's group) and DEVPOD_HOME_PATH (where the
# home volume is mounted, in both containers). Named, not found from dockerd's --data-root: with dockerVolume separate
# the data root is on Docker's own volume, which must stay root's. One line when it changes something or cannot;
# nothing when the root is right. Never fails the sidecar: the workspace's verification reports a home the user
# cannot write.
home_gid=${DEVPOD_HOME_GID:?}
home_path=${DEVPOD_HOME_PATH:?}
# Only a mounted volume (mountinfo's fifth field): a directory of the container's own root filesystem is no home volume.
home_mounted=
while read -r _ _ _ _ home_mount _; do
	[ "$home_mount" != "$home_path" ] || home_mounted=1
done </proc/self/mountinfo
if [ -z "$home_mounted" ]; then
	printf 'devpod-home: %s is not a mount point in this container; the home volume root is left as it is\n' "$home_path" >&2
elif home_was=$(stat -c '%g %a' "$home_path" 2>/dev/null); then
	home_mode=${home_was#* }
	# %a drops leading zeros: 2775 -> setgid 2, group digit the third from the right.
	home_group_digit=$(((0$home_mode >> 3) & 7))
	home_setgid=$(((0$home_mode >> 10) & 1))
	if [ "${home_was%% *}" != "$home_gid" ] || [ "$home_group_digit" -ne 7 ] || [ "$home_setgid" -ne 1 ]; then
		if chgrp "$home_gid" "$home_path" 2>/dev/null && chmod g+rwxs "$home_path" 2>/dev/null; then
			printf 'devpod-home: %s was group %s mode %s (no fsGroup applied: kubelet before 1.32 skips ReadWriteOncePod volumes); now group %s, mode %s (setgid, group rwx)\n' \
				"$home_path" "${home_was%% *}" "$home_mode" "$home_gid" "$(stat -c %a "$home_path")" >&2
		else
			printf 'devpod-home: %s is group %s mode %s and cannot be changed (read-only volume, or not root?); the workspace user may not be able to write it\n' \
				"$home_path" "${home_was%% *}" "$home_mode" >&2
		fi
	fi
else
	printf 'devpod-home: cannot stat %s; left as it is\n' "$home_path" >&2
fi
