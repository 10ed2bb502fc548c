/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xg-img-edit: one change to a save image (Documentation/tools/
 * save-image.rst), in place, through libxenguest's reader and writer, so
 * that every checksum is right and only what the change breaks is wrong:
 * the images check-save-linux makes for the refusals the restorer must
 * give (its record checks see no damage).
 *
 *   xg-img-edit IMAGE vcpu-beyond    the last VCPU_CONTEXT's vCPU becomes
 *                                    the VCPUS record's count (one beyond)
 *   xg-img-edit IMAGE drop-vcpu N    vCPU N's VCPU_CONTEXT left out
 *   xg-img-edit IMAGE vcpus N        the VCPUS record's count becomes N
 *
 * The records from VCPUS on (a few KiB after the pages, where the saver
 * puts them) are read, changed and written again from VCPUS's offset,
 * and the file is cut after the new END: no second copy of the pages is
 * made (domain 0's /tmp is its memory).  Exit 0 when IMAGE was changed;
 * 1 with a message otherwise (unreadable, no VCPUS record, nothing to
 * change).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xg_saveimg.h>

#define MAX_TAIL	64	/* records from VCPUS to END */

static long fd_read(void *opaque, void *buf, size_t len)
{
	return read(*(int *)opaque, buf, len);
}

/* The writer's header is not written again: the file has it. */
static int fd_write(void *opaque, const void *buf, size_t len)
{
	int fd = *(int *)opaque;
	const char *p = buf;

	if (len == sizeof(struct xg_img_header) && !memcmp(buf, XG_IMG_MAGIC, 8))
		return 0;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static int die(const char *what, const char *why)
{
	fprintf(stderr, "xg-img-edit: %s%s%s\n", what, why ? ": " : "", why ? why : "");
	return 1;
}

/* The tail's record i, changed as op says: false to leave it out. */
static bool edit(struct xg_img_record *tail, unsigned int i, unsigned int nr, const char *op,
		 unsigned long n, unsigned int *changed)
{
	struct xg_img_record *rec = &tail[i];
	struct xg_img_vcpu *vh = rec->data;
	unsigned int j, later = 0;

	if (rec->type == XG_IMG_REC_VCPUS && !strcmp(op, "vcpus")) {
		((struct xg_img_vcpus *)rec->data)->max_vcpus = n;
		++*changed;
	}
	if (rec->type != XG_IMG_REC_VCPU_CONTEXT)
		return true;
	if (!strcmp(op, "drop-vcpu") && vh->vcpu_id == n) {
		++*changed;
		return false;
	}
	for (j = i + 1; j < nr; j++)
		later += tail[j].type == XG_IMG_REC_VCPU_CONTEXT;
	if (!strcmp(op, "vcpu-beyond") && !later) {
		vh->vcpu_id = ((struct xg_img_vcpus *)tail[0].data)->max_vcpus;
		++*changed;
	}
	return true;
}

int main(int argc, char **argv)
{
	static struct xg_img_record tail[MAX_TAIL];
	struct xg_img_reader r;
	struct xg_img_writer w;
	struct xg_img_record rec;
	unsigned long n = 0;
	unsigned int nr = 0, before = 0, changed = 0, i;
	uint64_t start = 0;
	off_t end;
	int fd, rc;

	if (argc < 3 || (strcmp(argv[2], "vcpu-beyond") && argc != 4))
		return die("usage: xg-img-edit IMAGE vcpu-beyond|drop-vcpu N|vcpus N", NULL);
	if (argc == 4)
		n = strtoul(argv[3], NULL, 0);
	fd = open(argv[1], O_RDWR);
	if (fd < 0)
		return die("cannot open", argv[1]);
	xg_img_reader_init(&r, fd_read, &fd);
	if (xg_img_read_header(&r))
		return die(r.err, NULL);
	for (;;) {
		uint64_t at = r.offset;

		rc = xg_img_read_record(&r, &rec);
		if (rc <= 0)
			break;
		if (rec.type == XG_IMG_REC_VCPUS && !nr)
			start = at;
		if (!start) {
			before++;
			free(rec.data);
		} else if (nr == MAX_TAIL) {
			return die("too many records after VCPUS", NULL);
		} else {
			tail[nr++] = rec;
		}
	}
	if (rc < 0)
		return die(r.err, NULL);
	if (!nr)
		return die("no VCPUS record in", argv[1]);
	if (lseek(fd, start, SEEK_SET) < 0 || xg_img_writer_init(&w, fd_write, &fd))
		return die("cannot write", argv[1]);
	w.nr_records = before;
	for (i = 0; i < nr; i++) {
		struct xg_img_piece p = { tail[i].data, tail[i].length };

		if (edit(tail, i, nr, argv[2], n, &changed) &&
		    xg_img_write_record(&w, tail[i].type, &p, 1))
			return die("cannot write a record of type", xg_img_rec_name(tail[i].type));
	}
	end = xg_img_write_end(&w) ? -1 : lseek(fd, 0, SEEK_CUR);
	if (end < 0 || ftruncate(fd, end) || close(fd))
		return die("cannot end", argv[1]);
	return changed ? 0 : die("nothing to change for", argv[2]);
}
