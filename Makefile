# A thin layer over build.sh (and so over CMake), as neovim keeps one.
.PHONY: all run test deps sanitize memcheck bench fuzz format clean
all:
	./build.sh build
run test deps sanitize memcheck bench fuzz format:
	./build.sh $@
clean:
	rm -rf build build-asan build-fuzz
