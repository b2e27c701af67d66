# xen-netback: every vif's backend (tools/netback/), and the vif-bridge
# hotplug script it runs, installed beside it as Xen's scripts are.
NETBACK_SRCS := $(wildcard tools/netback/*.c)

$(DIST)/bin/xen-netback: $(call host_objs,$(NETBACK_SRCS)) $(TOOLS_LIBS) $(BUILD)/lib/libxenstore.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -luring -lpthread

$(DIST)/etc/xen/scripts/vif-bridge: tools/hotplug/vif-bridge
	@mkdir -p $(dir $@)
	install -m 755 $< $@

ALL_TARGETS += $(DIST)/bin/xen-netback $(DIST)/etc/xen/scripts/vif-bridge
