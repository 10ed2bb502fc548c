/*
 * The virtual CPU of a 64-bit PV guest: its trap table and callbacks,
 * exception and event bouncing (pv-abi D.8), HYPERVISOR_iret, the kernel
 * and user modes, segment bases, lazy FPU, and the emulation of what a PV
 * kernel may not do itself at ring 3 (privileged instructions on #GP, the
 * forced-emulation cpuid on #UD, int $N decoded from the instruction).
 *
 * A guest that breaks its own state (an unreadable stack for a bounce, no
 * handler for an exception, a bad iret frame) is crashed; a guest that
 * asks for something it may not have gets #GP.  Neither harms the
 * hypervisor.
 *
 * Locking: all on the vCPU's own CPU.
 */
#include "public.h"
#include <asm/flushtlb.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <asm/traps.h>
#include <asm/io.h>
#include <xen/domain.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/shutdown.h>
#include <xen/softirq.h>
#include <lib/string.h>
#include "pv.h"
#include "pv_mm.h"

#define X86_EFLAGS_IOPL		0x00003000
#define X86_EFLAGS_NT		0x00004000
#define X86_EFLAGS_RF		0x00010000
#define X86_EFLAGS_VM		0x00020000
#define X86_EFLAGS_AC		0x00040000

#define X86_CR0_TS		0x00000008

#define TRAP_syscall		0x100
#define PFEC_user		0x4

static struct vcpu_info *vinfo(struct vcpu *v)
{
	return pv_vcpu_info(v);
}

void __noreturn pv_domain_crash(struct vcpu *v, const char *why)
{
	printk(XENLOG_ERR "d%uv%u crashed: %s\n", v->domain->domain_id, v->vcpu_id, why);
	show_registers(guest_trap_frame());
	domain_crash(v->domain);
	/* Paused now: the scheduler switches away and never comes back here. */
	for (;;) {
		local_irq_enable();
		do_softirq();
	}
}

/* ---- Modes ---------------------------------------------------------- */

void pv_toggle_guest_mode(struct vcpu *v)
{
	struct arch_vcpu *a = v->arch;

	if (a->kernel_mode) {
		a->gs_base_kernel = rdmsr(MSR_GS_BASE);
		wrmsr(MSR_GS_BASE, a->gs_base_user);
	} else {
		a->gs_base_user = rdmsr(MSR_GS_BASE);
		wrmsr(MSR_GS_BASE, a->gs_base_kernel);
	}
	a->kernel_mode = !a->kernel_mode;
	write_cr3((unsigned long)pv_active_table(v) << PAGE_SHIFT);
}

void pv_fpu_load(struct vcpu *v)
{
	unsigned long cr0 = read_cr0();

	if (v->arch->fpu_ts)
		write_cr0(cr0 | X86_CR0_TS);
	else if (cr0 & X86_CR0_TS)
		clts();
}

/* ---- Bouncing ------------------------------------------------------- */

/*
 * Build the exception frame of D.8 on the guest kernel stack and enter
 * the guest at handler: from user mode on the stack_switch stack (kernel
 * mode, kernel page tables and GS base), from kernel mode below the
 * current %rsp with the saved CS showing RPL 0.
 */
static void bounce(struct vcpu *v, struct trap_frame *regs, unsigned long handler,
		   bool has_ec, u32 ec, bool mask_events)
{
	struct vcpu_info *vi = vinfo(v);
	u8 saved_mask = vi->evtchn_upcall_mask;
	unsigned long frame[8], rsp, cs = regs->cs, rflags;
	unsigned int n = 0;

	if (!v->arch->kernel_mode) {
		pv_toggle_guest_mode(v);
		rsp = v->arch->kernel_sp;
	} else {
		rsp = regs->rsp;
		cs &= ~3UL;
	}
	rflags = (regs->rflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL)) |
		 (saved_mask ? 0 : X86_EFLAGS_IF);
	frame[n++] = regs->rcx;
	frame[n++] = regs->r11;
	if (has_ec)
		frame[n++] = ec;
	frame[n++] = regs->rip;
	frame[n++] = (cs & 0xffff) | ((unsigned long)saved_mask << 32);
	frame[n++] = rflags;
	frame[n++] = regs->rsp;
	frame[n++] = regs->ss;
	rsp = (rsp & ~15UL) - n * sizeof(frame[0]);
	if (!handler || copy_to_guest_raw(rsp, frame, n * sizeof(frame[0])))
		pv_domain_crash(v, handler ? "bounce frame not writable" :
				"no handler for a trap or callback");
	if (mask_events)
		vi->evtchn_upcall_mask = 1;
	regs->rip = handler;
	regs->cs = FLAT_RING3_CS64;
	regs->ss = FLAT_RING3_DS32;
	regs->rsp = rsp;
	regs->rflags = (regs->rflags & ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF |
					 X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_IOPL)) |
		       X86_EFLAGS_IF;
}

static bool vector_has_ec(unsigned int vec)
{
	return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21;
}

void pv_inject_trap(struct trap_frame *regs, unsigned int vec, bool has_ec, u32 ec)
{
	struct vcpu *v = current;
	const struct pv_trap_bounce_entry *t = &v->arch->traps[vec];

	if (vec == TRAP_page_fault) {
		vinfo(v)->arch.cr2 = v->arch->cr2;
		ec = (ec & ~PFEC_user) | (v->arch->kernel_mode ? 0 : PFEC_user);
	}
	if (vec == TRAP_no_device && v->arch->fpu_ts) {
		/* Xen clears the virtual TS as it delivers #NM. */
		v->arch->fpu_ts = false;
		clts();
	}
	bounce(v, regs, t->address, has_ec, ec, t->mask_events);
}

void pv_bounce_syscall(struct vcpu *v, struct trap_frame *regs)
{
	const struct pv_callback *cb = &v->arch->callbacks[CALLBACKTYPE_syscall];

	/* As the CPU would: RCX = user RIP, R11 = user RFLAGS. */
	regs->rcx = regs->rip;
	regs->r11 = regs->rflags;
	bounce(v, regs, cb->address, false, 0, cb->mask_events);
}

void pv_deliver_events(struct vcpu *v, struct trap_frame *regs)
{
	struct vcpu_info *vi = vinfo(v);
	const struct pv_callback *cb = &v->arch->callbacks[CALLBACKTYPE_event];
	const struct pv_callback *nmi = &v->arch->callbacks[CALLBACKTYPE_nmi];

	if (v->arch->nmi_pending) {
		v->arch->nmi_pending = false;
		if (nmi->address) {
			bounce(v, regs, nmi->address, false, 0, nmi->mask_events);
			return;
		}
	}
	if (!READ_ONCE(vi->evtchn_upcall_pending) || READ_ONCE(vi->evtchn_upcall_mask) ||
	    !cb->address)
		return;
	bounce(v, regs, cb->address, false, 0, true);
}

/* ---- Emulation ------------------------------------------------------ */

/*
 * What a PV guest may use of the real CPU, as Xen 4.17's PV policy has
 * it: not what the hypervisor keeps (VMX, SMX, MONITOR, x2APIC, machine
 * checks, MTRRs, thermal and debug stores), and no large or global pages:
 * a PV guest's page tables have none (PSE, PSE36, PGE, 1 GiB pages), so
 * Linux must not plan its direct map with them.
 */
#define PV_CPUID1_ECX_HIDDEN	((1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) | \
				 (1u << 6) | (1u << 7) | (1u << 8) | (1u << 15) | \
				 (1u << 21) | (1u << 24))
#define PV_CPUID1_EDX_HIDDEN	((1u << 1) | (1u << 3) | (1u << 7) | (1u << 12) | \
				 (1u << 13) | (1u << 14) | (1u << 17) | (1u << 21) | \
				 (1u << 22) | (1u << 29) | (1u << 31))
#define PV_CPUIDX1_EDX_HIDDEN	((1u << 26) | (1u << 27))	/* 1 GiB pages, rdtscp */

static void pv_cpuid_policy(u32 leaf, u32 *c, u32 *d)
{
	if (leaf == 1) {
		*c &= ~PV_CPUID1_ECX_HIDDEN;
		*c |= 1u << 31;		/* running on a hypervisor */
		*d &= ~PV_CPUID1_EDX_HIDDEN;
	} else if (leaf == 0x80000001) {
		*d &= ~PV_CPUIDX1_EDX_HIDDEN;
	}
}

/* The Xen leaves at 0x40000000, and the rest from the real CPU. */
static void emulate_cpuid(struct trap_frame *regs)
{
	u32 leaf = regs->rax, sub = regs->rcx, a, b, c, d;

	switch (leaf) {
	case 0x40000000:
		a = 0x40000005; b = 0x566e6558; c = 0x65584d4d; d = 0x4d4d566e;
		break;
	case 0x40000001:
		a = 0x00040011; b = c = d = 0;
		break;
	case 0x40000002:
		a = 1; b = 0x40000000; c = d = 0;
		break;
	case 0x40000003 ... 0x40000004:
		a = b = c = d = 0;
		break;
	case 0x40000005:
		a = 0; b = 52; c = d = 0;	/* machine address width */
		break;
	default:
		asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			     : "a"(leaf), "c"(sub));
		pv_cpuid_policy(leaf, &c, &d);
	}
	regs->rax = a;
	regs->rbx = b;
	regs->rcx = c;
	regs->rdx = d;
}

static const u8 fep_cpuid[] = { 0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x0f, 0xa2 };

static bool emulate_invalid_op(struct trap_frame *regs)
{
	u8 insn[sizeof(fep_cpuid)];

	if (copy_from_guest_raw(insn, regs->rip, sizeof(insn)) ||
	    memcmp(insn, fep_cpuid, sizeof(insn)))
		return false;
	emulate_cpuid(regs);
	regs->rip += sizeof(fep_cpuid);
	return true;
}

static bool read_msr(struct vcpu *v, u32 msr, u64 *val)
{
	switch (msr) {
	case MSR_FS_BASE:
		*val = rdmsr(MSR_FS_BASE);
		return true;
	case MSR_GS_BASE:
		*val = v->arch->kernel_mode ? rdmsr(MSR_GS_BASE) : v->arch->gs_base_kernel;
		return true;
	case MSR_SHADOW_GS_BASE:
		*val = v->arch->kernel_mode ? v->arch->gs_base_user : rdmsr(MSR_GS_BASE);
		return true;
	case MSR_EFER:
	case MSR_PAT:
	case MSR_MISC_ENABLE:
		*val = rdmsr(msr);
		return true;
	}
	return false;
}

static bool write_msr(struct vcpu *v, u32 msr, u64 val)
{
	switch (msr) {
	case MSR_FS_BASE:
		if (!is_canonical(val))
			return false;
		wrmsr(MSR_FS_BASE, val);
		v->arch->fs_base = val;
		return true;
	case MSR_GS_BASE:
		if (!is_canonical(val))
			return false;
		wrmsr(MSR_GS_BASE, val);
		v->arch->gs_base_kernel = val;
		return true;
	case MSR_SHADOW_GS_BASE:
		if (!is_canonical(val))
			return false;
		v->arch->gs_base_user = val;
		return true;
	case MSR_PAT:
	case MSR_MISC_ENABLE:
	case MSR_EFER:
		return rdmsr(msr) == val;	/* writes that change nothing */
	}
	return false;
}

/*
 * As Xen 4.17: with enough IOPL, a port the domain was not given
 * (domctl ioport_permission; domain 0 has all but the hypervisor's UART)
 * reads all-ones and a write to it is dropped.
 */
static unsigned long io_in(struct domain *d, unsigned int port, unsigned int bytes)
{
	if (!ioports_access_permitted(d, port, port + bytes - 1))
		return ~0UL;
	switch (bytes) {
	case 1: return inb(port);
	case 2: return inw(port);
	default: return inl(port);
	}
}

static void io_out(struct domain *d, unsigned int port, unsigned int bytes,
		   unsigned long val)
{
	if (!ioports_access_permitted(d, port, port + bytes - 1))
		return;
	switch (bytes) {
	case 1: outb(val, port); break;
	case 2: outw(val, port); break;
	default: outl(val, port); break;
	}
}

static void set_reg_bytes(unsigned long *reg, unsigned long val, unsigned int bytes)
{
	if (bytes == 4)
		*reg = (u32)val;
	else if (bytes == 2)
		*reg = (*reg & ~0xffffUL) | (val & 0xffff);
	else
		*reg = (*reg & ~0xffUL) | (val & 0xff);
}

/* #GP(0) from the guest: a privileged instruction it may have done for it. */
static bool emulate_privileged_op(struct vcpu *v, struct trap_frame *regs)
{
	unsigned int vcpl = v->arch->kernel_mode ? 1 : 3, bytes = 4, len = 0, port;
	bool io_ok = v->arch->iopl >= vcpl;
	u8 insn[16];
	u64 val;

	if (copy_from_guest_raw(insn, regs->rip, sizeof(insn)))
		return false;
	/* mov %crN with REX.B (%r8-%r15, as compilers pick them). */
	if (insn[0] == 0x41 && insn[1] == 0x0f && insn[2] == 0x20 && v->arch->kernel_mode &&
	    (insn[3] & 0xc0) == 0xc0 && ((insn[3] >> 3) & 7) == 3) {
		unsigned long *hi[] = { &regs->r8, &regs->r9, &regs->r10, &regs->r11,
					&regs->r12, &regs->r13, &regs->r14, &regs->r15 };

		*hi[insn[3] & 7] = (u64)pv_active_table(v) << PAGE_SHIFT;
		regs->rip += 4;
		return true;
	}
	if (insn[0] == 0x66) {
		bytes = 2;
		len = 1;
	}
	switch (insn[len]) {
	case 0xe4: case 0xe5: case 0xec: case 0xed:	/* in */
		if (!io_ok)
			return false;
		port = insn[len] <= 0xe5 ? insn[len + 1] : (u16)regs->rdx;
		if (!(insn[len] & 1))
			bytes = 1;
		set_reg_bytes((unsigned long *)&regs->rax, io_in(v->domain, port, bytes), bytes);
		regs->rip += len + (insn[len] <= 0xe5 ? 2 : 1);
		return true;
	case 0xfa: case 0xfb:				/* cli, sti */
		/*
		 * As Xen: with the I/O privilege (Linux sets IOPL 1 at boot),
		 * no-ops.  The guest's interrupt flag is its upcall mask, which
		 * a popf could not give back: acting on them would lock it up.
		 */
		if (!io_ok || len)
			return false;
		regs->rip += 1;
		return true;
	case 0xe6: case 0xe7: case 0xee: case 0xef:	/* out */
		if (!io_ok)
			return false;
		port = insn[len] <= 0xe7 ? insn[len + 1] : (u16)regs->rdx;
		if (!(insn[len] & 1))
			bytes = 1;
		io_out(v->domain, port, bytes, regs->rax);
		regs->rip += len + (insn[len] <= 0xe7 ? 2 : 1);
		return true;
	}
	if (!v->arch->kernel_mode || len || insn[0] != 0x0f)
		return false;
	switch (insn[1]) {
	case 0x30:					/* wrmsr */
		if (!write_msr(v, regs->rcx, (regs->rdx << 32) | (u32)regs->rax))
			return false;
		regs->rip += 2;
		return true;
	case 0x32:					/* rdmsr */
		if (!read_msr(v, regs->rcx, &val))
			return false;
		regs->rax = (u32)val;
		regs->rdx = val >> 32;
		regs->rip += 2;
		return true;
	case 0x06:					/* clts */
		v->arch->fpu_ts = false;
		clts();
		regs->rip += 2;
		return true;
	case 0x09:					/* wbinvd */
		regs->rip += 2;
		return true;
	case 0x20: {					/* mov %crN, %reg */
		unsigned int cr = (insn[2] >> 3) & 7, reg = insn[2] & 7;
		unsigned long *gpr[] = { &regs->rax, &regs->rcx, &regs->rdx, &regs->rbx,
					 &regs->rsp, &regs->rbp, &regs->rsi, &regs->rdi };

		if ((insn[2] & 0xc0) != 0xc0)
			return false;
		switch (cr) {
		case 0: val = (read_cr0() & ~X86_CR0_TS) | (v->arch->fpu_ts ? X86_CR0_TS : 0); break;
		case 2: val = v->arch->cr2; break;
		case 3: val = (u64)pv_active_table(v) << PAGE_SHIFT; break;
		case 4: val = v->arch->cr4_set ? v->arch->cr4 : read_cr4(); break;
		default: return false;
		}
		*gpr[reg] = val;
		regs->rip += 3;
		return true;
	}
	case 0x22: {					/* mov %reg, %crN */
		unsigned int cr = (insn[2] >> 3) & 7, reg = insn[2] & 7;
		unsigned long *gpr[] = { &regs->rax, &regs->rcx, &regs->rdx, &regs->rbx,
					 &regs->rsp, &regs->rbp, &regs->rsi, &regs->rdi };

		if ((insn[2] & 0xc0) != 0xc0)
			return false;
		switch (cr) {
		case 0:
			/* As Xen: only TS is the guest's (fpu_taskswitch). */
			if ((*gpr[reg] ^ read_cr0()) & ~(unsigned long)X86_CR0_TS)
				return false;
			v->arch->fpu_ts = *gpr[reg] & X86_CR0_TS;
			pv_fpu_load(v);
			break;
		case 4:
			/*
			 * The guest's own view, as Xen keeps it (Linux writes CR4
			 * without PGE and PSE): the real CR4 is the hypervisor's.
			 */
			v->arch->cr4 = *gpr[reg];
			v->arch->cr4_set = true;
			break;
		default:
			return false;
		}
		regs->rip += 3;
		return true;
	}
	}
	return false;
}

/* int $N arrives as #GP with the IDT bit: decode N from the instruction. */
static bool emulate_softint(struct vcpu *v, struct trap_frame *regs, u32 ec)
{
	unsigned int vcpl = v->arch->kernel_mode ? 1 : 3, vec;
	const struct pv_trap_bounce_entry *t;
	u8 insn[2];

	if (copy_from_guest_raw(insn, regs->rip, 2) || insn[0] != 0xcd)
		return false;
	vec = insn[1];
	t = &v->arch->traps[vec];
	if ((vec == 0x80 || t->dpl >= vcpl) && t->address) {
		regs->rip += 2;
		bounce(v, regs, t->address, false, 0, t->mask_events);
	} else {
		pv_inject_trap(regs, TRAP_gp_fault, true, (vec << 3) | 2);
	}
	return true;
}

bool arch_guest_trap(struct trap_frame *regs)
{
	struct vcpu *v = current;
	unsigned int vec = regs->entry_vector;
	u32 ec = regs->error_code;

	if (!v || !has_guest_context(v))
		return false;
	switch (vec) {
	case TRAP_gp_fault:
		if ((ec & 3) == 2 && emulate_softint(v, regs, ec))
			return true;
		if (!ec && emulate_privileged_op(v, regs))
			return true;
		break;
	case TRAP_invalid_op:
		if (emulate_invalid_op(regs))
			return true;
		break;
	case TRAP_page_fault:
		v->arch->cr2 = read_cr2();
		/* A store into a read-only page table: done as a checked update. */
		if (pv_ptwr_fault(v, regs, v->arch->cr2, ec))
			return true;
		break;
	case TRAP_int3:
	case TRAP_overflow:
		/* int3/into: always delivered, rip already past them. */
		break;
	}
	pv_inject_trap(regs, vec, vector_has_ec(vec), ec);
	return true;
}

/* ---- Hypercalls of the virtual CPU ---------------------------------- */

long do_set_trap_table(unsigned long arg, unsigned long a2, unsigned long a3,
		       unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct arch_vcpu *a = current->arch;
	struct trap_info ti;
	unsigned int n;

	if (!arg) {
		memset(a->traps, 0, sizeof(a->traps));
		return 0;
	}
	for (n = 0; n < 256; n++, arg += sizeof(ti)) {
		if (copy_from_guest(&ti, arg, 1))
			return -EFAULT;
		if (!ti.address)
			break;
		if (!is_canonical(ti.address))
			return -EINVAL;
		a->traps[ti.vector].address = ti.address;
		a->traps[ti.vector].dpl = TI_GET_DPL(&ti);
		a->traps[ti.vector].mask_events = TI_GET_IF(&ti);
	}
	return 0;
}

long do_stack_switch(unsigned long ss, unsigned long esp, unsigned long a3,
		     unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct arch_vcpu *a = current->arch;

	a->kernel_ss = ss;
	a->kernel_sp = esp;
	return 0;
}

static long register_callback(struct vcpu *v, unsigned int type, unsigned long addr,
			      bool mask)
{
	switch (type) {
	case CALLBACKTYPE_event:
	case CALLBACKTYPE_failsafe:
	case CALLBACKTYPE_syscall:
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
	case CALLBACKTYPE_nmi:
		break;
	default:
		return -ENOSYS;
	}
	if (!is_canonical(addr))
		return -EINVAL;
	v->arch->callbacks[type].address = addr;
	v->arch->callbacks[type].mask_events = mask;
	return 0;
}

long do_set_callbacks(unsigned long event, unsigned long failsafe, unsigned long syscall,
		      unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;

	/* Xen 4.17 returns 0 and ignores a non-canonical address. */
	register_callback(v, CALLBACKTYPE_event, event, true);
	register_callback(v, CALLBACKTYPE_failsafe, failsafe, true);
	register_callback(v, CALLBACKTYPE_syscall, syscall, true);
	return 0;
}

long do_callback_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		    unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;
	struct callback_register reg;
	struct callback_unregister unreg;

	switch (cmd) {
	case CALLBACKOP_register:
		if (copy_from_guest(&reg, arg, 1))
			return -EFAULT;
		return register_callback(v, reg.type, reg.address,
					 reg.flags & CALLBACKF_mask_events);
	case CALLBACKOP_unregister:
		if (copy_from_guest(&unreg, arg, 1))
			return -EFAULT;
		if (unreg.type == CALLBACKTYPE_nmi) {
			v->arch->callbacks[CALLBACKTYPE_nmi].address = 0;
			return 0;
		}
		return unreg.type < PV_NR_CALLBACKS && unreg.type != 3 && unreg.type != 6 ?
		       -EINVAL : -ENOSYS;
	}
	return -ENOSYS;
}

long do_fpu_taskswitch(unsigned long set, unsigned long a2, unsigned long a3,
		       unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;

	v->arch->fpu_ts = !!set;
	pv_fpu_load(v);
	return 0;
}

long do_set_segment_base(unsigned long which, unsigned long base, unsigned long a3,
			 unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;

	switch (which) {
	case SEGBASE_FS:
		return write_msr(v, MSR_FS_BASE, base) ? 0 : -EINVAL;
	case SEGBASE_GS_USER:
		return write_msr(v, MSR_SHADOW_GS_BASE, base) ? 0 : -EINVAL;
	case SEGBASE_GS_KERNEL:
		return write_msr(v, MSR_GS_BASE, base) ? 0 : -EINVAL;
	case SEGBASE_GS_USER_SEL:
		/* A null selector, or one the guest's GDT would give: base 0. */
		v->arch->gs_base_user = 0;
		return 0;
	}
	return -EINVAL;
}

/*
 * A selector iretq may load into CS (code) or SS (data) at RPL 3 without
 * faulting in the hypervisor: a flat one, or a present ring-3 segment of
 * the right kind in the guest's GDT (set_gdt validated it; Linux returns
 * to user mode with its own __USER_CS and __USER_DS).  No LDT.
 */
static bool iret_selector_ok(struct vcpu *v, u16 sel, bool code)
{
	unsigned int idx = sel >> 3;
	u64 d;

	if (code ? sel == FLAT_RING3_CS64 || sel == FLAT_RING3_CS32 : sel == FLAT_RING3_DS32)
		return true;
	if ((sel & 4) || !idx || idx >= v->arch->gdt_nr_frames * 512)
		return false;
	d = ((const u64 *)mfn_to_virt(v->arch->gdt_frames[idx / 512]))[idx % 512];
	if (!(d & (1ULL << 47)) || !(d & (1ULL << 44)) || ((d >> 45) & 3) != 3)
		return false;			/* not present, not code/data, not ring 3 */
	if (code)
		return d & (1ULL << 43);	/* executable */
	return !(d & (1ULL << 43)) && (d & (1ULL << 41));	/* writable data */
}

long do_iret(unsigned long a1, unsigned long a2, unsigned long a3,
	     unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;
	struct trap_frame *regs = guest_trap_frame();
	struct iret_context ic;

	if (copy_from_guest(&ic, regs->rsp, 1))
		pv_domain_crash(v, "iret frame not readable");
	/* The CS slot of a bounce frame carries the upcall mask above bit 31. */
	ic.cs = (u16)ic.cs;
	ic.ss = (u16)ic.ss;
	/*
	 * What iretq would fault on in ring 0 (a non-canonical RIP, as a
	 * sysret-style return to just below the canonical hole would have
	 * it, or selectors other than the flat ones) is the guest's #GP.
	 */
	if (!is_canonical(ic.rip) || !is_canonical(ic.rsp) ||
	    (!(ic.flags & VGCF_in_syscall) &&
	     (!iret_selector_ok(v, ic.cs | 3, true) || !iret_selector_ok(v, ic.ss | 3, false)))) {
		pv_inject_trap(regs, TRAP_gp_fault, true, 0);
		return 0;
	}
	if ((ic.cs & 3) == 3 && v->arch->kernel_mode) {
		if (!v->arch->guest_table_user)
			pv_domain_crash(v, "iret to user mode without user page tables");
		pv_toggle_guest_mode(v);
	}
	regs->rax = ic.rax;
	regs->rip = ic.rip;
	regs->rsp = ic.rsp;
	if (ic.flags & VGCF_in_syscall) {
		regs->cs = FLAT_RING3_CS64;
		regs->ss = FLAT_RING3_DS32;
	} else {
		regs->r11 = ic.r11;
		regs->rcx = ic.rcx;
		regs->cs = ic.cs | 3;
		regs->ss = ic.ss | 3;
	}
	vinfo(v)->evtchn_upcall_mask = !(ic.rflags & X86_EFLAGS_IF);
	regs->rflags = (ic.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_VM)) |
		       X86_EFLAGS_IF;
	return 0;
}
