/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The hypervisor's <lib/types.h> for the tools: libxenguest compiles the
 * hypervisor's ELF and Xen-note parser (common/libelf) against the C
 * library, as Xen's libxc shares xen/common/libelf, so that the tools
 * accept and refuse exactly the kernels the hypervisor's builder does.
 */
#ifndef XG_COMPAT_LIB_TYPES_H
#define XG_COMPAT_LIB_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#endif
