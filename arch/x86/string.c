// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 bulk copy behind arch_memcpy() (<xen/lib.h>): rep movs a word
 * at a time, then the tail a byte at a time.  The CPU's string engine
 * moves a page faster than lib/'s C loop (and QEMU's TCG runs one
 * instruction per word instead of a handful).  The direction flag is
 * clear: every entry into the hypervisor clears it (SAVE_ALL's cld, and
 * MSR_SYSCALL_MASK for syscall).
 */
#include <xen/lib.h>

void *arch_memcpy(void *dst, const void *src, size_t n)
{
	unsigned long words = n / sizeof(unsigned long);
	unsigned long tail = n % sizeof(unsigned long);
	void *d = dst;

	/* %z: movsq on x86_64, movsl on x86_32, from the operand's size. */
	asm volatile("rep movs%z[cnt]\n\t"
		     "mov %[tail], %[cnt]\n\t"
		     "rep movsb"
		     : [cnt] "+c" (words), "+D" (d), "+S" (src)
		     : [tail] "r" (tail)
		     : "memory");
	return dst;
}
