/* x86 port I/O. */
#ifndef ASM_X86_IO_H
#define ASM_X86_IO_H

#include <lib/types.h>

static inline void outb(u8 value, u16 port)
{
	asm volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline void outw(u16 value, u16 port)
{
	asm volatile("outw %0, %1" : : "a"(value), "Nd"(port));
}

static inline void outl(u32 value, u16 port)
{
	asm volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* A 32-bit device register in memory (an ioremap()ed address). */
static inline u32 readl(const void *addr)
{
	return *(const volatile u32 *)addr;
}

static inline void writel(u32 v, void *addr)
{
	*(volatile u32 *)addr = v;
}

/* Map device registers uncached for good (arch/x86/ioremap.c); NULL on failure. */
void *ioremap(u64 pa, unsigned long len);

#endif /* ASM_X86_IO_H */
