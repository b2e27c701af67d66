# Toolstack libraries and launchers.

LIBXENCTRL_SRCS  := $(wildcard tools/libs/ctrl/*.c)
LIBXENEVTCHN_SRCS := $(wildcard tools/libs/evtchn/*.c)
LIBXENGUEST_SRCS := $(wildcard tools/libs/guest/*.c)
LIBXENGNTTAB_SRCS := $(wildcard tools/libs/gnttab/*.c)
# What a program linking libxenguest needs: its kernel decompressors.
LIBXENGUEST_LDLIBS := -lz -lbz2 -llzma -llzo2 -llz4 -lzstd

$(BUILD)/lib/libxenctrl.a: $(call host_objs,$(LIBXENCTRL_SRCS))
$(BUILD)/lib/libxenevtchn.a: $(call host_objs,$(LIBXENEVTCHN_SRCS))
$(BUILD)/lib/libxenguest.a: $(call host_objs,$(LIBXENGUEST_SRCS))
$(BUILD)/lib/libxengnttab.a: $(call host_objs,$(LIBXENGNTTAB_SRCS))

$(BUILD)/lib/%.a:
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

TOOLS_LIBS := $(BUILD)/lib/libxenguest.a $(BUILD)/lib/libxenevtchn.a \
              $(BUILD)/lib/libxengnttab.a \
              $(BUILD)/lib/libxenctrl.a

$(DIST)/bin/xen-run: $(call host_objs,tools/misc/xen-run.c tools/misc/xen_launch.c tools/misc/xen_run_store.c tools/misc/term_filter.c) $(TOOLS_LIBS) $(BUILD)/lib/libxenstore.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lpthread $(LIBXENGUEST_LDLIBS)

ALL_TARGETS += $(TOOLS_LIBS) $(DIST)/bin/xen-run
