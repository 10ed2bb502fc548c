/*
 * The 64-bit PV hypercall page's stubs: push %rcx; push %r11;
 * mov $nr, %eax; syscall; pop %r11; pop %rcx; ret (syscall clobbers %rcx
 * and %r11).  The iret stub also pushes %rax, which iret's frame starts
 * with, and never returns: the guest jumps to it.
 */
#include <lib/string.h>
#include "../pv/pv.h"

void pv_hypercall_stub(unsigned int nr, u8 stub[HYPERCALL_STUB_SIZE])
{
	u8 *p = stub;

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
