# make install puts the three deliverables in their FHS places (the tools'
# shared libraries with their soname links, their headers, the /etc/xen
# samples, systemd units, init scripts, man pages, the GRUB settings), a
# program builds against the installed headers and libraries alone, and
# make deb-pkg makes the packages xen, kernel-xen and xen-xm-tools
# (Documentation/packaging.rst): with the same files as make install, the
# dependencies dpkg-shlibdeps finds, every /etc file a conffile, no lintian
# error, and dpkg installs and purges them in an empty root leaving
# nothing behind.  The boot of a Debian system with them is debian-image.
# Each port's packages are of its architecture, every program in them
# too: the 32-bit ports make xen, kernel-xen and xen-xm-tools for i386
# (the tools built with gcc -m32 on Debian's i386 libraries: without
# those, a SKIP names them), with the files of their make install and
# Depends on the i386 libraries; deb-pkg refuses to label x86_64
# programs i386.
. "$(dirname "$0")/../lib.sh"
plan 19
dir=$(port_dir x86_64)
root=$CHECK_OUT/install-root
rm -rf "$root"
kmake O="$dir" install DESTDIR="$root" prefix=/usr >&2
version=$(kmake -s kernelversion)
missing=""
for f in boot/xen-$version.gz boot/xen-$version.config \
	 usr/lib/debug/boot/xen-syms-$version etc/default/grub.d/xen.cfg \
	 usr/lib/kernel-xen/vmlinuz usr/lib/kernel-xen/config-$version \
	 usr/sbin/xm usr/sbin/xend usr/sbin/xenconsoled usr/sbin/xenstored \
	 usr/bin/xenstore-read usr/lib/libxenstore.so.3.0 usr/lib/libxenstore.so \
	 usr/lib/libxlutil.so.3.0 usr/lib/libxlutil.so usr/include/xenstore_client.h \
	 usr/include/libxlutil.h usr/include/xen/io/xs_wire.h etc/xen/xmexample1 \
	 etc/xen/xend-config.sxp etc/default/xendomains usr/lib/xen/bin/xendomains \
	 etc/init.d/xenstored etc/init.d/xenconsoled etc/init.d/xend \
	 etc/init.d/xendomains lib/systemd/system/xenstored.service \
	 lib/systemd/system/xenconsoled.service lib/systemd/system/xend.service \
	 lib/systemd/system/xendomains.service lib/systemd/system/proc-xen.mount \
	 usr/lib/modules-load.d/xen.conf usr/share/man/man1/xm.1.gz \
	 usr/share/man/man5/xmdomain.cfg.5.gz usr/share/man/man5/xend-config.sxp.5.gz; do
	ls "$root"/$f >/dev/null 2>&1 || missing="$missing $f"
done
# GRUB's 10_linux boots every /boot/vmlinuz-* on the bare machine, and
# 20_linux_xen takes every other /boot/xen* for a hypervisor.
stray=$(cd "$root" && ls -d boot/vmlinuz* boot/xen.gz boot/xen-syms* 2>/dev/null || true)
if [ -z "$missing$stray" ]; then ok "make install DESTDIR= prefix=/usr"; else
	echo "missing:$missing; not for /boot: $stray" >&2; find "$root" >&2
	not_ok "make install DESTDIR= prefix=/usr"; fi

# The manual pages format without a warning.
bad=""
for m in "$root"/usr/share/man/man*/*.gz; do
	w=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$m" 2>&1 >/dev/null)
	[ -z "$w" ] || { echo "$m: $w" >&2; bad="$bad $m"; }
done
if ! command -v man >/dev/null; then skip "man pages format cleanly" "no man command"
elif [ -z "$bad" ]; then ok "man pages format cleanly"
else not_ok "man pages format cleanly"; fi

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
debs=""
for pkg in xen kernel-xen xen-xm-tools; do
	deb=$dir/${pkg}_${version}_amd64.deb
	debs="$debs $deb"
	check "deb-pkg makes $pkg" dpkg-deb --info "$deb"
done

# The packages hold what make install installs, no more, no less (their
# own /usr/share/doc and lintian overrides aside).
for d in $debs; do dpkg-deb -c "$d"; done | awk '{ print $6 }' |
	sed 's|^\./|/|; s|/$||' | grep -v '^/usr/share/doc\|^/usr/share/lintian\|^/\?$' |
	sort -u > "$CHECK_OUT/pkg-files"
(cd "$root" && find . -mindepth 1) | sed 's|^\./|/|' | sort -u > "$CHECK_OUT/install-files"
if diff -u "$CHECK_OUT/install-files" "$CHECK_OUT/pkg-files" >&2; then
	ok "the packages hold the files of make install"
else not_ok "the packages hold the files of make install"; fi

# What the binaries link, and the Debian packages sharing files or roles.
tools=$dir/xen-xm-tools_${version}_amd64.deb
deps=$(dpkg-deb -f "$tools" Depends)
conflicts=$(dpkg-deb -f "$tools" Conflicts)
echo "Depends: $deps; Conflicts: $conflicts" >&2
case "$deps" in *libc6*libtdb1*) dep_ok=1 ;; *) dep_ok= ;; esac
case "$conflicts" in *xenstore-utils*xen-utils-common*) ;; *) dep_ok= ;; esac
[ "$(dpkg-deb -f "$dir/xen_${version}_amd64.deb" Replaces)" = xen-hypervisor-common ] || dep_ok=
if [ -n "$dep_ok" ]; then ok "Depends from dpkg-shlibdeps, Conflicts with Debian's Xen"
else not_ok "Depends from dpkg-shlibdeps, Conflicts with Debian's Xen"; fi

# Every file in /etc is a conffile.
cf_ok=1
for d in $debs; do
	want=$(dpkg-deb -c "$d" | awk '$6 ~ /^\.\/etc\/.*[^\/]$/ { sub(/^\./, "", $6); print $6 }' | sort)
	have=$(dpkg-deb --ctrl-tarfile "$d" | tar -xOf - ./conffiles 2>/dev/null | sort)
	[ "$want" = "$have" ] || { echo "$d: /etc: $want; conffiles: $have" >&2; cf_ok=; }
done
if [ -n "$cf_ok" ]; then ok "every /etc file is a conffile"
else not_ok "every /etc file is a conffile"; fi

if command -v lintian >/dev/null; then
	lintian $debs > "$CHECK_OUT/lintian.out" 2>&1 || true
	cat "$CHECK_OUT/lintian.out" >&2
	if grep -q '^E:' "$CHECK_OUT/lintian.out"; then not_ok "lintian: no error"
	else ok "lintian: no error"; fi
else
	skip "lintian: no error" "lintian is not installed (scripts/install-deps.sh check)"
fi

chroot=$CHECK_OUT/dpkg-root
rm -rf "$chroot"
mkdir -p "$chroot/var/lib/dpkg/info" "$chroot/var/lib/dpkg/updates"
touch "$chroot/var/lib/dpkg/status"
dpkg_root() {
	dpkg --root="$chroot" --force-not-root --force-script-chrootless \
		--force-depends --log=/dev/null "$@"
}
if dpkg_root -i $debs >&2 &&
   [ -f "$chroot/boot/xen-$version.gz" ] && [ -x "$chroot/usr/sbin/xm" ] &&
   [ -f "$chroot/usr/lib/kernel-xen/vmlinuz-$version" ] &&
   [ "$(dpkg --root="$chroot" -l | grep -c '^ii ')" = 3 ]; then
	ok "dpkg installs the three packages into a chroot"
else
	dpkg --root="$chroot" -l >&2
	not_ok "dpkg installs the three packages into a chroot"
fi

# wrong_elf DEB ARCH PATTERN: the files of DEB that are ELF but not of
# PATTERN (file(1)'s words), and its Architecture if not ARCH.
wrong_elf() {
	local x=$CHECK_OUT/deb-x a
	rm -rf "$x" && mkdir -p "$x" && dpkg-deb -x "$1" "$x" || { echo "$1: cannot unpack"; return; }
	a=$(dpkg-deb -f "$1" Architecture)
	[ "$a" = "$2" ] || echo "$1: Architecture $a"
	find "$x" -type f | while read -r f; do
		case $f in
		*.gz) t=$(gzip -dc "$f" | file -b -) ;;
		*) t=$(file -b "$f") ;;
		esac
		case $t in ELF*) echo "$t" | grep -Eq "^$3" || echo "${f#$x}: $t" ;; esac
	done
	rm -rf "$x"
}
amd64_elf="ELF 64-bit LSB .* x86-64"
i386_elf="ELF 32-bit LSB .* Intel 80386"
bad=$(for d in $debs; do wrong_elf "$d" amd64 "$amd64_elf"; done)
if [ -z "$bad" ]; then ok "amd64 packages: Architecture amd64, every ELF x86-64"
else echo "$bad" >&2; not_ok "amd64 packages: Architecture amd64, every ELF x86-64"; fi

# The files of packages DEBS..., as make install's list has them.
pkg_files() {
	for d in "$@"; do dpkg-deb -c "$d"; done | awk '{ print $6 }' |
		sed 's|^\./|/|; s|/$||' | grep -v '^/usr/share/doc\|^/usr/share/lintian\|^/\?$' |
		sort -u
}

# The 32-bit ports (built by build-ports; here if not yet).
i386=$(i386_tools_unavailable)
for port in x86_32 x86_32_pae; do
	pdir=$(port_dir $port)
	pkgs="xen kernel-xen"
	[ -n "$i386" ] || pkgs="$pkgs xen-xm-tools"
	want=$(for p in $pkgs; do echo "${p}_${version}_i386.deb"; done | LC_ALL=C sort | tr '\n' ' ')
	name="$port packages: xen, kernel-xen${i386:+ (no tools: $i386)}${i386:- and xen-xm-tools} for i386, every ELF i386, no lintian error"
	tname="$port xen-xm-tools for i386: the files of make install, Depends on i386 libraries"
	if [ ! -s "$pdir/xen-syms" ]; then
		port_defconfig $port "$pdir" >&2 && kmake O="$pdir" -j"$JOBS" >&2 ||
			{ not_ok "$name" "the $port build failed"; not_ok "$tname"; continue; }
	fi
	rm -f "$pdir"/*.deb
	if ! kmake O="$pdir" deb-pkg > "$CHECK_OUT/deb-pkg-$port.log" 2>&1; then
		cat "$CHECK_OUT/deb-pkg-$port.log" >&2; not_ok "$name" "make deb-pkg failed"
		not_ok "$tname"; continue
	fi
	cat "$CHECK_OUT/deb-pkg-$port.log" >&2
	made=$(cd "$pdir" && ls *.deb | LC_ALL=C sort | tr '\n' ' ')
	bad=$(for d in "$pdir"/*_i386.deb; do wrong_elf "$d" i386 "$i386_elf"; done)
	! command -v lintian >/dev/null || bad="$bad$(lintian "$pdir"/*.deb 2>&1 | grep '^E:')"
	if [ -z "$bad" ] && [ "$made" = "$want" ] &&
	   { [ -z "$i386" ] || grep -q "SKIP.*xen-xm-tools.*without the tools" \
		"$CHECK_OUT/deb-pkg-$port.log"; }; then ok "$name"
	else echo "made: $made; want: $want; $bad" >&2; not_ok "$name"; fi
	if [ -n "$i386" ]; then
		skip "$tname" "$i386"
		continue
	fi
	# The same files as its make install; Depends on i386 libraries
	# (the package's architecture's: libtdb1, libjson-c5, ...).
	proot=$CHECK_OUT/install-root-$port
	rm -rf "$proot"
	kmake O="$pdir" install DESTDIR="$proot" prefix=/usr >&2
	(cd "$proot" && find . -mindepth 1) | sed 's|^\./|/|' | sort -u > "$CHECK_OUT/install-files-$port"
	pkg_files "$pdir"/*_i386.deb > "$CHECK_OUT/pkg-files-$port"
	tdeb=$pdir/xen-xm-tools_${version}_i386.deb
	deps=$(dpkg-deb -f "$tdeb" Depends)
	echo "$port xen-xm-tools Depends: $deps" >&2
	libs_ok=
	case "$deps" in *libc6*libjson-c5*libtdb1*) libs_ok=1 ;; esac
	for l in libc6 libtdb1 libjson-c5; do
		dpkg-query -W -f='${Architecture}\n' "$l:i386" 2>/dev/null | grep -qx i386 || libs_ok=
	done
	if diff -u "$CHECK_OUT/install-files-$port" "$CHECK_OUT/pkg-files-$port" >&2 &&
	   [ -x "$proot/usr/sbin/xm" ] && [ -n "$libs_ok" ] &&
	   file -b "$proot/usr/sbin/xend" | grep -Eq "^$i386_elf"; then ok "$tname"
	else not_ok "$tname"; fi
done

# A library the tools cannot link stops their build at once, naming the
# Debian packages, and the tools already built stay as they were.
before=$(cat "$dir/tools/.tools-cc" 2>/dev/null)
if ! kmake O="$dir" tools HOSTCC="gcc -lno-such-library" > "$CHECK_OUT/tools-libs.log" 2>&1 &&
   grep -q "cannot link the libraries of:.*libtdb-dev" "$CHECK_OUT/tools-libs.log" &&
   [ "$(cat "$dir/tools/.tools-cc")" = "$before" ] && [ -x "$dir/tools/xm/xm" ]; then
	ok "a missing library stops the tools build, naming its package"
else
	cat "$CHECK_OUT/tools-libs.log" >&2
	not_ok "a missing library stops the tools build, naming its package"
fi

# x86_64 programs labelled i386: refused, and no package made.
rm -f "$dir"/*_i386.deb
if ! kmake O="$dir" deb-pkg DEB_ARCH=i386 > "$CHECK_OUT/deb-pkg-mislabel.log" 2>&1 &&
   grep -q "xen for i386 would hold other machines' programs" "$CHECK_OUT/deb-pkg-mislabel.log" &&
   ! ls "$dir"/*_i386.deb >/dev/null 2>&1; then
	ok "deb-pkg refuses x86_64 programs in an i386 package"
else
	cat "$CHECK_OUT/deb-pkg-mislabel.log" >&2
	not_ok "deb-pkg refuses x86_64 programs in an i386 package"
fi

# Purged, nothing of theirs stays: only dpkg's own database.
dpkg_root --purge xen-xm-tools kernel-xen xen >&2 || true
left=$(cd "$chroot" && find . -mindepth 1 -not -path './var/lib/dpkg*' \
	-not -path './var' -not -path './var/lib' | sort)
if [ -z "$left" ] && [ "$(dpkg --root="$chroot" -l | grep -c '^[a-z][a-z] ')" = 0 ]; then
	ok "dpkg --purge leaves nothing behind"
else
	echo "left after purge: $left" >&2
	not_ok "dpkg --purge leaves nothing behind"
fi
finish
