# xen-blkback: the block backend daemon (tools/blkback/, io_uring).
BLKBACK_SRCS := $(wildcard tools/blkback/*.c)

$(DIST)/bin/xen-blkback: $(call host_objs,$(BLKBACK_SRCS)) $(TOOLS_LIBS) $(BUILD)/lib/libxenstore.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -luring -lpthread

ALL_TARGETS += $(DIST)/bin/xen-blkback
