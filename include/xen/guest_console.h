/*
 * The console of an unprivileged domain as the hypervisor serves it
 * (common/guest_console.c): the domain writes its output into the
 * xencons_interface ring on a page of its own and notifies a port whose
 * consumer is the hypervisor, which prints each line on the hypervisor
 * console with the domain's name in front, as "(name) text".  Until a
 * console daemon takes over, this is how boot-time domains are seen.
 */
#ifndef XEN_GUEST_CONSOLE_H
#define XEN_GUEST_CONSOLE_H

struct domain;

/*
 * Serve d's ring in its frame ring_mfn (mapped for as long as d has its
 * console).  Returns the port d notifies, or -errno.
 */
long guest_console_init(struct domain *d, unsigned long ring_mfn);

/* Print what is left (a line without its newline) and stop serving d. */
void guest_console_destroy(struct domain *d);

#endif /* XEN_GUEST_CONSOLE_H */
