/*
 * The 64-bit PV hypercall page's stubs: push %rcx; push %r11;
 * mov $nr, %eax; syscall; pop %r11; pop %rcx; ret (syscall clobbers %rcx
 * and %r11).  The iret stub also pushes %rax, which iret's frame starts
 * with, and never returns: the guest jumps to it.  A compat (32-bit PAE)
 * guest's page has the int $0x82 stubs of the x86_32 ports.
 */
#include <lib/string.h>
#include "../pv/pv.h"

void pv_hypercall_stub(const struct domain *d, unsigned int nr, u8 stub[HYPERCALL_STUB_SIZE])
{
	u8 *p = stub;

	if (is_pv_compat_domain(d)) {
		pv_hypercall_stub32(nr, stub);
		return;
	}

	memset(stub, 0xcc, HYPERCALL_STUB_SIZE);	/* int3 */
	*p++ = 0x51;					/* push %rcx */
	*p++ = 0x41; *p++ = 0x53;			/* push %r11 */
	if (nr == __HYPERVISOR_iret)
		*p++ = 0x50;				/* push %rax */
	*p++ = 0xb8;					/* mov $nr, %eax */
	memcpy(p, &nr, 4);
	p += 4;
	*p++ = 0x0f; *p++ = 0x05;			/* syscall */
	if (nr != __HYPERVISOR_iret) {			/* iret: no return */
		*p++ = 0x41; *p++ = 0x5b;		/* pop %r11 */
		*p++ = 0x59;				/* pop %rcx */
		*p++ = 0xc3;				/* ret */
	}
}
