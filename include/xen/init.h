/*
 * Boot-time code and data.  Kept apart by the linker script so that a later
 * change can free them once boot is over.
 */
#ifndef XEN_INIT_H
#define XEN_INIT_H

#include <xen/compiler.h>

#define __init		__section(".init.text")
#define __initdata	__section(".init.data")
#define __initconst	__section(".init.rodata")

#endif /* XEN_INIT_H */
