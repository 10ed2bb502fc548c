/*
 * Traps: the registers entry.S saves, the record of the last trap (what
 * the self tests inspect), and the guest's trap table.
 *
 * x86_64: Xen bounces an exception to the handler the trap table names
 * with RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS on the stack (the
 * kernel stack from stack_switch if the guest was in user mode); entry.S
 * pops RCX and R11, pushes a vector number, saves the rest as struct
 * cpu_regs and calls do_trap(); the return is HYPERVISOR_iret.  x86_32:
 * [error code], EIP, CS, EFLAGS (and from ring 3 ESP, SS), the same way.
 * The record keeps x86_64's names for both.
 */
#ifndef KERNEL_ASM_TRAPS_H
#define KERNEL_ASM_TRAPS_H

#include <asm/processor.h>

/* Pseudo vectors for the callbacks, beyond the 256 real ones. */
#define ENTRY_SYSCALL	0x100	/* CALLBACKTYPE_syscall: `syscall` from user mode */
#define ENTRY_EVENT	0x101	/* CALLBACKTYPE_event */
#define ENTRY_FAILSAFE	0x102	/* CALLBACKTYPE_failsafe */
#define ENTRY_COMPAT	0x103	/* syscall32 / sysenter: never used by this kernel */

#ifndef __ASSEMBLY__

#include <lib/types.h>
#include <public/xen.h>

/* struct cpu_regs: the registers the port's entry.S saves. */
#ifdef CONFIG_X86_64
#include <asm/regs_64.h>
#else
#include <asm/regs_32.h>
#endif

static inline bool regs_user_mode(const struct cpu_regs *regs)
{
	return (regs->cs & 3) == 3;
}

/* What the last trap looked like when it reached the guest. */
struct trap_record {
	unsigned int count;		/* traps since trap_reset() */
	unsigned int vector;
	unsigned long error_code;
	unsigned long rip, cs, rflags, rsp, ss;
	unsigned int saved_upcall_mask;	/* bits 32-39 of the frame's CS slot */
	unsigned long cr2;		/* vcpu_info.arch.cr2 at delivery (#PF) */
	unsigned long frame;		/* where the frame was: which stack */
	unsigned long handler_cs;	/* %cs the handler ran with */
};

extern struct trap_record last_trap;

/*
 * x86_32: the failsafe callbacks since the tests zeroed it, and the four
 * data selectors (as they were) Xen gave the last one (entry.S).
 */
struct failsafe_record {
	unsigned long count;
	unsigned long ds, es, fs, gs;
};
extern struct failsafe_record failsafe_last;

/* Where the self tests' last PROBE()d instruction was. */
extern unsigned long probe_insn;

static inline void trap_reset(void)
{
	last_trap = (struct trap_record){ 0 };
	last_trap.vector = ~0u;
}

/* True if exactly one trap of this vector arrived since trap_reset(). */
static inline bool trapped_once(unsigned int vector)
{
	return last_trap.count == 1 && last_trap.vector == vector;
}

/* The entry stubs (entry.S): one per vector, and the callbacks. */
extern const unsigned long trap_entry[256];
void entry_syscall(void);
void entry_event(void);
void entry_failsafe(void);
void entry_compat(void);

/*
 * How the entry code returns through HYPERVISOR_iret: its own
 * `syscall` sequence (as Linux does) or the hypercall page's iret stub.
 */
extern unsigned long iret_path;
void iret_via_syscall(void);

/*
 * The system-call gate of the trap table, DPL 3: x86_32's int $0x80
 * (x86_64's system calls come through the syscall callback: none).
 */
#ifdef CONFIG_X86_64
#define SYSCALL_VECTOR	0
#else
#define SYSCALL_VECTOR	0x80
#endif

/* The default trap table: the exceptions, int3/into reachable from user, the syscall gate. */
void traps_init(void);
/* The event, failsafe and syscall callbacks, registered again (setup.c). */
void callbacks_init(void);

/* A callback's address as callback_op takes it: {cs, eip} on x86_32. */
static inline xen_callback_t callback_address(unsigned long ip)
{
#ifdef CONFIG_X86_64
	return ip;
#else
	return (xen_callback_t){ .cs = FLAT_KERNEL_CS, .eip = ip };
#endif
}

/* One entry of the trap table: vector, DPL and code selector. */
struct trap_info trap_entry_info(unsigned int vector, unsigned int dpl);

/* Install one trap-table entry; returns the hypercall's result. */
long trap_set(unsigned int vector, unsigned int dpl);

void do_trap(struct cpu_regs *regs);

/* A fault (not NMI, int3 or into): it does not resume by itself. */
bool is_fault(unsigned long vector);
/* Fill last_trap from a trap's frame (traps.c). */
void record_trap(const struct cpu_regs *regs);
/* The width's part of it: where its frame keeps ip, flags, stack (x86_NN/traps.c). */
void record_trap_frame(struct trap_record *t, const struct cpu_regs *regs);

/* The kernel stack Xen switches to when a trap arrives from user mode. */
#define USER_ENTRY_STACK_SIZE	16384
extern char user_entry_stack[USER_ENTRY_STACK_SIZE];

#endif /* __ASSEMBLY__ */
#endif /* KERNEL_ASM_TRAPS_H */
