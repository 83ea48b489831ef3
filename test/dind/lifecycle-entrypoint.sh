# Lifecycle (sourced by run-scenario.sh): what runs when the sidecar's command goes through the docker:dind entrypoint.
# Prints the sidecar's main process and its children (name and argv), one key=value line each.
# shellcheck shell=sh disable=SC2154 # dockerd_pid: set by run-scenario.sh
echo "main=$(cat "/proc/${dockerd_pid}/comm") $(tr '\0' ' ' <"/proc/${dockerd_pid}/cmdline")"
for stat in /proc/[0-9]*/stat; do
	read -r pid _comm _state ppid _rest <"${stat}" 2>/dev/null || continue
	if [ "${ppid}" = "${dockerd_pid}" ]; then
		echo "child=$(cat "/proc/${pid}/comm") $(tr '\0' ' ' <"/proc/${pid}/cmdline")"
	fi
done
echo "securityfs=$(grep -c ' /sys/kernel/security ' /proc/self/mountinfo)"
echo "root_propagation=$(awk '$5 == "/" { print $7 }' /proc/self/mountinfo | tail -n 1)"
