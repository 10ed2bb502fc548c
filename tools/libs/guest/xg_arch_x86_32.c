/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * 32-bit PV guests, which the 32-bit hypervisors run: "xen-3.0-x86_32"
 * (2-level paging, the x86_32 port) and "xen-3.0-x86_32p" (PAE, the
 * x86_32_pae port).  The hooks of xg_private.h's struct xg_guest_arch,
 * as libxc's xg_dom_x86.c and xg_sr_*_x86_pv.c have them for 32-bit
 * guests.  Built into i386 tools only: the context is the public
 * headers' x86_32 layout (eip, esp..., cr3 in Xen's extended form).
 * The hypervisor's side is include/asm-x86/x86_32/pv_paging.h.
 */
#include "xg_private.h"

_Static_assert(sizeof(unsigned long) == 4, "xg_arch_x86_32.c: the x86_32 context layout");

/* _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED, and | _PAGE_DIRTY | _PAGE_USER. */
#define PROT_L1		0x023ULL
#define PROT_L2		0x067ULL
/* A PAE L3 entry takes the present bit only (the others are reserved). */
#define PROT_PAE_L3	0x001ULL

/* The 2-level L2's slots from 0xfc000000: the hypervisor's, in every L2. */
#define HV_L2_FIRST	(__HYPERVISOR_VIRT_START_NONPAE >> 22)
/* PAE: the L2 that L3 slot 3 links holds the hypervisor's slots from 0xf5800000. */
#define HV_PAE_L2_FIRST	((__HYPERVISOR_VIRT_START_PAE - 0xc0000000U) >> 21)

const struct xg_paging xg_paging_x86_32 = {
	.levels = 2,
	.entry_size = 4,
	.level_shift = 10,
	.vaddr_mask = 0xffffffffULL,
	.prot = { PROT_L1, PROT_L2 },
	.guest_type = "xen-3.0-x86_32",
	.word_size = 4,
	.frame_mask = 0xfffff000ULL,
	.region_limit = __HYPERVISOR_VIRT_START_NONPAE,
};

const struct xg_paging xg_paging_x86_32p = {
	.levels = 3,
	.entry_size = 8,
	.level_shift = 9,
	.vaddr_mask = 0xffffffffULL,
	.prot = { PROT_L1, PROT_L2, PROT_PAE_L3 },
	.guest_type = "xen-3.0-x86_32p",
	.word_size = 4,
	.frame_mask = 0x000ffffffffff000ULL,
	.region_limit = __HYPERVISOR_VIRT_START_PAE,
	.region_reach = 0xc0000000ULL,
};

static void boot_context(struct vcpu_guest_context *c, uint64_t entry, uint64_t stack,
			 uint64_t start_info)
{
	c->user_regs.eip = entry;
	c->user_regs.esp = stack;
	c->user_regs.esi = start_info;
	c->user_regs.eflags = 1 << 9;		/* interrupts enabled */
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ds = c->user_regs.es = FLAT_KERNEL_DS;
	c->user_regs.fs = c->user_regs.gs = FLAT_KERNEL_DS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->kernel_ss = c->user_regs.ss;
	c->kernel_sp = c->user_regs.esp;
	/* The callbacks are {cs, eip} on x86_32: the kernel's code segment. */
	c->event_callback_cs = FLAT_KERNEL_CS;
	c->failsafe_callback_cs = FLAT_KERNEL_CS;
}

static unsigned long pfn_to_cr3_2level(xen_pfn_t mfn)
{
	return mfn << XG_PAGE_SHIFT;
}

static xen_pfn_t cr3_to_pfn_2level(unsigned long cr3)
{
	return cr3 >> XG_PAGE_SHIFT;
}

/* Xen's xen_pfn_to_cr3(): a frame's bits above 20 in cr3's low bits. */
static unsigned long pfn_to_cr3_pae(xen_pfn_t mfn)
{
	return (mfn << XG_PAGE_SHIFT) | (mfn >> 20);
}

static xen_pfn_t cr3_to_pfn_pae(unsigned long cr3)
{
	return (cr3 >> XG_PAGE_SHIFT) | (cr3 << 20);
}

static bool hv_entry_2level(unsigned int level, unsigned int idx, bool own)
{
	(void)own;
	return level == 2 && idx >= HV_L2_FIRST;
}

/*
 * PAE: an L3's slots past the 4 the CPU reads; and in an L2, from
 * 0xf5800000's slot on, an entry whose frame is not the guest's: only
 * the L2 of L3 slot 3 has those (an L2 entry links one of the guest's
 * own L1 tables), as Xen's saver tells them (xg_sr_save_x86_pv.c).
 */
static bool hv_entry_pae(unsigned int level, unsigned int idx, bool own)
{
	return (level == 3 && idx >= 4) || (level == 2 && idx >= HV_PAE_L2_FIRST && !own);
}

static xen_pfn_t suspend_record(const struct vcpu_guest_context *c)
{
	return c->user_regs.edx;
}

static void set_suspend_record(struct vcpu_guest_context *c, xen_pfn_t pfn)
{
	c->user_regs.edx = pfn;
}

static void set_return(struct vcpu_guest_context *c, unsigned long val)
{
	c->user_regs.eax = val;
}

static const struct xg_guest_arch x86_32 = {
	.pg = &xg_paging_x86_32,
	.boot_context = boot_context,
	.pfn_to_cr3 = pfn_to_cr3_2level,
	.cr3_to_pfn = cr3_to_pfn_2level,
	.hv_entry = hv_entry_2level,
	.suspend_record = suspend_record,
	.set_suspend_record = set_suspend_record,
	.set_return = set_return,
};

static const struct xg_guest_arch x86_32p = {
	.pg = &xg_paging_x86_32p,
	.boot_context = boot_context,
	.pfn_to_cr3 = pfn_to_cr3_pae,
	.cr3_to_pfn = cr3_to_pfn_pae,
	.hv_entry = hv_entry_pae,
	.suspend_record = suspend_record,
	.set_suspend_record = set_suspend_record,
	.set_return = set_return,
};

const struct xg_guest_arch *const xg_guest_arches[] = { &x86_32p, &x86_32, NULL };
