/*
 * IA64 legacy I/O ports: a 64 MiB window of uncached memory in which port
 * p lives at ((p >> 2) << 12) | (p & 0xfff), so that each group of four
 * ports gets its own page.  The window's address comes from the EFI memory
 * map; until it is read, the architectural default is used.
 */
#ifndef ASM_IA64_IO_H
#define ASM_IA64_IO_H

#include <lib/types.h>

#define IA64_IO_PORT_BASE_DEFAULT	0xc000000ffc000000UL

extern unsigned long ia64_io_port_base;

static inline volatile void *ia64_port_addr(u16 port)
{
	return (volatile void *)(ia64_io_port_base |
				 ((unsigned long)(port >> 2) << 12) | (port & 0xfff));
}

static inline void outb(u8 v, u16 port)
{
	*(volatile u8 *)ia64_port_addr(port) = v;
	asm volatile("mf.a" ::: "memory");
}

static inline void outw(u16 v, u16 port)
{
	*(volatile u16 *)ia64_port_addr(port) = v;
	asm volatile("mf.a" ::: "memory");
}

static inline u8 inb(u16 port)
{
	u8 v = *(volatile u8 *)ia64_port_addr(port);

	asm volatile("mf.a" ::: "memory");
	return v;
}

#endif /* ASM_IA64_IO_H */
