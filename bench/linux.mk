# Linux guest benchmarks (make bench BENCH=linux): bench/linux.sh.
$(BUILD)/bench/linuxbench: bench/linux/linuxbench.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -static -o $@ $<

BENCH_TARGETS += $(BUILD)/bench/linuxbench
