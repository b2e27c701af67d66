# Unit tests of the defences against local users (docs/security.md),
# built with unit.mk's unit_test: this file must sort after unit.mk
# (make sorts bytewise: "unit-x.mk" would come first, "unit_x.mk" after).
$(eval $(call unit_test,term_filter,tools/misc/term_filter.c))
