# make install [DESTDIR=...] [PREFIX=/usr]: the programs, the man pages
# (docs/man/*.md as roff, scripts/md2man.py), bash completion, the init
# script, systemd units, /etc/xen/xl.conf and the guest kernels, where a
# Debian admin looks for them. Configuration files already there are kept
# (the new one goes beside them as *.dist).
PREFIX     ?= /usr/local
SBINDIR    := $(PREFIX)/sbin
BINDIR     := $(PREFIX)/bin
MANDIR     := $(PREFIX)/share/man
XENLIBDIR  := $(PREFIX)/lib/xen
DOCDIR     := $(PREFIX)/share/doc/xen-pv
COMPLDIR   := $(PREFIX)/share/bash-completion/completions
UNITDIR    ?= /lib/systemd/system
SYSCONFDIR ?= /etc

INSTALL_SBIN := xen xenstored xenconsoled xl xen-run xenstore xen-blkback \
                xen-netback
XENSTORE_CLIENTS := xenstore-read xenstore-write xenstore-ls xenstore-list \
                    xenstore-rm xenstore-exists xenstore-chmod xenstore-watch \
                    xenstore-control
UNITS := xen.service xenstored.service xenconsoled.service
D := $(DESTDIR)

.PHONY: install
install: all
	install -d $(D)$(SBINDIR) $(D)$(BINDIR) $(D)$(XENLIBDIR)/boot $(D)$(DOCDIR)/examples \
	    $(D)$(COMPLDIR) $(D)$(UNITDIR) $(D)$(SYSCONFDIR)/xen $(D)$(SYSCONFDIR)/init.d \
	    $(D)$(MANDIR)/man1 $(D)$(MANDIR)/man5 $(D)$(MANDIR)/man8
	for p in $(INSTALL_SBIN); do install -m 0755 $(DIST)/bin/$$p $(D)$(SBINDIR)/$$p; done
	# The clients in sbin beside the daemons (xencommons finds them there)
	# and in bin for every user, as Debian's xen-utils put them.
	for p in $(XENSTORE_CLIENTS); do ln -sf xenstore $(D)$(SBINDIR)/$$p; \
	    ln -sf ../sbin/xenstore $(D)$(BINDIR)/$$p; done
	ln -sf ../sbin/xl $(D)$(BINDIR)/xl
	ln -sf ../sbin/xen-run $(D)$(BINDIR)/xen-run
	install -m 0644 $(DIST)/boot/mini-os $(D)$(XENLIBDIR)/boot/mini-os
	install -m 0644 $(DIST)/boot/webserver $(D)$(XENLIBDIR)/boot/webserver
	install -m 0644 $(DIST)/boot/mini-os-disk $(D)$(XENLIBDIR)/boot/mini-os-disk
	# The hotplug scripts where Xen's toolstack names them.
	install -d $(D)$(SYSCONFDIR)/xen/scripts
	install -m 0755 tools/hotplug/vif-bridge $(D)$(SYSCONFDIR)/xen/scripts/vif-bridge
	# The examples name the kernel where it is installed, not in the tree.
	for f in config/examples/*; do \
	    sed -e 's|^kernel = "dist/boot/|kernel = "$(XENLIBDIR)/boot/|' \
	        -e 's|<kernel>dist/boot/|<kernel>$(XENLIBDIR)/boot/|' \
	        $$f >$(D)$(DOCDIR)/examples/$$(basename $$f); \
	    chmod 0644 $(D)$(DOCDIR)/examples/$$(basename $$f); done
	sed 's|^XEN_BINDIR=.*|XEN_BINDIR=$${XEN_BINDIR:-$(SBINDIR)}|' tools/hotplug/xencommons \
	    >$(D)$(SYSCONFDIR)/init.d/xencommons
	chmod 0755 $(D)$(SYSCONFDIR)/init.d/xencommons
	for u in $(UNITS); do sed 's|@SBINDIR@|$(SBINDIR)|g' tools/hotplug/systemd/$$u \
	    >$(D)$(UNITDIR)/$$u; chmod 0644 $(D)$(UNITDIR)/$$u; done
	if [ -e $(D)$(SYSCONFDIR)/xen/xl.conf ]; then \
	    install -m 0644 tools/examples/xl.conf $(D)$(SYSCONFDIR)/xen/xl.conf.dist; \
	else install -m 0644 tools/examples/xl.conf $(D)$(SYSCONFDIR)/xen/xl.conf; fi
	install -m 0644 tools/xl/bash-completion $(D)$(COMPLDIR)/xl
	for m in docs/man/*.[158].md; do \
	    page=$$(basename $$m .md); sec=$${page##*.}; \
	    python3 scripts/md2man.py $$m $(D)$(MANDIR)/man$$sec/$$page || exit 1; \
	    gzip -9nf $(D)$(MANDIR)/man$$sec/$$page; done
