// Where the shared corpora live for C++ tests: $TREATYTEXT_CORPORA, else the build-time default.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace treatytext::testing {

inline std::string corpora_dir() {
  if (const char* dir = std::getenv("TREATYTEXT_CORPORA")) return dir;
  return TREATYTEXT_CORPORA_DIR;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline std::string seed_text() { return read_file(corpora_dir() + "/seed/000_2e814a8a7f3a05ee.txt"); }

}  // namespace treatytext::testing
