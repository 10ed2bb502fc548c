/*
 * Writable page tables (ptwr, pv-abi C "Non-hypercall mechanisms" 5): a
 * guest kernel's plain store into one of its L1 tables, which it maps
 * read-only, faults; with VMASST_TYPE_writable_pagetables on, the store
 * is decoded and done as a validated update of that entry (Linux's early
 * page-table set-up relies on it).  A store the update refuses, or one
 * this decoder does not know, is the guest's #PF as before.
 *
 * Decoded: mov r32/r64 to memory (89 /r) and mov imm32 (C7 /0), with
 * REX and segment prefixes, of 4 or 8 bytes inside one entry.
 *
 * Locking: the update runs under mm_lock(), with interrupts on.
 */
#include "public.h"
#include <asm/system.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/paging.h>
#include <lib/string.h>
#include "pv.h"
#include "pv_mm.h"

#define PFEC_PRESENT	(1u << 0)
#define PFEC_WRITE	(1u << 1)
#define PFEC_RSVD	(1u << 3)
#define PFEC_FETCH	(1u << 4)

static unsigned long *gpr(struct cpu_user_regs *regs, unsigned int r)
{
	unsigned long *t[] = {
		&regs->rax, &regs->rcx, &regs->rdx, &regs->rbx,
		&regs->rsp, &regs->rbp, &regs->rsi, &regs->rdi,
		&regs->r8, &regs->r9, &regs->r10, &regs->r11,
		&regs->r12, &regs->r13, &regs->r14, &regs->r15,
	};

	return t[r & 15];
}

/* The store at rip: its value, size (4 or 8) and length; false if unknown. */
static bool decode_store(struct cpu_user_regs *regs, u64 *val, unsigned int *size,
			 unsigned int *len)
{
	u8 insn[15];
	unsigned int n = 0, i = 0, rex = 0, mod, rm, reg, op;
	s32 imm;

	while (n < sizeof(insn) && !copy_from_guest_raw(&insn[n], regs->rip + n, 1))
		n++;
	/* Segment prefixes change nothing for a fault address we already have. */
	while (i < n && (insn[i] == 0x2e || insn[i] == 0x3e || insn[i] == 0x26 ||
			 insn[i] == 0x36 || insn[i] == 0x64 || insn[i] == 0x65))
		i++;
	if (i < n && (insn[i] & 0xf0) == 0x40)
		rex = insn[i++];
	if (i + 1 >= n)
		return false;
	op = insn[i];
	mod = insn[i + 1] >> 6;
	reg = (insn[i + 1] >> 3) & 7;
	rm = insn[i + 1] & 7;
	if ((op != 0x89 && op != 0xc7) || mod == 3 || (op == 0xc7 && reg))
		return false;
	i += 2;
	if (rm == 4) {
		if (i >= n)
			return false;
		if (mod == 0 && (insn[i] & 7) == 5)
			i += 4;		/* SIB without a base: disp32 */
		i++;
	}
	if (mod == 0 && rm == 5)
		i += 4;			/* RIP-relative */
	else if (mod == 1)
		i += 1;
	else if (mod == 2)
		i += 4;
	*size = rex & 8 ? 8 : 4;
	if (op == 0x89) {
		*val = *gpr(regs, reg | (rex & 4 ? 8 : 0));
	} else {
		if (i + 4 > n)
			return false;
		memcpy(&imm, &insn[i], 4);
		*val = (u64)(s64)imm;
		i += 4;
	}
	if (i > n)
		return false;
	*len = i;
	return true;
}

bool pv_ptwr_fault(struct vcpu *v, struct cpu_user_regs *regs, unsigned long addr,
		   u32 ec)
{
	struct domain *d = v->domain;
	unsigned long l1, table;
	unsigned int size, len, off;
	intpte_t *l1e, old, nval;
	u64 val;
	int rc = -EINVAL;

	if (!(d->arch->vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) ||
	    (ec & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD | PFEC_FETCH)) !=
	    (PFEC_PRESENT | PFEC_WRITE) || !v->arch->kernel_mode)
		return false;
	if (!decode_store(regs, &val, &size, &len))
		return false;
	off = addr & 7;
	if (off + size > 8)
		return false;
	local_irq_enable();
	mm_lock();
	/* The page written must be mapped read-only and be an L1 table of ours. */
	if (pv_map_l1_slot(v, addr, &l1))
		goto out;
	l1e = (intpte_t *)mfn_to_virt(l1) + ((addr >> 12) & 511);
	if (!(*l1e & _PAGE_PRESENT) || (*l1e & _PAGE_RW))
		goto out;
	table = (*l1e & PTE_ADDR_MASK) >> PAGE_SHIFT;
	if (!mfn_valid(table) || page_get_owner(mfn_to_page(table)) != d ||
	    pv_table_level(table) != 1)
		goto out;
	old = ((intpte_t *)mfn_to_virt(table))[(addr & (PAGE_SIZE - 1)) / 8];
	nval = val;
	if (size == 4) {
		intpte_t mask = 0xffffffffULL << (off * 8);

		nval = (old & ~mask) | ((val & 0xffffffffULL) << (off * 8));
	}
	rc = pv_mod_entry(d, table, 1, (addr & (PAGE_SIZE - 1)) / 8, nval, false);
out:
	mm_unlock();
	local_irq_disable();
	if (rc)
		return false;
	regs->rip += len;
	return true;
}
