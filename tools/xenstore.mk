# libxenstore and the xenstore command-line tools.
LIBXENSTORE_SRCS := $(wildcard tools/libs/store/*.c)
$(BUILD)/lib/libxenstore.a: $(call host_objs,$(LIBXENSTORE_SRCS))

XENSTORE_CLI_NAMES := xenstore-read xenstore-write xenstore-ls xenstore-list \
    xenstore-rm xenstore-exists xenstore-chmod xenstore-watch xenstore-control

$(DIST)/bin/xenstore: $(call host_objs,$(wildcard tools/xenstore-clients/*.c)) $(BUILD)/lib/libxenstore.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lpthread
	for n in $(XENSTORE_CLI_NAMES); do ln -sf xenstore $(DIST)/bin/$$n; done

ALL_TARGETS += $(BUILD)/lib/libxenstore.a $(DIST)/bin/xenstore
