#!/bin/sh
# Test workload, run as the workspace user against the template's dockerd: the MTU of the default bridge and of a
# user-defined network, as dockerd reports them and as a container on each sees its eth0. Prints key=value lines.
set -eu
base=${BASE_IMAGE:-local/busybox:1}
echo "bridge_option=$(docker network inspect bridge --format '{{index .Options "com.docker.network.driver.mtu"}}')"
echo "bridge_eth0=$(docker run --rm "${base}" cat /sys/class/net/eth0/mtu)"
docker network create devpod-mtu-probe >/dev/null
echo "user_network_eth0=$(docker run --rm --network=devpod-mtu-probe "${base}" cat /sys/class/net/eth0/mtu)"
docker network rm devpod-mtu-probe >/dev/null
