# xenstore benchmark (make bench): bench/xenstore.sh drives it.
$(BUILD)/bench/xsbench: $(call host_objs,bench/xsbench.c bench/kvm_floor.c) $(BUILD)/lib/libxenstore.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lpthread

BENCH_TARGETS += $(BUILD)/bench/xsbench $(DIST)/boot/special-xsbench
