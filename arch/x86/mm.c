/*
 * Boot-time set-up of the hypervisor's memory, common to the x86 paging
 * modes; the variant (x86_64/mm.c, x86_32/mm.c) says where the frame
 * table goes and how much the directmap covers.
 *
 * 1. The firmware map, less what is not ours to hand out: the first MiB
 *    (real-mode tables, BIOS data, EBDA, ROMs; later the AP trampoline),
 *    the image with its .bss (head.S's page tables and the boot stack are
 *    there), the page holding the loader's copy of the RSDP (ACPI reads it
 *    after us) and the boot modules (until the domain builder takes them).
 * 2. The boot allocator takes the idle page table, the frame table and
 *    their page tables from that, below a limit at which head.S's
 *    one-to-one map can reach them now and the directmap later.
 * 3. The idle page table maps the image region as head.S did (machine
 *    memory from 0, so pointers into the image and low memory taken
 *    before the switch, such as the VGA buffer's, stay valid), the
 *    directmap and what the variant adds; then it is loaded.  From then on
 *    nothing below the hypervisor's region is mapped: PV guests own that.
 * 4. The rest goes to the page allocator.
 */
#include <asm/mm.h>
#include <asm/processor.h>
#include <xen/boot.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/mm.h>

extern char __image_start[], _end[];

/* The loader's RSDP copy is 36 bytes (ACPI 2.0's), wherever it starts. */
#define RSDP_COPY_BYTES		36

static struct mem_range __initdata ram[BOOT_MAX_RANGES];
static struct mem_range __initdata excl[BOOT_MAX_MODULES + 3];

static const char *__init mem_type_name(u32 type)
{
	static const char *const names[] = {
		[BOOT_MEM_RAM] = "RAM", [BOOT_MEM_RESERVED] = "reserved",
		[BOOT_MEM_ACPI] = "ACPI data", [BOOT_MEM_NVS] = "ACPI NVS",
		[BOOT_MEM_UNUSABLE] = "unusable",
	};

	return type < ARRAY_SIZE(names) && names[type] ? names[type] : "other";
}

static void __init add_excl(unsigned int *n, paddr_t s, paddr_t e,
			    const char *what)
{
	excl[*n].start = s & ~(paddr_t)(PAGE_SIZE - 1);
	excl[*n].end = ROUNDUP(e, (paddr_t)PAGE_SIZE);
	printk("Memory: [%016llx, %016llx) kept for %s\n",
	       (unsigned long long)excl[*n].start,
	       (unsigned long long)excl[*n].end, what);
	(*n)++;
}

static unsigned int __init boot_exclusions(void)
{
	unsigned int i, n = 0;

	add_excl(&n, 0, 0x100000, "the first MiB");
	add_excl(&n, __pa_image(__image_start), __pa_image(_end), "the image");
	if (boot_info.acpi_rsdp)
		add_excl(&n, boot_info.acpi_rsdp,
			 boot_info.acpi_rsdp + RSDP_COPY_BYTES, "the RSDP copy");
	for (i = 0; i < boot_info.nr_modules; i++)
		add_excl(&n, boot_info.modules[i].start,
			 boot_info.modules[i].start + boot_info.modules[i].size,
			 "a boot module");
	return n;
}

static void __init print_firmware_map(void)
{
	unsigned int i;

	for (i = 0; i < boot_info.nr_memmap; i++) {
		const struct boot_mem_range *r = &boot_info.memmap[i];

		printk("Memory map: [%016llx, %016llx) %s\n",
		       (unsigned long long)r->start,
		       (unsigned long long)(r->start + r->size),
		       mem_type_name(r->type));
	}
}

/* Drop what lies at or above frame max; returns the ranges left. */
static unsigned int __init clip_ranges(unsigned int n, unsigned long max)
{
	paddr_t top = (paddr_t)max << PAGE_SHIFT;
	unsigned int i, k = 0;

	for (i = 0; i < n; i++) {
		if (ram[i].start >= top)
			break;
		ram[k] = ram[i];
		ram[k].end = min(ram[k].end, top);
		k++;
	}
	return k;
}

/*
 * The CPU's physical address width: RAM above it cannot be mapped (the
 * entry bits would be reserved).  CPUID 0x80000008 says; without it,
 * 36 bits if the CPU has PSE-36 and 32 if not, which is how QEMU models
 * 32-bit CPUs (qemu32 has no PSE-36: give it -cpu qemu32,+pse36).
 */
static unsigned int __init cpu_paddr_bits(void)
{
	u32 a, b, c, d;

	cpuid(0x80000000, &a, &b, &c, &d);
	if (a >= 0x80000008) {
		cpuid(0x80000008, &a, &b, &c, &d);
		return min(a & 0xff, (u32)PADDR_BITS);
	}
	cpuid(1, &a, &b, &c, &d);
	return min(d & (1U << 17) ? 36U : 32U, (unsigned int)PADDR_BITS);
}

void __init setup_memory(void)
{
	unsigned long in_map, usable, ft_pages, top;
	paddr_t limit = 1ULL << cpu_paddr_bits(), ram_top;
	unsigned int nx;
	int n;

	print_firmware_map();
	/* All RAM the firmware lists, for the summary line. */
	n = memmap_usable(boot_info.memmap, boot_info.nr_memmap, NULL, 0,
			  MAX_MACHINE_ADDR, ram, ARRAY_SIZE(ram));
	in_map = n > 0 ? memmap_pages(ram, n) : 0;
	ram_top = n > 0 ? ram[n - 1].end : 0;

	nx = boot_exclusions();
	n = memmap_usable(boot_info.memmap, boot_info.nr_memmap, excl, nx,
			  limit, ram, ARRAY_SIZE(ram));
	if (n <= 0)
		panic("Memory: no usable RAM in the firmware map (%d)", n);
	if (ram_top > limit)
		printk(XENLOG_WARNING "Memory: RAM above %llu MiB ignored: the CPU "
		       "addresses %u bits\n", (unsigned long long)limit >> 20,
		       cpu_paddr_bits());

	top = (unsigned long)(ram[n - 1].end >> PAGE_SHIFT);
	max_page = arch_max_page(top);
	if (max_page < top) {
		printk(XENLOG_WARNING "Memory: RAM above %lu MiB ignored: "
		       "the frame table cannot describe it on this port\n",
		       max_page >> (20 - PAGE_SHIFT));
		n = clip_ranges(n, max_page);
	}
	usable = memmap_pages(ram, n);
	if (init_boot_allocator(ram, n))
		panic("Memory: firmware map too fragmented (%d ranges)", n);

	pagetables_init();
	directmap_end = arch_directmap_bytes(max_page);
	if (map_pages_to_xen(XEN_VIRT_START, 0, XEN_VIRT_SIZE >> PAGE_SHIFT,
			     PAGE_HYPERVISOR) ||
	    map_pages_to_xen(DIRECTMAP_VIRT_START, 0,
			     (unsigned long)(directmap_end >> PAGE_SHIFT),
			     PAGE_HYPERVISOR))
		panic("Memory: no room for the hypervisor's page tables");
	ft_pages = (max_page * sizeof(struct page_info) + PAGE_SIZE - 1) >> PAGE_SHIFT;
	arch_setup_frametable(ft_pages);
	arch_setup_mappings();
	pagetables_switch();

	memset(frame_table, 0, ft_pages << PAGE_SHIFT);
	end_boot_allocator(arch_xenheap_mfn_end());

	printk("Memory: %lu pages free = %lu usable - %lu for the frame table "
	       "and page tables\n", total_free_pages(), usable, boot_pages_used());
	printk("Memory: %lu MiB free of %lu MiB; max_page %#lx; xenheap %lu pages, "
	       "domheap %lu pages\n", total_free_pages() >> (20 - PAGE_SHIFT),
	       in_map >> (20 - PAGE_SHIFT), max_page, avail_xenheap_pages(),
	       avail_domheap_pages());
}
