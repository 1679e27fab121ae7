# Halo → AlienVault/OSSIM toolkit.
#   make test                 install the test prerequisites if missing, then run every test (CI runs this)
#   make check                the fast tier: build, then the unit and in-process tests (about 1.5 minutes)
#   make build                release binaries
#   make manuals              man pages and bash/zsh completions, generated into MANUALS (below)
#   make dist                 the self-contained release: a Debian package and a tarball (below)

SWIFT ?= swift

.PHONY: test check build
# Two tiers of tests (README, "Tests"). Both run one test at a time: the suites start real servers and
# child processes (emulators, MariaDB, rsyslogd, kill -9 campaigns), which on a small machine would
# otherwise starve each other into time-outs.
#   check  after a build, the test targets of the modules, whose tests run in-process (the emulator on
#          127.0.0.1; none of the built executables, no daemon): CHECK_TARGETS, less the two suites that
#          start MariaDB or rsyslogd (CHECK_SKIP). 176 tests; 1 min 22 s measured on the 2-core machine
#          after `swift build --build-tests`.
#   test   every test: also ExecutableTests (halo-events, halo-sim and halo-sidbuilder run as child
#          processes), EndToEndTests (make install, cron, logrotate, MariaDB, the demo, the benchmark's
#          smoke run), ReliabilityTests (the campaigns' short forms) and the two daemon suites.
#          288 tests, 9–17 minutes.
CHECK_TARGETS = HaloModelTests|HaloCommandLineTests|HaloOutputTests|HaloSIDMapTests|HaloSimulatorTests|HaloConnectorTests
CHECK_SKIP = HaloSIDMapTests\.MariaDBTests|HaloOutputTests\.SyslogSinkTests|HaloConnectorTests\.APIVariantsTests|HaloConnectorTests\.LateArrivalDayTests

test:
	scripts/install-test-deps
	$(SWIFT) build --product generate-manual
	$(SWIFT) test --no-parallel

check:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel --filter '^($(CHECK_TARGETS))\.' --skip '^($(CHECK_SKIP))/'

build:
	$(SWIFT) build -c release

# Installing on an AlienVault sensor or all-in-one (see docs/deploy.md):
#   make install              release build (static Swift runtime), then install under PREFIX
#   make uninstall            remove what install put; PURGE=1 also removes the auth file and the state
# Settings:
#   PREFIX=/usr/local         binaries in PREFIX/bin, SQL and SID seed in PREFIX/share/halo-ossim-toolkit
#   SYSCONFDIR=/etc           cron.d, logrotate.d, ossim/agent/plugins, halo-events/haloEvents.auth
#   LOCALSTATEDIR=/var        lib/halo-events (checkpoints, SID table), log/ (the two logs)
#   DESTDIR=                  staging directory put before every path (the files name paths without it)
#   ROTATE=14                 old log files logrotate keeps
#   BINARIES=                 install the executables already built in this directory (e.g. .build/debug)
#                             instead of making a release build (whose debug info is stripped: STRIP=strip)
#   MANUALS=.build/manuals    where `make manuals` (run by install) generates the man pages and completions
#   GENERATE_MANUAL=          swift-argument-parser's generate-manual (default: BINARIES/generate-manual if
#                             there, else built by `swift build --product generate-manual`)

PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
LOCALSTATEDIR ?= /var
DESTDIR ?=
ROTATE ?= 14
BINARIES ?=
PURGE ?=
STRIP ?= strip

BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
BASHCOMPLETIONDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPLETIONDIR = $(PREFIX)/share/zsh/site-functions
SYSTEMDDIR = $(PREFIX)/lib/systemd/system
DATADIR = $(PREFIX)/share/halo-ossim-toolkit
STATEDIR = $(LOCALSTATEDIR)/lib/halo-events
AUTHDIR = $(SYSCONFDIR)/halo-events
PLUGINDIR = $(SYSCONFDIR)/ossim/agent/plugins
PROGRAMS = halo-events halo-sidbuilder halo-sim
RELEASE_BINARIES = .build/release

# The shipped files name the default paths; this rewrites /usr/local/, /etc/ and /var/ where a path
# starts (after a space, =, :, quote, < or >), so a PREFIX holding "/etc/" is never rewritten twice.
REWRITE = sed -E \
	-e 's@(^|[[:space:]=:"'\''<>])/usr/local/@\1$(PREFIX)/@g' \
	-e 's@(^|[[:space:]=:"'\''<>])/etc/@\1$(SYSCONFDIR)/@g' \
	-e 's@(^|[[:space:]=:"'\''<>])/var/@\1$(LOCALSTATEDIR)/@g'

BIN = $(or $(BINARIES),$(RELEASE_BINARIES))
MANUALS ?= .build/manuals
GENERATE_MANUAL ?=
AUTHFILE = $(DESTDIR)$(AUTHDIR)/haloEvents.auth
SIDTABLE = $(DESTDIR)$(STATEDIR)/cloudpassage-halo.sqlite

# Writes $(1) rewritten for the paths (and $(3): more sed arguments) to $(2) with mode 0644 or $(4),
# through a temporary file and a rename, so cron and logrotate never read half a file.
define install-rewritten
	$(REWRITE) $(3) $(1) > '$(dir $(2)).$(notdir $(2)).new'
	chmod $(or $(4),0644) '$(dir $(2)).$(notdir $(2)).new'
	mv -f '$(dir $(2)).$(notdir $(2)).new' '$(2)'
endef

.PHONY: install uninstall release-binaries manuals
release-binaries:
	$(SWIFT) build -c release --static-swift-stdlib

# The man pages (swift-argument-parser's generate-manual over each executable's ArgumentParser
# definitions) and the bash and zsh completions (each executable's --generate-completion-script), into
# MANUALS/man1, MANUALS/bash-completion and MANUALS/zsh; nothing of it is committed.
MANUAL_TOOL = $(or $(GENERATE_MANUAL),$(wildcard $(BIN)/generate-manual))
manuals: $(if $(BINARIES),,release-binaries)
	$(if $(MANUAL_TOOL),,$(SWIFT) build --product generate-manual)
	rm -rf '$(MANUALS)'
	install -d '$(MANUALS)/man1' '$(MANUALS)/bash-completion' '$(MANUALS)/zsh'
	tool="$(or $(MANUAL_TOOL),$$($(SWIFT) build --show-bin-path)/generate-manual)"; \
	for p in $(PROGRAMS); do \
		"$$tool" '$(BIN)'/$$p --authors 'halo-ossim-toolkit' -o '$(MANUALS)/man1' && \
		'$(BIN)'/$$p --generate-completion-script bash > '$(MANUALS)/bash-completion'/$$p && \
		'$(BIN)'/$$p --generate-completion-script zsh > '$(MANUALS)/zsh'/_$$p || exit 1; \
	done

install: $(if $(BINARIES),,release-binaries) manuals
	@case '$(ROTATE)' in ''|*[!0-9]*) echo "make install: ROTATE=$(ROTATE) is not a number of old logs to keep" >&2; exit 1;; esac
	@for p in $(PROGRAMS); do test -x '$(BIN)'/$$p || \
		{ echo "make install: $(BIN)/$$p is missing: build it, or leave BINARIES unset for a release build" >&2; exit 1; }; done
	install -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(DATADIR)/sidmap' '$(DESTDIR)$(PLUGINDIR)' \
		'$(DESTDIR)$(SYSCONFDIR)/cron.d' '$(DESTDIR)$(SYSCONFDIR)/logrotate.d' '$(DESTDIR)$(LOCALSTATEDIR)/log'
	install -d -m 0750 '$(DESTDIR)$(AUTHDIR)' '$(DESTDIR)$(STATEDIR)' '$(DESTDIR)$(STATEDIR)/agent'
	install -m 0755 $(addprefix '$(BIN)'/,$(PROGRAMS)) '$(DESTDIR)$(BINDIR)'
	$(if $(BINARIES),,$(STRIP) --strip-debug $(addprefix '$(DESTDIR)$(BINDIR)'/,$(PROGRAMS)))
	$(call install-rewritten,scripts/halo-sidmap-update,$(DESTDIR)$(BINDIR)/halo-sidmap-update,,0755)
	$(call install-rewritten,cron/cloudpassage-halo,$(DESTDIR)$(SYSCONFDIR)/cron.d/cloudpassage-halo)
	$(call install-rewritten,logrotate/cloudpassage-halo,$(DESTDIR)$(SYSCONFDIR)/logrotate.d/cloudpassage-halo,\
		-e 's/^([[:space:]]*rotate[[:space:]]+)[0-9]+/\1$(ROTATE)/')
	$(call install-rewritten,plugin/cloudpassage-halo.cfg,$(DESTDIR)$(PLUGINDIR)/cloudpassage-halo.cfg)
	install -m 0644 plugin/cloudpassage-halo.functions '$(DESTDIR)$(PLUGINDIR)/cloudpassage-halo.functions'
	install -m 0644 sidmap/* '$(DESTDIR)$(DATADIR)/sidmap'
	install -d '$(DESTDIR)$(MANDIR)' '$(DESTDIR)$(BASHCOMPLETIONDIR)' '$(DESTDIR)$(ZSHCOMPLETIONDIR)' '$(DESTDIR)$(SYSTEMDDIR)'
	install -m 0644 $(foreach p,$(PROGRAMS),'$(MANUALS)/man1/$(p).1') '$(DESTDIR)$(MANDIR)'
	install -m 0644 $(foreach p,$(PROGRAMS),'$(MANUALS)/bash-completion/$(p)') '$(DESTDIR)$(BASHCOMPLETIONDIR)'
	install -m 0644 $(foreach p,$(PROGRAMS),'$(MANUALS)/zsh/_$(p)') '$(DESTDIR)$(ZSHCOMPLETIONDIR)'
	$(call install-rewritten,systemd/halo-events.service,$(DESTDIR)$(SYSTEMDDIR)/halo-events.service)
	$(call install-rewritten,systemd/halo-events.timer,$(DESTDIR)$(SYSTEMDDIR)/halo-events.timer)
	@if [ ! -e '$(AUTHFILE)' ]; then \
		(umask 077; printf '%s\n' '# Halo API keys, one account per line:  key_id|secret' \
			'# A read-only ("auditor") key is enough. Keep this file mode 0600, owned by root.' > '$(AUTHFILE)') && \
		chmod 0600 '$(AUTHFILE)' && \
		echo "make install: wrote a sample $(AUTHFILE): put your Halo API key id and secret in it"; \
	fi
	@if [ ! -e '$(SIDTABLE)' ]; then \
		'$(BIN)/halo-sidbuilder' init --db '$(SIDTABLE)' --seed '$(DESTDIR)$(DATADIR)/sidmap/cloudpassage-halo-sids.tsv'; \
	fi

uninstall:
	rm -f $(foreach p,$(PROGRAMS) halo-sidmap-update,'$(DESTDIR)$(BINDIR)/$(p)') \
		'$(DESTDIR)$(SYSCONFDIR)/cron.d/cloudpassage-halo' '$(DESTDIR)$(SYSCONFDIR)/logrotate.d/cloudpassage-halo' \
		'$(DESTDIR)$(PLUGINDIR)/cloudpassage-halo.cfg' '$(DESTDIR)$(PLUGINDIR)/cloudpassage-halo.functions' \
		$(foreach p,$(PROGRAMS),'$(DESTDIR)$(MANDIR)/$(p).1' '$(DESTDIR)$(BASHCOMPLETIONDIR)/$(p)' '$(DESTDIR)$(ZSHCOMPLETIONDIR)/_$(p)') \
		'$(DESTDIR)$(SYSTEMDDIR)/halo-events.service' '$(DESTDIR)$(SYSTEMDDIR)/halo-events.timer'
	rm -rf '$(DESTDIR)$(DATADIR)'
ifeq ($(PURGE),1)
	rm -rf '$(AUTHFILE)' '$(DESTDIR)$(STATEDIR)'
	-rmdir '$(DESTDIR)$(AUTHDIR)'
else
	@echo "make uninstall: kept $(AUTHFILE) and $(DESTDIR)$(STATEDIR) (PURGE=1 removes them too)"
endif
	@echo "make uninstall: remove the cloudpassage-halo line from [plugins] in $(SYSCONFDIR)/ossim/agent/config.cfg, then restart ossim-agent"

# The release for the appliance (docs/deploy.md, "The release package"): a release build in its own
# scratch directory (incremental: nothing is rebuilt when nothing changed), then packaging/make-dist
# stages `make install` (PREFIX=/usr), bundles the executables' libraries with glibc's loader, and writes
# DISTDIR/halo-ossim-toolkit_VERSION_amd64.deb and .tar.gz. Needs patchelf and dpkg-deb.
# The Swift runtime is linked dynamically here, unlike `make install`: the package brings it once, in
# its library directory, for all three executables (half the size of three static copies of it and ICU).
DIST_SCRATCH = .build-release
DISTDIR ?= $(DIST_SCRATCH)/dist

.PHONY: dist
dist:
	$(SWIFT) build -c release --scratch-path $(DIST_SCRATCH)
	$(SWIFT) build -c release --scratch-path $(DIST_SCRATCH) --product generate-manual
	packaging/make-dist $(DIST_SCRATCH)/release '$(DISTDIR)'
