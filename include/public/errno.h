/*
 * The error numbers hypercalls return, negated: Linux's values, as Xen
 * uses them on its ABI.  Part of the public guest ABI.
 */
#ifndef __XEN_PUBLIC_ERRNO_H__
#define __XEN_PUBLIC_ERRNO_H__

#define XEN_EPERM	1	/* operation not permitted */
#define XEN_ENOENT	2	/* no such file or directory */
#define XEN_ESRCH	3	/* no such process (domain) */
#define XEN_EINTR	4
#define XEN_EIO		5
#define XEN_ENXIO	6
#define XEN_E2BIG	7
#define XEN_EAGAIN	11	/* try again */
#define XEN_ENOMEM	12
#define XEN_EACCES	13	/* wrong interface version */
#define XEN_EFAULT	14	/* bad guest address */
#define XEN_EBUSY	16
#define XEN_EEXIST	17
#define XEN_EXDEV	18
#define XEN_ENODEV	19
#define XEN_ENOTDIR	20
#define XEN_EINVAL	22
#define XEN_ENOSPC	28
#define XEN_EDOM	33	/* an argument out of its field's range */
#define XEN_ERANGE	34
#define XEN_ENOSYS	38	/* unknown hypercall or command */
#define XEN_ENODATA	61
#define XEN_ETIME	62
#define XEN_EOVERFLOW	75
#define XEN_EILSEQ	84	/* cache_flush: nothing to do in a continued search */
#define XEN_EOPNOTSUPP	95
#define XEN_EADDRNOTAVAIL 99
#define XEN_ENOBUFS	105	/* an OUT array too short */
#define XEN_ETIMEDOUT	110
#define XEN_EALREADY	114

#endif /* __XEN_PUBLIC_ERRNO_H__ */
