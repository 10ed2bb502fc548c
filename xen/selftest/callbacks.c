/*
 * Callbacks: callback_op registers each type a PV kernel of this width
 * uses and refuses non-canonical addresses, unknown types and commands,
 * and bad pointers; the legacy set_callbacks works; the NMI callback is
 * entered.  A 32-bit guest's callbacks are {cs, eip} pairs and it has no
 * syscall callback (its system calls are int $0x80): it gets Xen 4.17's
 * answers to a 32-bit guest, -ENOSYS for that type and -EINVAL for an
 * unknown command.
 */
#include <asm/config.h>
#include <asm/user.h>
#include <kernel/errno.h>
#include <lib/selftest.h>
#include "x86.h"

static long cb_register(unsigned int type, unsigned long address, unsigned int flags)
{
	struct callback_register cb = {
		.type = type, .flags = flags, .address = callback_address(address),
	};

	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

static long cb_unregister(unsigned int type)
{
	struct callback_unregister cb = { .type = type };

	return HYPERVISOR_callback_op(CALLBACKOP_unregister, &cb);
}

/* The syscall callback still works: a user-mode echo comes back. */
static bool syscall_callback_works(void)
{
	return user_run(user_echo, 0x1234) == ~0x1234L;
}

/* The syscall callback: x86_64's (0), not a 32-bit guest's (-ENOSYS). */
static long syscall_register(void)
{
	return cb_register(CALLBACKTYPE_syscall, (unsigned long)entry_syscall,
			   CALLBACKF_mask_events);
}

#define SYSCALL_CALLBACK_RC	(IS_ENABLED(CONFIG_X86_64) ? 0 : -ENOSYS)

/* Every type a PV kernel of this width registers is accepted (0). */
static void test_register_each_type(struct selftest *t)
{
	ST_EXPECT_EQ(t, cb_register(CALLBACKTYPE_event, (unsigned long)entry_event,
				    CALLBACKF_mask_events), 0);
	ST_EXPECT_EQ(t, cb_register(CALLBACKTYPE_failsafe, (unsigned long)entry_failsafe,
				    CALLBACKF_mask_events), 0);
	ST_EXPECT_EQ(t, syscall_register(), SYSCALL_CALLBACK_RC);
	ST_EXPECT_EQ(t, cb_register(CALLBACKTYPE_syscall32, (unsigned long)entry_compat, 0), 0);
	ST_EXPECT_EQ(t, cb_register(CALLBACKTYPE_sysenter, (unsigned long)entry_compat, 0), 0);
	ST_EXPECT_EQ(t, cb_register(CALLBACKTYPE_nmi, trap_entry[X86_EXC_NMI], 0), 0);
	ST_EXPECT(t, syscall_callback_works());
}

/* A non-canonical address is -EINVAL and leaves the old callback in place. */
static void test_register_noncanonical(struct selftest *t)
{
	if (sizeof(long) < 8) {
		st_skip(t, "x86_32 addresses are all canonical");
		return;
	}
	/* 1 << 63 and 1 << 47, written so the 32-bit build truncates nothing. */
	ST_EXPECT_EQ(t, cb_register(CALLBACKTYPE_syscall, ~(~0UL >> 1), 0), -EINVAL);
	ST_EXPECT_EQ(t, cb_register(CALLBACKTYPE_event, 1UL << (sizeof(long) * 8 - 17), 0),
		     -EINVAL);
	ST_EXPECT(t, syscall_callback_works());
}

/* Unknown types (3, the deprecated sysenter; 6; 99) are -ENOSYS. */
static void test_register_unknown_type(struct selftest *t)
{
	ST_EXPECT_EQ(t, cb_register(CALLBACKTYPE_sysenter_deprecated,
				    (unsigned long)entry_compat, 0), -ENOSYS);
	ST_EXPECT_EQ(t, cb_register(6, (unsigned long)entry_compat, 0), -ENOSYS);
	ST_EXPECT_EQ(t, cb_register(99, (unsigned long)entry_compat, 0), -ENOSYS);
}

/*
 * Only the NMI callback can be unregistered; the others are -EINVAL (a
 * type the width does not have, -ENOSYS).
 */
static void test_unregister(struct selftest *t)
{
	ST_EXPECT_EQ(t, cb_unregister(CALLBACKTYPE_event), -EINVAL);
	ST_EXPECT_EQ(t, cb_unregister(CALLBACKTYPE_syscall),
		     IS_ENABLED(CONFIG_X86_64) ? -EINVAL : -ENOSYS);
	ST_EXPECT_EQ(t, cb_unregister(CALLBACKTYPE_nmi), 0);
	ST_EXPECT_EQ(t, cb_unregister(99), -ENOSYS);
	ST_EXPECT_EQ(t, cb_register(CALLBACKTYPE_nmi, trap_entry[X86_EXC_NMI], 0), 0);
}

/*
 * An unknown command is -ENOSYS (-EINVAL from a 32-bit guest, as Xen
 * 4.17's compat callback_op); an unreadable argument is -EFAULT.
 */
static void test_bad_cmd_and_pointer(struct selftest *t)
{
	struct callback_register cb = { .type = CALLBACKTYPE_event };

	ST_EXPECT_EQ(t, HYPERVISOR_callback_op(2, &cb),
		     IS_ENABLED(CONFIG_X86_64) ? -ENOSYS : -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_callback_op(CALLBACKOP_register,
					       (void *)BAD_PTR_UNMAPPED), -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_callback_op(CALLBACKOP_register,
					       (void *)BAD_PTR_HYPERVISOR), -EFAULT);
}

/*
 * The legacy set_callbacks (Mini-OS) sets event, failsafe and (x86_64)
 * syscall at once; on x86_64 it returns 0 even for a non-canonical
 * address, which it ignores.
 */
static void test_set_callbacks(struct selftest *t)
{
#ifdef CONFIG_X86_64
	ST_EXPECT_EQ(t, HYPERVISOR_set_callbacks((unsigned long)entry_event,
						 (unsigned long)entry_failsafe,
						 (unsigned long)entry_syscall), 0);
	ST_EXPECT(t, syscall_callback_works());
	ST_EXPECT_EQ(t, HYPERVISOR_set_callbacks((unsigned long)entry_event,
						 (unsigned long)entry_failsafe,
						 0x8000000000000000UL), 0);
	ST_EXPECT(t, syscall_callback_works());
	ST_EXPECT_EQ(t, syscall_register(), 0);
#else
	ST_EXPECT_EQ(t, HYPERVISOR_set_callbacks(FLAT_KERNEL_CS, (unsigned long)entry_event,
						 FLAT_KERNEL_CS,
						 (unsigned long)entry_failsafe), 0);
	ST_EXPECT(t, syscall_callback_works());
#endif
}

/* VCPUOP_send_nmi to ourselves enters the NMI callback (vector 2) once. */
static void test_nmi_callback(struct selftest *t)
{
	ST_ASSERT_EQ(t, cb_register(CALLBACKTYPE_nmi, trap_entry[X86_EXC_NMI], 0), 0);
	trap_reset();
	ST_ASSERT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_send_nmi, 0, NULL), 0);
	ST_EXPECT_TRAP(t, X86_EXC_NMI);
}

static const struct selftest_case callback_cases[] = {
	SELFTEST_CASE(test_register_each_type),
	SELFTEST_CASE(test_register_noncanonical),
	SELFTEST_CASE(test_register_unknown_type),
	SELFTEST_CASE(test_unregister),
	SELFTEST_CASE(test_bad_cmd_and_pointer),
	SELFTEST_CASE(test_set_callbacks),
	SELFTEST_CASE(test_nmi_callback),
};
SELFTEST_SUITE(callbacks, callback_cases);
