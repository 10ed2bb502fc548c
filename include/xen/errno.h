/*
 * Error numbers: the values are the ABI's (<public/errno.h>, Linux's);
 * the hypervisor spells them without the XEN_ prefix.
 */
#ifndef XEN_ERRNO_H
#define XEN_ERRNO_H

#include <public/errno.h>

#define EPERM		XEN_EPERM
#define ENOENT		XEN_ENOENT
#define ESRCH		XEN_ESRCH
#define EINTR		XEN_EINTR
#define EIO		XEN_EIO
#define ENXIO		XEN_ENXIO
#define E2BIG		XEN_E2BIG
#define ENOMEM		XEN_ENOMEM
#define EACCES		XEN_EACCES
#define EFAULT		XEN_EFAULT
#define EBUSY		XEN_EBUSY
#define EEXIST		XEN_EEXIST
#define ENODEV		XEN_ENODEV
#define ENOTDIR		XEN_ENOTDIR
#define EINVAL		XEN_EINVAL
#define ENOSPC		XEN_ENOSPC
#define EDOM		XEN_EDOM
#define ERANGE		XEN_ERANGE
#define ENOSYS		XEN_ENOSYS
#define ENODATA		XEN_ENODATA
#define EOVERFLOW	XEN_EOVERFLOW
#define EILSEQ		XEN_EILSEQ
#define EOPNOTSUPP	XEN_EOPNOTSUPP
#define EADDRNOTAVAIL	XEN_EADDRNOTAVAIL
#define ENOBUFS		XEN_ENOBUFS
#define ETIMEDOUT	XEN_ETIMEDOUT
#define EALREADY	XEN_EALREADY

#endif /* XEN_ERRNO_H */
