# SPDX-License-Identifier: GPL-2.0
#
# tools/Rules.mk: the one set of build and install rules of xen-tools.
# Each directory's Makefile says *what* it builds and installs, in the
# variables below, then includes this file, before any rule of its own,
# for *how*.  Programs and libraries are ordinary ones for the port's
# architecture (HOSTCC from the top Makefile: gcc -m64 on x86_64, gcc
# -m32 on the 32-bit ports, with Debian's i386 multiarch libraries),
# linked against its C library.  Every output goes to $(OUTPUT),
# as in Linux's tools/ (default: the source directory).
#
#	make -C tools/<dir> OUTPUT=<abs dir>/ [V=1] all|install|clean
#
# Programs:
#   PROGS             programs built here; <prog> is linked from:
#   <prog>-objs       its objects (foo.o is compiled from foo.c here)
#   <prog>-libs       tools/libs/ libraries it links, by directory (store util)
#   <prog>-ldlibs     other libraries (-ltdb)
#   SBIN, BIN         the PROGS installed to $(sbindir), to $(bindir)
#   LINKS             <name>:<prog> symlinks, built here and installed in $(bindir)
#
# A shared library (tools/libs/<dir>/ only):
#   LIB               its name without "lib": xenstore makes libxenstore.so
#   LIB_MAJOR         ABI version: the soname is lib$(LIB).so.$(LIB_MAJOR); bump
#                     it when an exported function changes or goes away
#   LIB_MINOR         the file is lib$(LIB).so.$(LIB_MAJOR).$(LIB_MINOR)
#   LIB_OBJS          its objects, compiled with -fPIC.  While empty (a library
#                     not written yet) nothing is built or installed
#   LIB_LDLIBS        libraries it needs (-luuid)
#   LIB_HEADERS       its public headers, in include/, installed to $(includedir)
#   LIB_PUBLIC        ABI headers of include/public/ they include, as
#                     <xen/...>: installed to $(includedir)/xen/
#   USES_LIBS         other tools/libs/ libraries it links, by directory
#   lib$(LIB).map     (a file here) its version script: what it exports
#
# Configuration samples and scripts:
#   ETC_FILES         files installed to $(sysconfdir)/xen
#   ETC_SCRIPTS       executables installed to $(sysconfdir)/xen/scripts
#
#   CLEAN_FILES       more outputs (under $(OUTPUT)) for make clean
#
# A program that links a tools/libs/ library finds it at run time through
# the system's library path once installed; run from the build tree it
# needs LD_LIBRARY_PATH=$(TOOLS_LIBPATH), which test rules set.
# Documentation/guides/adding-a-tool.rst walks through an example.

TOOLS_ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
SRCDIR := $(patsubst %/,%,$(dir $(abspath $(firstword $(MAKEFILE_LIST)))))
REL := $(patsubst $(TOOLS_ROOT)/%,%,$(SRCDIR))
XEN_ROOT := $(patsubst %/,%,$(dir $(TOOLS_ROOT)))

OUTPUT ?= $(SRCDIR)/
override OUTPUT := $(patsubst %//,%/,$(OUTPUT)/)
# The output directory of tools/ itself, where the libraries a directory
# uses are built: $(OUTPUT) is normally <tools out>/<dir>/.
TOOLS_OUT := $(if $(filter %/$(REL)/,$(OUTPUT)),$(patsubst %/$(REL)/,%/,$(OUTPUT)),$(OUTPUT)tools/)
# The top Makefile exports its VPATH (the source tree); ours are full paths.
VPATH :=

HOSTCC ?= cc
# The architecture the tools are built for, from the compiler (and its
# flags: gcc -m32 makes i386 programs): x86_64 or x86_32, Xen's names.
# A directory whose sources differ by it picks files with it.
XEN_TARGET_ARCH := $(if $(filter __i386__,$(shell $(HOSTCC) -dM -E -x c /dev/null \
	2>/dev/null | grep -ow __i386__)),x86_32,x86_64)
XENVERSION ?= 0.0.0
INSTALL ?= install
prefix ?= /usr/local
exec_prefix ?= $(prefix)
bindir ?= $(exec_prefix)/bin
sbindir ?= $(exec_prefix)/sbin
libdir ?= $(exec_prefix)/lib
includedir ?= $(prefix)/include
sysconfdir ?= /etc

ifeq ($(V),1)
  Q :=
  msg = @true
else
  Q := @
  msg = @printf '  %-7s %s\n' '$(1)' '$(2)'
endif

# tools/libs/<dir> and the library it makes.
libname-ctrl := xenctrl
libname-evtchn := xenevtchn
libname-gnttab := xengnttab
libname-guest := xenguest
libname-store := xenstore
libname-util := xlutil
lib-so = $(TOOLS_OUT)libs/$(1)/lib$(libname-$(1)).so

uses-libs := $(sort $(USES_LIBS) $(foreach p,$(PROGS),$($(p)-libs)))
empty :=
space := $(empty) $(empty)
TOOLS_LIBPATH = $(subst $(space),:,$(foreach l,$(uses-libs),$(TOOLS_OUT)libs/$(l)))

TOOLS_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-I$(SRCDIR) -I$(SRCDIR)/include \
	$(foreach l,$(uses-libs),-I$(TOOLS_ROOT)/libs/$(l)/include) \
	-I$(TOOLS_ROOT)/include -DXEN_TOOLS_VERSION='"$(XENVERSION)"' \
	$(if $(LIB),-fPIC) $(CFLAGS)

progs-out := $(addprefix $(OUTPUT),$(PROGS))
links-out := $(foreach l,$(LINKS),$(OUTPUT)$(firstword $(subst :, ,$(l))))

ifneq ($(LIB),)
ifneq ($(strip $(LIB_OBJS)),)
lib-soname := lib$(LIB).so.$(LIB_MAJOR)
lib-file := $(lib-soname).$(LIB_MINOR)
lib-map := $(SRCDIR)/lib$(LIB).map
lib-out := $(OUTPUT)$(lib-file) $(OUTPUT)$(lib-soname) $(OUTPUT)lib$(LIB).so
endif
endif

all: $(progs-out) $(lib-out) $(links-out)
	@:

$(OUTPUT)%.o: $(SRCDIR)/%.c
	@mkdir -p $(dir $@)
	$(call msg,CC,$(patsubst $(OUTPUT)%,%,$@))
	$(Q)$(HOSTCC) $(TOOLS_CFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard $(OUTPUT)*.d)

ifneq ($(lib-out),)
$(OUTPUT)$(lib-file): $(addprefix $(OUTPUT),$(LIB_OBJS)) $(lib-map) \
		$(foreach l,$(USES_LIBS),$(call lib-so,$(l)))
	$(call msg,LD,$(notdir $@))
	$(Q)$(HOSTCC) $(LDFLAGS) -shared -Wl,-soname,$(lib-soname) \
		-Wl,--version-script=$(lib-map) -Wl,--no-undefined -o $@ \
		$(filter %.o %.so,$^) $(LIB_LDLIBS)

$(OUTPUT)$(lib-soname): $(OUTPUT)$(lib-file)
	$(Q)ln -sf $(lib-file) $@

$(OUTPUT)lib$(LIB).so: $(OUTPUT)$(lib-soname)
	$(Q)ln -sf $(lib-soname) $@
endif

# A library of another directory is made by that directory's Makefile.
define uses-lib-rule
$(call lib-so,$(1)): FORCE
	$$(Q)$$(MAKE) -s --no-print-directory -C $(TOOLS_ROOT)/libs/$(1) \
		OUTPUT=$(TOOLS_OUT)libs/$(1)/ all
endef
$(foreach l,$(uses-libs),$(eval $(call uses-lib-rule,$(l))))

.SECONDEXPANSION:
$(progs-out): $(OUTPUT)%: $$(addprefix $(OUTPUT),$$($$*-objs)) \
		$$(foreach l,$$($$*-libs),$$(call lib-so,$$(l)))
	$(call msg,LD,$(notdir $@))
	$(Q)$(HOSTCC) $(LDFLAGS) -o $@ $(filter %.o %.so,$^) $($*-ldlibs)

$(foreach l,$(LINKS),$(eval $(OUTPUT)$(firstword $(subst :, ,$(l))): \
	$(OUTPUT)$(lastword $(subst :, ,$(l))) ; $$(Q)ln -sf $(lastword $(subst :, ,$(l))) $$@))

install: all
ifneq ($(SBIN),)
	$(call msg,INSTALL,$(addprefix $(sbindir)/,$(SBIN)))
	$(Q)$(INSTALL) -d $(DESTDIR)$(sbindir)
	$(Q)$(INSTALL) -m 0755 $(addprefix $(OUTPUT),$(SBIN)) $(DESTDIR)$(sbindir)/
endif
ifneq ($(BIN),)
	$(call msg,INSTALL,$(addprefix $(bindir)/,$(BIN)))
	$(Q)$(INSTALL) -d $(DESTDIR)$(bindir)
	$(Q)$(INSTALL) -m 0755 $(addprefix $(OUTPUT),$(BIN)) $(DESTDIR)$(bindir)/
endif
ifneq ($(LINKS),)
	$(Q)$(INSTALL) -d $(DESTDIR)$(bindir)
	$(Q)$(foreach l,$(LINKS),ln -sf $(lastword $(subst :, ,$(l))) \
		$(DESTDIR)$(bindir)/$(firstword $(subst :, ,$(l))) &&) true
endif
ifneq ($(lib-out),)
	$(call msg,INSTALL,$(libdir)/$(lib-file))
	$(Q)$(INSTALL) -d $(DESTDIR)$(libdir)
	$(Q)$(INSTALL) -m 0644 $(OUTPUT)$(lib-file) $(DESTDIR)$(libdir)/
	$(Q)ln -sf $(lib-file) $(DESTDIR)$(libdir)/$(lib-soname)
	$(Q)ln -sf $(lib-soname) $(DESTDIR)$(libdir)/lib$(LIB).so
ifneq ($(LIB_HEADERS),)
	$(call msg,INSTALL,$(addprefix $(includedir)/,$(LIB_HEADERS)))
	$(Q)$(INSTALL) -d $(DESTDIR)$(includedir)
	$(Q)$(INSTALL) -m 0644 $(addprefix $(SRCDIR)/include/,$(LIB_HEADERS)) \
		$(DESTDIR)$(includedir)/
endif
ifneq ($(LIB_PUBLIC),)
	$(call msg,INSTALL,$(addprefix $(includedir)/xen/,$(LIB_PUBLIC)))
	$(Q)$(foreach h,$(LIB_PUBLIC),$(INSTALL) -D -m 0644 \
		$(XEN_ROOT)/include/public/$(h) $(DESTDIR)$(includedir)/xen/$(h) &&) true
endif
endif
ifneq ($(ETC_FILES),)
	$(call msg,INSTALL,$(addprefix $(sysconfdir)/xen/,$(ETC_FILES)))
	$(Q)$(INSTALL) -d $(DESTDIR)$(sysconfdir)/xen
	$(Q)$(INSTALL) -m 0644 $(addprefix $(SRCDIR)/,$(ETC_FILES)) \
		$(DESTDIR)$(sysconfdir)/xen/
endif
ifneq ($(ETC_SCRIPTS),)
	$(call msg,INSTALL,$(addprefix $(sysconfdir)/xen/scripts/,$(ETC_SCRIPTS)))
	$(Q)$(INSTALL) -d $(DESTDIR)$(sysconfdir)/xen/scripts
	$(Q)$(INSTALL) -m 0755 $(addprefix $(SRCDIR)/,$(ETC_SCRIPTS)) \
		$(DESTDIR)$(sysconfdir)/xen/scripts/
endif

clean:
	$(Q)rm -rf $(progs-out) $(lib-out) $(links-out) $(OUTPUT)*.o \
		$(OUTPUT)*.d $(addprefix $(OUTPUT),$(CLEAN_FILES))

.PHONY: all install clean FORCE
.DELETE_ON_ERROR:
