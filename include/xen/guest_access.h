/*
 * Guest memory and hypercall continuations, as common code reaches them
 * (the PV port's arch/x86/pv/uaccess.c and hypercall.c).  A guest address
 * is only ever used through these: never dereferenced.
 */
#ifndef XEN_GUEST_ACCESS_H
#define XEN_GUEST_ACCESS_H

#include <lib/types.h>

/* 0 or -EFAULT. */
int copy_from_guest_raw(void *dst, unsigned long gva, size_t len);
int copy_to_guest_raw(unsigned long gva, const void *src, size_t len);
#define copy_from_guest(dst, gva, nr) \
	copy_from_guest_raw(dst, gva, (nr) * sizeof(*(dst)))
#define copy_to_guest(gva, src, nr) \
	copy_to_guest_raw(gva, src, (nr) * sizeof(*(src)))
#define copy_from_guest_offset(dst, gva, off, nr) \
	copy_from_guest_raw(dst, (gva) + (off) * sizeof(*(dst)), (nr) * sizeof(*(dst)))
#define copy_to_guest_offset(gva, off, src, nr) \
	copy_to_guest_raw((gva) + (off) * sizeof(*(src)), src, (nr) * sizeof(*(src)))

/*
 * May the guest name [gva, gva + nr * size) at all (canonical, outside
 * the hypervisor's slots, no wrap)?  Checked for a whole array before
 * its first element is used, so that an array running into the
 * hypervisor's memory is refused before anything is done.
 */
bool guest_array_ok(unsigned long gva, unsigned long nr, size_t size);

#ifndef ERESTART
#define ERESTART		85	/* internal: continue the hypercall */
#endif

/*
 * Continue the running hypercall later with these first four arguments:
 * returns -ERESTART for its handler to return.
 */
long hypercall_continuation(unsigned long a1, unsigned long a2, unsigned long a3,
			    unsigned long a4);

/* Should a long hypercall stop here and continue (pending work)? */
bool hypercall_preempt_check(void);

#endif /* XEN_GUEST_ACCESS_H */
