/*
 * The errors hypercalls return, negated (-EFAULT ...): the ABI's values
 * from <public/errno.h> under their usual names.
 */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H

#include <public/errno.h>

#define EPERM		XEN_EPERM
#define ENOENT		XEN_ENOENT
#define ENOMEM		XEN_ENOMEM
#define ESRCH		XEN_ESRCH
#define E2BIG		XEN_E2BIG
#define EACCES		XEN_EACCES
#define EFAULT		XEN_EFAULT
#define EBUSY		XEN_EBUSY
#define EEXIST		XEN_EEXIST
#define EINVAL		XEN_EINVAL
#define ENOSPC		XEN_ENOSPC
#define EDOM		XEN_EDOM
#define ERANGE		XEN_ERANGE
#define ENODATA		XEN_ENODATA
#define ENOSYS		XEN_ENOSYS
#define EILSEQ		XEN_EILSEQ
#define EOPNOTSUPP	XEN_EOPNOTSUPP
#define ENOBUFS		XEN_ENOBUFS
#define ETIME		XEN_ETIME
#define ETIMEDOUT	XEN_ETIMEDOUT
#define EIO		XEN_EIO
#define ENXIO		XEN_ENXIO
#define EAGAIN		XEN_EAGAIN
#define ENODEV		XEN_ENODEV
#define ENOTDIR		XEN_ENOTDIR
#define EADDRNOTAVAIL	XEN_EADDRNOTAVAIL
/* The rest of the xenstore errors (io/xs_wire.h): Xen's numbering, Linux's. */
#define EISDIR		21
#define EROFS		30
#define ENOTEMPTY	39
#define EISCONN		106

#endif /* KERNEL_ERRNO_H */
