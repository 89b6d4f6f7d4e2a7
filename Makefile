# Two entry points (see README.md):
#   make run   installs what is missing, builds into build/, evaluates the sample cases of rules/mca
#   make test  the same set-up, then the test suite of the tools and the end-to-end tests (build/),
#              then the language and runtime libraries and their in-process tests under ASan+UBSan
#              (build-asan-core/): the code that parses, binds and evaluates, with the seed corpus
#              of every fuzz target. The in-process tests run there only (CLAUSE_LIBRARY_TESTS=OFF
#              in build/): built and run once rather than twice, which keeps `make test` in budget.
# Outside `make test`, for its time budget of 15 minutes on two cores: `make asan`, the whole suite
# under ASan+UBSan (build-asan/; the tools too: command line, server, language server), to run
# before submitting a change to the tools' input handling; `make fuzz-run`, the libFuzzer search
# (build-fuzz/, clang); `make tsan`, the concurrency tests under ThreadSanitizer.
# All are idempotent: a second run rebuilds only what changed.

PACKAGES := cmake make ninja-build g++ git pkg-config python3 clang-format clang-14 libclang-rt-14-dev tao-pegtl-dev libfmt-dev libyaml-cpp-dev catch2 libbenchmark-dev libre2-dev libz3-dev \
            nlohmann-json3-dev libboost-dev libsimdjson-dev libtbb-dev python3-yaml curl wrk haproxy
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
# Ninja, because it compiles a target's objects while the libraries it links are still building,
# where Make leaves a core idle at each library. A build directory made before keeps the generator
# it was made with.
GENERATOR := -G Ninja
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CLAUSE   := build/bin/clause

.PHONY: run test deps build build-asan build-asan-core test-main test-asan test-asan-core asan fuzz-run tsan fuzz format

# The main job: every sample case of the MCA policy, as a table. bad-input.yaml holds cases that
# do not fit the input schema, so error records (exit code 1) are expected; 2 would be a failure.
run: build
	@$(CLAUSE) eval --policy rules/mca --format table rules/mca/examples/*.yaml; \
	  status=$$?; [ $$status -le 1 ] || exit $$status

test: test-main test-asan-core

deps:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi
	@# The editor grammar's test runs on npm packages. A node.js from elsewhere may bring its own
	@# npm (and conflict with Debian's), so Debian's are installed only when there is no npm.
	@command -v npm >/dev/null 2>&1 || { echo "installing: nodejs npm"; $(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm; }

build: deps
	@[ -f build/CMakeCache.txt ] || cmake $(GENERATOR) -S . -B build -DCMAKE_BUILD_TYPE=Release \
	  -DCLAUSE_LIBRARY_TESTS=OFF
	cmake --build build -j $(JOBS)

# Unity builds (CMake's, eight files a unit): an instrumented compile takes twice as long, and most
# of a file's time is in the headers a unit then reads once. Not in build/: there the libraries'
# units changed how the hot path was inlined, for the worse (benchmarks/README.md, session 12).
build-asan-core: deps
	@[ -f build-asan-core/CMakeCache.txt ] || cmake $(GENERATOR) -S . -B build-asan-core -DCMAKE_BUILD_TYPE=Debug \
	  -DCLAUSE_SANITIZE=ON -DCLAUSE_BENCHMARKS=OFF -DCLAUSE_TOOLS=OFF \
	  -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=8
	cmake --build build-asan-core -j $(JOBS)

build-asan: deps
	@[ -f build-asan/CMakeCache.txt ] || cmake $(GENERATOR) -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug \
	  -DCLAUSE_SANITIZE=ON -DCLAUSE_BENCHMARKS=OFF
	cmake --build build-asan -j $(JOBS)

test-main: build
	ctest --test-dir build --output-on-failure -j $(JOBS)

test-asan-core: build-asan-core
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir build-asan-core --output-on-failure -j $(JOBS)

asan: test-asan

test-asan: build-asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir build-asan --output-on-failure -j $(JOBS)

# Each libFuzzer target for FUZZ_SECONDS on a copy of its seed corpus (tests/fuzz/run_all.sh).
FUZZ_SECONDS ?= 30
fuzz-run: fuzz
	tests/fuzz/run_all.sh build-fuzz $(FUZZ_SECONDS)

# Not part of the two entry points: the runtime's concurrency tests under ThreadSanitizer, then
# the reload soak of `clause serve` (tests/serve/reload_soak.py): requests from several threads
# while the bundle is swapped SOAK_SWAPS times.
SOAK_SWAPS ?= 300
tsan: deps
	@[ -f build-tsan/CMakeCache.txt ] || cmake $(GENERATOR) -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCLAUSE_TSAN=ON -DCLAUSE_BENCHMARKS=OFF
	cmake --build build-tsan -j $(JOBS) --target runtime_tests clause
	TSAN_OPTIONS=halt_on_error=1 build-tsan/bin/runtime_tests
	TSAN_OPTIONS=halt_on_error=1 python3 tests/serve/reload_soak.py build-tsan/bin/clause $(SOAK_SWAPS)

# libFuzzer targets with clang (see tests/fuzz/README.md); `make fuzz-run` runs them.
fuzz: deps
	@[ -f build-fuzz/CMakeCache.txt ] || CXX=clang++-14 cmake $(GENERATOR) -S . -B build-fuzz \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCLAUSE_FUZZ=ON -DCLAUSE_TESTS=OFF -DCLAUSE_BENCHMARKS=OFF
	cmake --build build-fuzz -j $(JOBS) --target fuzzers

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
