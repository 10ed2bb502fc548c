/*
 * Word copies between the hypervisor and the running guest for the
 * fast paths' frames (a bounce frame, an iret context): n is a small
 * constant, so each copy unrolls into one move per word with its own
 * exception fixup, and no branch.  rep movs and a checked loop take a
 * branch per word, a translated block each under QEMU TCG.  The range
 * checks are uaccess.c's (pv_guest_range_ok()).
 */
#ifndef ARCH_X86_X86_64_PV_UACCESS_H
#define ARCH_X86_X86_64_PV_UACCESS_H

#include <asm/asm_defns.h>
#include <xen/compiler.h>
#include "../pv/pv.h"

/* True if all n words were read; on a fault some of dst may be written. */
static __always_inline bool pv_get_guest_words(unsigned long *dst, unsigned long gva,
					       unsigned int n)
{
	const unsigned long *src = (const unsigned long *)gva;
	unsigned int i;

	if (!pv_guest_range_ok(gva, n * sizeof(long)))
		return false;
#pragma GCC unroll 16
	for (i = 0; i < n; i++)
		asm goto("1: movq (%0), %%rax\n"
			 "   movq %%rax, (%1)\n"
			 _ASM_EXTABLE(1b, %l[fault])
			 :: "r"(src + i), "r"(dst + i) : "rax", "memory" : fault);
	return true;
fault:
	return false;
}

/* True if all n words were written; on a fault some may have been. */
static __always_inline bool pv_put_guest_words(unsigned long gva, const unsigned long *src,
					       unsigned int n)
{
	unsigned long *dst = (unsigned long *)gva;
	unsigned int i;

	if (!pv_guest_range_ok(gva, n * sizeof(long)))
		return false;
#pragma GCC unroll 16
	for (i = 0; i < n; i++)
		asm goto("1: movq %0, (%1)\n"
			 _ASM_EXTABLE(1b, %l[fault])
			 :: "r"(src[i]), "r"(dst + i) : "memory" : fault);
	return true;
fault:
	return false;
}

#endif /* ARCH_X86_X86_64_PV_UACCESS_H */
