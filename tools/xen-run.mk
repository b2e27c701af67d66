# xen-run: boots kernels through libxl and serves their consoles itself
# (tools/misc/xen-run.c). Linked as xl is: libraries static, no libxml2.
XEN_RUN_SRCS := tools/misc/xen-run.c tools/misc/xen_launch.c \
                tools/misc/xen_run_store.c tools/misc/term_filter.c

$(DIST)/bin/xen-run: $(call host_objs,$(XEN_RUN_SRCS)) $(LIBXL_LINK)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(XL_STATIC_LIBS)

ALL_TARGETS += $(DIST)/bin/xen-run
