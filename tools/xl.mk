# xl: one file per subcommand family (tools/xl/), on libxl and libxlutil.
XL_SRCS := $(wildcard tools/xl/*.c) tools/misc/term_filter.c
$(call host_objs,$(wildcard tools/xl/*.c)): HOST_CFLAGS += $(XLU_CFLAGS)

$(DIST)/bin/xl: $(call host_objs,$(XL_SRCS)) $(BUILD)/lib/libxlutil.a $(LIBXL_LINK)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(XL_STATIC_LIBS)

ALL_TARGETS += $(DIST)/bin/xl
