#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "treatytext/error.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext {
namespace {

TEST(Parallel, ForGivesWorkerWTheWthChunk) {
  std::vector<int> owner(10, -1);
  parallel_for(10, 3, [&](std::size_t begin, std::size_t end, int worker) {
    for (std::size_t i = begin; i < end; ++i) owner[i] = worker;
  });
  EXPECT_EQ(owner, (std::vector<int>{0, 0, 0, 0, 1, 1, 1, 1, 2, 2}));
}

TEST(Parallel, DynamicRunsEveryItemOnceWithDenseWorkers) {
  for (const int threads : {1, 2, 3, 8}) {
    std::vector<std::atomic<int>> runs(1000);
    std::mutex mutex;
    std::vector<std::vector<std::size_t>> taken(static_cast<std::size_t>(threads));
    parallel_for_dynamic(runs.size(), threads, [&](std::size_t item, int worker) {
      ASSERT_GE(worker, 0);
      ASSERT_LT(worker, threads);
      ++runs[item];
      std::lock_guard<std::mutex> lock(mutex);
      taken[static_cast<std::size_t>(worker)].push_back(item);
    });
    for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
    for (const auto& items : taken)
      for (std::size_t i = 1; i < items.size(); ++i) EXPECT_LT(items[i - 1], items[i]);  // increasing
  }
}

TEST(Parallel, DynamicUsesNoMoreWorkersThanItems) {
  std::atomic<int> highest{-1};
  parallel_for_dynamic(2, 8, [&](std::size_t, int worker) {
    int seen = highest.load();
    while (worker > seen && !highest.compare_exchange_weak(seen, worker)) {
    }
  });
  EXPECT_LE(highest.load(), 1);
  int calls = 0;
  parallel_for_dynamic(0, 4, [&](std::size_t, int) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(Parallel, DynamicOnOneThreadRunsInOrderInTheCaller) {
  std::vector<std::size_t> order;
  parallel_for_dynamic(5, 1, [&](std::size_t item, int worker) {
    EXPECT_EQ(worker, 0);
    order.push_back(item);
  });
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
}

TEST(Parallel, DynamicRethrowsAndStopsClaiming) {
  // One thread claims in order: items 0..3 run, then nothing.
  std::atomic<int> calls{0};
  EXPECT_THROW(parallel_for_dynamic(100000, 1,
                                    [&](std::size_t item, int) {
                                      ++calls;
                                      if (item == 3) throw std::runtime_error("item 3");
                                    }),
               std::runtime_error);
  EXPECT_EQ(calls.load(), 4);
  // Four threads: the others stop claiming once the throw is seen. Each other item takes 50 us,
  // so running all 100,000 would take over a second even on four free cores; a loaded machine
  // that descheduled the throwing thread for that long is the only way to reach them all.
  calls = 0;
  EXPECT_THROW(parallel_for_dynamic(100000, 4,
                                    [&](std::size_t item, int) {
                                      ++calls;
                                      if (item == 3) throw std::runtime_error("item 3");
                                      std::this_thread::sleep_for(std::chrono::microseconds(50));
                                    }),
               std::runtime_error);
  EXPECT_LT(calls.load(), 100000);
  EXPECT_THROW(parallel_for_dynamic(3, 0, [](std::size_t, int) {}), invalid_argument);
}

TEST(Parallel, BalancedBoundariesSplitByWeight) {
  const std::vector<std::size_t> weights{10, 10, 10, 10, 100, 10};
  EXPECT_EQ(balanced_boundaries(weights, 2), (std::vector<std::size_t>{0, 5, 6}));
  EXPECT_EQ(balanced_boundaries(weights, 3), (std::vector<std::size_t>{0, 5, 6}));
  EXPECT_EQ(balanced_boundaries(std::vector<std::size_t>{1, 1, 1, 1}, 2),
            (std::vector<std::size_t>{0, 2, 4}));
}

}  // namespace
}  // namespace treatytext
