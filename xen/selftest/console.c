/*
 * console_io: domain 0 writes to and reads from the hypervisor's console;
 * bad buffers, bad counts and unknown commands are refused.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/selftest.h>

/* A write of a line and an empty write both succeed (0). */
static void test_write(struct selftest *t)
{
	static const char line[] = "# console_io: a line written by the self test\n";

	ST_EXPECT_EQ(t, HYPERVISOR_console_io(CONSOLEIO_write, sizeof(line) - 1, line), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_console_io(CONSOLEIO_write, 0, line), 0);
}

/* A write from memory the guest does not own is -EFAULT. */
static void test_write_bad_pointer(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_console_io(CONSOLEIO_write, 4,
					      (const char *)BAD_PTR_UNMAPPED), -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_console_io(CONSOLEIO_write, 4,
					      (const char *)BAD_PTR_HYPERVISOR), -EFAULT);
}

/* Domain 0 may read console input: with none typed, the count read is 0. */
static void test_read(struct selftest *t)
{
	char buf[16];

	ST_EXPECT_EQ(t, HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf), 0);
}

/* A negative read count could not be told from an error: -E2BIG. */
static void test_read_negative_count(struct selftest *t)
{
	char buf[16];

	ST_EXPECT_EQ(t, HYPERVISOR_console_io(CONSOLEIO_read, -1, buf), -E2BIG);
}

/* An unknown command is -ENOSYS. */
static void test_unknown_cmd(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_console_io(7, 0, NULL), -ENOSYS);
}

static const struct selftest_case console_cases[] = {
	SELFTEST_CASE(test_write),
	SELFTEST_CASE(test_write_bad_pointer),
	SELFTEST_CASE(test_read),
	SELFTEST_CASE(test_read_negative_count),
	SELFTEST_CASE(test_unknown_cmd),
};
SELFTEST_SUITE(console_io, console_cases);
