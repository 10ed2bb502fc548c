/*
 * The hypervisor's page tables: one walker for the three paging modes
 * (<asm/page.h> gives the number of levels, the entry width and what a
 * root entry may hold), used to build the idle page table at boot and to
 * add mappings afterwards.
 *
 * Page tables come from the boot allocator while it runs, then from the
 * xenheap.  Before the switch to the idle page table they are written
 * through head.S's one-to-one map of low memory (the boot allocator's
 * limit keeps them there); afterwards through the directmap.
 *
 * The IOREMAP window holds mappings made for good after boot: device
 * registers (uncached, ioremap()) and firmware tables outside the
 * directmap (write-back, map_firmware_range()), handed out upwards and
 * never taken back.
 *
 * Locking: map_lock serialises changes after boot and guards the
 * window's cursor and the firmware mappings; it is taken with interrupts
 * off and nests outside heap_lock.  Before the switch only the boot CPU
 * runs.
 */
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <xen/errno.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>

intpte_t *idle_pg_table;
paddr_t idle_pg_table_maddr;

paddr_t directmap_end;		/* machine memory the directmap covers */

static bool switched;		/* the idle page table is loaded */
static DEFINE_SPINLOCK(map_lock);
static unsigned long ioremap_used;	/* bytes of the window handed out */

/* Firmware ranges mapped in the window, reused by later requests. */
static struct {
	paddr_t start, end;
	unsigned long va;
} fw_maps[32];
static unsigned int nr_fw_maps;

static void *pt_virt(paddr_t pa)
{
	return switched ? __va(pa) : (void *)(unsigned long)pa;
}

/* A zeroed page for a page table; 0 if there is none. */
static paddr_t pt_alloc(void)
{
	unsigned long mfn = alloc_boot_pages(1, 1, arch_boot_alloc_limit());
	paddr_t pa;
	void *v;

	if (mfn != INVALID_MFN) {
		pa = (paddr_t)mfn << PAGE_SHIFT;
		v = pt_virt(pa);
	} else {
		v = alloc_xenheap_page();
		if (!v)
			return 0;
		pa = __pa(v);
	}
	memset(v, 0, PAGE_SIZE);
	return pa;
}

static unsigned int pt_index(unsigned long va, unsigned int level)
{
	unsigned int entries = level == PAGETABLE_LEVELS ?
			       ROOT_PAGETABLE_ENTRIES : PAGETABLE_ENTRIES;

	return (unsigned int)(va >> L_SHIFT(level)) & (entries - 1);
}

/*
 * The entry at level (1 = leaf, 2 = superpage) that maps va, with the
 * tables above it allocated as needed.
 */
static int walk(unsigned long va, unsigned int level, intpte_t **out)
{
	intpte_t *t = idle_pg_table;
	unsigned int l;

	for (l = PAGETABLE_LEVELS; l > level; l--) {
		intpte_t *e = &t[pt_index(va, l)];

		if (!(*e & _PAGE_PRESENT)) {
			paddr_t pa = pt_alloc();

			if (!pa)
				return -ENOMEM;
			write_pte(e, pa | (l == PAGETABLE_LEVELS ? ROOT_TABLE_FLAGS :
					  PAGE_HYPERVISOR_TABLE));
			/* PAE CPUs read the root (PDPT) entries at CR3 loads only. */
			if (l == PAGETABLE_LEVELS && switched)
				flush_tlb_local();
		} else if (*e & _PAGE_PSE) {
			return -EBUSY;
		}
		t = pt_virt(*e & PTE_ADDR_MASK);
	}
	*out = &t[pt_index(va, level)];
	return 0;
}

intpte_t *pagetable_walk(unsigned long va, unsigned int level)
{
	intpte_t *e;

	return walk(va, level, &e) ? NULL : e;
}

static int map_one(unsigned long va, paddr_t ma, unsigned int level,
		   unsigned int flags)
{
	intpte_t *e;
	int rc = walk(va, level, &e);

	if (rc)
		return rc;
	/* A superpage would orphan the page table it replaced. */
	if (level > 1 && (*e & _PAGE_PRESENT) && !(*e & _PAGE_PSE))
		return -EBUSY;
	write_pte(e, ma | flags | (level > 1 ? _PAGE_PSE : 0));
	if (switched)
		flush_tlb_one_local((const void *)va);
	return 0;
}

int map_pages_to_xen(unsigned long va, unsigned long mfn, unsigned long nr,
		     unsigned int flags)
{
	unsigned long irqflags;
	int rc = 0;

	spin_lock_irqsave(&map_lock, irqflags);
	while (nr && !rc) {
		paddr_t ma = (paddr_t)mfn << PAGE_SHIFT;
		unsigned long step = 1;

		if (nr >= SUPERPAGE_PAGES && !((va | ma) & (SUPERPAGE_SIZE - 1))) {
			step = SUPERPAGE_PAGES;
			rc = map_one(va, ma, 2, flags);
		} else {
			rc = map_one(va, ma, 1, flags);
		}
		va += step << PAGE_SHIFT;
		mfn += step;
		nr -= step;
	}
	spin_unlock_irqrestore(&map_lock, irqflags);
	return rc;
}

void __init pagetables_init(void)
{
	idle_pg_table_maddr = pt_alloc();
	if (!idle_pg_table_maddr)
		panic("Memory: no page for the idle page table");
	idle_pg_table = pt_virt(idle_pg_table_maddr);
}

void __init pagetables_switch(void)
{
	write_cr3((unsigned long)idle_pg_table_maddr);
	switched = true;
	idle_pg_table = __va(idle_pg_table_maddr);
}

void *ioremap_window(paddr_t pa, unsigned long len, unsigned int flags)
{
	paddr_t base = pa & ~(paddr_t)(PAGE_SIZE - 1);
	unsigned long pages, va, irqflags;

	if (!switched || !len || pa + len < pa || pa + len > MAX_MACHINE_ADDR)
		return NULL;
	pages = (unsigned long)((pa + len - base + PAGE_SIZE - 1) >> PAGE_SHIFT);
	spin_lock_irqsave(&map_lock, irqflags);
	if (pages > (IOREMAP_SIZE - ioremap_used) >> PAGE_SHIFT) {
		spin_unlock_irqrestore(&map_lock, irqflags);
		printk(XENLOG_ERR "ioremap: window full, %#llx+%#lx not mapped\n",
		       (unsigned long long)pa, len);
		return NULL;
	}
	va = IOREMAP_VIRT_START + ioremap_used;
	ioremap_used += pages << PAGE_SHIFT;
	spin_unlock_irqrestore(&map_lock, irqflags);
	/* On failure the window's pages stay used: they are only addresses. */
	if (map_pages_to_xen(va, (unsigned long)(base >> PAGE_SHIFT), pages, flags))
		return NULL;
	return (void *)(va + (unsigned long)(pa - base));
}

void *map_firmware_range(paddr_t pa, unsigned long len)
{
	unsigned long irqflags, va = 0;
	unsigned int i;
	void *p;

	if (pa + len < pa)
		return NULL;
	if (pa + len <= directmap_end)
		return __va(pa);
	/* ACPI asks for the same tables again and again. */
	spin_lock_irqsave(&map_lock, irqflags);
	for (i = 0; i < nr_fw_maps; i++)
		if (pa >= fw_maps[i].start && pa + len <= fw_maps[i].end)
			va = fw_maps[i].va + (unsigned long)(pa - fw_maps[i].start);
	spin_unlock_irqrestore(&map_lock, irqflags);
	if (va)
		return (void *)va;
	p = ioremap_window(pa, len, PAGE_HYPERVISOR);
	if (!p)
		return NULL;
	spin_lock_irqsave(&map_lock, irqflags);
	if (nr_fw_maps < ARRAY_SIZE(fw_maps)) {
		fw_maps[nr_fw_maps].start = pa;
		fw_maps[nr_fw_maps].end = pa + len;
		fw_maps[nr_fw_maps].va = (unsigned long)p;
		nr_fw_maps++;
	}
	spin_unlock_irqrestore(&map_lock, irqflags);
	return p;
}
