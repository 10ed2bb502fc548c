# SPDX-License-Identifier: GPL-2.0
# devices-lib.sh: what check-devices and bench-devices share in domain 0.
# Sourced.  Helpers by the clock (under TCG a loaded domain 0 runs each
# poll slowly), and the start of the daemons and of the DHCP server.

flat() { tr '\n' ' ' | cut -c1-400; }

# wait_for SECONDS FILE PATTERN [FROM]: the first line of FILE, from byte
# FROM on, matching PATTERN, cut to start at "devtest: ".  A console line
# need not start there: a kernel message or a reconnecting console may
# have left part of a line before it, so PATTERN is not anchored.
wait_for() {
	local end=$(($(date +%s) + $1)) line
	while :; do
		line=$(tail -c +$((${4:-0} + 1)) "$2" 2>/dev/null |
			grep -a -m1 "$3" | tr -d '\r' | sed 's/.*\(devtest: \)/\1/')
		[ -z "$line" ] || { echo "$line"; return 0; }
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 1
	done
}

# size FILE: its length in bytes, 0 if it is missing.
size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# until_ SECONDS COMMAND...: run COMMAND each second until it succeeds.
until_() {
	local end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 1
	done
}

running() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# start_daemons [XEND-ARGS]: domain 0's lo up, its eth0 (QEMU's NIC on a hub of its own) gets
# 10.0.0.1, then xenstored, xenconsoled and xend (whose network-script
# makes xenbr0 of eth0), each once the one before it answers.  On
# failure status 1 and the reason in $why.
start_daemons() {
	local out
	# Without lo up domain 0 cannot reach its own addresses (nbd: at
	# 10.0.0.1: nbd-client's connect times out).
	ip link set dev lo up
	ip link set dev eth0 up 2>/dev/null
	ip addr add 10.0.0.1/24 dev eth0 2>/dev/null
	mac0=$(cat /sys/class/net/eth0/address 2>/dev/null)
	running /var/run/xenstored.pid ||
		xenstored --pid-file /var/run/xenstored.pid > /tmp/xenstored.err 2>&1
	until_ 20 xenstore-list / >/dev/null 2>&1
	mkdir -p /var/log/xen/console /dev/pts
	# Without devpts xenconsoled has no pty to give a guest, and logs nothing.
	grep -q ' /dev/pts ' /proc/mounts || mount -t devpts devpts /dev/pts
	running /var/run/xenconsoled.pid ||
		xenconsoled --log=guest --pid-file /var/run/xenconsoled.pid > /tmp/xenconsoled.err 2>&1
	until_ 10 running /var/run/xenconsoled.pid
	running /var/run/xenconsoled.pid || {
		why="xenconsoled did not start: $(flat < /tmp/xenconsoled.err)"
		return 1
	}
	out=$(xend start $1 2>&1) || { why="xend did not start: $(echo "$out" | flat)"; return 1; }
	until_ 20 [ -d /sys/class/net/xenbr0/brif/peth0 ]
}

# start_dhcp: busybox's udhcpd serves 10.0.0.100-150 on xenbr0.
start_dhcp() {
	mkdir -p /var/lib/misc
	cat > /tmp/udhcpd.conf <<EOF
start 10.0.0.100
end 10.0.0.150
interface xenbr0
lease_file /tmp/udhcpd.leases
option subnet 255.255.255.0
option router 10.0.0.1
EOF
	touch /tmp/udhcpd.leases
	udhcpd /tmp/udhcpd.conf
}
