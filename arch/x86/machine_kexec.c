/*
 * The x86 part of kexec_op's get_range: where the hypervisor's image is
 * in machine memory, for a crash kernel's dump (as Xen 4.17: the whole
 * image, from its first byte to its end, bss included).  The xenheap,
 * boot parameters and EFI memory map are ranges x86 has not.
 */
#include <lib/types.h>
#include <asm/config.h>
#include <public/kexec.h>
#include <xen/errno.h>
#include <xen/kexec.h>

extern char __image_start[], _end[];

int arch_kexec_get_range(struct xen_kexec_range *r)
{
	if (r->range != KEXEC_RANGE_MA_XEN)
		return -EINVAL;
	r->start = __pa_image(__image_start);
	r->size = __pa_image(_end) - r->start;
	return 0;
}
