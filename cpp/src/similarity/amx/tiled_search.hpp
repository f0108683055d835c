// Internal to the similarity stage: the pruned top-k search on a CPU with AMX tiles. The common
// terms' part of every score comes from byte tile products (similarity_tiles.hpp), the rare
// terms' part is accumulated exactly, and the two bracket each score within ~1 %: the k-th
// largest lower bound is a cut that leaves few candidates (~12 per query on ToTA), which are
// scored exactly as in the other searches.
#pragma once

#include <cstdint>
#include <vector>

#include "similarity/amx/tile_kernel.hpp"
#include "similarity/search.hpp"

namespace treatytext::detail::topk {

/// What the tiled search builds once per call: both sides in bytes, the rare index of Y.
struct Tiled {
  std::vector<std::int32_t> queries;  // the rows of X searched (not copies), in order
  detail::ByteRows x, y;              // x: the searched rows only, in that order
  detail::RareIndex rare;
  std::vector<std::int32_t> slot;  // per column: position in C, or -1 for a rare term
};

/// Per-worker buffers of the tiled search.
struct TiledScratch {
  std::vector<std::int32_t> products;  // kTileBlock x Y rows (padded): the block's tile products
  std::vector<float> rare;             // Y rows: one query's rare part, zero between queries
  detail::TileState state;
};

/// The tiled search of row i = t.queries[position] of X, given its tile products with every row
/// of Y (`products`): its rare part, merged with them into a cut and candidates, then the
/// candidates scored exactly best bound first. Returns false, with the buffers clean, when the
/// query needs the exhaustive search (its cut is not positive, or too many rows reach it).
bool tiled_query(const Search& s, const Tiled& t, std::int64_t position, const std::int32_t* products,
                 Scratch& w, TiledScratch& ts, std::int64_t* out_idx, double* out_score);

/// Builds the tiled search. Its common terms: the up to kMaxTileDepth costliest, as many of them
/// as are found in at least 5 % of Y's rows (the pruned search's share) rounded up to a multiple
/// of kTileDepth (the tiles multiply the depth whole anyway). Only the rows of X that are not
/// copies of an earlier row (first_same[i] == i) are searched, hence rounded to bytes.
Tiled build_tiled(const UnitRows& x, const UnitRows& y, const std::vector<std::int64_t>& df_y, bool self_join,
                  const std::vector<std::int32_t>& first_same, int threads);

}  // namespace treatytext::detail::topk
