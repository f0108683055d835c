// Numbers in error messages, written the same way by every stage.
#pragma once

#include <string>

namespace treatytext::util {

/// A double as an error message shows it: the shortest of iostream's default form (6
/// significant digits, "inf", "nan", "1e+06"), so that "min_df = 1.5" reads as the user wrote it
/// for every usual value.
std::string format_number(double value);

}  // namespace treatytext::util
