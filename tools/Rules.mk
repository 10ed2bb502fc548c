# Shared rules for the xen-tools Makefiles: ordinary programs for the
# build machine, linked against its C library.  Outputs go to $(OUTPUT),
# as in Linux's tools/.
#
# A tool's Makefile sets PROGS (each built from <prog>-objs), and includes
# this file.

OUTPUT ?= $(CURDIR)/
CC ?= cc
HOSTCC ?= $(CC)
XENVERSION ?= 0.0.0
INSTALL ?= install
prefix ?= /usr/local
exec_prefix ?= $(prefix)
bindir ?= $(exec_prefix)/bin
sbindir ?= $(exec_prefix)/sbin
sysconfdir ?= /etc

TOOLS_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-DXEN_TOOLS_VERSION='"$(XENVERSION)"' $(CFLAGS)

ifeq ($(V),1)
  Q :=
  quiet = @:
else
  Q := @
  quiet = @echo
endif

progs-out := $(addprefix $(OUTPUT),$(PROGS))

all: $(progs-out)

$(OUTPUT)%.o: %.c
	@mkdir -p $(dir $@)
	$(quiet) "  CC      $(notdir $@)"
	$(Q)$(HOSTCC) $(TOOLS_CFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard $(OUTPUT)*.d)

.SECONDEXPANSION:
$(progs-out): $(OUTPUT)%: $$(addprefix $(OUTPUT),$$(%-objs))
	$(quiet) "  LD      $(notdir $@)"
	$(Q)$(HOSTCC) $(LDFLAGS) -o $@ $^ $($*-libs)

clean:
	$(Q)rm -f $(progs-out) $(OUTPUT)*.o $(OUTPUT)*.d

.PHONY: all clean install
