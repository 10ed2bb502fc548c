/*
 * kernel-xen's x86 port, both widths: console and shutdown through
 * hypercalls, and the mapping of shared_info.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <asm/page.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <lib/string.h>

const char *arch_name(void)
{
	return KERNEL_ARCH_NAME;
}

/*
 * A 32-bit kernel on a 64-bit hypervisor (Xen's compat guests): the
 * hypervisor also runs xen-3.0-x86_64 guests.  Its CPU is in long mode:
 * no segment limits guard it, PTE bits 52-62 are the OS's, and its
 * descriptor rules are the compat ones.
 */
bool xen_compat_host(void)
{
	static xen_capabilities_info_t caps;
	static int known = -1;

	if (known < 0)
		known = sizeof(long) == 4 &&
			!HYPERVISOR_xen_version(XENVER_capabilities, caps) &&
			strstr(caps, "xen-3.0-x86_64");
	return known;
}

/* An unprivileged domain writes its console ring; domain 0 console_io. */
void arch_console_write(const char *s, int len)
{
	if (!console_ring_write(s, len))
		HYPERVISOR_console_io(CONSOLEIO_write, len, s);
}

void kernel_shutdown(unsigned int reason)
{
	struct sched_shutdown sd = { .reason = reason };

	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
}

/* A page of the image whose mapping is replaced by shared_info's frame. */
char shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);

void map_shared_info(struct start_info *si)
{
	long rc = HYPERVISOR_update_va_mapping((unsigned long)shared_info_page,
					       mfn_pte(si->shared_info >> PAGE_SHIFT, true),
					       UVMF_INVLPG);

	if (rc)
		panic("mapping shared_info: %ld", rc);
	HYPERVISOR_shared_info = (struct shared_info *)shared_info_page;
}
