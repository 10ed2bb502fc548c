/*
 * Read the Multiboot 1 or Multiboot2 information into boot_info.
 *
 * The loader's structures live in memory the allocator will later hand
 * out, so every string is copied into the hypervisor image here.  The boot
 * page tables map the low 4 GiB one to one, where loaders put them.
 */
#include <asm/boot.h>
#include <asm/multiboot.h>
#include <xen/boot.h>
#include <xen/init.h>
#include <xen/lib.h>

struct boot_info boot_info;

static char string_pool[4096];
static size_t pool_used;

static const char *__init keep_string(const char *s)
{
	size_t len = strnlen(s, 1024);
	char *copy;

	if (pool_used + len + 1 > sizeof(string_pool))
		return "";
	copy = string_pool + pool_used;
	memcpy(copy, s, len);
	copy[len] = '\0';
	pool_used += len + 1;
	return copy;
}

static const void *phys(u64 pa)
{
	return (const void *)(unsigned long)pa;
}

static void __init add_module(u64 start, u64 end, const char *cmdline)
{
	struct boot_module *m;

	if (boot_info.nr_modules == BOOT_MAX_MODULES) {
		printk(XENLOG_WARNING "boot: more than %d modules, rest ignored\n",
		       BOOT_MAX_MODULES);
		return;
	}
	m = &boot_info.modules[boot_info.nr_modules++];
	m->start = start;
	m->size = end > start ? end - start : 0;
	m->cmdline = keep_string(cmdline);
}

static void __init add_memory(u64 start, u64 size, u32 type)
{
	struct boot_mem_range *r;

	if (boot_info.nr_memmap == BOOT_MAX_MEMMAP)
		return;
	r = &boot_info.memmap[boot_info.nr_memmap++];
	r->start = start;
	r->size = size;
	r->type = type;
}

/*
 * Multiboot 1 loaders (QEMU's -kernel, GRUB's "multiboot") put the image's
 * or module's file name first in its string; Multiboot2 loaders do not.
 */
static const char *__init skip_first_word(const char *s)
{
	const char *space = strchr(s, ' ');

	if (!space)
		return "";
	while (*space == ' ')
		space++;
	return space;
}

static void __init parse_mb1(const struct multiboot_info *mbi)
{
	if (mbi->flags & MBI_LOADERNAME)
		boot_info.loader = keep_string(phys(mbi->boot_loader_name));
	if (mbi->flags & MBI_CMDLINE)
		boot_info.cmdline = keep_string(skip_first_word(phys(mbi->cmdline)));
	if (mbi->flags & MBI_MODULES) {
		const struct multiboot_module *mod = phys(mbi->mods_addr);
		u32 i;

		for (i = 0; i < mbi->mods_count; i++)
			add_module(mod[i].mod_start, mod[i].mod_end,
				   mod[i].string ?
				   skip_first_word(phys(mod[i].string)) : "");
	}
	if (mbi->flags & MBI_MEMMAP) {
		u32 off = 0;

		while (off + sizeof(struct multiboot_mmap_entry) <= mbi->mmap_length) {
			const struct multiboot_mmap_entry *e =
				phys(mbi->mmap_addr + off);

			add_memory(e->addr, e->len, e->type);
			off += e->size + sizeof(e->size);
		}
	} else if (mbi->flags & MBI_MEMLIMITS) {
		add_memory(0, (u64)mbi->mem_lower << 10, BOOT_MEM_RAM);
		add_memory(0x100000, (u64)mbi->mem_upper << 10, BOOT_MEM_RAM);
	}
}

static void __init parse_mb2_mmap(const struct mb2_tag_mmap *t)
{
	u32 off;

	if (t->entry_size < sizeof(struct mb2_mmap_entry))
		return;
	for (off = sizeof(*t); off + t->entry_size <= t->tag.size; off += t->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)((const char *)t + off);

		add_memory(e->addr, e->len, e->type);
	}
}

static void __init parse_mb2(const struct mb2_info_header *hdr)
{
	const char *p = (const char *)(hdr + 1);
	const char *end = (const char *)hdr + hdr->total_size;

	while (p + sizeof(struct mb2_tag) <= end) {
		const struct mb2_tag *tag = (const void *)p;
		const struct mb2_tag_module *mod = (const void *)p;

		if (tag->type == MB2_TAG_END || tag->size < sizeof(*tag))
			break;
		switch (tag->type) {
		case MB2_TAG_CMDLINE:
			boot_info.cmdline =
				keep_string(((const struct mb2_tag_string *)tag)->string);
			break;
		case MB2_TAG_LOADER:
			boot_info.loader =
				keep_string(((const struct mb2_tag_string *)tag)->string);
			break;
		case MB2_TAG_MODULE:
			add_module(mod->mod_start, mod->mod_end, mod->cmdline);
			break;
		case MB2_TAG_MMAP:
			parse_mb2_mmap((const void *)tag);
			break;
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			if (!boot_info.acpi_rsdp)
				/* The tag holds a copy of the RSDP. */
				boot_info.acpi_rsdp = (unsigned long)(tag + 1);
			break;
		}
		p += ROUNDUP(tag->size, 8);
	}
}

/* Returns 0, or -1 when the magic is neither multiboot's. */
int __init multiboot_parse(u32 magic, u32 info_pa)
{
	boot_info.loader = "";
	boot_info.cmdline = "";
	if (magic == MULTIBOOT_BOOTLOADER_MAGIC)
		parse_mb1(phys(info_pa));
	else if (magic == MULTIBOOT2_BOOTLOADER_MAGIC)
		parse_mb2(phys(info_pa));
	else
		return -1;
	return 0;
}
