/*
 * Writable page tables (ptwr, pv-abi C "Non-hypercall mechanisms" 5): a
 * guest kernel's plain store into one of its L1 tables, which it maps
 * read-only, faults; with VMASST_TYPE_writable_pagetables on, the store
 * is decoded and done as a validated update of that entry (Linux's early
 * page-table set-up relies on it).  A store the update refuses, or one
 * this decoder does not know, is the guest's #PF as before.
 *
 * Decoded: mov r32/r64 to memory (89 /r), mov imm32 (C7 /0), xchg (87 /r:
 * Linux's ptep_get_and_clear()) and cmpxchg (0F B1 /r, flags and rAX as
 * the CPU sets them), with LOCK, REX and segment prefixes, of 4 or 8
 * bytes inside one entry.
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

enum ptwr_op { PTWR_MOV, PTWR_XCHG, PTWR_CMPXCHG };

/* A decoded store: what it does, its operands, its size (4 or 8) and length. */
struct ptwr_insn {
	enum ptwr_op op;
	unsigned int reg;	/* the register operand (xchg, cmpxchg) */
	u64 val;		/* the value stored (mov; else the register's) */
	unsigned int size, len;
};

/* The store at rip, or false if this decoder does not know it. */
static bool decode_store(struct cpu_user_regs *regs, struct ptwr_insn *in)
{
	u8 insn[15];
	unsigned int n = 0, i = 0, rex = 0, mod, rm, reg, op;
	s32 imm;

	while (n < sizeof(insn) && !copy_from_guest_raw(&insn[n], regs->rip + n, 1))
		n++;
	/*
	 * Segment prefixes change nothing for a fault address we already
	 * have; LOCK nothing for an update done under mm_lock().
	 */
	while (i < n && (insn[i] == 0x2e || insn[i] == 0x3e || insn[i] == 0x26 ||
			 insn[i] == 0x36 || insn[i] == 0x64 || insn[i] == 0x65 ||
			 insn[i] == 0xf0))
		i++;
	if (i < n && (insn[i] & 0xf0) == 0x40)
		rex = insn[i++];
	if (i + 1 < n && insn[i] == 0x0f && insn[i + 1] == 0xb1) {
		op = 0x0fb1;
		i++;
	} else if (i < n) {
		op = insn[i];
	} else {
		return false;
	}
	if (i + 1 >= n)
		return false;
	mod = insn[i + 1] >> 6;
	reg = (insn[i + 1] >> 3) & 7;
	rm = insn[i + 1] & 7;
	switch (op) {
	case 0x89:
		in->op = PTWR_MOV;
		break;
	case 0xc7:
		if (reg)
			return false;
		in->op = PTWR_MOV;
		break;
	case 0x87:
		in->op = PTWR_XCHG;
		break;
	case 0x0fb1:
		in->op = PTWR_CMPXCHG;
		break;
	default:
		return false;
	}
	if (mod == 3)
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
	in->size = rex & 8 ? 8 : 4;
	in->reg = reg | (rex & 4 ? 8 : 0);
	if (op == 0xc7) {
		if (i + 4 > n)
			return false;
		memcpy(&imm, &insn[i], 4);
		in->val = (u64)(s64)imm;
		i += 4;
	} else {
		in->val = *gpr(regs, in->reg);
	}
	if (i > n)
		return false;
	in->len = i;
	return true;
}

#define X86_EFLAGS_ARITH	0x8d5UL		/* CF, PF, AF, ZF, SF, OF */

/* The arithmetic flags of cmp a, b at this size, as cmpxchg sets them. */
static unsigned long cmp_flags(u64 a, u64 b, unsigned int size)
{
	unsigned long f;

	if (size == 8)
		asm("cmpq %2, %1; pushfq; popq %0" : "=r"(f) : "r"(a), "r"(b) : "cc");
	else
		asm("cmpl %2, %1; pushfq; popq %0" : "=r"(f) : "r"((u32)a), "r"((u32)b) : "cc");
	return f & X86_EFLAGS_ARITH;
}

bool pv_ptwr_fault(struct vcpu *v, struct cpu_user_regs *regs, unsigned long addr,
		   u32 ec)
{
	struct domain *d = v->domain;
	unsigned long l1, table;
	unsigned int off, idx;
	intpte_t *l1e, old, nval, mask;
	struct ptwr_insn in;
	u64 cur;
	int rc = -EINVAL;

	if (!(d->arch->vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) ||
	    (ec & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD | PFEC_FETCH)) !=
	    (PFEC_PRESENT | PFEC_WRITE) || !v->arch->kernel_mode)
		return false;
	if (!decode_store(regs, &in))
		return false;
	off = addr & 7;
	if (off + in.size > 8)
		return false;
	mask = in.size == 8 ? ~0ULL : 0xffffffffULL << (off * 8);
	idx = (addr & (PAGE_SIZE - 1)) / 8;
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
	old = ((intpte_t *)mfn_to_virt(table))[idx];
	cur = (old & mask) >> (off * 8);	/* what the instruction reads */
	nval = (old & ~mask) | ((in.val << (off * 8)) & mask);
	if (in.op == PTWR_CMPXCHG) {
		u64 acc = in.size == 8 ? regs->rax : (u32)regs->rax;

		regs->rflags = (regs->rflags & ~X86_EFLAGS_ARITH) |
			       cmp_flags(acc, cur, in.size);
		if (acc != cur) {
			regs->rax = cur;	/* 32 bits: zero-extended, as the CPU does */
			rc = 0;
			goto out;
		}
	}
	rc = pv_mod_entry(d, table, 1, idx, nval, false);
	if (!rc && in.op == PTWR_XCHG)
		*gpr(regs, in.reg) = cur;
out:
	mm_unlock();
	local_irq_disable();
	if (rc)
		return false;
	regs->rip += in.len;
	return true;
}
