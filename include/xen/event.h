/*
 * Event channels (common/event_channel.c, event_2l.c, event_fifo.c): a domain's
 * ports, how a port is raised for the vCPU it notifies, and the waits
 * that end with an event (SCHEDOP_block, SCHEDOP_poll) or a timer
 * (set_timer_op, firing VIRQ_TIMER).
 *
 * The guest-visible state (the pending and mask bitmaps, each vCPU's
 * selector word, evtchn_upcall_pending and evtchn_upcall_mask) lives in
 * pages the guest writes too; the arch says where (arch_evtchn_*()) and
 * delivers the upcall on its way back to the guest.
 */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <lib/types.h>
#include <xen/sched.h>
#include <xen/time.h>

/* 2-level ABI: one selector bit per bitmap word. */
#define EVTCHN_2L_NR_PORTS	(BITS_PER_LONG * BITS_PER_LONG)
/* The VIRQ_* numbers and NR_VIRQS are the ABI's (<public/xen.h>). */
#define EVTCHN_POLL_MAX		128	/* ports in one SCHEDOP_poll */

/* Give a domain its ports, and a vCPU its VIRQ table and timers. */
int evtchn_init_domain(struct domain *d);
/* createdomain's max_evtchn_port: no port above it is bound (default: any). */
void evtchn_set_max_port(struct domain *d, u32 max_evtchn_port);
int evtchn_init_vcpu(struct vcpu *v);
/* ... and take them away (NULL-safe; the vCPU does not run). */
void evtchn_destroy_domain(struct domain *d);
void evtchn_destroy_vcpu(struct vcpu *v);
/*
 * Stop v's poll, single-shot and periodic timers for good (waiting for
 * one running elsewhere): before its domain's ports go, since each of
 * them takes the domain's event lock when it fires.
 */
void evtchn_kill_vcpu_timers(struct vcpu *v);
/* Teardowns that found a vCPU's timers still armed (a bug: said on the console). */
extern unsigned long evtchn_teardown_armed;
/*
 * v is switched to on cpu: its timers follow it there, so that they fire
 * where it runs (a no-op if they are there already).
 */
void evtchn_move_timers(struct vcpu *v, unsigned int cpu);

/*
 * event_channel_op(cmd, arg) on the calling vCPU's domain, with arg
 * already copied in (evtchn_op_size() bytes); results are written back
 * into it.  Returns 0, a port for none (they return through arg), or
 * -errno.  evtchn_op_size() is 0 for a command that reads nothing and
 * -ENOSYS for an unknown one.
 */
long evtchn_op_size(unsigned int cmd);
/*
 * Has cmd results to write back (a port, a status)?  The others (send,
 * unmask, close...) leave the guest's argument alone, as Xen's: a send
 * is the hot path, and the copy back was its second guest access.
 */
bool evtchn_op_has_out(unsigned int cmd);

/* EVTCHNOP_send on d's port on d's behalf (the suspend channel): 0 or -EINVAL. */
long evtchn_send_from(struct domain *d, u32 port);
long evtchn_do_op(struct vcpu *cur, unsigned int cmd, void *arg);

/*
 * A port of d that the hypervisor consumes: d sends on it (as on an
 * unbound port) and consumer(d) runs, without locks held.  The port, or
 * -ENOSPC.
 */
long evtchn_alloc_xen_port(struct domain *d, unsigned int vcpu,
			   void (*consumer)(struct domain *d));

/* Make v look at its events: wake it, or interrupt the CPU it runs on. */
void vcpu_kick(struct vcpu *v);

/* Raise a VIRQ on v (per-vCPU VIRQs) or on the domain's vCPU 0. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/* Raise a global VIRQ of d (console, dom_exc...): safe in interrupts. */
void send_guest_global_virq(struct domain *d, unsigned int virq);

/*
 * SCHEDOP_block: cur (whose upcall mask the arch has cleared) sleeps
 * until an event is to be delivered, or not at all if one is now.
 */
void evtchn_block(struct vcpu *cur);

/*
 * SCHEDOP_poll: cur sleeps until one of ports is pending, an upcall is
 * deliverable or the absolute system time timeout passes (0: none).
 * Returns 0, or -EINVAL for a port past the domain's limit.
 */
long evtchn_poll(struct vcpu *cur, const u32 *ports, unsigned int nr, s_time_t timeout);

/*
 * The one-shot timer (set_timer_op, VCPUOP_set_singleshot_timer; 0
 * stops it) and the periodic one (period 0 stops it): each fires
 * VIRQ_TIMER on v.
 */
void vcpu_set_singleshot_timer(struct vcpu *v, s_time_t expires);
void vcpu_set_periodic_timer(struct vcpu *v, s_time_t period);

/* ---- Arch hooks ------------------------------------------------------ */

/* The domain's 2-level pending and mask bitmaps (NULL: no guest state). */
unsigned long *arch_evtchn_pending(struct domain *d);
unsigned long *arch_evtchn_mask(struct domain *d);
/*
 * The ports those bitmaps hold: EVTCHN_2L_NR_PORTS, or fewer for a guest
 * whose words are narrower than the hypervisor's (x86_64's compat
 * guests: 32 x 32).  Constant once the domain is built.
 */
unsigned int arch_evtchn_2l_ports(struct domain *d);
/* The arch changed that count (a domain made 32-bit before it runs): applied. */
void evtchn_2l_ports_changed(struct domain *d);
/*
 * D.5 raise steps 3-4 for v: set the selector bit of port's bitmap word
 * (in the guest's word size); if it was clear set evtchn_upcall_pending.
 * Returns true if an upcall is now deliverable (pending and not masked).
 */
bool arch_evtchn_mark_pending(struct vcpu *v, unsigned int port);
/* FIFO: evtchn_upcall_pending only; true if an upcall is now deliverable. */
bool arch_evtchn_mark_upcall(struct vcpu *v);
/* evtchn_upcall_pending && !evtchn_upcall_mask, as the guest left them. */
bool arch_events_need_delivery(struct vcpu *v);
/* Clear v's evtchn_upcall_mask (SCHEDOP_block: events may now be delivered). */
void arch_vcpu_unmask_events(struct vcpu *v);

/*
 * The memory audit's part (mm_lock() held): held() is told each frame d's
 * FIFO event ABI holds writable (control blocks, event array pages).
 */
void evtchn_fifo_audit(struct domain *d, void (*held)(unsigned long mfn, void *arg), void *arg);

#endif /* XEN_EVENT_H */
