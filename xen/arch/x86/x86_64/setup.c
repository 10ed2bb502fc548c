/*
 * x86_64 bring-up: map shared_info, install the trap table and the
 * callbacks, name the kernel stack for entries from user mode and the
 * user page table.  Any failure here leaves a kernel that cannot take a
 * trap, so it is fatal.
 */
#include <asm/hypercall.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <asm/user.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <lib/string.h>

bool hypercall_use_syscall;

static long register_callback(unsigned int type, void (*fn)(void), unsigned int flags)
{
	struct callback_register cb = {
		.type = type,
		.flags = flags,
		.address = (unsigned long)fn,
	};

	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

void callbacks_init(void)
{
	long rc;

	rc = register_callback(CALLBACKTYPE_event, entry_event, CALLBACKF_mask_events);
	if (!rc)
		rc = register_callback(CALLBACKTYPE_failsafe, entry_failsafe,
				       CALLBACKF_mask_events);
	if (!rc)
		rc = register_callback(CALLBACKTYPE_syscall, entry_syscall,
				       CALLBACKF_mask_events);
	if (rc)
		panic("callback_op register: %ld", rc);
	/* 32-bit user mode is never entered: these only catch surprises. */
	register_callback(CALLBACKTYPE_syscall32, entry_compat, CALLBACKF_mask_events);
	register_callback(CALLBACKTYPE_sysenter, entry_compat, CALLBACKF_mask_events);
}

static void user_mode_init(void)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_NEW_USER_BASEPTR,
		.arg1.mfn = read_cr3() >> PAGE_SHIFT,
	};
	long rc;

	rc = HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
				     (unsigned long)user_entry_stack + USER_ENTRY_STACK_SIZE);
	if (rc)
		panic("stack_switch: %ld", rc);
	/*
	 * Xen refuses to enter user mode without a user L4: the task's own,
	 * or if that cannot be built, the kernel's.
	 */
	rc = user_pt_init();
	if (rc) {
		printk("kernel-xen: no user page tables (%ld): user mode shares the kernel's\n",
		       rc);
		rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
		if (rc)
			panic("mmuext_op NEW_USER_BASEPTR: %ld", rc);
	}
}

void arch_setup(struct start_info *si)
{
	const char *arg;
	char buf[16];

	/* hypercall=syscall: every hypercall through syscall, as Linux 6.1 makes them. */
	if (cmdline_find((const char *)si->cmd_line, "hypercall", buf, sizeof(buf), &arg) &&
	    arg && !strcmp(arg, "syscall")) {
		hypercall_use_syscall = true;
		printk("kernel-xen: hypercalls through syscall\n");
	}
	map_shared_info(si);
	traps_init();
	callbacks_init();
	user_mode_init();
}

uint64_t arch_cycles(void)
{
	return rdtsc();
}

/* Scale cycles to ns with the vCPU's PV clock parameters (vcpu_time_info). */
uint64_t arch_cycles_to_ns(uint64_t cycles)
{
	const struct vcpu_time_info *t;
	int shift;

	if (!HYPERVISOR_shared_info)
		return 0;
	t = &this_vcpu_info()->time;
	shift = (int8_t)t->tsc_shift;
	if (shift < 0)
		cycles >>= -shift;
	else
		cycles <<= shift;
	return (uint64_t)(((unsigned __int128)cycles * t->tsc_to_system_mul) >> 32);
}
