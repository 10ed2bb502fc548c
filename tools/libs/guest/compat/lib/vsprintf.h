/* SPDX-License-Identifier: LGPL-2.1 */
/* The hypervisor's <lib/vsprintf.h> for common/libelf in the tools: libc's. */
#include <stdio.h>
