/*
 * vcpu_op(cmd, vcpuid, arg): bring virtual CPUs up and down, their timers,
 * and where their vcpu_info and runstate live.  Part of the public guest
 * ABI: numbers and layouts are Xen's.
 *
 * -ENOENT for a vcpuid past the domain's maximum (Linux sizes its CPU map
 * by probing VCPUOP_is_up), -EEXIST for VCPUOP_initialise of a running
 * vCPU, -EINVAL for a bad argument, -EFAULT for a bad pointer.
 */
#ifndef __XEN_PUBLIC_VCPU_H__
#define __XEN_PUBLIC_VCPU_H__

#define VCPUOP_initialise			0	/* arg: vcpu_guest_context */
#define VCPUOP_up				1
#define VCPUOP_down				2
#define VCPUOP_is_up				3	/* returns 1 or 0 */
#define VCPUOP_get_runstate_info		4
#define VCPUOP_register_runstate_memory_area	5
#define VCPUOP_set_periodic_timer		6
#define VCPUOP_stop_periodic_timer		7
#define VCPUOP_set_singleshot_timer		8
#define VCPUOP_stop_singleshot_timer		9
#define VCPUOP_register_vcpu_info		10
#define VCPUOP_send_nmi				11
#define VCPUOP_get_physid			12
#define VCPUOP_register_vcpu_time_memory_area	13

/* Runstates: where the vCPU's time goes. */
#define RUNSTATE_running	0
#define RUNSTATE_runnable	1
#define RUNSTATE_blocked	2
#define RUNSTATE_offline	3

#define XEN_RUNSTATE_UPDATE	(1ULL << 63)	/* in state_entry_time while updating */

#ifndef __ASSEMBLY__

struct vcpu_runstate_info {
	int state;			/* RUNSTATE_* */
	uint64_t state_entry_time;	/* when it entered it (system time ns) */
	uint64_t time[4];		/* ns spent in each state */
};

struct vcpu_register_runstate_memory_area {
	union {
		struct vcpu_runstate_info *v;	/* guest handle */
		uint64_t p;
	} addr;
};

/*
 * VCPUOP_register_vcpu_time_memory_area: a second copy of the vCPU's
 * time record (struct vcpu_time_info) at a guest address, kept current
 * as the one in vcpu_info is (Linux maps it into user space for its
 * vDSO clock).  addr 0 stops it.  -EFAULT if arg cannot be read.
 */
struct vcpu_register_time_memory_area {
	union {
		struct vcpu_time_info *v;	/* guest handle */
		uint64_t p;
	} addr;
};

struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};

#define _VCPU_SSHOTTMR_future	0
#define VCPU_SSHOTTMR_future	(1U << _VCPU_SSHOTTMR_future)	/* -ETIME if past */

struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;	/* absolute system time */
	uint32_t flags;
};

/* Move this vCPU's vcpu_info to mfn:offset (must not cross a page). */
struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset;
	uint32_t rsvd;			/* must be 0 */
};

struct vcpu_get_physid {
	uint64_t phys_id;
};

#if defined(__x86_64__)
_Static_assert(sizeof(struct vcpu_runstate_info) == 48, "vcpu_runstate_info");
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16, "vcpu_set_singleshot_timer");
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16, "vcpu_register_vcpu_info");
_Static_assert(sizeof(struct vcpu_register_time_memory_area) == 8,
	       "vcpu_register_time_memory_area");
#endif

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_VCPU_H__ */
