# xen-blkback: the block backend daemon (tools/blkback/, io_uring).
BLKBACK_SRCS := $(wildcard tools/blkback/*.c)

$(DIST)/bin/xen-blkback: $(call host_objs,$(BLKBACK_SRCS)) $(TOOLS_LIBS) $(BUILD)/lib/libxenstore.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -luring -lpthread

ALL_TARGETS += $(DIST)/bin/xen-blkback

# The same under ASan and UBSan, for the hostile-frontend test.
$(BUILD)/xen-blkback-asan: $(call asan_objs,$(BLKBACK_SRCS)) $(TOOLS_LIBS) $(BUILD)/lib/libxenstore.a
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) -o $@ $^ -luring -lpthread

CHECK_TARGETS += $(BUILD)/xen-blkback-asan
