# The xenstore daemon.
XENSTORED_SRCS := $(wildcard tools/xenstored/*.c)

$(DIST)/bin/xenstored: $(call host_objs,$(XENSTORED_SRCS)) $(TOOLS_LIBS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lpthread

ALL_TARGETS += $(DIST)/bin/xenstored
