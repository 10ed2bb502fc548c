/*
 * Fixed-width integer types for freestanding code: the hypervisor and
 * kernel-xen.  Shared by both; includes only the compiler's own headers.
 */
#ifndef LIB_TYPES_H
#define LIB_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef long ssize_t;

#endif /* LIB_TYPES_H */
