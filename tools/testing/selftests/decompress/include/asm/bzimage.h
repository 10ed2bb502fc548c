/* The host build of arch/x86/bzimage.c: the x86 header, as <asm/bzimage.h>. */
#include "../../../../../../include/asm-x86/bzimage.h"
