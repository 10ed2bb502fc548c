#!/bin/sh
# The hotplug scripts of tools/hotplug/Linux on the host, with xenstore-*
# replaced by files under a temporary directory and the commands that
# change the host (ip, brctl, losetup, nbd-client) by stubs that log:
# how each reports a failure (hotplug-status error and its reason in
# hotplug-error), the one-writer check across backends, block's remove,
# and the usage errors.  What it cannot tell: whether the commands do
# what the scripts ask of them (the dom0 check, linux-devices, runs them
# for real).  TAP 13 on stdout.  Needs HOTPLUG (the scripts' directory).
set -u
: "${HOTPLUG:?}"
T=$(mktemp -d /tmp/hotplug.XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n $1"; }

# The store: one file per node under $T/store.
mkdir -p "$T/bin" "$T/store"
cat > "$T/bin/xenstore-read" <<'EOF'
#!/bin/sh
[ -f "$STORE$1" ] && cat "$STORE$1"
EOF
cat > "$T/bin/xenstore-write" <<'EOF'
#!/bin/sh
while [ $# -ge 2 ]; do
	mkdir -p "$(dirname "$STORE$1")" && printf '%s' "$2" > "$STORE$1"
	shift 2
done
EOF
cat > "$T/bin/xenstore-rm" <<'EOF'
#!/bin/sh
rm -rf "$STORE$1"
EOF
cat > "$T/bin/xenstore-list" <<'EOF'
#!/bin/sh
[ -d "$STORE$1" ] && ls "$STORE$1"
EOF
for c in ip brctl losetup nbd-client logger modprobe; do
	printf '#!/bin/sh\necho "%s $*" >> "$LOG"\n' "$c" > "$T/bin/$c"
done
chmod +x "$T/bin"/*
export STORE=$T/store LOG=$T/log PATH="$T/bin:$PATH"

be=/local/domain/0/backend
node() { xenstore-write "$@"; }
st() { cat "$STORE$1" 2>/dev/null; }
reset() { rm -rf "$STORE"/* "$LOG"; : > "$LOG"; }
run() { XENBUS_PATH=$1 sh "$HOTPLUG/$2" "$3" > "$T/out" 2>&1; }

echo "TAP version 13"
echo "1..10"

# block: a missing image.
reset
node $be/vbd/1/769/type file $be/vbd/1/769/params "$T/nope.img" $be/vbd/1/769/mode w
if ! run $be/vbd/1/769 block add && [ "$(st $be/vbd/1/769/hotplug-status)" = error ] &&
   grep -q "nope.img does not exist or is not a file" "$STORE$be/vbd/1/769/hotplug-error"; then
	ok "block: a missing image is an error with its reason"
else not_ok "block: a missing image: $(cat "$T/out")"; fi

# block: an unknown type.
reset
node $be/vbd/1/769/type qcow $be/vbd/1/769/params x
if ! run $be/vbd/1/769 block add &&
   [ "$(st $be/vbd/1/769/hotplug-error)" = "disk type 'qcow' is not supported (phy, file, nbd)" ]; then
	ok "block: an unknown type is refused"
else not_ok "block: an unknown type: $(cat "$T/out")"; fi

# block: an image another domain writes, by another name.
reset
: > "$T/disk.img"
ln -s "$T/disk.img" "$T/alias.img"
node $be/vbd/1/769/type file $be/vbd/1/769/params "$T/disk.img" $be/vbd/1/769/mode w \
	/local/domain/1/name g1
node $be/vbd/2/769/type file $be/vbd/2/769/params "$T/alias.img" $be/vbd/2/769/mode r
if ! run $be/vbd/2/769 block add &&
   grep -q "is already in use by domain g1 (id 1) with mode w" "$STORE$be/vbd/2/769/hotplug-error" &&
   ! grep -q "^losetup .*alias" "$LOG"; then
	ok "block: an image another domain writes is refused"
else not_ok "block: the one-writer check: $(cat "$T/out") $(st $be/vbd/2/769/hotplug-error)"; fi

# ... unless both say w!.
node $be/vbd/1/769/mode 'w!' $be/vbd/2/769/mode 'w!'
run $be/vbd/2/769 block add
if grep -q "^losetup  /dev/" "$LOG" || grep -q "^losetup -f" "$LOG"; then
	ok "block: w! in both shares the image"
else not_ok "block: w!: $(cat "$T/out") $(cat "$LOG")"; fi

# block from udev: Linux's uevent names the backend relative to domain
# 0's home; the script's own backend is still not "another domain".
reset
node $be/vbd/1/769/type file $be/vbd/1/769/params "$T/disk.img" $be/vbd/1/769/mode w \
	/local/domain/1/name g1
run backend/vbd/1/769 block add
if ! grep -q "already in use" "$STORE$be/vbd/1/769/hotplug-error" 2>/dev/null &&
   grep -q "^losetup -f" "$LOG"; then
	ok "block: udev's relative XENBUS_PATH is its own backend"
else not_ok "block: relative XENBUS_PATH: $(cat "$T/out") $(st $be/vbd/1/769/hotplug-error)"; fi

# block: a phy: device that does not exist names what was looked for.
reset
node $be/vbd/1/51712/type phy $be/vbd/1/51712/params vg0/nolv $be/vbd/1/51712/mode w
if ! run $be/vbd/1/51712 block add &&
   [ "$(st $be/vbd/1/51712/hotplug-error)" = "/dev/vg0/nolv does not exist; check phy:vg0/nolv (a device, or VG/LV of a logical volume)" ]; then
	ok "block: a missing phy: device is named"
else not_ok "block: phy: $(cat "$T/out")"; fi

# block remove: the loop device goes, then hotplug-status.
reset
node $be/vbd/1/769/type file $be/vbd/1/769/node /dev/loop7 $be/vbd/1/769/hotplug-status connected
if run $be/vbd/1/769 block remove && grep -qx "losetup -d /dev/loop7" "$LOG" &&
   [ -z "$(st $be/vbd/1/769/hotplug-status)" ]; then
	ok "block remove detaches the loop device and clears hotplug-status"
else not_ok "block remove: $(cat "$T/out") $(cat "$LOG")"; fi

# block-nbd: a bad params.
reset
node $be/vbd/1/769/type nbd $be/vbd/1/769/params "10.0.0.1"
if ! run $be/vbd/1/769 block add &&
   [ "$(st $be/vbd/1/769/hotplug-error)" = "nbd: '10.0.0.1' is not 'HOST PORT'" ]; then
	ok "block-nbd: params without a port is refused"
else not_ok "block-nbd: $(cat "$T/out")"; fi

# vif-bridge: a bridge that does not exist.
reset
node $be/vif/3/0/bridge nosuchbr0 $be/vif/3/0/mac aa:cc:10:00:00:a1
if ! vif=vif3.0 run $be/vif/3/0 vif-bridge online &&
   [ "$(st $be/vif/3/0/hotplug-status)" = error ] &&
   grep -q "^bridge nosuchbr0 does not exist; run /etc/xen/scripts/network-bridge start" "$STORE$be/vif/3/0/hotplug-error"; then
	ok "vif-bridge: a missing bridge is an error with its reason"
else not_ok "vif-bridge: $(cat "$T/out")"; fi

# Usage errors, without XENBUS_PATH.
if ! sh "$HOTPLUG/block" add > "$T/out" 2>&1 && grep -q "XENBUS_PATH is not set" "$T/out" &&
   ! sh "$HOTPLUG/network-bridge" frob > "$T/out" 2>&1 && grep -q "^usage: " "$T/out"; then
	ok "scripts run without XENBUS_PATH or with a bad action say so"
else not_ok "usage errors: $(cat "$T/out")"; fi
