/*
 * The x86_32 mapcache: map_domain_page() for frames above the directmap,
 * and the window of lasting mappings (map_domain_page_global()).
 *
 * MAPCACHE_SIZE of virtual space, whose page tables exist from boot, in
 * MAPCACHE_CPU_ENTRIES slots per CPU.  A CPU only ever touches its own
 * slots, with interrupts off, so no lock is needed and no other CPU's TLB
 * can hold a slot's old mapping: unmapping flushes the local entry.
 */
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/system.h>
#include <xen/domain_page.h>
#include <asm/smp.h>
#include <xen/atomic.h>
#include <xen/cpumask.h>
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/smp.h>

#define MAPCACHE_ENTRIES	(MAPCACHE_SIZE >> PAGE_SHIFT)
#define MAPCACHE_CPU_ENTRIES	32
#define MAPCACHE_CPUS		(MAPCACHE_ENTRIES / MAPCACHE_CPU_ENTRIES)

BUILD_BUG_ON(MAPCACHE_CPU_ENTRIES > 8 * sizeof(unsigned long));
BUILD_BUG_ON(MAPCACHE_CPUS < 32);	/* NR_CPUS is at most 32 on x86_32 */

/* Bit s: slot s of that CPU is in use.  Each CPU writes its own word only. */
static unsigned long inuse[MAPCACHE_CPUS];

/*
 * The CPU whose slots to use: this one's (PV guests map their frames on
 * every CPU; the flush on unmap is local, so no other CPU may share them).
 */
static unsigned int mapcache_cpu(void)
{
	return smp_processor_id();
}

static intpte_t *slot_pte(unsigned long va)
{
	intpte_t *pte = pagetable_walk(va, 1);

	BUG_ON(!pte);		/* arch_setup_mappings() made these tables */
	return pte;
}

void *map_domain_page(unsigned long mfn)
{
	unsigned long flags, va, free;
	unsigned int cpu, slot;

	if (mfn < (DIRECTMAP_SIZE >> PAGE_SHIFT))
		return mfn_to_virt(mfn);
	local_irq_save(flags);
	cpu = mapcache_cpu();
	free = ~inuse[cpu];
	if (!free)
		panic("map_domain_page: CPU%u has all %u mapcache slots in use",
		      cpu, MAPCACHE_CPU_ENTRIES);
	slot = (unsigned int)__builtin_ctzl(free);
	inuse[cpu] |= 1UL << slot;
	va = MAPCACHE_VIRT_START +
	     ((unsigned long)(cpu * MAPCACHE_CPU_ENTRIES + slot) << PAGE_SHIFT);
	write_pte(slot_pte(va), ((paddr_t)mfn << PAGE_SHIFT) | PAGE_HYPERVISOR);
	local_irq_restore(flags);
	return (void *)va;
}

void unmap_domain_page(const void *ptr)
{
	unsigned long va = (unsigned long)ptr & PAGE_MASK, flags, idx;
	unsigned int cpu, slot;

	if (va - MAPCACHE_VIRT_START >= MAPCACHE_SIZE)
		return;		/* a directmap address */
	idx = (va - MAPCACHE_VIRT_START) >> PAGE_SHIFT;
	cpu = idx / MAPCACHE_CPU_ENTRIES;
	slot = idx % MAPCACHE_CPU_ENTRIES;
	local_irq_save(flags);
	if (cpu != mapcache_cpu() || !(inuse[cpu] & (1UL << slot))) {
		local_irq_restore(flags);
		printk(XENLOG_ERR "unmap_domain_page: %p is not mapped by this CPU\n",
		       ptr);
		return;
	}
	write_pte(slot_pte(va), 0);
	flush_tlb_one_local((const void *)va);
	inuse[cpu] &= ~(1UL << slot);
	local_irq_restore(flags);
}

/*
 * The global window: GLOBALMAP_SIZE of virtual space whose page tables
 * exist from boot (arch_setup_mappings()), so that every guest table
 * copying the hypervisor's slots sees them; a slot is taken under the
 * lock, and flushed from every CPU when it is given back.
 */
#define GLOBALMAP_ENTRIES	(GLOBALMAP_SIZE >> PAGE_SHIFT)

static DEFINE_SPINLOCK(globalmap_lock);
static unsigned long globalmap_inuse[GLOBALMAP_ENTRIES / (8 * sizeof(unsigned long))];

void *map_domain_page_global(unsigned long mfn)
{
	unsigned int i;
	unsigned long va;

	if (mfn < (DIRECTMAP_SIZE >> PAGE_SHIFT))
		return mfn_to_virt(mfn);
	spin_lock(&globalmap_lock);
	for (i = 0; i < GLOBALMAP_ENTRIES; i++)
		if (!test_bit(i, globalmap_inuse))
			break;
	if (i == GLOBALMAP_ENTRIES) {
		spin_unlock(&globalmap_lock);
		return NULL;
	}
	set_bit(i, globalmap_inuse);
	spin_unlock(&globalmap_lock);
	va = GLOBALMAP_VIRT_START + ((unsigned long)i << PAGE_SHIFT);
	write_pte(slot_pte(va), ((paddr_t)mfn << PAGE_SHIFT) | PAGE_HYPERVISOR);
	return (void *)va;
}

void unmap_domain_page_global(const void *ptr)
{
	unsigned long va = (unsigned long)ptr & PAGE_MASK;
	unsigned int i;

	if (va - GLOBALMAP_VIRT_START >= GLOBALMAP_SIZE)
		return;		/* a directmap address */
	i = (va - GLOBALMAP_VIRT_START) >> PAGE_SHIFT;
	write_pte(slot_pte(va), 0);
	flush_tlb_mask(&cpu_online_map);
	spin_lock(&globalmap_lock);
	clear_bit(i, globalmap_inuse);
	spin_unlock(&globalmap_lock);
}
