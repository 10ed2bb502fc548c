/*
 * Port I/O of domain 0: physdev_op set_iopl sets the virtual I/O
 * privilege; with it, in/out from the kernel are emulated and reach the
 * ports domain 0 may use (PCI configuration through 0xcf8/0xcfc), while
 * the hypervisor's own ports (its UART) read all-ones.  Without it, or
 * from user mode below IOPL 3, they are #GP, but for the ports the
 * vCPU's I/O bitmap (physdev_op set_iobitmap) allows.
 */
#include <asm/user.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "x86.h"

#define PCI_CONF_ADDR	0xcf8
#define PCI_CONF_DATA	0xcfc
#define COM1_LSR	0x3fd
/* QEMU's pc machine: 00:00.0 is the i440FX host bridge, 8086:1237. */
#define I440FX_ID	0x12378086u

static long set_iopl(unsigned int iopl)
{
	struct physdev_set_iopl s = { .iopl = iopl };

	return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &s);
}

/* Read the ID of PCI device 00:00.0; ~0 if the accesses faulted. */
static uint32_t pci_read_id(void)
{
	uint32_t v = ~0u;

	trap_reset();
	PROBE("outl %%eax, %%dx", : : "a"(0x80000000u), "d"(PCI_CONF_ADDR));
	if (last_trap.count)
		return ~0u;
	PROBE("inl %%dx, %%eax", : "+a"(v) : "d"(PCI_CONF_DATA));
	return v;
}

static bool is_dom0(void)
{
	return start_info->flags & SIF_INITDOMAIN;
}

/* IOPL 1: the kernel reads PCI configuration through the emulated ports. */
static void test_iopl1_pci_config(struct selftest *t)
{
	if (!is_dom0()) {
		st_skip(t, "not domain 0");
		return;
	}
	ST_ASSERT_EQ(t, set_iopl(1), 0);
	ST_EXPECT_EQ(t, pci_read_id(), I440FX_ID);
	ST_EXPECT_EQ(t, last_trap.count, 0);
}

/* The hypervisor's own UART is not domain 0's: reads give all-ones. */
static void test_hypervisor_port_reads_ones(struct selftest *t)
{
	uint8_t v = 0;

	ST_ASSERT_EQ(t, set_iopl(1), 0);
	trap_reset();
	PROBE("inb %%dx, %%al", : "+a"(v) : "d"(COM1_LSR));
	ST_EXPECT_EQ(t, last_trap.count, 0);
	ST_EXPECT_EQ(t, v, 0xff);
}

/* IOPL 0: in/out from the kernel are #GP(0). */
static void test_iopl0_faults(struct selftest *t)
{
	ST_ASSERT_EQ(t, set_iopl(0), 0);
	ST_EXPECT_EQ(t, pci_read_id(), ~0u);
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	ST_EXPECT_EQ(t, last_trap.rip, probe_insn);
	ST_EXPECT_EQ(t, last_trap.error_code, 0);
	ST_EXPECT_EQ(t, set_iopl(1), 0);
}

static long user_pci_read(unsigned long arg)
{
	uint32_t v;

	asm volatile("outl %%eax, %%dx" : : "a"(0x80000000u), "d"(PCI_CONF_ADDR));
	asm volatile("inl %%dx, %%eax" : "=a"(v) : "d"(PCI_CONF_DATA));
	return v;
}

/* User mode needs IOPL 3: with 1 it faults, with 3 it reads the device. */
static void test_user_needs_iopl3(struct selftest *t)
{
	if (!is_dom0()) {
		st_skip(t, "not domain 0");
		return;
	}
	ST_ASSERT_EQ(t, set_iopl(1), 0);
	trap_reset();
	ST_EXPECT_EQ(t, user_run(user_pci_read, 0), USER_FAULTED);
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	ST_ASSERT_EQ(t, set_iopl(3), 0);
	ST_EXPECT_EQ(t, user_run(user_pci_read, 0), I440FX_ID);
	ST_EXPECT_EQ(t, set_iopl(1), 0);
}

/*
 * ins and outs, with rep: the address PCI configuration reads is sent with
 * outsl and the ID read back with insl; rsi, rdi and rcx move as the CPU
 * moves them, a count of 0 does nothing.
 */
static void test_string_io_pci_config(struct selftest *t)
{
	static uint32_t addr = 0x80000000u, id[2];
	const uint32_t *src = &addr;
	uint32_t *dst = id;
	unsigned long count = 1;

	if (!is_dom0()) {
		st_skip(t, "not domain 0");
		return;
	}
	ST_ASSERT_EQ(t, set_iopl(1), 0);
	trap_reset();
	PROBE("rep outsl", : "+S"(src), "+c"(count) : "d"(PCI_CONF_ADDR) : "memory");
	ST_EXPECT_EQ(t, (unsigned long)src, (unsigned long)(&addr + 1));
	ST_EXPECT_EQ(t, count, 0);
	count = 1;
	PROBE("rep insl", : "+D"(dst), "+c"(count) : "d"(PCI_CONF_DATA) : "memory");
	ST_EXPECT_EQ(t, last_trap.count, 0);
	ST_EXPECT_EQ(t, id[0], I440FX_ID);
	ST_EXPECT_EQ(t, (unsigned long)dst, (unsigned long)(id + 1));
	ST_EXPECT_EQ(t, count, 0);
	count = 0;
	PROBE("rep insl", : "+D"(dst), "+c"(count) : "d"(PCI_CONF_DATA) : "memory");
	ST_EXPECT_EQ(t, (unsigned long)dst, (unsigned long)(id + 1));
	ST_EXPECT_EQ(t, id[1], 0);
}

/*
 * QEMU's fw_cfg as Linux's qemu_fw_cfg driver reads it: a 16-bit key
 * written to 0x510, then rep insb from 0x511 (the signature "QEMU").
 */
#define FW_CFG_CTL	0x510
#define FW_CFG_DATA	0x511

static void test_string_io_fw_cfg(struct selftest *t)
{
	static const uint16_t key;	/* FW_CFG_SIGNATURE */
	static char sig[5];
	const uint16_t *src = &key;
	char *dst = sig;
	unsigned long count = 1;

	if (!is_dom0()) {
		st_skip(t, "not domain 0");
		return;
	}
	ST_ASSERT_EQ(t, set_iopl(1), 0);
	trap_reset();
	PROBE("rep outsw", : "+S"(src), "+c"(count) : "d"(FW_CFG_CTL) : "memory");
	count = 4;
	PROBE("rep insb", : "+D"(dst), "+c"(count) : "d"(FW_CFG_DATA) : "memory");
	ST_EXPECT_EQ(t, last_trap.count, 0);
	ST_EXPECT_EQ(t, count, 0);
	ST_EXPECT_EQ(t, (unsigned long)dst, (unsigned long)(sig + 4));
	ST_EXPECT(t, !memcmp(sig, "QEMU", 4));
}

/* ---- The I/O bitmap (physdev_op set_iobitmap) --------------------------- */

#define IOBMP_BYTES	8192

/* Bit clear: port allowed.  In kernel memory: user mode cannot read it. */
static uint8_t iobmp[IOBMP_BYTES + 1];

static long set_iobitmap(const void *bitmap, uint32_t nr_ports)
{
	struct physdev_set_iobitmap b = { .bitmap = (uint8_t *)bitmap, .nr_ports = nr_ports };

	return HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, &b);
}

/* PCI configuration's ports 0xcf8-0xcff allowed, every other refused. */
static void iobmp_allow_pci(void)
{
	memset(iobmp, 0xff, sizeof(iobmp));
	iobmp[PCI_CONF_ADDR / 8] = 0;
}

/* Any domain may set one; an address it cannot name, or past 65536 ports, is -EINVAL. */
static void test_iobitmap_refused(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, set_iobitmap((void *)BAD_PTR_HYPERVISOR, 16), -EINVAL);
	ST_EXPECT_EQ(t, set_iobitmap(iobmp, 65537), -EINVAL);
	ST_EXPECT_EQ(t, set_iobitmap(iobmp, 65536), 0);
	ST_EXPECT_EQ(t, set_iobitmap(NULL, 0), 0);
}

/*
 * User mode below IOPL 3 uses the ports its bitmap allows (read through
 * the kernel's page tables: the bitmap is not the user task's to read),
 * below the bitmap's limit; a set bit, or a port past the limit, is #GP.
 */
static void test_iobitmap_user(struct selftest *t)
{
	if (!is_dom0()) {
		st_skip(t, "not domain 0");
		return;
	}
	ST_ASSERT_EQ(t, set_iopl(1), 0);
	iobmp_allow_pci();
	ST_ASSERT_EQ(t, set_iobitmap(iobmp, 65536), 0);
	ST_EXPECT_EQ(t, user_run(user_pci_read, 0), I440FX_ID);
	/* 0xcfc-0xcff refused: the data read faults. */
	iobmp[PCI_CONF_ADDR / 8] = 0xf0;
	trap_reset();
	ST_EXPECT_EQ(t, user_run(user_pci_read, 0), USER_FAULTED);
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	/* Allowed in the bitmap but at the limit. */
	iobmp[PCI_CONF_ADDR / 8] = 0;
	ST_ASSERT_EQ(t, set_iobitmap(iobmp, PCI_CONF_DATA + 3), 0);
	trap_reset();
	ST_EXPECT_EQ(t, user_run(user_pci_read, 0), USER_FAULTED);
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	ST_ASSERT_EQ(t, set_iobitmap(iobmp, PCI_CONF_DATA + 4), 0);
	ST_EXPECT_EQ(t, user_run(user_pci_read, 0), I440FX_ID);
	ST_EXPECT_EQ(t, set_iobitmap(NULL, 0), 0);
	trap_reset();
	ST_EXPECT_EQ(t, user_run(user_pci_read, 0), USER_FAULTED);
}

/* The kernel without the IOPL is held to the bitmap too, string I/O included. */
static void test_iobitmap_kernel(struct selftest *t)
{
	static uint32_t addr = 0x80000000u;
	const uint32_t *src = &addr;
	unsigned long count = 1;

	if (!is_dom0()) {
		st_skip(t, "not domain 0");
		return;
	}
	iobmp_allow_pci();
	ST_ASSERT_EQ(t, set_iobitmap(iobmp, 65536), 0);
	ST_ASSERT_EQ(t, set_iopl(0), 0);
	trap_reset();
	PROBE("rep outsl", : "+S"(src), "+c"(count) : "d"(PCI_CONF_ADDR) : "memory");
	ST_EXPECT_EQ(t, last_trap.count, 0);
	ST_EXPECT_EQ(t, count, 0);
	ST_EXPECT_EQ(t, pci_read_id(), I440FX_ID);
	ST_EXPECT_EQ(t, last_trap.count, 0);
	iobmp[PCI_CONF_ADDR / 8] = 0x01;	/* 0xcf8 refused */
	ST_EXPECT_EQ(t, pci_read_id(), ~0u);
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	ST_EXPECT_EQ(t, set_iobitmap(NULL, 0), 0);
	ST_EXPECT_EQ(t, set_iopl(1), 0);
}

/* An IOPL above 3 is -EINVAL; an unreadable argument -EFAULT; unknown op -ENOSYS. */
static void test_set_iopl_refused(struct selftest *t)
{
	ST_EXPECT_EQ(t, set_iopl(4), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(0x4242, NULL), -ENOSYS);
}

static const struct selftest_case ioport_cases[] = {
	SELFTEST_CASE(test_iopl1_pci_config),
	SELFTEST_CASE(test_string_io_pci_config),
	SELFTEST_CASE(test_string_io_fw_cfg),
	SELFTEST_CASE(test_hypervisor_port_reads_ones),
	SELFTEST_CASE(test_iopl0_faults),
	SELFTEST_CASE(test_user_needs_iopl3),
	SELFTEST_CASE(test_set_iopl_refused),
	SELFTEST_CASE(test_iobitmap_refused),
	SELFTEST_CASE(test_iobitmap_user),
	SELFTEST_CASE(test_iobitmap_kernel),
};
SELFTEST_SUITE(ioport, ioport_cases);
