# SPDX-License-Identifier: GPL-2.0
# block-common.sh: what block and block-nbd share.  Sourced.  A vbd's
# backend directory holds type (phy, file, nbd), params (what to attach)
# and mode (r, w or w!); the script attaches it and writes
# physical-device (MAJOR:MINOR in hex), which xen-blkback waits for, and
# node (the device it made, to detach it again).

dir=$(dirname "$0")
. "$dir/xen-hotplug-common.sh"

need_xenbus_path
case $command in
add|online|remove|offline) ;;
*) log err "unknown action '$command' (add or remove)"; exit 1 ;;
esac
type=$(backend_read type)
params=$(backend_read params)
mode=$(backend_read mode r)

# MAJOR:MINOR of block device $1, as blkback parses it.
write_dev() {
	local mm
	[ -b "$1" ] || fatal "$1 is not a block device"
	mm=$(stat -L -c '%t:%T' "$1") || fatal "cannot stat $1"
	xenstore_write "$XENBUS_PATH/physical-device" "$mm"
	xenstore_write "$XENBUS_PATH/node" "$1"
	success
}

# The other vbd backends (one "PATH" a line), ours excluded.
other_backends() {
	local base=/local/domain/0/backend/vbd dom dev
	for dom in $(xenstore-list "$base" 2>/dev/null); do
		for dev in $(xenstore-list "$base/$dom" 2>/dev/null); do
			[ "$base/$dom/$dev" = "$XENBUS_PATH" ] || echo "$base/$dom/$dev"
		done
	done
}

# Refuse what another guest holds writable (or what we would write while
# another guest reads it): only one domain may write an image at a time
# unless the mode is w!, as Xen 3's scripts check.  $1 is the key to
# compare (params or physical-device), $2 the value.  The one exception:
# a migration to this very host, whose copy's backend names its source
# (migrating-from, which xend writes for that copy alone): the source
# keeps the disk until the copy runs, and it is the same guest.
check_sharing() {
	local key=$1 value=$2 b v m dom name from
	[ "$mode" != "w!" ] || return 0
	from=$(backend_read migrating-from)
	for b in $(other_backends); do
		v=$(xenstore-read "$b/$key" 2>/dev/null) || continue
		[ "$v" = "$value" ] || continue
		m=$(xenstore-read "$b/mode" 2>/dev/null)
		case "$mode$m" in
		*w*) ;;
		*) continue ;;
		esac
		[ "$m" != "w!" ] || continue
		dom=${b%/*}
		dom=${dom##*/}
		[ "$dom" != "$from" ] || continue
		name=$(xenstore-read "/local/domain/$dom/name" 2>/dev/null)
		fatal "$params is already in use by domain ${name:-$dom} (id $dom) with mode $m; only one domain may use it when one writes it (mode w! shares it anyway)"
	done
}
