/* Compiler attributes and build-time checks used all over the hypervisor. */
#ifndef XEN_COMPILER_H
#define XEN_COMPILER_H

#define __section(s)	__attribute__((__section__(s)))
#define __used		__attribute__((__used__))
#define __packed	__attribute__((__packed__))
#define __aligned(a)	__attribute__((__aligned__(a)))
#define __noreturn	__attribute__((__noreturn__))
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#define __maybe_unused	__attribute__((__unused__))
#define noinline	__attribute__((__noinline__))
/* Spelt as glibc's <sys/cdefs.h> has it: host tests include both. */
#ifndef __always_inline
#define __always_inline __inline __attribute__ ((__always_inline__))
#endif
#define __cold		__attribute__((__cold__))
/*
 * The guest's round trips through the hypervisor (hypercall entry and
 * exit, bounces, iret): linked together on one page, where calls and
 * jumps between them are direct for an emulator's translated code (QEMU
 * TCG chains blocks only within a page) and share the i-TLB on hardware.
 */
#define __fastpath	__section(".text.fastpath")
/* The PV MMU's common cases (an mmu_update entry, update_va_mapping): their own page. */
#define __fastpath_mm	__section(".text.fastpath_mm")

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* IS_ENABLED(CONFIG_FOO): 1 when CONFIG_FOO is y, else 0, in an expression. */
#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(ignored, val, ...) val
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option) ___is_defined(option)

/* sparse annotations; gcc sees nothing. */
#ifdef __CHECKER__
#define __guest		__attribute__((noderef, address_space(1)))
#define __force		__attribute__((force))
#else
#define __guest
#define __force
#endif

#endif /* XEN_COMPILER_H */
