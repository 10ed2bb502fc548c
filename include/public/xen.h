/*
 * The Xen guest ABI: hypercall numbers, the start-of-day information and
 * the operations every paravirtualized kernel uses first.  Numbers and
 * layouts are Xen's (checked against the 64-bit PV ABI); each layout has a
 * build-time size check.  This header includes nothing from the tree.
 *
 * Errors: every hypercall returns 0 or a positive result, or a negative
 * errno value (-EINVAL, -EFAULT, -ENOSYS, -EPERM ...).
 *
 * Like Xen's, the public headers expect the includer to have defined the
 * C99 fixed-width integer types (<stdint.h> in user space, <lib/types.h>
 * in the hypervisor and kernel-xen).
 */
#ifndef __XEN_PUBLIC_XEN_H__
#define __XEN_PUBLIC_XEN_H__

#if defined(__i386__) || defined(__x86_64__)
#include "arch-x86/xen.h"
#elif defined(__ia64__)
#include "arch-ia64/xen.h"
#endif

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
#define __HYPERVISOR_tmem_op			38	/* gone: -ENOSYS, as Xen 4.17 */
#define __HYPERVISOR_argo_op			39	/* not in Debian's build: -ENOSYS */
#define __HYPERVISOR_xenpmu_op			40
#define __HYPERVISOR_dm_op			41
#define __HYPERVISOR_hypfs_op			42
#define __HYPERVISOR_arch_1			49	/* x86: paging_domctl_cont */

#define NR_HYPERCALLS				64

/* console_io(cmd, count, buffer): domain 0's access to the console. */
#define CONSOLEIO_write		0	/* returns 0 or -errno */
#define CONSOLEIO_read		1	/* returns bytes read */



/* Virtual interrupts, bound to event channels with EVTCHNOP_bind_virq. */
#define VIRQ_TIMER	0	/* per vCPU: the timer fired */
#define VIRQ_DEBUG	1	/* per vCPU: the debug key was pressed */
#define VIRQ_CONSOLE	2	/* domain 0: console input */
#define VIRQ_DOM_EXC	3	/* domain 0: a domain changed state */
#define VIRQ_TBUF	4
#define VIRQ_DEBUGGER	6
#define VIRQ_XENOPROF	7
#define VIRQ_CON_RING	8	/* domain 0: the console ring has data */
#define VIRQ_PCPU_STATE	9
#define VIRQ_MEM_EVENT	10
#define VIRQ_ARGO	11
#define VIRQ_ENOMEM	12
#define VIRQ_XENPMU	13
#define VIRQ_ARCH_0	16
#define VIRQ_ARCH_7	23
#define NR_VIRQS	24

/* mmu_update: the low two bits of ptr say what to do. */
#define MMU_NORMAL_PT_UPDATE		0	/* ptr: machine address of a PTE */
#define MMU_MACHPHYS_UPDATE		1	/* ptr: mfn << 12, val: pfn */
#define MMU_PT_UPDATE_PRESERVE_AD	2	/* as 0, keeping A and D */
#define MMU_PT_UPDATE_NO_TRANSLATE	3
#define MMU_UPDATE_PREEMPTED		(~(~0U >> 1))	/* in count: a continuation */

/* mmuext_op commands. */
#define MMUEXT_PIN_L1_TABLE	0
#define MMUEXT_PIN_L2_TABLE	1
#define MMUEXT_PIN_L3_TABLE	2
#define MMUEXT_PIN_L4_TABLE	3
#define MMUEXT_UNPIN_TABLE	4
#define MMUEXT_NEW_BASEPTR	5
#define MMUEXT_TLB_FLUSH_LOCAL	6
#define MMUEXT_INVLPG_LOCAL	7
#define MMUEXT_TLB_FLUSH_MULTI	8
#define MMUEXT_INVLPG_MULTI	9
#define MMUEXT_TLB_FLUSH_ALL	10
#define MMUEXT_INVLPG_ALL	11
#define MMUEXT_FLUSH_CACHE	12
#define MMUEXT_SET_LDT		13
#define MMUEXT_NEW_USER_BASEPTR	15
#define MMUEXT_CLEAR_PAGE	16
#define MMUEXT_COPY_PAGE	17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER	19
#define MMUEXT_UNMARK_SUPER	20

/* update_va_mapping flags. */
#define UVMF_NONE		0
#define UVMF_TLB_FLUSH		1
#define UVMF_INVLPG		2
#define UVMF_FLUSHTYPE_MASK	3
#define UVMF_MULTI		0	/* flags | (unsigned long)vcpumask */
#define UVMF_LOCAL		0
#define UVMF_ALL		4

/* vm_assist(cmd, type). */
#define VMASST_CMD_enable		0
#define VMASST_CMD_disable		1
#define VMASST_TYPE_4gb_segments	0
#define VMASST_TYPE_4gb_segments_notify	1
#define VMASST_TYPE_writable_pagetables	2
#define VMASST_TYPE_pae_extended_cr3	3
#define VMASST_TYPE_architectural_iopl	4
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict		32

/* Domain identifiers with a meaning of their own. */
#define DOMID_FIRST_RESERVED	0x7FF0U
#define DOMID_SELF		0x7FF0U
#define DOMID_IO		0x7FF1U
#define DOMID_XEN		0x7FF2U
#define DOMID_COW		0x7FF3U
#define DOMID_INVALID		0x7FF4U
#define DOMID_IDLE		0x7FFFU

#define XEN_LEGACY_MAX_VCPUS	32

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;

struct mmu_update {
	uint64_t ptr;		/* machine address of the PTE, | MMU_* */
	uint64_t val;		/* the new value */
};

struct mmuext_op {
	unsigned int cmd;	/* MMUEXT_* */
	union {
		xen_pfn_t mfn;		/* PIN_*, UNPIN, NEW_*BASEPTR, CLEAR/COPY_PAGE */
		unsigned long linear_addr;	/* INVLPG_*, SET_LDT */
	} arg1;
	union {
		unsigned int nr_ents;	/* SET_LDT */
		const void *vcpumask;	/* TLB_FLUSH_MULTI, INVLPG_MULTI */
		xen_pfn_t src_mfn;	/* COPY_PAGE */
	} arg2;
};

/* multicall: each entry is run as hypercall op and its result stored. */
struct multicall_entry {
	xen_ulong_t op;
	xen_ulong_t result;
	xen_ulong_t args[6];
};

/*
 * Per-vCPU time: system time (ns since boot) as of tsc_timestamp, and the
 * scale to extrapolate from the TSC.  version is odd while the hypervisor
 * updates the record; readers retry until they see the same even value
 * before and after reading.
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad1[2];
};
#define XEN_PVCLOCK_TSC_STABLE_BIT	(1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED	(1 << 1)

struct vcpu_info {
	uint8_t evtchn_upcall_pending;	/* an event is waiting for the upcall */
	uint8_t evtchn_upcall_mask;	/* events are masked (the virtual IF) */
	xen_ulong_t evtchn_pending_sel;	/* which words of evtchn_pending */
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};

struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	/* 2-level event channels: one bit per port. */
	xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
	xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
	/* Wall-clock time at system time 0; wc_version as for vcpu_time_info. */
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
#ifndef __i386__
	uint32_t wc_sec_hi;
#endif
	struct arch_shared_info arch;
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
	uint32_t flags;			/* SIF_* */
	xen_pfn_t store_mfn;		/* xenstore ring page */
	uint32_t store_evtchn;
	union {
		struct {
			xen_pfn_t mfn;	/* console ring page */
			uint32_t evtchn;
		} domU;
		struct {
			uint32_t info_off;	/* dom0_vga_console_info */
			uint32_t info_size;
		} dom0;
	} console;
	unsigned long pt_base;		/* the initial page tables */
	unsigned long nr_pt_frames;
	unsigned long mfn_list;		/* the p2m: nr_pages entries */
	unsigned long mod_start;	/* the initrd, or its pfn */
	unsigned long mod_len;
	int8_t cmd_line[MAX_GUEST_CMDLINE];
	unsigned long first_p2m_pfn;	/* with XEN_ELFNOTE_INIT_P2M */
	unsigned long nr_p2m_frames;
};

/* Video mode of domain 0's console, after start_info. */
#define XEN_VGATYPE_TEXT_MODE_3	0x03
#define XEN_VGATYPE_VESA_LFB	0x23
#define XEN_VGATYPE_EFI_LFB	0x70

struct dom0_vga_console_info {
	uint8_t video_type;
	union {
		struct {
			uint16_t font_height;
			uint16_t cursor_x, cursor_y;
			uint16_t rows, columns;
		} text_mode_3;
		struct {
			uint16_t width, height;
			uint16_t bytes_per_line;
			uint16_t bits_per_pixel;
			uint32_t lfb_base;
			uint32_t lfb_size;
			uint8_t red_pos, red_size;
			uint8_t green_pos, green_size;
			uint8_t blue_pos, blue_size;
			uint8_t rsvd_pos, rsvd_size;
			uint32_t gbl_caps;
			uint16_t mode_attrs;
			uint16_t pad;
			uint32_t ext_lfb_base;
		} vesa_lfb;
	} u;
};

typedef uint8_t xen_domain_handle_t[16];

#if defined(__x86_64__)
_Static_assert(sizeof(struct mmu_update) == 16, "mmu_update");
_Static_assert(sizeof(struct mmuext_op) == 24, "mmuext_op");
_Static_assert(sizeof(struct multicall_entry) == 64, "multicall_entry");
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info");
_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info");
_Static_assert(__builtin_offsetof(struct vcpu_info, time) == 32, "vcpu_info.time");
_Static_assert(sizeof(struct shared_info) == 3136, "shared_info");
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_pending) == 2048,
	       "shared_info.evtchn_pending");
_Static_assert(__builtin_offsetof(struct shared_info, wc_version) == 3072,
	       "shared_info.wc_version");
_Static_assert(sizeof(struct start_info) == 1168, "start_info");
_Static_assert(__builtin_offsetof(struct start_info, console) == 72, "start_info.console");
_Static_assert(__builtin_offsetof(struct start_info, cmd_line) == 128, "start_info.cmd_line");
_Static_assert(sizeof(struct dom0_vga_console_info) == 40, "dom0_vga_console_info");
#elif defined(__i386__)
_Static_assert(sizeof(struct mmu_update) == 16, "mmu_update (x86_32)");
_Static_assert(sizeof(struct mmuext_op) == 12, "mmuext_op (x86_32)");
_Static_assert(sizeof(struct multicall_entry) == 32, "multicall_entry (x86_32)");
_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info (x86_32)");
_Static_assert(sizeof(struct shared_info) == 2344, "shared_info (x86_32)");
_Static_assert(sizeof(struct start_info) == 1112, "start_info (x86_32)");
_Static_assert(__builtin_offsetof(struct start_info, cmd_line) == 80, "start_info.cmd_line (x86_32)");
#endif

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_XEN_H__ */
