/*
 * console_io: domain 0 writes to and reads from the hypervisor's console;
 * bad buffers, bad counts and unknown commands are refused.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <lib/selftest.h>

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

/*
 * Typed input reaches domain 0: scripts/check/tests/dom0.sh types a line
 * after the prompt.  While input waits, a read into a bad buffer is
 * -EFAULT and takes nothing; then the line is read, and VIRQ_CONSOLE was
 * raised for it (Linux's hvc0 reads only when told; where the port has
 * events).  Nobody typing within TYPED_POLLS polls: skipped.
 */
#define TYPED_POLLS	200000

static volatile unsigned int console_virqs;

static void console_virq(evtchn_port_t port, void *data)
{
	console_virqs++;
}

static void test_read_typed(struct selftest *t)
{
	bool events = IS_ENABLED(CONFIG_KERNEL_XEN_EVENTS);
	char line[64];
	unsigned long i;
	long n, len = 0, port = 0;

	if (events) {
		port = evtchn_bind_virq(VIRQ_CONSOLE, 0, console_virq, NULL);
		ST_ASSERT(t, port > 0);
	}
	printk("# console_io: waiting for typed input\n");
	for (i = 0; i < TYPED_POLLS && len < (long)sizeof(line) - 1; i++) {
		n = HYPERVISOR_console_io(CONSOLEIO_read, 4, (char *)BAD_PTR_UNMAPPED);
		if (!n) {
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
			continue;
		}
		ST_ASSERT_EQ(t, n, -EFAULT);
		n = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(line) - 1 - len, line + len);
		ST_ASSERT(t, n > 0);
		len += n;
		if (line[len - 1] == '\r' || line[len - 1] == '\n')
			break;
	}
	if (events)
		ST_EXPECT_EQ(t, evtchn_close(port), 0);
	if (!len) {
		st_skip(t, "nothing typed");
		return;
	}
	if (events)
		ST_EXPECT(t, console_virqs > 0);
	while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	line[len] = '\0';
	printk("# console_io: read '%s'\n", line);
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
	SELFTEST_CASE(test_read_typed),
	SELFTEST_CASE(test_unknown_cmd),
};
SELFTEST_SUITE(console_io, console_cases);
