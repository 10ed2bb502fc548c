/* kernel-xen's compiler helpers: attributes and small macros. */
#ifndef KERNEL_COMPILER_H
#define KERNEL_COMPILER_H

#define __used			__attribute__((__used__))
#define __section(s)		__attribute__((__section__(s)))
#define __aligned(n)		__attribute__((__aligned__(n)))
#define __noreturn		__attribute__((__noreturn__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __maybe_unused		__attribute__((__unused__))

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define barrier()		__asm__ __volatile__("" ::: "memory")
#define ACCESS_ONCE(x)		(*(volatile __typeof__(x) *)&(x))

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

#define IS_ENABLED(option)	__is_defined(option)
#define __is_defined(x)		___is_defined(x)
#define ___is_defined(val)	____is_defined(__ARG_PLACEHOLDER_##val)
#define __ARG_PLACEHOLDER_1	0,
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)
#define __take_second_arg(__ignored, val, ...) val

#endif /* KERNEL_COMPILER_H */
