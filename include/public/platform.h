/*
 * platform_op(op): the hardware domain's requests about the machine:
 * its wall clock, firmware facts gathered at boot, its physical CPUs.
 * Part of the public guest ABI: numbers and layouts are Xen's.  Domain 0
 * only (-EPERM for the others); interface_version must be
 * XENPF_INTERFACE_VERSION (-EACCES); an unknown cmd is -ENOSYS.
 */
#ifndef __XEN_PUBLIC_PLATFORM_H__
#define __XEN_PUBLIC_PLATFORM_H__

#include "xen.h"

#define XENPF_INTERFACE_VERSION		0x03000001

/*
 * XENPF_settime32/64: set the wall clock so that it reads secs.nsecs
 * when system time is system_time.  -EINVAL if mbz is not 0.
 */
#define XENPF_settime32			17
struct xenpf_settime32 {
	uint32_t secs;
	uint32_t nsecs;
	uint64_t system_time;
};

#define XENPF_settime64			62
struct xenpf_settime64 {
	uint64_t secs;
	uint32_t nsecs;
	uint32_t mbz;
	uint64_t system_time;
};

/*
 * XENPF_firmware_info: the index-th record of a kind the firmware gave
 * at boot; -ESRCH past the last (a caller walks index up from 0).
 */
#define XENPF_firmware_info		50
#define XEN_FW_DISK_INFO		1	/* int 13h EDD */
#define XEN_FW_DISK_MBR_SIGNATURE	2
#define XEN_FW_VBEDDC_INFO		3	/* int 10h EDID */
#define XEN_FW_EFI_INFO			4
#define XEN_FW_KBD_SHIFT_FLAGS		5	/* the BIOS data area's 0x417 */
struct xenpf_firmware_info {
	uint32_t type;			/* IN */
	uint32_t index;			/* IN */
	union {				/* OUT */
		uint8_t kbd_shift_flags;
		uint8_t pad[32];	/* the largest record: disk_info, efi_info */
	} u;
};

/* XENPF_enter_acpi_sleep: the ACPI sleep registers to write, S-state. */
#define XENPF_enter_acpi_sleep		51

/* XENPF_set_processor_pminfo: a CPU's ACPI power-management data. */
#define XENPF_set_processor_pminfo	54

/*
 * XENPF_get_cpuinfo: physical CPU xen_cpuid: its APIC and ACPI ids and
 * whether it is online (XEN_PCPU_FLAGS_INVALID if there is no such CPU),
 * and the highest id present.
 */
#define XENPF_get_cpuinfo		55
#define XEN_PCPU_FLAGS_ONLINE		1
#define XEN_PCPU_FLAGS_INVALID		2
struct xenpf_pcpuinfo {
	uint32_t xen_cpuid;		/* IN */
	uint32_t max_present;		/* OUT */
	uint32_t flags;			/* OUT */
	uint32_t apic_id;		/* OUT */
	uint32_t acpi_id;		/* OUT */
};

/* XENPF_get_symbol: the hypervisor's symbol table, one at a time. */
#define XENPF_get_symbol		63

struct xen_platform_op {
	uint32_t cmd;
	uint32_t interface_version;	/* XENPF_INTERFACE_VERSION */
	union {
		struct xenpf_settime32 settime32;
		struct xenpf_settime64 settime64;
		struct xenpf_firmware_info firmware_info;
		struct xenpf_pcpuinfo pcpu_info;
		uint8_t pad[128];
	} u;
};

_Static_assert(sizeof(struct xenpf_settime32) == 16, "xenpf_settime32");
_Static_assert(sizeof(struct xenpf_settime64) == 24, "xenpf_settime64");
_Static_assert(sizeof(struct xenpf_pcpuinfo) == 20, "xenpf_pcpuinfo");
_Static_assert(sizeof(struct xenpf_firmware_info) == 40, "xenpf_firmware_info");
_Static_assert(__builtin_offsetof(struct xenpf_firmware_info, u) == 8,
	       "xenpf_firmware_info.u");
_Static_assert(sizeof(struct xen_platform_op) == 136, "xen_platform_op");

#endif /* __XEN_PUBLIC_PLATFORM_H__ */
