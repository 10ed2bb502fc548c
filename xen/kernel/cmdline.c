/* The guest command line: words separated by spaces, "name" or "name=value". */
#include <kernel/kernel.h>
#include <lib/string.h>

bool cmdline_find(const char *cmdline, const char *name, char *buf, size_t size,
		  const char **arg)
{
	size_t len = strlen(name);
	const char *p = cmdline;

	while (*p) {
		size_t n;

		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (n >= len && !strncmp(p, name, len) &&
		    (n == len || p[len] == '=')) {
			*arg = NULL;
			if (n > len) {
				size_t vlen = n - len - 1;

				if (vlen >= size)
					vlen = size - 1;
				memcpy(buf, p + len + 1, vlen);
				buf[vlen] = '\0';
				*arg = buf;
			}
			return true;
		}
		p += n;
	}
	return false;
}
