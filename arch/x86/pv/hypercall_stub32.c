/*
 * The 32-bit PV hypercall page's stubs, as Xen 3.0's: mov $nr, %eax;
 * int $0x82; ret.  The iret stub pushes %eax first (iret's frame starts
 * with it) and never returns: the guest jumps to it.  The x86_32 ports'
 * guests have them, and x86_64's compat (32-bit PAE) guests the same.
 */
#include <lib/string.h>
#include "pv.h"

void pv_hypercall_stub32(unsigned int nr, u8 stub[HYPERCALL_STUB_SIZE])
{
	u8 *p = stub;

	memset(stub, 0xcc, HYPERCALL_STUB_SIZE);	/* int3 */
	if (nr == __HYPERVISOR_iret)
		*p++ = 0x50;				/* push %eax */
	*p++ = 0xb8;					/* mov $nr, %eax */
	memcpy(p, &nr, 4);
	p += 4;
	*p++ = 0xcd; *p++ = 0x82;			/* int $0x82 */
	if (nr != __HYPERVISOR_iret)
		*p++ = 0xc3;				/* ret */
}
