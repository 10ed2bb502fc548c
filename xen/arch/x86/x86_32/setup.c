/*
 * x86_32 bring-up: map shared_info, install the trap table (with the
 * system-call gate) and the callbacks, name the kernel stack for traps
 * from ring 3, give the user task its pages (user.c).  Any failure here
 * but the last leaves a kernel that cannot take a trap, so it is fatal.
 */
#include <asm/hypercall.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pvclock.h>
#include <asm/traps.h>
#include <asm/user.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>

/* The kernel stack a trap from ring 3 would arrive on. */
char user_entry_stack[USER_ENTRY_STACK_SIZE] __aligned(16);

static long register_callback(unsigned int type, void (*fn)(void), unsigned int flags)
{
	struct callback_register cb = {
		.type = type,
		.flags = flags,
		.address = { .cs = FLAT_KERNEL_CS, .eip = (unsigned long)fn },
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
	if (rc)
		panic("callback_op register: %ld", rc);
}

void arch_setup(struct start_info *si)
{
	long rc;

	map_shared_info(si);
	traps_init();
	callbacks_init();
	rc = HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
				     (unsigned long)user_entry_stack + USER_ENTRY_STACK_SIZE);
	if (rc)
		panic("stack_switch: %ld", rc);
	rc = user_pt_init();
	if (rc)
		printk("kernel-xen: no user pages (%ld): user mode not entered\n", rc);
}

uint64_t arch_cycles(void)
{
	return rdtsc();
}

/* Scale cycles to ns with the vCPU's PV clock parameters (vcpu_time_info). */
uint64_t arch_cycles_to_ns(uint64_t cycles)
{
	const struct vcpu_time_info *t;

	if (!HYPERVISOR_shared_info)
		return 0;
	t = &this_vcpu_info()->time;
	return pvclock_scale(cycles, t->tsc_to_system_mul, (int8_t)t->tsc_shift);
}
