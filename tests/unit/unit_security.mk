# Unit tests of the defences against local users (docs/security.md),
# built with unit.mk's unit_test: this file must sort after unit.mk
# (make sorts bytewise: "unit-x.mk" would come first, "unit_x.mk" after).
$(eval $(call unit_test,term_filter,tools/misc/term_filter.c))
# xenstored's persist.c opens its files through libxenctrl's run-directory
# helpers: test_xs_protocol (unit.mk) links them too.
$(UNIT_DIR)/test_xs_protocol: $(call asan_objs,tools/libs/ctrl/xc_rundir.c)
