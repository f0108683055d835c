// Model loading from arbitrary bytes: it either succeeds or throws a treatytext::error (a
// format_error naming the field); anything else (another exception type, a crash, a hang) is a
// finding. A model that loads survives a round trip unchanged.
#include <string>

#include "fuzz_common.hpp"
#include "treatytext/error.hpp"
#include "treatytext/model.hpp"

using namespace treatytext;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Model model;
  try {
    model = model_from_json(text);
  } catch (const format_error&) {
    return 0;
  } catch (const error&) {
    fuzz::broken("model_from_json threw a treatytext::error that is not a format_error");
  } catch (...) {
    fuzz::broken("model_from_json threw something that is not a treatytext::error");
  }
  const std::string saved = model_to_json(model);
  TREATYTEXT_FUZZ_CHECK(model_to_json(model_from_json(saved)) == saved);
  return 0;
}
