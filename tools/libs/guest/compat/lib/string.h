/* SPDX-License-Identifier: LGPL-2.1 */
/* The hypervisor's <lib/string.h> for common/libelf in the tools: libc's. */
#include <string.h>
