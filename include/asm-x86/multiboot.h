/*
 * Multiboot (version 1, QEMU -kernel and older loaders) and Multiboot2
 * (GRUB 2's multiboot2/module2) structures that the boot code reads.
 * Layouts from the two specifications; every one is checked below.
 */
#ifndef ASM_X86_MULTIBOOT_H
#define ASM_X86_MULTIBOOT_H

#define MULTIBOOT_HEADER_MAGIC		0x1badb002
#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002
#define MULTIBOOT_PAGE_ALIGN		(1 << 0)
#define MULTIBOOT_MEMORY_INFO		(1 << 1)
#define MULTIBOOT_AOUT_KLUDGE		(1 << 16)

#define MULTIBOOT2_HEADER_MAGIC		0xe85250d6
#define MULTIBOOT2_BOOTLOADER_MAGIC	0x36d76289
#define MULTIBOOT2_ARCH_I386		0

/* Multiboot2 header tags. */
#define MB2_HT_END			0
#define MB2_HT_INFO_REQUEST		1
#define MB2_HT_CONSOLE_FLAGS		4

/* Multiboot2 information tags. */
#define MB2_TAG_END			0
#define MB2_TAG_CMDLINE			1
#define MB2_TAG_LOADER			2
#define MB2_TAG_MODULE			3
#define MB2_TAG_BASIC_MEMINFO		4
#define MB2_TAG_MMAP			6
#define MB2_TAG_ACPI_OLD		14
#define MB2_TAG_ACPI_NEW		15

#ifndef __ASSEMBLY__
#include <lib/types.h>

/* Multiboot 1 information flags. */
#define MBI_MEMLIMITS	(1 << 0)
#define MBI_CMDLINE	(1 << 2)
#define MBI_MODULES	(1 << 3)
#define MBI_MEMMAP	(1 << 6)
#define MBI_LOADERNAME	(1 << 9)

struct multiboot_info {
	u32 flags;
	u32 mem_lower, mem_upper;
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
	u32 drives_length, drives_addr;
	u32 config_table;
	u32 boot_loader_name;
};
_Static_assert(sizeof(struct multiboot_info) == 68, "multiboot_info");

struct multiboot_module {
	u32 mod_start, mod_end;
	u32 string;
	u32 reserved;
};
_Static_assert(sizeof(struct multiboot_module) == 16, "multiboot_module");

/* size is of the rest of the entry, not counting the size field itself. */
struct multiboot_mmap_entry {
	u32 size;
	u64 addr;
	u64 len;
	u32 type;
} __attribute__((packed));
_Static_assert(sizeof(struct multiboot_mmap_entry) == 24, "multiboot_mmap");

struct mb2_info_header {
	u32 total_size;
	u32 reserved;
};

struct mb2_tag {
	u32 type;
	u32 size;	/* including this header; tags are 8-byte aligned */
};
_Static_assert(sizeof(struct mb2_tag) == 8, "mb2_tag");

struct mb2_tag_string {
	struct mb2_tag tag;
	char string[];
};

struct mb2_tag_module {
	struct mb2_tag tag;
	u32 mod_start, mod_end;
	char cmdline[];
};
_Static_assert(sizeof(struct mb2_tag_module) == 16, "mb2_tag_module");

struct mb2_tag_mmap {
	struct mb2_tag tag;
	u32 entry_size;
	u32 entry_version;
	/* entries follow */
};
_Static_assert(sizeof(struct mb2_tag_mmap) == 16, "mb2_tag_mmap");

struct mb2_mmap_entry {
	u64 addr;
	u64 len;
	u32 type;
	u32 zero;
};
_Static_assert(sizeof(struct mb2_mmap_entry) == 24, "mb2_mmap_entry");

#endif /* __ASSEMBLY__ */
#endif /* ASM_X86_MULTIBOOT_H */
