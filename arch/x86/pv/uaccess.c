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

/*
 * Returns the bytes not copied.  Whole words first, then the tail, as
 * Xen's copy_to_user does: the requests copied on the fast paths
 * (mmu_update entries, an event channel port) are a few words or less,
 * and "rep movs" steps through them one element at a time (under QEMU
 * TCG, one translated block each): the tail takes a 4-, 2- and 1-byte
 * move as needed instead, each with fixups for both sides.
 */
static __always_inline size_t copy_with_fixup(void *to, const void *from, size_t len)
{
	unsigned long words = len / sizeof(long), tail = len % sizeof(long);

	/* %z2: movsq on x86_64, movsl on x86_32 (the size of words). */
	if (words)
		asm volatile("1: rep movs%z2\n"
			     "2:\n"
			     _ASM_EXTABLE(1b, 2b)
			     : "+D"(to), "+S"(from), "+c"(words) :: "memory");
	if (words)
		return words * sizeof(long) + tail;
	/* The tail (an event channel port, a 4-byte struct) in at most three moves. */
	if (tail & 4) {
		asm goto("1: movl (%0), %%eax\n"
			 "2: movl %%eax, (%1)\n"
			 _ASM_EXTABLE(1b, %l[fault]) _ASM_EXTABLE(2b, %l[fault])
			 :: "S"(from), "D"(to) : "eax", "memory" : fault);
		from += 4;
		to += 4;
		tail -= 4;
	}
	if (tail & 2) {
		asm goto("1: movw (%0), %%ax\n"
			 "2: movw %%ax, (%1)\n"
			 _ASM_EXTABLE(1b, %l[fault]) _ASM_EXTABLE(2b, %l[fault])
			 :: "S"(from), "D"(to) : "eax", "memory" : fault);
		from += 2;
		to += 2;
		tail -= 2;
	}
	if (tail & 1) {
		asm goto("1: movb (%0), %%al\n"
			 "2: movb %%al, (%1)\n"
			 _ASM_EXTABLE(1b, %l[fault]) _ASM_EXTABLE(2b, %l[fault])
			 :: "S"(from), "D"(to) : "eax", "memory" : fault);
		tail -= 1;
	}
	return 0;
fault:
	return tail;
}

__fastpath int copy_from_guest_raw(void *dst, unsigned long gva, size_t len)
{
	if (!pv_guest_range_ok(gva, len))
		return -EFAULT;
	return copy_with_fixup(dst, (const void *)gva, len) ? -EFAULT : 0;
}

__fastpath int copy_to_guest_raw(unsigned long gva, const void *src, size_t len)
{
	if (!pv_guest_range_ok(gva, len))
		return -EFAULT;
	return copy_with_fixup((void *)gva, src, len) ? -EFAULT : 0;
}

bool guest_array_ok(unsigned long gva, unsigned long nr, size_t size)
{
	if (size && nr > ~0UL / size)
		return false;
	return pv_guest_range_ok(gva, nr * size);
}
