/*
 * Writable page tables (ptwr, pv-abi C "Non-hypercall mechanisms" 5): a
 * guest kernel's plain store into one of its L1 tables, which it maps
 * read-only, faults; with VMASST_TYPE_writable_pagetables on, the store
 * is decoded and done as a validated update of that entry (Linux's early
 * page-table set-up relies on it).  A store the update refuses, or one
 * this decoder does not know, is the guest's #PF as before.
 *
 * Decoded, with LOCK, REX and segment prefixes, of 1 (and, or), 4 or 8
 * bytes inside one entry: mov (89 /r, C7 /0); xchg (87 /r: Linux's
 * ptep_get_and_clear()); cmpxchg (0F B1 /r); and, or (21, 09, 20, 08 /r;
 * 80, 81, 83 /4 and /1: clear_bit()/set_bit(), as ptep_set_wrprotect()
 * uses); bts, btr (0F BA /5 /6 ib, 0F AB, 0F B3 /r with a bit inside the
 * operand: test_and_clear_bit(), as ptep_test_and_clear_young() uses).
 * Flags and registers are left as the CPU leaves them (undefined flags
 * as they were).
 *
 * Locking: the update runs under mm_lock(), with interrupts on.
 */
#include "public.h"
#include <asm/system.h>
#include <xen/domain_page.h>
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

enum ptwr_op { PTWR_MOV, PTWR_XCHG, PTWR_CMPXCHG, PTWR_AND, PTWR_OR, PTWR_BTS, PTWR_BTR };

/* A decoded store: what it does, its operands, its size (1, 4 or 8) and length. */
struct ptwr_insn {
	enum ptwr_op op;
	unsigned int reg;	/* the register operand (xchg, cmpxchg) */
	u64 val;		/* the source: value, mask, or bit number */
	unsigned int size, len;
};

/* A byte register: without REX, 4-7 are AH, CH, DH, BH. */
static u64 byte_reg(struct trap_frame *regs, unsigned int r, unsigned int rex)
{
	if (!rex && r >= 4 && r < 8)
		return (*regs_gpr(regs, r - 4) >> 8) & 0xff;
	return *regs_gpr(regs, r) & 0xff;
}

/*
 * The opcodes taken (after LOCK, segment and REX prefixes), by what they
 * do and where their source is.
 */
enum src { SRC_REG, SRC_IMM8, SRC_IMM32, SRC_NONE };

static bool opcode(unsigned int op, unsigned int reg, enum ptwr_op *what, enum src *src,
		   bool *byte)
{
	*byte = false;
	switch (op) {
	case 0x89: *what = PTWR_MOV; *src = SRC_REG; return true;
	case 0xc7: *what = PTWR_MOV; *src = SRC_IMM32; return !reg;
	case 0x87: *what = PTWR_XCHG; *src = SRC_REG; return true;
	case 0x0fb1: *what = PTWR_CMPXCHG; *src = SRC_REG; return true;
	case 0x09: *what = PTWR_OR; *src = SRC_REG; return true;
	case 0x21: *what = PTWR_AND; *src = SRC_REG; return true;
	case 0x08: *what = PTWR_OR; *src = SRC_REG; *byte = true; return true;
	case 0x20: *what = PTWR_AND; *src = SRC_REG; *byte = true; return true;
	case 0x80: case 0x81: case 0x83:	/* group 1: /1 or, /4 and */
		if (reg != 1 && reg != 4)
			return false;
		*what = reg == 1 ? PTWR_OR : PTWR_AND;
		*src = op == 0x81 ? SRC_IMM32 : SRC_IMM8;
		*byte = op == 0x80;
		return true;
	case 0x0fab: *what = PTWR_BTS; *src = SRC_REG; return true;
	case 0x0fb3: *what = PTWR_BTR; *src = SRC_REG; return true;
	case 0x0fba:				/* group 8: /5 bts, /6 btr */
		if (reg != 5 && reg != 6)
			return false;
		*what = reg == 5 ? PTWR_BTS : PTWR_BTR;
		*src = SRC_IMM8;
		return true;
	}
	return false;
}

/* The store at rip, or false if this decoder does not know it. */
static bool decode_store(struct trap_frame *regs, struct ptwr_insn *in)
{
	u8 insn[15];
	unsigned int n = 0, i = 0, rex = 0, mod, rm, reg, op;
	enum src src;
	bool byte;
	s32 imm;

	while (n < sizeof(insn) && !copy_from_guest_raw(&insn[n], regs_ip(regs) + n, 1))
		n++;
	/*
	 * Segment prefixes change nothing for a fault address we already
	 * have; LOCK nothing for an update done under mm_lock().
	 */
	while (i < n && (insn[i] == 0x2e || insn[i] == 0x3e || insn[i] == 0x26 ||
			 insn[i] == 0x36 || insn[i] == 0x64 || insn[i] == 0x65 ||
			 insn[i] == 0xf0))
		i++;
	/* The port's REX (x86_64's own guests; 0x40-0x4f are inc and dec else). */
	if (i < n && pv_emul_is_rex(insn[i]))
		rex = insn[i++];
	if (i + 1 < n && insn[i] == 0x0f) {
		op = 0x0f00 | insn[i + 1];
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
	if (!opcode(op, reg, &in->op, &src, &byte) || mod == 3)
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
	in->size = byte ? 1 : rex & 8 ? 8 : 4;
	in->reg = reg | (rex & 4 ? 8 : 0);
	switch (src) {
	case SRC_REG:
		in->val = byte ? byte_reg(regs, in->reg, rex) : *regs_gpr(regs, in->reg);
		break;
	case SRC_IMM8:
		if (i + 1 > n)
			return false;
		in->val = (u64)(s64)(s8)insn[i++];
		break;
	case SRC_IMM32:
		if (i + 4 > n)
			return false;
		memcpy(&imm, &insn[i], 4);
		in->val = (u64)(s64)imm;
		i += 4;
		break;
	case SRC_NONE:
		break;
	}
	if (in->op == PTWR_BTS || in->op == PTWR_BTR) {
		/* A bit beyond the operand would address another word: not taken. */
		if (src == SRC_IMM8)
			in->val &= in->size * 8 - 1;
		else if (in->val >= in->size * 8)
			return false;
	}
	if (i > n)
		return false;
	in->len = i;
	return true;
}

#define X86_EFLAGS_CF		0x001UL
#define X86_EFLAGS_PF		0x004UL
#define X86_EFLAGS_ZF		0x040UL
#define X86_EFLAGS_SF		0x080UL
#define X86_EFLAGS_OF		0x800UL
#define X86_EFLAGS_ARITH	0x8d5UL		/* CF, PF, AF, ZF, SF, OF */

/* The arithmetic flags of cmp a, b at this size, as cmpxchg sets them. */
static unsigned long cmp_flags(u64 a, u64 b, unsigned int size)
{
	unsigned long f;

	/* 8 bytes only where the decoder takes them (REX.W: x86_64). */
	if (size == 8)
		f = regs_cmp_flags(a, b);
	else
		asm("cmpl %2, %1; pushf; pop %0" : "=r"(f) : "r"((u32)a), "r"((u32)b) : "cc");
	return f & X86_EFLAGS_ARITH;
}

/* and/or: SF, ZF, PF of the result, CF and OF clear (AF is undefined: kept). */
static unsigned long logic_flags(u64 res, unsigned int size)
{
	unsigned long f = 0;

	if (!res)
		f |= X86_EFLAGS_ZF;
	if (res >> (size * 8 - 1) & 1)
		f |= X86_EFLAGS_SF;
	if (!(__builtin_popcount((u8)res) & 1))
		f |= X86_EFLAGS_PF;
	return f;
}

/*
 * What the instruction stores into the operand cur (its size's bits), and
 * the guest's registers and flags it leaves; false for cmpxchg that
 * compared unequal (nothing is stored).
 */
static bool apply(struct trap_frame *regs, const struct ptwr_insn *in, u64 cur, u64 *res)
{
	u64 bit = 1ULL << (in->val & 63);
	unsigned long keep = *regs_flags(regs);

	switch (in->op) {
	case PTWR_MOV:
	case PTWR_XCHG:
		*res = in->val;
		return true;
	case PTWR_CMPXCHG: {
		u64 acc = in->size == 8 ? *regs_gpr(regs, 0) : (u32)*regs_gpr(regs, 0);

		*regs_flags(regs) = (keep & ~X86_EFLAGS_ARITH) | cmp_flags(acc, cur, in->size);
		if (acc != cur) {
			*regs_gpr(regs, 0) = cur;	/* 32 bits: zero-extended, as the CPU does */
			return false;
		}
		*res = in->val;
		return true;
	}
	case PTWR_AND:
	case PTWR_OR:
		*res = in->op == PTWR_AND ? cur & in->val : cur | in->val;
		if (in->size < 8)
			*res &= (1ULL << (in->size * 8)) - 1;
		*regs_flags(regs) = (keep & ~(X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_ZF |
					      X86_EFLAGS_SF | X86_EFLAGS_OF)) |
				    logic_flags(*res, in->size);
		return true;
	case PTWR_BTS:
	case PTWR_BTR:
		*regs_flags(regs) = (keep & ~X86_EFLAGS_CF) | ((cur & bit) ? X86_EFLAGS_CF : 0);
		*res = in->op == PTWR_BTS ? cur | bit : cur & ~bit;
		return true;
	}
	return false;
}

bool pv_ptwr_fault(struct vcpu *v, struct trap_frame *regs, unsigned long addr,
		   u32 ec)
{
	struct domain *d = v->domain;
	unsigned long l1, table, rflags = *regs_flags(regs), rax = *regs_gpr(regs, 0);
	unsigned int off, idx;
	intpte_t *l1e, old, nval, mask;
	struct ptwr_insn in;
	u64 cur, res;
	int rc = -EINVAL;

	if (!(d->arch->vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) ||
	    (ec & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD | PFEC_FETCH)) !=
	    (PFEC_PRESENT | PFEC_WRITE) || !v->arch->kernel_mode)
		return false;
	if (!decode_store(regs, &in))
		return false;
	off = addr & (sizeof(intpte_t) - 1);
	if (off + in.size > sizeof(intpte_t))
		return false;
	mask = in.size == 8 ? ~0ULL : ((1ULL << (in.size * 8)) - 1) << (off * 8);
	idx = (addr & (PAGE_SIZE - 1)) / sizeof(intpte_t);
	local_irq_enable();
	mm_lock();
	/* The page written must be mapped read-only and be an L1 table of ours. */
	if (pv_map_l1_slot(v, addr, &l1))
		goto out;
	l1e = (intpte_t *)map_domain_page(l1) + ((addr >> PAGE_SHIFT) & (PAGETABLE_ENTRIES - 1));
	old = READ_ONCE(*l1e);
	unmap_domain_page(l1e);
	if (!(old & _PAGE_PRESENT) || (old & _PAGE_RW))
		goto out;
	table = (old & PTE_ADDR_MASK) >> PAGE_SHIFT;
	if (!mfn_valid(table) || page_get_owner(mfn_to_page(table)) != d ||
	    pv_table_level(table) != 1)
		goto out;
	l1e = map_domain_page(table);
	old = READ_ONCE(l1e[idx]);
	unmap_domain_page(l1e);
	cur = (old & mask) >> (off * 8);	/* what the instruction reads */
	if (!apply(regs, &in, cur, &res)) {
		rc = 0;				/* cmpxchg unequal: no store */
		goto out;
	}
	nval = (old & ~mask) | ((res << (off * 8)) & mask);
	rc = pv_mod_entry(d, d, table, 1, idx, nval, false);
	if (!rc && in.op == PTWR_XCHG)
		*regs_gpr(regs, in.reg) = cur;
out:
	mm_unlock();
	local_irq_disable();
	if (rc) {
		/* Refused: the guest's #PF, with its registers as they were. */
		*regs_flags(regs) = rflags;
		*regs_gpr(regs, 0) = rax;
		return false;
	}
	regs_set_ip(regs, regs_ip(regs) + in.len);
	return true;
}
