/*
 * The host's stand-in for <asm/page.h>: 4 KiB frames whose "machine
 * memory" is an anonymous mapping at host_ram (host.h), so that the
 * directmap is host_ram + machine address.
 */
#ifndef HOST_ASM_PAGE_H
#define HOST_ASM_PAGE_H

#include <lib/types.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

typedef u64 paddr_t;

extern char *host_ram;

#define __va(ma)		((void *)(host_ram + (ma)))
#define __pa(va)		((paddr_t)((char *)(va) - host_ram))
#define virt_to_mfn(va)		((unsigned long)(__pa(va) >> PAGE_SHIFT))
#define mfn_to_virt(mfn)	__va((paddr_t)(mfn) << PAGE_SHIFT)

#endif
