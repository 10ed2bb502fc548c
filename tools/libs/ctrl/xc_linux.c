// SPDX-License-Identifier: LGPL-2.1
/*
 * xc_linux.c - libxenctrl's OS layer on Linux: /dev/xen/privcmd.
 *
 * Hypercalls go through IOCTL_PRIVCMD_HYPERCALL; the hypervisor reads
 * and writes their buffers through the caller's virtual addresses, so
 * those must be present while it runs: pages of /dev/xen/hypercall
 * (Linux 4.18 and later: kernel memory mapped to us) when that device
 * exists, else anonymous pages locked with mlock() and touched.  Foreign
 * frames are mapped with IOCTL_PRIVCMD_MMAPBATCH_V2 onto an mmap() of
 * the privcmd device.
 *
 * $XC_PRIVCMD_PATH and $XC_HYPERCALL_PATH override the two device paths
 * (an empty $XC_HYPERCALL_PATH: use locked memory).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xc_private.h"
#include "xen-linux-uapi.h"

static const char *dev_path(const char *env, const char *dflt)
{
	const char *p = getenv(env);

	return p ? p : dflt;
}

int xc_osdep_open(xc_interface *xch)
{
	const char *buf = dev_path("XC_HYPERCALL_PATH", "/dev/xen/hypercall");

	xch->fd = open(dev_path("XC_PRIVCMD_PATH", "/dev/xen/privcmd"),
		       O_RDWR | O_CLOEXEC);
	if (xch->fd < 0)
		return -1;
	xch->buf_fd = *buf ? open(buf, O_RDWR | O_CLOEXEC) : -1;
	return 0;
}

void xc_osdep_close(xc_interface *xch)
{
	if (xch->buf_fd >= 0)
		close(xch->buf_fd);
	close(xch->fd);
}

long xc_osdep_hypercall(xc_interface *xch, unsigned long op,
			const unsigned long arg[5])
{
	struct privcmd_hypercall call = { .op = op };
	int i;

	for (i = 0; i < 5; i++)
		call.arg[i] = arg[i];
	return ioctl(xch->fd, IOCTL_PRIVCMD_HYPERCALL, &call);
}

void *xc_osdep_alloc_pages(xc_interface *xch, size_t npages)
{
	size_t len = npages * XC_PAGE_SIZE;
	void *p;

	if (xch->buf_fd >= 0) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
			 xch->buf_fd, 0);
		if (p != MAP_FAILED)
			return p;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	/* A forked child must not share (or copy-on-write) these pages. */
	madvise(p, len, MADV_DONTFORK);
	if (mlock(p, len) < 0) {
		int saved = errno;

		munmap(p, len);
		errno = saved;
		return NULL;
	}
	memset(p, 0, len);
	return p;
}

void xc_osdep_free_pages(xc_interface *xch, void *p, size_t npages)
{
	(void)xch;
	/* munmap() ends the lock of anonymous pages too. */
	munmap(p, npages * XC_PAGE_SIZE);
}

void *xc_osdep_map_foreign(xc_interface *xch, uint32_t dom, int prot,
			   const xen_pfn_t *arr, int *err, unsigned int num)
{
	size_t len = (size_t)num * XC_PAGE_SIZE;
	struct privcmd_mmapbatch_v2 batch = {
		.num = num, .dom = dom, .arr = arr, .err = err,
	};
	void *addr;

	addr = mmap(NULL, len, prot, MAP_SHARED, xch->fd, 0);
	if (addr == MAP_FAILED)
		return NULL;
	batch.addr = (unsigned long)addr;
	if (ioctl(xch->fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &batch) < 0) {
		int saved = errno;

		munmap(addr, len);
		errno = saved;
		return NULL;
	}
	return addr;
}
