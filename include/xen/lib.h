/* printk(), panic() and the assertions every hypervisor file uses. */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <stdarg.h>
#include <lib/types.h>
#include <lib/string.h>
#include <lib/vsprintf.h>
#include <xen/compiler.h>

/*
 * Log levels, as a prefix of the format like Linux's KERN_*: "<0>" to
 * "<3>" are errors and warnings (always printed), "<4>" information,
 * "<5>" debug; loglvl= on the command line sets the threshold.
 */
#define XENLOG_ERR	"<1>"
#define XENLOG_WARNING	"<2>"
#define XENLOG_INFO	"<4>"
#define XENLOG_DEBUG	"<5>"

/*
 * arch_memcpy: memcpy by the CPU's own bulk copy (rep movs on x86), for
 * the copies of guest data on hot paths (GNTTABOP_copy).  dst and src
 * must not overlap.  Every port with PV guests provides it
 * (arch/x86/string.c).
 */
void *arch_memcpy(void *dst, const void *src, size_t n);

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list args) __printf(1, 0);
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

/*
 * Messages a guest can cause, one per refused or unknown call: rate
 * limited (common/ratelimit.c), so a guest repeating one cannot flood
 * the console.  lvl is a XENLOG_* level.
 */
bool printk_ratelimit(void);
#define gprintk(lvl, fmt, ...) do {					\
	if (printk_ratelimit())						\
		printk(lvl fmt, ##__VA_ARGS__);				\
} while (0)

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(cond) do { if (unlikely(cond)) BUG(); } while (0)

#ifdef CONFIG_DEBUG
#define ASSERT(p) do { \
	if (unlikely(!(p))) \
		panic("Assertion '%s' failed at %s:%d", #p, __FILE__, __LINE__); \
} while (0)
#else
#define ASSERT(p) do { if (0 && (p)) {} } while (0)
#endif

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define ROUNDUP(x, a) (((x) + (a) - 1) & ~((typeof(x))(a) - 1))

#endif /* XEN_LIB_H */
