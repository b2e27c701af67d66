# The xenstore daemon.
XENSTORED_SRCS := $(wildcard tools/xenstored/*.c)

$(DIST)/bin/xenstored: $(call host_objs,$(XENSTORED_SRCS))
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^

ALL_TARGETS += $(DIST)/bin/xenstored
