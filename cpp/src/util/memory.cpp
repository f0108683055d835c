#include "treatytext/detail/uninitialized.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace treatytext::detail {

void return_free_memory() noexcept {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace treatytext::detail
