/* SPDX-License-Identifier: LGPL-2.1 */
/* The hypervisor's <xen/errno.h> for common/libelf in the tools: libc's
 * (the values are the same, Linux's). */
#include <errno.h>
