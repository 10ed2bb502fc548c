# SPDX-License-Identifier: GPL-2.0
# vif-common.sh: what vif-bridge, vif-route and vif-nat share.  Sourced.
# Sets vif (the backend's network interface in domain 0, vifDOMID.DEVID
# unless the configuration's vifname renamed it) and ip (the guest's
# addresses from the configuration's ip=, possibly empty).

dir=$(dirname "$0")
. "$dir/xen-hotplug-common.sh"

need_xenbus_path
# netback names the interface in its uevent; xend passes it when it runs
# the script itself.
vif=${vif:-vif$(frontend_domid).$(devid)}
ip=$(backend_read ip)
vifname=$(backend_read vifname)

case $command in
online|add|offline|remove) ;;
*) log err "unknown action '$command' (online, offline, add or remove)"; exit 1 ;;
esac

if [ -n "$vifname" ] && [ "$vifname" != "$vif" ]; then
	case $command in
	online|add)
		if [ -e "/sys/class/net/$vif" ]; then
			ip link set dev "$vif" down 2>/dev/null
			ip link set dev "$vif" name "$vifname" ||
				fatal "renaming $vif to $vifname failed (is the name taken?)"
		fi
		;;
	esac
	vif=$vifname
fi

vif_exists() {
	[ -e "/sys/class/net/$vif" ]
}

# Up, with no address of its own (the guest's side has them), and the MAC
# netback gave it (fe:ff:ff:ff:ff:ff) so a bridge never takes it as its own.
vif_up() {
	vif_exists || fatal "interface $vif does not exist (is xen-netback loaded?)"
	ip link set dev "$vif" up || fatal "cannot bring $vif up"
}

vif_down() {
	vif_exists && ip link set dev "$vif" down 2>/dev/null
	true
}
