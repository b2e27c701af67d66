# The init scripts and systemd units (tools/hotplug/): xencommons is also
# a program of dist/bin, next to the daemons it starts.
$(DIST)/bin/xencommons: tools/hotplug/xencommons
	@mkdir -p $(dir $@)
	install -m 755 $< $@

ALL_TARGETS += $(DIST)/bin/xencommons
