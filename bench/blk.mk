# bench/blk.sh: the dom0 direct-I/O baseline beside the guest's blkbench.
$(BUILD)/bench/blkload: $(call host_objs,bench/blkload.c)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -luring

BENCH_TARGETS += $(BUILD)/bench/blkload $(DIST)/boot/special-blkbench $(DIST)/bin/xen-blkback
