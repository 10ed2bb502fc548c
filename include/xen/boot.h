/*
 * What the boot loader handed over, in a form common code reads.  The
 * port's boot code (multiboot on x86, EFI on IA64) fills it in.
 */
#ifndef XEN_BOOT_H
#define XEN_BOOT_H

#include <lib/types.h>

#define BOOT_MAX_MODULES	16
#define BOOT_MAX_MEMMAP		128

struct boot_module {
	u64 start;		/* machine address */
	u64 size;		/* bytes */
	const char *cmdline;	/* the module's string, never NULL */
};

enum boot_mem_type {
	BOOT_MEM_RAM = 1,	/* e820's numbering */
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI = 3,
	BOOT_MEM_NVS = 4,
	BOOT_MEM_UNUSABLE = 5,
};

struct boot_mem_range {
	u64 start;
	u64 size;
	u32 type;
};

struct boot_info {
	const char *loader;		/* boot loader's name, or "" */
	const char *cmdline;		/* hypervisor command line, or "" */
	unsigned int nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
	unsigned int nr_memmap;
	struct boot_mem_range memmap[BOOT_MAX_MEMMAP];
	u64 acpi_rsdp;			/* from the loader, 0 if it gave none */
};

extern struct boot_info boot_info;

#endif /* XEN_BOOT_H */
