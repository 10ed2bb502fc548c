/*
 * Copies between the hypervisor and the running guest's address space.
 * The guest's page tables are loaded while the hypervisor works for it,
 * so a guest address is used as is, after two checks: the range is
 * canonical and outside the hypervisor's slots (a compat guest's: below
 * 0xF5800000, its 32-bit hypervisor range), and a fault during the
 * copy (an unmapped or read-only page) resumes at an exception fixup and
 * becomes -EFAULT.
 */
#include "public.h"
#include <asm/asm_defns.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include "pv.h"

static bool guest_range_ok(unsigned long gva, size_t len)
{
	unsigned long end = gva + len;

	if (end < gva || !is_canonical(gva) || (len && !is_canonical(end - 1)))
		return false;
	/* A compat guest's: below its hypervisor range (the compat M2P and up). */
	if (pv_guest_is_compat(current))
		return end <= pv_compat_va_end();
	return end <= HYPERVISOR_VIRT_START || gva > HYPERVISOR_VIRT_LAST;
}

/*
 * Returns the bytes not copied.  Whole words first, then the tail bytes,
 * as Xen's copy_to_user does: the frames and requests copied on the fast
 * paths (a bounce frame, an iret context, mmu_update entries) are a few
 * words each, and "rep movsb" steps through them a byte at a time.
 */
static size_t copy_with_fixup(void *to, const void *from, size_t len)
{
	unsigned long words = len / sizeof(long), tail = len % sizeof(long);

	/* %z2: movsq on x86_64, movsl on x86_32 (the size of words). */
	asm volatile("1: rep movs%z2\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : "+D"(to), "+S"(from), "+c"(words) :: "memory");
	if (words)
		return words * sizeof(long) + tail;
	asm volatile("1: rep movsb\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : "+D"(to), "+S"(from), "+c"(tail) :: "memory");
	return tail;
}

int copy_from_guest_raw(void *dst, unsigned long gva, size_t len)
{
	if (!guest_range_ok(gva, len))
		return -EFAULT;
	return copy_with_fixup(dst, (const void *)gva, len) ? -EFAULT : 0;
}

int copy_to_guest_raw(unsigned long gva, const void *src, size_t len)
{
	if (!guest_range_ok(gva, len))
		return -EFAULT;
	return copy_with_fixup((void *)gva, src, len) ? -EFAULT : 0;
}

bool guest_array_ok(unsigned long gva, unsigned long nr, size_t size)
{
	if (size && nr > ~0UL / size)
		return false;
	return guest_range_ok(gva, nr * size);
}
