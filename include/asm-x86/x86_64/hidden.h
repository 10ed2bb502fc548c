/*
 * Force-included into every x86_64 hypervisor C file (arch/x86/Makefile).
 *
 * The image is position-independent code linked at one fixed address.
 * -fvisibility=hidden covers definitions only; declarations need the
 * pragma too, or taking the address of a function defined in another file
 * goes through a GOT entry the linker cannot turn into a RIP-relative lea.
 */
#pragma GCC visibility push(hidden)
