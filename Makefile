# Thin wrapper over CMake: install dependencies, build into build/, run, test.
BUILD ?= build
BUILD_ASAN ?= build-asan
BUILD_BENCH ?= build-bench
BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
PREFIX ?= /usr/local

.PHONY: all deps build run test test-asan fuzz bench install package clean

all: build

deps:
	@sh tools/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The flagship briefing once it exists; until then the corpus overview.
FLAGSHIP = $(if $(wildcard scripts/briefing.lua),briefing,overview)

run: build
	./$(BUILD)/parley run $(FLAGSHIP)

test: build
	@sh tools/install-deps.sh test
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@sh tools/install-deps.sh test
	cmake -S . -B $(BUILD_ASAN) -DPARLEY_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	cd $(BUILD_ASAN) && ctest --output-on-failure -j $(JOBS)

# The binary, stdlib, scripts, data, stubs, man page and completions under $(PREFIX)
# (DESTDIR is honoured for staging); the tree can be moved or copied as a whole.
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# A Debian package (build/parley_VERSION_ARCH.deb) that installs under /usr.
package: build
	cd $(BUILD) && cpack -G DEB

# Benchmarks, not tests: a Release build of their own with the bench-only
# peers (ICU, wink-nlp). BENCH_SCALE=full adds the ~1 GB runs.
bench: deps
	@sh bench/setup.sh
	cmake -S . -B $(BUILD_BENCH) -DCMAKE_BUILD_TYPE=Release -DPARLEY_BENCH=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_BENCH) -j $(JOBS) --target bench_programs
	sh bench/run.sh $(BUILD_BENCH)

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_BENCH) $(BUILD_FUZZ)

# libFuzzer targets (tests/fuzz/), each for FUZZ_SECONDS; needs clang.
fuzz:
	@sh tools/install-deps.sh clang
	cmake -S . -B $(BUILD_FUZZ) -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DPARLEY_FUZZ=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_FUZZ) -j $(JOBS)
	sh tests/fuzz/run.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)
