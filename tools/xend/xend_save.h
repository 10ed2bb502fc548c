/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xend_save.h - the back ends' part of save and restore (xend_save.c):
 * libxenctrl's for xend_xc.c, the fake's for xend_fake.c.
 */
#ifndef XEND_SAVE_H
#define XEND_SAVE_H
#include <stddef.h>
#include <stdint.h>
#include "xend_backend.h"

int xend_xc_save(void *h, uint32_t domid, int fd, const char *config, char *err,
		 size_t errlen);
int xend_xc_resume(void *h, uint32_t domid);
int xend_xc_save_live(void *h, uint32_t domid, int fd, const char *config,
		      const struct xend_live *l, struct xend_live_out *out, char *err,
		      size_t errlen);
/* xend_build with b->restore: the image into the created domain. */
int xend_xc_restore(void *h, uint32_t domid, struct xend_build *b);
int xend_xc_restore_stream(void *h, uint32_t domid, struct xend_build *b,
			   long (*read)(void *opaque, void *buf, size_t len), void *opaque);

int xend_fake_save(void *h, uint32_t domid, int fd, const char *config, char *err,
		   size_t errlen);
int xend_fake_resume(void *h, uint32_t domid);
#endif /* XEND_SAVE_H */
