#!/usr/bin/env bash
# Runs a command inside a fresh network namespace whose only interface is loopback, so nothing a
# test starts (Chromium's WebRTC candidate gathering and mDNS included) can reach another network.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/loopback-netns.sh COMMAND [ARGS...]" >&2
  exit 64
fi
if [ "${TANDEM_LOOPBACK_NETNS:-}" = "1" ]; then
  exec "$@"
fi
for tool in unshare ip; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "loopback-netns: '$tool' is missing. Install util-linux and iproute2 (Debian: apt-get install util-linux iproute2)." >&2
    exit 1
  fi
done

inner='ip link set lo up && export TANDEM_LOOPBACK_NETNS=1 && exec "$@"'
if [ "$(id -u)" = "0" ]; then
  exec unshare --net -- bash -c "$inner" loopback-netns "$@"
fi
# Unprivileged: a user namespace maps us to root inside, which may create the network namespace.
if unshare --net --map-root-user -- true 2>/dev/null; then
  exec unshare --net --map-root-user -- bash -c "$inner" loopback-netns "$@"
fi
echo "loopback-netns: this machine does not allow creating a network namespace (unshare --net)." >&2
echo "The end-to-end tests refuse to run outside one; run them as root or enable unprivileged user namespaces." >&2
exit 1
