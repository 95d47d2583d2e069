# libllmmetrics - GNU make build. `make` builds the libraries and the CLI;
# `make check` runs every test; see README.md.
.SUFFIXES:
.DELETE_ON_ERROR:

VERSION   := $(shell sed -n 's/^\#define LLMM_VERSION_STRING "\(.*\)"/\1/p' include/llmm_common.h)
SOMAJOR   := 0
PREFIX    ?= /usr/local
DESTDIR   ?=
LIBDIR    ?= $(PREFIX)/lib
INCDIR    ?= $(PREFIX)/include
BINDIR    ?= $(PREFIX)/bin
VECTORS   ?= ../shared/vectors
PYTHON    ?= /usr/bin/python3

CC        ?= cc
WARN      := -std=c99 -Wall -Wextra -Werror -pedantic
CFLAGS    ?= -O2
ALL_CFLAGS = $(WARN) $(CFLAGS) -fvisibility=hidden -fPIC -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L
LDLIBS    := -lxxhash -lm
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Every .c under src/<family>/ is part of the library, except the CLI.
LIB_SRC   := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC   := $(sort $(wildcard src/cli/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=build/obj/%.o)
SAN_OBJ   := $(LIB_SRC:%.c=build/san/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=build/obj/%.o)
HEADERS   := $(wildcard include/*.h) $(wildcard src/*/*.h)

# ISA-specific kernels: the file name says which instructions it may use;
# the run-time dispatcher decides whether it is called.
ISA_avx512 := -mavx512f -mavx512bw -mavx512dq -mavx512vl -mavx2 -mfma -mbmi2
ISA_avx2   := -mavx2 -mfma -mbmi2
ISA_sse42  := -msse4.2
isa_flags   = $(foreach i,avx512 avx2 sse42,$(if $(findstring _$(i).c,$<),$(ISA_$(i))))

UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=build/tests/%)
UNIT_SAN  := $(UNIT_SRC:tests/unit/%.c=build/tests-san/%)
PARITY_SRC := $(sort $(wildcard tests/parity/*.c tests/parity/selftest/*.c))
BENCH_SRC := $(sort $(wildcard bench/*.c))
FUZZ_SRC  := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN  := $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 20

.PHONY: go-test go-race all lib cli check unit unit-san parity parity-selftest python-test cli-test abi-test header-test \
        install-test bench fuzz install clean example tsan

all: lib cli

lib: build/libllmmetrics.a build/libllmmetrics.so
cli: build/llmmetrics

build/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(isa_flags) -c $< -o $@

build/san/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(SAN_FLAGS) -fPIC -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L $(isa_flags) -c $< -o $@

build/libllmmetrics.a: $(LIB_OBJ)
	@mkdir -p build
	rm -f $@
	ar rcs $@ $^

build/libllmmetrics.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libllmmetrics.so.$(SOMAJOR) -o $@.$(VERSION) $^ $(LDLIBS)
	ln -sf libllmmetrics.so.$(VERSION) build/libllmmetrics.so.$(SOMAJOR)
	ln -sf libllmmetrics.so.$(VERSION) $@

build/libllmmetrics-san.a: $(SAN_OBJ)
	rm -f $@
	ar rcs $@ $^

build/llmmetrics: $(CLI_OBJ) build/libllmmetrics.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) build/libllmmetrics.a $(LDLIBS)

# ---- tests ---------------------------------------------------------------------
build/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) build/libllmmetrics.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g -Iinclude -Isrc -Itests/unit -D_POSIX_C_SOURCE=200809L $< -o $@ \
	    build/libllmmetrics.a -lcmocka -lpthread $(LDLIBS)

build/tests-san/%: tests/unit/%.c $(wildcard tests/unit/*.h) build/libllmmetrics-san.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(SAN_FLAGS) -Iinclude -Isrc -Itests/unit -D_POSIX_C_SOURCE=200809L $< -o $@ \
	    build/libllmmetrics-san.a -lcmocka -lpthread $(LDLIBS)

# Each `PARITY_METRIC(fn, "name")` line of a handler becomes `PARITY_ENTRY(fn, "name")`.
build/parity_registry.h: $(PARITY_SRC)
	@mkdir -p build
	sed -n 's/^PARITY_METRIC( *\([A-Za-z_][A-Za-z0-9_]*\) *, *\("[^"]*"\) *).*/PARITY_ENTRY(\1, \2)/p' \
	    $(PARITY_SRC) > $@

build/parity: $(PARITY_SRC) tests/parity/*.h build/parity_registry.h build/libllmmetrics.a $(HEADERS)
	$(CC) $(WARN) -O2 -g -Iinclude -Isrc -Itests/parity -Ibuild -D_POSIX_C_SOURCE=200809L \
	    $(PARITY_SRC) -o $@ build/libllmmetrics.a $(LDLIBS)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

unit-san: $(UNIT_SAN)
	@set -e; for t in $(UNIT_SAN); do echo "== $$t (ASan+UBSan)"; \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 $$t; done

parity: build/parity
	@if [ -d "$(VECTORS)" ]; then build/parity "$(VECTORS)"; \
	 else echo "parity: $(VECTORS) not found, skipped"; fi

parity-selftest: build/parity
	sh tests/parity_selftest.sh build/parity

python-test: build/libllmmetrics.so
	LLMMETRICS_LIB=$(CURDIR)/build/libllmmetrics.so PYTHONPATH=bindings/python$(if $(PYTHONPATH),:$(PYTHONPATH)) \
	    $(PYTHON) -m unittest discover -s bindings/python/tests -t bindings/python

cli-test: build/llmmetrics
	PYTHON=$(PYTHON) sh tests/cli_test.sh build/llmmetrics
	$(PYTHON) tests/cli_rouge.py build/llmmetrics "$(VECTORS)"
	sh tests/cli_meteor_test.sh build/llmmetrics
	@if [ -d "$(VECTORS)" ]; then $(PYTHON) tests/cli_vectors.py build/llmmetrics "$(VECTORS)"; \
	 else echo "cli-test: $(VECTORS) not found, vectors through the CLI skipped"; fi

abi-test: build/libllmmetrics.so
	sh tests/abi_symbols.sh build/libllmmetrics.so

header-test:
	sh tests/header_test.sh

install-test: lib
	sh tests/install_test.sh

check: all unit unit-san parity-selftest parity python-test cli-test abi-test header-test install-test go-test go-race tsan
	@echo "make check: all test stages passed"

# ---- examples, bench, fuzz ---------------------------------------------------------
example: build/llmmetrics
	build/llmmetrics bleu examples/refs.a.txt examples/refs.b.txt -i examples/hyps.txt
	build/llmmetrics bleu examples/refs.a.txt examples/refs.b.txt -i examples/hyps.txt -f text

build/bench: $(BENCH_SRC) bench/*.h build/libllmmetrics.a $(HEADERS)
	$(CC) $(WARN) -O2 -Iinclude -Isrc -Ibench -D_POSIX_C_SOURCE=200809L $(BENCH_SRC) \
	    -o $@ build/libllmmetrics.a $(LDLIBS)

bench: build/bench build/libllmmetrics.so
	build/bench ../shared/data
	LLMMETRICS_LIB=$(CURDIR)/build/libllmmetrics.so PYTHONPATH=bindings/python$(if $(PYTHONPATH),:$(PYTHONPATH)) \
	    $(PYTHON) bench/compare_references.py ../shared/data
	LLMMETRICS_LIB=$(CURDIR)/build/libllmmetrics.so PYTHONPATH=bindings/python$(if $(PYTHONPATH),:$(PYTHONPATH)) \
	    $(PYTHON) bench/compare_rouge.py ../shared/data
	LLMMETRICS_LIB=$(CURDIR)/build/libllmmetrics.so PYTHONPATH=bindings/python$(if $(PYTHONPATH),:$(PYTHONPATH)) \
	    $(PYTHON) bench/compare_calib.py
	LLMMETRICS_LIB=$(CURDIR)/build/libllmmetrics.so PYTHONPATH=bindings/python$(if $(PYTHONPATH),:$(PYTHONPATH)) \
	    $(PYTHON) bench/compare_prob.py
	LLMMETRICS_LIB=$(CURDIR)/build/libllmmetrics.so PYTHONPATH=bindings/python$(if $(PYTHONPATH),:$(PYTHONPATH)) \
	    $(PYTHON) bench/compare_meteor.py ../shared/data

build/fuzz/%: fuzz/%.c $(LIB_SRC) $(HEADERS)
	@mkdir -p $(dir $@)
	clang -std=c99 -g -O1 -Wno-psabi -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
	    -D_POSIX_C_SOURCE=200809L $< $(LIB_SRC) -o $@ $(LDLIBS)

fuzz: $(FUZZ_BIN)
	@set -e; for f in $(FUZZ_BIN); do echo "== $$f ($(FUZZ_SECONDS)s)"; \
	    mkdir -p build/fuzz/corpus-$$(basename $$f); \
	    $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -rss_limit_mb=2048 \
	        build/fuzz/corpus-$$(basename $$f) fuzz/seeds 2>&1 | tail -n 3; done

# ---- install -----------------------------------------------------------------------
build/llmmetrics.pc: pkgconfig/llmmetrics.pc.in include/llmm_common.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCDIR@|$(INCDIR)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

install: lib cli build/llmmetrics.pc
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR) $(DESTDIR)$(BINDIR)
	install -m 644 include/*.h $(DESTDIR)$(INCDIR)/
	install -m 644 build/libllmmetrics.a $(DESTDIR)$(LIBDIR)/
	install -m 755 build/libllmmetrics.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libllmmetrics.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libllmmetrics.so.$(SOMAJOR)
	ln -sf libllmmetrics.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libllmmetrics.so
	install -m 644 build/llmmetrics.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 755 build/llmmetrics $(DESTDIR)$(BINDIR)/

clean:
	rm -rf build

# ---- Go binding (cgo): runs when a Go toolchain is installed (CI installs golang-go) --
go-test: build/libllmmetrics.a
	@if command -v go >/dev/null 2>&1; then \
	    cd bindings/go && CGO_CFLAGS="-I$(CURDIR)/include" \
	    CGO_LDFLAGS="$(CURDIR)/build/libllmmetrics.a $(LDLIBS)" PKG_CONFIG=true \
	    GOFLAGS=-mod=mod GOCACHE=$(CURDIR)/build/gocache go test ./...; \
	 else echo "go-test: skipped (no Go toolchain; apt-get install golang-go)"; fi

# The Go tests under the race detector (the recorder is written from 8 goroutines).
go-race: build/libllmmetrics.a
	@if command -v go >/dev/null 2>&1; then \
	    cd bindings/go && CGO_CFLAGS="-I$(CURDIR)/include" \
	    CGO_LDFLAGS="$(CURDIR)/build/libllmmetrics.a $(LDLIBS)" PKG_CONFIG=true \
	    GOFLAGS=-mod=mod GOCACHE=$(CURDIR)/build/gocache go test -race ./...; \
	 else echo "go-race: skipped (no Go toolchain)"; fi

# ---- ThreadSanitizer: the 8-thread recorder test (part of `check`) -------------
TSAN_FLAGS := -O1 -g -fsanitize=thread -fno-omit-frame-pointer
build/tsan/test_recorder: tests/unit/test_recorder.c $(wildcard tests/unit/*.h) $(LIB_SRC) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(TSAN_FLAGS) -Iinclude -Isrc -Itests/unit -D_POSIX_C_SOURCE=200809L $< \
	    $(LIB_SRC) -o $@ -lcmocka -lpthread $(LDLIBS)

tsan: build/tsan/test_recorder
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 build/tsan/test_recorder
