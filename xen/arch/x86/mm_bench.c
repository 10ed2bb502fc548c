/*
 * The PV MMU and grant-table micro-benchmarks (`bench`): mmu_update cost
 * per entry in batches of 1, 64 and 512 (into a pinned L1 that nothing
 * uses, alternately mapping a frame and clearing the entry, so every
 * request takes and drops a reference), update_va_mapping with INVLPG,
 * a grant map + unmap of one of our own pages, and a grant copy of a page.
 * Both widths (an entry is PTE_BYTES).
 */
#include <asm/mm.h>
#include <kernel/bench.h>
#include <kernel/grant.h>
#include <kernel/kernel.h>

#define BENCH_REF	12

static char bench_page[PAGE_SIZE] __aligned(PAGE_SIZE);	/* mapped over */
static char bench_src[PAGE_SIZE] __aligned(PAGE_SIZE);		/* granted */
static char bench_dst[PAGE_SIZE] __aligned(PAGE_SIZE);		/* copied into */
static struct mmu_update reqs[PT_ENTRIES];
static xen_pfn_t bench_l1;

static uint64_t mmu_update_batches(unsigned int n, unsigned int batch)
{
	uint64_t pte = mfn_pte(virt_to_mfn(bench_src), false), start;
	unsigned int done = 0, i, k;

	if (!bench_l1) {
		bench_l1 = mm_alloc_table();
		if (!bench_l1 || mm_pin(1, bench_l1))
			return 0;
	}
	start = arch_cycles();
	for (k = 0; done < n; k++) {
		unsigned int nr = n - done < batch ? n - done : batch;

		for (i = 0; i < nr; i++) {
			reqs[i].ptr = ((uint64_t)bench_l1 << PAGE_SHIFT) + i * PTE_BYTES;
			reqs[i].val = k & 1 ? 0 : pte;
		}
		if (HYPERVISOR_mmu_update(reqs, nr, NULL, DOMID_SELF))
			return 0;
		done += nr;
	}
	start = arch_cycles() - start;
	/* Leave the table empty. */
	for (i = 0; i < PT_ENTRIES; i++) {
		reqs[i].ptr = ((uint64_t)bench_l1 << PAGE_SHIFT) + i * PTE_BYTES;
		reqs[i].val = 0;
	}
	HYPERVISOR_mmu_update(reqs, PT_ENTRIES, NULL, DOMID_SELF);
	return start;
}

static uint64_t bench_mmu_update_1(unsigned int n)
{
	return mmu_update_batches(n, 1);
}
BENCH(mmu_update_batch1, bench_mmu_update_1, 1000);

static uint64_t bench_mmu_update_64(unsigned int n)
{
	return mmu_update_batches(n, 64);
}
BENCH(mmu_update_batch64, bench_mmu_update_64, 8192);

static uint64_t bench_mmu_update_512(unsigned int n)
{
	return mmu_update_batches(n, 512);	/* a 2-level L1 has 1024 */
}
BENCH(mmu_update_batch512, bench_mmu_update_512, 16384);

static uint64_t bench_update_va_mapping(unsigned int n)
{
	xen_pfn_t mfns[2] = { virt_to_mfn(bench_page), virt_to_mfn(bench_src) };
	uint64_t start = arch_cycles();
	unsigned int i;

	for (i = 0; i < n; i++)
		if (HYPERVISOR_update_va_mapping((unsigned long)bench_page,
						 mfn_pte(mfns[i & 1], true), UVMF_INVLPG))
			return 0;
	start = arch_cycles() - start;
	if (HYPERVISOR_update_va_mapping((unsigned long)bench_page, mfn_pte(mfns[0], true),
					 UVMF_INVLPG))
		return 0;
	return start;
}
BENCH(update_va_mapping, bench_update_va_mapping, 1000);

static bool grant_bench_ready(void)
{
	if (gnttab_init() || gnttab_self_domid() < 0)
		return false;
	gnttab_grant(BENCH_REF, gnttab_self_domid(), virt_to_mfn(bench_src), false);
	return true;
}

static uint64_t bench_grant_map_unmap(unsigned int n)
{
	struct gnttab_map_grant_ref map = {
		.host_addr = (unsigned long)bench_page,
		.flags = GNTMAP_host_map,
		.ref = BENCH_REF,
	};
	struct gnttab_unmap_grant_ref unmap = { .host_addr = (unsigned long)bench_page };
	uint64_t start;
	unsigned int i;

	if (!grant_bench_ready())
		return 0;
	map.dom = gnttab_self_domid();
	start = arch_cycles();
	for (i = 0; i < n; i++) {
		if (HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &map, 1) || map.status)
			return 0;
		unmap.handle = map.handle;
		if (HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &unmap, 1) ||
		    unmap.status)
			return 0;
	}
	start = arch_cycles() - start;
	gnttab_end(BENCH_REF);
	if (HYPERVISOR_update_va_mapping((unsigned long)bench_page,
					 mfn_pte(virt_to_mfn(bench_page), true), UVMF_INVLPG))
		return 0;
	return start;
}
BENCH(grant_map_unmap, bench_grant_map_unmap, 500);

static uint64_t bench_grant_copy(unsigned int n)
{
	struct gnttab_copy c = {
		.source = { .u.ref = BENCH_REF, .domid = DOMID_SELF },
		.dest = { .domid = DOMID_SELF },
		.len = PAGE_SIZE,
		.flags = GNTCOPY_source_gref,
	};
	uint64_t start;
	unsigned int i;

	if (!grant_bench_ready())
		return 0;
	c.dest.u.gmfn = virt_to_mfn(bench_dst);
	start = arch_cycles();
	for (i = 0; i < n; i++)
		if (HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1) || c.status)
			return 0;
	start = arch_cycles() - start;
	gnttab_end(BENCH_REF);
	return start;
}
BENCH(grant_copy_page, bench_grant_copy, 500);
