/*
 * Grant tables, v1 (kernel/grant.h).  setup_table hands us the machine
 * frames of our own table; we map the first over a page of the image and
 * write entries in the order the ABI asks: domid and frame, a barrier,
 * then flags, so Xen never sees a live entry with a stale frame.
 */
#include <asm/hypercall.h>
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/grant.h>
#include <kernel/kernel.h>

struct grant_entry_v1 *gnttab_table;
unsigned int gnttab_nr_entries;
xen_pfn_t gnttab_frame;

static char table_page[PAGE_SIZE] __aligned(PAGE_SIZE);

int gnttab_self_domid(void)
{
	return start_info->flags & SIF_INITDOMAIN ? 0 : -1;
}

long gnttab_init(void)
{
	struct gnttab_setup_table setup = {
		.dom = DOMID_SELF,
		.nr_frames = 1,
		.frame_list = &gnttab_frame,
	};
	long rc;

	if (gnttab_table)
		return 0;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1);
	if (rc)
		return rc;
	if (setup.status)
		return setup.status;
	rc = HYPERVISOR_update_va_mapping((unsigned long)table_page,
					  mfn_pte(gnttab_frame, true), UVMF_INVLPG);
	if (rc)
		return rc;
	gnttab_table = (struct grant_entry_v1 *)table_page;
	gnttab_nr_entries = PAGE_SIZE / sizeof(struct grant_entry_v1);
	return 0;
}

void gnttab_grant(grant_ref_t ref, domid_t domid, xen_pfn_t frame, bool readonly)
{
	struct grant_entry_v1 *e = &gnttab_table[ref];

	e->domid = domid;
	e->frame = frame;
	barrier();
	__atomic_store_n(&e->flags, GTF_permit_access | (readonly ? GTF_readonly : 0),
			 __ATOMIC_RELEASE);
}

bool gnttab_end(grant_ref_t ref)
{
	uint16_t flags = __atomic_load_n(&gnttab_table[ref].flags, __ATOMIC_ACQUIRE);

	/* Xen sets reading/writing while the grant is mapped: then it stays. */
	do {
		if (flags & (GTF_reading | GTF_writing))
			return false;
	} while (!__atomic_compare_exchange_n(&gnttab_table[ref].flags, &flags, 0, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return true;
}

/* One bit per entry of the one-frame table: set while a driver holds it. */
static unsigned long ref_used[PAGE_SIZE / sizeof(struct grant_entry_v1) / (8 * sizeof(long))];
static unsigned int refs_in_use;

grant_ref_t gnttab_alloc_ref(void)
{
	const unsigned int bits = 8 * sizeof(long);
	grant_ref_t ref;

	if (gnttab_init())
		return 0;
	for (ref = GNTTAB_FIRST_DRIVER_REF; ref < gnttab_nr_entries; ref++) {
		if (ref_used[ref / bits] & (1UL << (ref % bits)))
			continue;
		ref_used[ref / bits] |= 1UL << (ref % bits);
		refs_in_use++;
		return ref;
	}
	return 0;
}

void gnttab_free_ref(grant_ref_t ref)
{
	const unsigned int bits = 8 * sizeof(long);

	if (ref < GNTTAB_FIRST_DRIVER_REF || ref >= gnttab_nr_entries ||
	    !(ref_used[ref / bits] & (1UL << (ref % bits))))
		return;
	ref_used[ref / bits] &= ~(1UL << (ref % bits));
	refs_in_use--;
}

unsigned int gnttab_refs_in_use(void)
{
	return refs_in_use;
}

int16_t gnttab_map_self(void *at, grant_ref_t ref, uint32_t flags, grant_handle_t *handle)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = (unsigned long)at,
		.flags = GNTMAP_host_map | flags,
		.ref = ref,
		.dom = gnttab_self_domid(),
	};

	if (HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1))
		return GNTST_general_error;
	*handle = op.handle;
	return op.status;
}

int16_t gnttab_unmap_at(void *at, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = (unsigned long)at, .handle = handle };

	if (HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1))
		return GNTST_general_error;
	return op.status;
}
