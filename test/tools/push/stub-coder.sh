#!/bin/sh
# A stand-in `coder` CLI for the push tests. Appends its argv to STUB_CODER_LOG, one argument per line, each call
# closed by a line `----`. STUB_CODER_LOGGED_IN=1 makes `coder whoami` succeed; otherwise it fails as the real CLI
# does without a session. `templates push` insists on a synthesized template in the -d directory; STUB_CODER_PUSH_FAIL=1
# makes it fail as the real CLI does when Terraform rejects the template.
set -eu
log=${STUB_CODER_LOG:?}
for arg in "$@"; do
	printf '%s\n' "${arg}" >>"${log}"
done
echo "----" >>"${log}"

case ${1:-} in
	--version) echo "Coder v2.18.0+stub" ;;
	whoami)
		if [ "${STUB_CODER_LOGGED_IN:-}" != 1 ]; then
			echo "error: You are not logged in. Try logging in using 'coder login <url>'." >&2
			exit 1
		fi
		echo "Coder is running at https://coder.example.test, You're authenticated as admin !"
		;;
	templates)
		dir=$5
		if [ "$2" != push ] || [ "$4" != -d ] || [ ! -f "${dir}/cdk.tf.json" ]; then
			echo "stub coder: expected templates push <name> -d <dir with cdk.tf.json>, got: $*" >&2
			exit 64
		fi
		if [ "${STUB_CODER_PUSH_FAIL:-}" = 1 ]; then
			echo "error: template import provision for start: terraform plan: exit status 1" >&2
			exit 1
		fi
		echo "Updated version at $(date)"
		;;
	*)
		echo "stub coder: unexpected command: $*" >&2
		exit 64
		;;
esac
