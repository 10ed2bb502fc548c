/*
 * Event channels, 2-level ABI (pv-abi.md D.5), or FIFO once
 * events_use_fifo() switched (kernel/events.c): a port is a bit in
 * shared_info's evtchn_pending and evtchn_mask; raising it for a vCPU
 * sets the word's bit in that vCPU's evtchn_pending_sel and its
 * evtchn_upcall_pending, and, unless its evtchn_upcall_mask is set,
 * enters the event callback.  evtchn_do_upcall() walks the words and
 * calls each port's handler on the vCPU the port is bound to.
 *
 * The evtchn_* wrappers return a port (>= 0) or a negative errno.
 */
#ifndef KERNEL_EVENTS_H
#define KERNEL_EVENTS_H

#include <kernel/kernel.h>
#include <kernel/smp.h>
#include <lib/types.h>
#include <public/event_channel.h>
#include <public/xen.h>

#define EVTCHN_BITS_PER_WORD	(sizeof(xen_ulong_t) * 8)
#define EVTCHN_NR_PORTS		(EVTCHN_BITS_PER_WORD * EVTCHN_BITS_PER_WORD)

typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);

/* Each vCPU's vcpu_info: the shared_info slot, or its registered copy. */
extern struct vcpu_info *vcpu_info_ptr[NR_CPUS];

/* Before events_init() registers anything, the shared_info slot. */
static inline struct vcpu_info *this_vcpu_info(void)
{
	unsigned int cpu = smp_processor_id();

	return vcpu_info_ptr[cpu] ? vcpu_info_ptr[cpu] : &HYPERVISOR_shared_info->vcpu_info[cpu];
}

/* Upcalls taken by each vCPU (the event callback entered). */
extern unsigned long evtchn_upcalls[NR_CPUS];

/* Boot vCPU: mask every port, register its vcpu_info, enable events. */
void events_init(void);

/*
 * Move cpu's vcpu_info out of shared_info (VCPUOP_register_vcpu_info):
 * for the calling vCPU or one that is down.  Allowed once per vCPU.
 */
long vcpu_info_register(unsigned int cpu);

/* The event callback's body (the port's upcall entry calls it). */
void evtchn_do_upcall(void);

/*
 * The calling vCPU's upcall mask (the virtual IF).  Enabling with an
 * event pending enters the callback at once (a null hypercall: Xen
 * delivers on the way back).  disable returns the previous mask.
 */
bool events_disable(void);
void events_enable(void);
void events_restore(bool masked);

/* Deliver port on cpu to handler(port, data) and unmask it. */
void evtchn_set_handler(evtchn_port_t port, unsigned int cpu, evtchn_handler_t handler,
			void *data);
/* Forget port's handler and mask it (the port stays open). */
void evtchn_clear_handler(evtchn_port_t port);
/* Forget every handler (after EVTCHNOP_reset closed all ports). */
void evtchn_forget_all(void);

/* Times port's handler ran, and the vCPU it ran on last. */
unsigned long evtchn_count(evtchn_port_t port);
unsigned int evtchn_last_cpu(evtchn_port_t port);

long evtchn_alloc_unbound(domid_t remote);
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port);
long evtchn_bind_virq(unsigned int virq, unsigned int cpu, evtchn_handler_t handler,
		      void *data);
long evtchn_bind_ipi(unsigned int cpu, evtchn_handler_t handler, void *data);
long evtchn_bind_vcpu(evtchn_port_t port, unsigned int cpu);
long evtchn_send(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);
long evtchn_status(evtchn_port_t port, struct evtchn_status *st);
long evtchn_unmask(evtchn_port_t port);

/* The bits themselves, for the tests and the 2-level unmask. */
void evtchn_mask(evtchn_port_t port);
void evtchn_clear(evtchn_port_t port);
bool evtchn_is_pending(evtchn_port_t port);
bool evtchn_is_masked(evtchn_port_t port);

/*
 * The FIFO ABI: switch to it (every online vCPU's control block, the
 * event words of the ports bound; 0 or Xen's error, which leaves 2-level
 * if the first control block was refused), whether it is on, and its
 * pieces for the tests: a vCPU's control block, and the pages of event
 * words up to port's.
 */
long events_use_fifo(void);
/* EVTCHNOP_reset took the domain back to 2-level: forget FIFO and every handler. */
void events_use_2l(void);
bool events_fifo(void);
long evtchn_fifo_init_control(unsigned int cpu);
long evtchn_fifo_expand_to(evtchn_port_t port);

/* SCHEDOP_poll on one port until it is pending or system time timeout_ns. */
long evtchn_poll(evtchn_port_t port, uint64_t timeout_ns);

#endif /* KERNEL_EVENTS_H */
