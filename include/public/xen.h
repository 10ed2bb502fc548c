/*
 * The Xen guest ABI: hypercall numbers, the start-of-day information and
 * the operations every paravirtualized kernel uses first.  Numbers and
 * layouts are Xen's (checked against the 64-bit PV ABI); each layout has a
 * build-time size check.  This header includes nothing from the tree.
 *
 * Errors: every hypercall returns 0 or a positive result, or a negative
 * errno value (-EINVAL, -EFAULT, -ENOSYS, -EPERM ...).
 */
#ifndef __XEN_PUBLIC_XEN_H__
#define __XEN_PUBLIC_XEN_H__

/* Hypercall numbers: the index into the hypercall page, 32 bytes a stub. */
#define __HYPERVISOR_set_trap_table		0
#define __HYPERVISOR_mmu_update			1
#define __HYPERVISOR_set_gdt			2
#define __HYPERVISOR_stack_switch		3
#define __HYPERVISOR_set_callbacks		4
#define __HYPERVISOR_fpu_taskswitch		5
#define __HYPERVISOR_sched_op_compat		6
#define __HYPERVISOR_platform_op		7
#define __HYPERVISOR_set_debugreg		8
#define __HYPERVISOR_get_debugreg		9
#define __HYPERVISOR_update_descriptor		10
#define __HYPERVISOR_memory_op			12
#define __HYPERVISOR_multicall			13
#define __HYPERVISOR_update_va_mapping		14
#define __HYPERVISOR_set_timer_op		15
#define __HYPERVISOR_event_channel_op_compat	16
#define __HYPERVISOR_xen_version		17
#define __HYPERVISOR_console_io			18
#define __HYPERVISOR_physdev_op_compat		19
#define __HYPERVISOR_grant_table_op		20
#define __HYPERVISOR_vm_assist			21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret			23
#define __HYPERVISOR_vcpu_op			24
#define __HYPERVISOR_set_segment_base		25
#define __HYPERVISOR_mmuext_op			26
#define __HYPERVISOR_xsm_op			27
#define __HYPERVISOR_nmi_op			28
#define __HYPERVISOR_sched_op			29
#define __HYPERVISOR_callback_op		30
#define __HYPERVISOR_xenoprof_op		31
#define __HYPERVISOR_event_channel_op		32
#define __HYPERVISOR_physdev_op			33
#define __HYPERVISOR_hvm_op			34
#define __HYPERVISOR_sysctl			35
#define __HYPERVISOR_domctl			36
#define __HYPERVISOR_kexec_op			37

#define NR_HYPERCALLS				64

/* console_io(cmd, count, buffer): domain 0's access to the console. */
#define CONSOLEIO_write		0	/* returns 0 or -errno */
#define CONSOLEIO_read		1	/* returns bytes read */

/* sched_op(cmd, arg). */
#define SCHEDOP_yield		0
#define SCHEDOP_block		1
#define SCHEDOP_shutdown	2	/* arg: struct sched_shutdown */
#define SCHEDOP_poll		3
#define SCHEDOP_remote_shutdown	4
#define SCHEDOP_shutdown_code	5
#define SCHEDOP_watchdog	6
#define SCHEDOP_pin_override	7

/* Shutdown reasons. */
#define SHUTDOWN_poweroff	0
#define SHUTDOWN_reboot		1
#define SHUTDOWN_suspend	2
#define SHUTDOWN_crash		3
#define SHUTDOWN_watchdog	4

#ifndef __ASSEMBLY__

typedef unsigned char xen_u8_t;
typedef unsigned int xen_u32_t;
typedef unsigned long xen_pfn_t;
typedef unsigned short domid_t;

#define DOMID_SELF	((domid_t)0x7ff0U)

struct sched_shutdown {
	unsigned int reason;	/* SHUTDOWN_* */
};

/* start_info flags. */
#define SIF_PRIVILEGED		(1 << 0)	/* the guest may use domctl etc. */
#define SIF_INITDOMAIN		(1 << 1)	/* this is domain 0 */
#define SIF_MULTIBOOT_MOD	(1 << 2)
#define SIF_MOD_START_PFN	(1 << 3)	/* mod_start is a pfn */
#define SIF_VIRT_P2M_4TOOLS	(1 << 4)
#define SIF_PM_MASK		(0xff << 8)

#define MAX_GUEST_CMDLINE	1024

/*
 * Start-of-day information, at the virtual address in %rsi (%esi) on
 * entry.  Addresses are guest virtual unless said otherwise.
 */
struct start_info {
	char magic[32];			/* "xen-3.0-x86_64" etc. */
	unsigned long nr_pages;		/* pages of the domain */
	unsigned long shared_info;	/* MACHINE address of shared_info */
	xen_u32_t flags;		/* SIF_* */
	xen_pfn_t store_mfn;		/* xenstore ring page */
	xen_u32_t store_evtchn;
	union {
		struct {
			xen_pfn_t mfn;	/* console ring page */
			xen_u32_t evtchn;
		} domU;
		struct {
			xen_u32_t info_off;	/* dom0_vga_console_info */
			xen_u32_t info_size;
		} dom0;
	} console;
	unsigned long pt_base;		/* the initial page tables */
	unsigned long nr_pt_frames;
	unsigned long mfn_list;		/* the p2m: nr_pages entries */
	unsigned long mod_start;	/* the initrd, or its pfn */
	unsigned long mod_len;
	char cmd_line[MAX_GUEST_CMDLINE];
	unsigned long first_p2m_pfn;	/* with XEN_ELFNOTE_INIT_P2M */
	unsigned long nr_p2m_frames;
};

#if defined(__x86_64__)
_Static_assert(sizeof(struct start_info) == 1168, "start_info");
_Static_assert(__builtin_offsetof(struct start_info, console) == 72, "start_info.console");
_Static_assert(__builtin_offsetof(struct start_info, cmd_line) == 128, "start_info.cmd_line");
#elif defined(__i386__)
_Static_assert(sizeof(struct start_info) == 1112, "start_info");
_Static_assert(__builtin_offsetof(struct start_info, cmd_line) == 80, "start_info.cmd_line");
#endif

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_XEN_H__ */
