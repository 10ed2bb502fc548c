/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * x86_64 PV guests ("xen-3.0-x86_64"), which the x86_64 hypervisor runs:
 * the hooks of xg_private.h's struct xg_guest_arch, as libxc's
 * xg_dom_x86.c and xg_sr_*_x86_pv.c have them for 64-bit guests.  Built
 * into x86_64 tools only: the context is the public headers' x86_64
 * layout (rip, rsp...).
 */
#include "xg_private.h"

_Static_assert(sizeof(unsigned long) == 8, "xg_arch_x86_64.c: the x86_64 context layout");

/* _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED, and | _PAGE_DIRTY | _PAGE_USER. */
#define PROT_L1		0x023ULL
#define PROT_UPPER	0x067ULL

/* The hypervisor's slots of an L4: its own, filled in when pinned. */
#define HV_L4_FIRST	256
#define HV_L4_LAST	271

const struct xg_paging xg_paging_x86_64 = {
	.levels = 4,
	.entry_size = 8,
	.level_shift = 9,
	.vaddr_mask = (1ULL << 48) - 1,
	.prot = { PROT_L1, PROT_UPPER, PROT_UPPER, PROT_UPPER },
	.guest_type = "xen-3.0-x86_64",
	.word_size = 8,
	.frame_mask = 0x000ffffffffff000ULL,
};

static void boot_context(struct vcpu_guest_context *c, uint64_t entry, uint64_t stack,
			 uint64_t start_info)
{
	c->user_regs.rip = entry;
	c->user_regs.rsp = stack;
	c->user_regs.rsi = start_info;
	c->user_regs.rflags = 1 << 9;		/* interrupts enabled */
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ds = c->user_regs.es = FLAT_KERNEL_DS;
	c->user_regs.fs = c->user_regs.gs = FLAT_KERNEL_DS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->kernel_ss = c->user_regs.ss;
	c->kernel_sp = c->user_regs.rsp;
}

static unsigned long pfn_to_cr3(xen_pfn_t mfn)
{
	return (unsigned long)mfn << XG_PAGE_SHIFT;
}

static xen_pfn_t cr3_to_pfn(unsigned long cr3)
{
	return cr3 >> XG_PAGE_SHIFT;
}

static bool hv_entry(unsigned int level, unsigned int idx, bool own)
{
	(void)own;
	return level == 4 && idx >= HV_L4_FIRST && idx <= HV_L4_LAST;
}

static xen_pfn_t suspend_record(const struct vcpu_guest_context *c)
{
	return c->user_regs.rdx;
}

static void set_suspend_record(struct vcpu_guest_context *c, xen_pfn_t pfn)
{
	c->user_regs.rdx = pfn;
}

static void set_return(struct vcpu_guest_context *c, unsigned long val)
{
	c->user_regs.rax = val;
}

static const struct xg_guest_arch x86_64 = {
	.pg = &xg_paging_x86_64,
	.boot_context = boot_context,
	.pfn_to_cr3 = pfn_to_cr3,
	.cr3_to_pfn = cr3_to_pfn,
	.hv_entry = hv_entry,
	.suspend_record = suspend_record,
	.set_suspend_record = set_suspend_record,
	.set_return = set_return,
};

const struct xg_guest_arch *const xg_guest_arches[] = { &x86_64, NULL };
