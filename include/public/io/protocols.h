/*
 * The ring layouts a backend may be asked for (a blkif frontend's
 * "protocol" node): a 32-bit x86 guest's requests pack 64-bit fields on
 * 4-byte boundaries, a 64-bit guest's on 8.  A frontend writes its own
 * native name; a backend without the node assumes its own layout.
 */
#ifndef __XEN_PUBLIC_IO_PROTOCOLS_H__
#define __XEN_PUBLIC_IO_PROTOCOLS_H__

#define XEN_IO_PROTO_ABI_X86_32		"x86_32-abi"
#define XEN_IO_PROTO_ABI_X86_64		"x86_64-abi"

#if defined(__x86_64__)
#define XEN_IO_PROTO_ABI_NATIVE		XEN_IO_PROTO_ABI_X86_64
#elif defined(__i386__)
#define XEN_IO_PROTO_ABI_NATIVE		XEN_IO_PROTO_ABI_X86_32
#else
#error "no blkif protocol name for this architecture"
#endif

#endif /* __XEN_PUBLIC_IO_PROTOCOLS_H__ */
