/*
 * xen_version(cmd, arg): what the hypervisor is, as Xen 4.17 reports it
 * to a PV guest (<public/version.h>).  The port adds its capabilities,
 * the start of its reserved region and its feature bits (arch_xen_*()).
 *
 * Locking: none; everything read here is constant after boot, but for
 * the domain's own settings, which only it changes.
 */
#include <lib/types.h>
#include <public/xen.h>
#include <public/features.h>
#include <public/version.h>
#include <asm/page.h>
#include <xen/boot.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <lib/string.h>

static long copy_string_out(unsigned long arg, const char *s, size_t size)
{
	char buf[64];
	size_t off;

	/* Zero-padded to size, in chunks; the guest sees one string. */
	for (off = 0; off < size; off += sizeof(buf)) {
		size_t n = min(sizeof(buf), size - off);
		size_t len = strlen(s);

		memset(buf, 0, sizeof(buf));
		if (off < len)
			memcpy(buf, s + off, min(n, len - off));
		if (off + n >= size)
			buf[n - 1] = '\0';
		if (copy_to_guest_raw(arg + off, buf, n))
			return -EFAULT;
	}
	return 0;
}

static long xen_compile_info(unsigned long arg)
{
	struct xen_compile_info ci;

	memset(&ci, 0, sizeof(ci));
	strlcpy(ci.compiler, XEN_BUILDINFO_COMPILER, sizeof(ci.compiler));
	strlcpy(ci.compile_by, XEN_BUILDINFO_COMPILE_BY, sizeof(ci.compile_by));
	strlcpy(ci.compile_domain, XEN_BUILDINFO_COMPILE_DOMAIN, sizeof(ci.compile_domain));
	strlcpy(ci.compile_date, XEN_BUILDINFO_COMPILE_DATE, sizeof(ci.compile_date));
	return copy_to_guest(arg, &ci, 1);
}

static long xen_get_features(unsigned long arg)
{
	const struct domain *d = current_domain();
	struct xen_feature_info fi;

	if (copy_from_guest(&fi, arg, 1))
		return -EFAULT;
	if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
		return -EINVAL;
	fi.submap = arch_xen_features(d, fi.submap_idx);
	if (fi.submap_idx == 0 && d->domain_id == 0)
		fi.submap |= 1u << XENFEAT_dom0;
	return copy_to_guest(arg, &fi, 1);
}

/*
 * Xen 4.17's order: the privilege first, then the caller's len (read
 * only if there is a buffer), then whether there is an id at all, then
 * the room for it.
 */
static long xen_build_id_op(unsigned long arg)
{
	struct xen_build_id bid;
	const void *id;
	unsigned int len;
	int rc;

	if (!current_domain()->is_privileged)
		return -EPERM;
	if (arg) {
		if (copy_from_guest(&bid, arg, 1))
			return -EFAULT;
		if (!bid.len)
			return -EINVAL;
	}
	rc = xen_build_id(&id, &len);
	if (rc)
		return rc;
	if (!arg)
		return len;
	if (len > bid.len)
		return -ENOBUFS;
	if (copy_to_guest_raw(arg + offsetof(struct xen_build_id, buf), id, len))
		return -EFAULT;
	return len;
}

HYPERCALL(xen_version)
{
	int cmd = a1;		/* an int, as Xen's: the upper half is not looked at */
	unsigned long arg = a2;

	switch (cmd) {
	case XENVER_version:
		return (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
	case XENVER_extraversion:
		return copy_string_out(arg, XEN_BUILDINFO_EXTRAVERSION, sizeof(xen_extraversion_t));
	case XENVER_compile_info:
		return xen_compile_info(arg);
	case XENVER_capabilities:
		return copy_string_out(arg, arch_xen_caps(), sizeof(xen_capabilities_info_t));
	case XENVER_changeset:
		return copy_string_out(arg, XEN_BUILDINFO_CHANGESET, sizeof(xen_changeset_info_t));
	case XENVER_platform_parameters: {
		struct xen_platform_parameters pp = {
			.virt_start = arch_hypervisor_virt_start(),
		};

		return copy_to_guest(arg, &pp, 1);
	}
	case XENVER_get_features:
		return xen_get_features(arg);
	case XENVER_pagesize:
		/* As Xen 4.17: the size is the answer, and a buffer is a mistake. */
		return arg ? -EINVAL : PAGE_SIZE;
	case XENVER_guest_handle:
		return copy_to_guest(arg, current_domain()->handle, 16);
	case XENVER_commandline:
		if (!current_domain()->is_privileged)
			return -EPERM;
		return copy_string_out(arg, boot_info.cmdline, sizeof(xen_commandline_t));
	case XENVER_build_id:
		return xen_build_id_op(arg);
	}
	return -ENOSYS;
}
