# SPDX-License-Identifier: GPL-2.0
# xen-hotplug-common.sh: what every hotplug script here shares.  Sourced,
# never run.  A script is called by udev (xen-backend.rules) or by xend
# itself (when udev is not running) as
#
#	SCRIPT ACTION [key=value...]
#
# with XENBUS_PATH naming the device's backend directory in xenstore
# (/local/domain/0/backend/vif|vbd/DOMID/DEVID).  It reports back through
# that directory: hotplug-status "connected" when the device is ready, or
# "error" with the reason in hotplug-error, which xend shows as the reason
# the domain could not be made.  Only busybox applets and xenstore-* are
# assumed, so the scripts run in a busybox domain 0 as in a full one.

# Appended: udev and xend give a short PATH, a caller may put its own first.
PATH=$PATH:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
unset LANG LC_ALL

# key=value arguments (udev passes e.g. type_if=vif) become variables.
for _arg; do
	case $_arg in
	[a-z_]*=*) eval "${_arg%%=*}=\${_arg#*=}" ;;
	esac
done
unset _arg
command=${1:-}
XENBUS_PATH=${XENBUS_PATH:-}
# Linux's uevents name it relative to domain 0's home (backend/vbd/D/N),
# which xenstore resolves so; the scripts compare it with absolute paths.
case $XENBUS_PATH in
"" | /*) ;;
*) XENBUS_PATH=/local/domain/0/$XENBUS_PATH ;;
esac
_script=${0##*/}

log() {
	local level=$1
	shift
	logger -p "daemon.$level" -t "xen-hotplug" "$_script: $*" 2>/dev/null
	echo "$_script: $*" >&2
}

# xenstore access.  The path is relative to nothing: always absolute.
xenstore_read() {
	local v
	v=$(xenstore-read "$1" 2>/dev/null) ||
		fatal "xenstore-read $1 failed: the node is missing"
	echo "$v"
}

xenstore_read_default() {
	xenstore-read "$1" 2>/dev/null || echo "$2"
}

xenstore_write() {
	xenstore-write "$@" 2>/dev/null || log err "xenstore-write $* failed"
}

# Our backend node KEY, or DEFAULT.
backend_read() {
	xenstore_read_default "$XENBUS_PATH/$1" "${2:-}"
}

# The guest's id and the device's, from the backend path.
frontend_domid() {
	local p=${XENBUS_PATH%/*}
	echo "${p##*/}"
}

devid() {
	echo "${XENBUS_PATH##*/}"
}

# The reason goes where xend reads it; the script stops.
fatal() {
	log err "$*"
	if [ -n "$XENBUS_PATH" ]; then
		xenstore-write "$XENBUS_PATH/hotplug-error" "$*" \
			"$XENBUS_PATH/hotplug-status" error 2>/dev/null
	fi
	release_lock
	exit 1
}

success() {
	xenstore-rm "$XENBUS_PATH/hotplug-error" 2>/dev/null
	xenstore_write "$XENBUS_PATH/hotplug-status" connected
}

# After a remove: xend waits for hotplug-status to go before it removes
# the backend directory, so the script could still read it.
removed() {
	xenstore-rm "$XENBUS_PATH/hotplug-status" 2>/dev/null
	true
}

need_xenbus_path() {
	[ -n "$XENBUS_PATH" ] ||
		{ log err "XENBUS_PATH is not set: run by udev or xend only"; exit 1; }
}

# A lock shared by the scripts that scan the same resources (loop
# devices, nbd devices, the bridge): a directory, since mkdir is atomic
# and busybox has no flock.  A holder that died is detected by its pid.
_lockdir=
claim_lock() {
	local d=/var/run/xen-hotplug/$1 n=0 pid
	mkdir -p /var/run/xen-hotplug 2>/dev/null
	while ! mkdir "$d" 2>/dev/null; do
		pid=$(cat "$d/pid" 2>/dev/null)
		if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
			rm -rf "$d"
			continue
		fi
		n=$((n + 1))
		[ $n -lt 300 ] || { log err "lock $1 held for 30 s, taking it"; rm -rf "$d"; }
		sleep 0.1
	done
	echo $$ > "$d/pid"
	_lockdir=$d
}

release_lock() {
	[ -z "$_lockdir" ] || rm -rf "$_lockdir"
	_lockdir=
}
