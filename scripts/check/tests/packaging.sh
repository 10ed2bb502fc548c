# make install puts the three deliverables in their FHS places (the tools'
# shared libraries with their soname links, their headers and the /etc/xen
# samples too), a program builds against the installed headers and
# libraries alone, and make deb-pkg makes the packages xen, kernel-xen and
# xen-tools, which dpkg installs into an empty root.
. "$(dirname "$0")/../lib.sh"
plan 6
dir=$(port_dir x86_64)
root=$CHECK_OUT/install-root
rm -rf "$root"
kmake O="$dir" install DESTDIR="$root" prefix=/usr >&2
missing=""
for f in boot/xen.gz boot/xen-syms-* boot/vmlinuz-xen usr/sbin/xm usr/sbin/xend \
	 usr/sbin/xenconsoled usr/sbin/xenstored usr/bin/xenstore-read \
	 usr/lib/libxenstore.so.3.0 usr/lib/libxenstore.so usr/lib/libxlutil.so.3.0 \
	 usr/lib/libxlutil.so usr/include/xenstore_client.h usr/include/libxlutil.h \
	 usr/include/xen/io/xs_wire.h etc/xen/xmexample1 etc/xen/xend-config.sxp; do
	ls "$root"/$f >/dev/null 2>&1 || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "make install DESTDIR= prefix=/usr"; else
	echo "missing:$missing" >&2; find "$root" >&2; not_ok "make install DESTDIR= prefix=/usr"; fi

# Only what make install put there: no -I or -L into the source tree.
cat > "$CHECK_OUT/uses-libs.c" <<'EOT'
#include <errno.h>
#include <stdio.h>
#include <xenstore_client.h>
#include <libxlutil.h>
int main(void)
{
	struct xlu_config *c = xlu_config_new();

	printf("%s %s\n", xs_errno_name(ENOENT), xlu_key_name(XLU_MEMORY));
	xlu_config_free(c);
	return XENSTORE_RING_SIZE != 1024;
}
EOT
if gcc -std=gnu11 -Wall -Werror -I"$root/usr/include" \
	-o "$CHECK_OUT/uses-libs" "$CHECK_OUT/uses-libs.c" \
	-L"$root/usr/lib" -lxenstore -lxlutil >&2 &&
   [ "$(LD_LIBRARY_PATH=$root/usr/lib "$CHECK_OUT/uses-libs")" = "ENOENT memory" ]; then
	ok "a program builds and runs on the installed headers and libraries"
else not_ok "a program builds and runs on the installed headers and libraries"; fi

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
