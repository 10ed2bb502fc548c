# make install puts the three deliverables in their FHS places, and
# make deb-pkg makes the packages xen, kernel-xen and xen-tools, which
# dpkg installs into an empty root.
. "$(dirname "$0")/../lib.sh"
plan 5
dir=$(port_dir x86_64)
root=$CHECK_OUT/install-root
rm -rf "$root"
kmake O="$dir" install DESTDIR="$root" prefix=/usr >&2
missing=""
for f in boot/xen.gz boot/xen-syms-* boot/vmlinuz-xen usr/sbin/xm usr/sbin/xend \
	 usr/sbin/xenconsoled etc/xen/xmexample1; do
	ls "$root"/$f >/dev/null 2>&1 || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "make install DESTDIR= prefix=/usr"; else
	echo "missing:$missing" >&2; find "$root" >&2; not_ok "make install DESTDIR= prefix=/usr"; fi

rm -f "$dir"/*.deb
kmake O="$dir" deb-pkg >&2
version=$(kmake -s kernelversion)
for pkg in xen kernel-xen xen-tools; do
	deb=$dir/${pkg}_${version}_amd64.deb
	check "deb-pkg makes $pkg" dpkg-deb --info "$deb"
done

chroot=$CHECK_OUT/dpkg-root
rm -rf "$chroot"
mkdir -p "$chroot/var/lib/dpkg/info" "$chroot/var/lib/dpkg/updates"
touch "$chroot/var/lib/dpkg/status"
if dpkg --root="$chroot" --force-not-root --force-script-chrootless \
	--log=/dev/null -i "$dir"/*_"$version"_amd64.deb >&2 &&
   [ -f "$chroot/boot/xen-$version.gz" ] && [ -x "$chroot/usr/sbin/xm" ] &&
   [ -f "$chroot/boot/vmlinuz-$version-xen" ] &&
   [ "$(dpkg --root="$chroot" -l | grep -c '^ii ')" = 3 ]; then
	ok "dpkg installs the three packages into a chroot"
else
	dpkg --root="$chroot" -l >&2
	not_ok "dpkg installs the three packages into a chroot"
fi
finish
