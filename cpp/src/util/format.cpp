#include "util/format.hpp"

#include <sstream>

namespace treatytext::util {

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace treatytext::util
