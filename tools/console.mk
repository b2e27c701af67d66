# xenconsoled: every domain's PV console (tools/console/).
XENCONSOLED_SRCS := $(wildcard tools/console/*.c)

$(DIST)/bin/xenconsoled: $(call host_objs,$(XENCONSOLED_SRCS)) $(TOOLS_LIBS) $(BUILD)/lib/libxenstore.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lpthread

ALL_TARGETS += $(DIST)/bin/xenconsoled
