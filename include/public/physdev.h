/*
 * physdev_op(cmd, arg): a domain's access to physical devices: I/O
 * privilege, interrupts.  Part of the public guest ABI: numbers and
 * layouts are Xen's.  -EPERM for an operation the domain may not do,
 * -EINVAL for a bad argument, -ENOSYS for an unknown command.
 */
#ifndef __XEN_PUBLIC_PHYSDEV_H__
#define __XEN_PUBLIC_PHYSDEV_H__

#define PHYSDEVOP_irq_status_query	5
#define PHYSDEVOP_set_iopl		6
#define PHYSDEVOP_set_iobitmap		7
#define PHYSDEVOP_apic_read		8
#define PHYSDEVOP_apic_write		9
#define PHYSDEVOP_alloc_irq_vector	10
#define PHYSDEVOP_free_irq_vector	11
#define PHYSDEVOP_eoi			12
#define PHYSDEVOP_pirq_eoi_gmfn_v1	17
#define PHYSDEVOP_setup_gsi		21
#define PHYSDEVOP_get_free_pirq		23
#define PHYSDEVOP_pirq_eoi_gmfn_v2	28
#define PHYSDEVOP_map_pirq		13
#define PHYSDEVOP_unmap_pirq		14

#ifndef __ASSEMBLY__

/* The virtual I/O privilege level of the calling vCPU (0-3). */
struct physdev_set_iopl {
	uint32_t iopl;
};

struct physdev_set_iobitmap {
	uint8_t *bitmap;	/* guest handle */
	uint32_t nr_ports;
};

struct physdev_eoi {
	uint32_t irq;
};

#define XENIRQSTAT_needs_eoi	(1U << 0)
#define XENIRQSTAT_shared	(1U << 1)

struct physdev_irq_status_query {
	uint32_t irq;		/* IN */
	uint32_t flags;		/* OUT: XENIRQSTAT_* */
};

#if defined(__x86_64__)
_Static_assert(sizeof(struct physdev_set_iobitmap) == 16, "physdev_set_iobitmap");
#endif

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_PHYSDEV_H__ */
