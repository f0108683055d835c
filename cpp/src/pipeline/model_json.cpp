#include "pipeline/model_json.hpp"

#include <set>
#include <vector>

#include "treatytext/error.hpp"

namespace treatytext::detail {

namespace {

using json = nlohmann::json;
using DomParser = nlohmann::detail::json_sax_dom_parser<json>;

// Forwards every event to nlohmann's own DOM builder and checks depth, duplicate keys and
// number range on the way, knowing at each event the dotted path of the value being read.
class CheckingSax {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  explicit CheckingSax(json& root) : dom_(root, true) {}

  bool null() { return value() && dom_.null(); }
  bool boolean(bool v) { return value() && dom_.boolean(v); }
  bool number_integer(number_integer_t v) { return value() && dom_.number_integer(v); }
  bool number_unsigned(number_unsigned_t v) { return value() && dom_.number_unsigned(v); }
  bool number_float(number_float_t v, const string_t& s) { return value() && dom_.number_float(v, s); }
  bool string(string_t& v) { return value() && dom_.string(v); }
  bool binary(binary_t& v) { return value() && dom_.binary(v); }

  bool start_object(std::size_t n) {
    open(false);
    return dom_.start_object(n);
  }
  bool key(string_t& name) {
    Frame& frame = frames_.back();
    frame.key = name;
    if (!frame.keys.insert(name).second) throw format_error("model field '" + path() + "' appears twice");
    return dom_.key(name);
  }
  bool end_object() {
    frames_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) {
    open(true);
    return dom_.start_array(n);
  }
  bool end_array() {
    frames_.pop_back();
    return dom_.end_array();
  }

  template <class Exception>
  bool parse_error(std::size_t byte, const std::string& token, const Exception& e) {
    const std::string field = path(true);
    const std::string where = frames_.empty() ? std::string() : " in field '" + field + "'";
    if (e.id == 406)  // number overflow: the lexer read a number no double can hold
      throw format_error("model field '" + field + "' = " + printable(token) +
                         " is out of the range of a double (byte " + std::to_string(byte) + ")");
    // nlohmann's text without its "[json.exception.parse_error.101] " tag, and with the raw
    // bytes it quotes made printable.
    std::string detail = e.what();
    if (const auto tag_end = detail.find("] ");
        detail.rfind("[json.exception", 0) == 0 && tag_end != std::string::npos)
      detail.erase(0, tag_end + 2);
    throw format_error("model JSON is malformed (byte " + std::to_string(byte) + where +
                       "): " + printable(detail, 200));
  }

 private:
  struct Frame {
    bool array = false;
    std::size_t count = 0;  // values read so far in an array: the next one's index
    std::string key;        // the key of the value being read in an object
    std::set<std::string> keys;
  };

  // A value starts: in an array it takes the next index.
  bool value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().count;
    return true;
  }

  void open(bool array) {
    if (frames_.size() >= kMaxModelDepth)
      throw format_error("model field '" + path(true) + "' is nested deeper than " +
                         std::to_string(kMaxModelDepth) + " levels");
    value();
    frames_.push_back(Frame{array, 0, {}, {}});
  }

  // The dotted path of the value being read ("(root)" at the top). In an array, a value that
  // has started has index count - 1; a pending one (its token not read yet) has index count.
  [[nodiscard]] std::string path(bool pending = false) const {
    std::string result;
    constexpr std::size_t kShown = 8;  // a path nested deeper ends in "..."
    for (std::size_t f = 0; f < frames_.size(); ++f) {
      if (f == kShown) {
        result += "...";
        break;
      }
      const Frame& frame = frames_[f];
      if (frame.array) {
        const bool innermost_pending = pending && f + 1 == frames_.size();
        result +=
            "[" + std::to_string(innermost_pending || frame.count == 0 ? frame.count : frame.count - 1) + "]";
      } else if (!frame.key.empty()) {
        result += (result.empty() ? "" : ".") + printable(frame.key);
      }
    }
    return result.empty() ? "(root)" : result;
  }

  DomParser dom_;
  std::vector<Frame> frames_;
};

}  // namespace

std::string printable(std::string_view bytes, std::size_t limit) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  if (bytes.size() > limit) out += "...";
  return out;
}

json parse_model_json(std::string_view text) {
  json root;
  CheckingSax sax(root);
  json::sax_parse(text.begin(), text.end(), &sax);
  return root;
}

}  // namespace treatytext::detail
