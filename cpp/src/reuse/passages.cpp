// Passages between two texts: shared word n-gram seeds, exact blocks, chains of blocks joined
// through small edits by a global alignment of the gap, ends extended by an anchored local
// alignment (the Smith–Waterman recurrence with the start fixed at the chain's end).
#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "reuse/internal.hpp"
#include "treatytext/detail/term_table.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"
#include "treatytext/reuse.hpp"

namespace treatytext {

void PassageOptions::validate() const {
  if (min_words < 1)
    throw invalid_argument("reuse: min_words must be >= 1, got " + std::to_string(min_words));
  if (seed_words < 0)
    throw invalid_argument("reuse: seed_words must be >= 0, got " + std::to_string(seed_words));
  if (!(match > 0)) throw invalid_argument("reuse: match must be > 0, got " + std::to_string(match));
  if (!(mismatch <= 0))
    throw invalid_argument("reuse: mismatch must be <= 0, got " + std::to_string(mismatch));
  if (!(gap <= 0)) throw invalid_argument("reuse: gap must be <= 0, got " + std::to_string(gap));
  if (max_gap < 0 || max_gap > 1000)
    throw invalid_argument("reuse: max_gap must be in [0, 1000], got " + std::to_string(max_gap));
  if (max_repeat < 1)
    throw invalid_argument("reuse: max_repeat must be >= 1, got " + std::to_string(max_repeat));
}

namespace detail {
namespace {

// An exact block: words a[ia, ia + length) equal b[jb, jb + length).
struct Block {
  std::int64_t ia, jb, length;
};

// Score and matching words of an alignment.
struct Alignment {
  double score = 0;
  std::int64_t matches = 0;
};

// Fills the table of the best global alignments of the first i words of one side with the first
// j of the other (i < rows, j < cols; same(i, j) compares words i and j, from 1), preferring more
// matching words among equal scores; visit(i, j, cell, same) sees every inner cell. Returns
// the last cell. Tables stay small: at most (max_gap + 1)^2 cells.
template <typename Same, typename Visit>
Alignment align_words(std::size_t rows, std::size_t cols, Same&& same, const PassageOptions& o,
                      Visit&& visit) {
  std::vector<Alignment> h(rows * cols);
  for (std::size_t i = 0; i < rows; ++i) h[i * cols].score = o.gap * static_cast<double>(i);
  for (std::size_t j = 0; j < cols; ++j) h[j].score = o.gap * static_cast<double>(j);
  const auto better = [](const Alignment& x, const Alignment& y) {
    return x.score > y.score || (x.score == y.score && x.matches > y.matches);
  };
  for (std::size_t i = 1; i < rows; ++i) {
    for (std::size_t j = 1; j < cols; ++j) {
      const bool equal = same(i, j);
      Alignment cell = h[(i - 1) * cols + j - 1];
      cell.score += equal ? o.match : o.mismatch;
      cell.matches += equal;
      Alignment up = h[(i - 1) * cols + j], left = h[i * cols + j - 1];
      up.score += o.gap;
      left.score += o.gap;
      if (better(up, cell)) cell = up;
      if (better(left, cell)) cell = left;
      h[i * cols + j] = cell;
      visit(i, j, cell, equal);
    }
  }
  return h.back();
}

// The best global alignment of a[a0, a1) with b[b0, b1) (Needleman–Wunsch).
Alignment global_alignment(const AlignedWords& a, std::int64_t a0, std::int64_t a1, const AlignedWords& b,
                           std::int64_t b0, std::int64_t b1, const PassageOptions& o) {
  const auto same = [&](std::size_t i, std::size_t j) {
    return a.word[static_cast<std::size_t>(a0) + i - 1] == b.word[static_cast<std::size_t>(b0) + j - 1];
  };
  return align_words(static_cast<std::size_t>(a1 - a0) + 1, static_cast<std::size_t>(b1 - b0) + 1, same, o,
                     [](std::size_t, std::size_t, const Alignment&, bool) {});
}

// The best extension of an alignment from (ia, jb) by up to `limit` words, forward (step +1,
// words ia, ia + 1, ...) or backward (step -1, words ia - 1, ia - 2, ...): the anchored local
// alignment, whose best cell (score > 0, on a match) gives how many words of each side it takes.
struct Extension {
  Alignment gain;
  std::int64_t words_a = 0, words_b = 0;
};

Extension extend(const AlignedWords& a, std::int64_t ia, const AlignedWords& b, std::int64_t jb, int step,
                 std::int64_t limit_a, std::int64_t limit_b, const PassageOptions& o) {
  const auto word = [step](std::int64_t anchor, std::size_t k) {
    return static_cast<std::size_t>(step > 0 ? anchor + static_cast<std::int64_t>(k) - 1
                                             : anchor - static_cast<std::int64_t>(k));
  };
  const auto same = [&](std::size_t i, std::size_t j) { return a.word[word(ia, i)] == b.word[word(jb, j)]; };
  Extension best;
  align_words(static_cast<std::size_t>(limit_a) + 1, static_cast<std::size_t>(limit_b) + 1, same, o,
              [&](std::size_t i, std::size_t j, const Alignment& cell, bool equal) {
                if (equal && cell.score > best.gain.score) {
                  best.gain = cell;
                  best.words_a = static_cast<std::int64_t>(i);
                  best.words_b = static_cast<std::int64_t>(j);
                }
              });
  return best;
}

// The exact blocks: seeds (shared n-grams, none more frequent than max_repeat on either side)
// merged along their diagonal, then grown while the words agree.
std::vector<Block> exact_blocks(const AlignedWords& a, const AlignedWords& b, int n) {
  const auto& pa = a.seeds;
  const auto& pb = b.seeds;
  std::vector<Block> seeds;
  for (std::size_t i = 0, j = 0; i < pa.size() && j < pb.size();) {
    if (pa[i].first < pb[j].first) {
      ++i;
    } else if (pb[j].first < pa[i].first) {
      ++j;
    } else {
      std::size_t ie = i, je = j;
      while (ie < pa.size() && pa[ie].first == pa[i].first) ++ie;
      while (je < pb.size() && pb[je].first == pb[j].first) ++je;
      for (std::size_t x = i; x < ie; ++x) {
        for (std::size_t y = j; y < je; ++y) {
          const std::int64_t ia = pa[x].second, jb = pb[y].second;
          // The words themselves must agree (a hash collision of two n-grams is not reuse).
          bool equal = true;
          for (int k = 0; k < n && equal; ++k)
            equal = a.word[static_cast<std::size_t>(ia + k)] == b.word[static_cast<std::size_t>(jb + k)];
          if (equal) seeds.push_back({ia, jb, n});
        }
      }
      i = ie;
      j = je;
    }
  }
  // Merge seeds that overlap or touch on one diagonal.
  std::sort(seeds.begin(), seeds.end(), [](const Block& x, const Block& y) {
    const auto dx = x.jb - x.ia, dy = y.jb - y.ia;
    return dx != dy ? dx < dy : x.ia < y.ia;
  });
  std::vector<Block> blocks;
  for (const Block& s : seeds) {
    if (!blocks.empty()) {
      Block& last = blocks.back();
      if (last.jb - last.ia == s.jb - s.ia && s.ia <= last.ia + last.length) {
        last.length = std::max(last.length, s.ia + s.length - last.ia);
        continue;
      }
    }
    blocks.push_back(s);
  }
  const auto size_a = static_cast<std::int64_t>(a.word.size()),
             size_b = static_cast<std::int64_t>(b.word.size());
  for (Block& block : blocks) {
    while (block.ia > 0 && block.jb > 0 &&
           a.word[static_cast<std::size_t>(block.ia - 1)] == b.word[static_cast<std::size_t>(block.jb - 1)]) {
      --block.ia;
      --block.jb;
      ++block.length;
    }
    while (block.ia + block.length < size_a && block.jb + block.length < size_b &&
           a.word[static_cast<std::size_t>(block.ia + block.length)] ==
               b.word[static_cast<std::size_t>(block.jb + block.length)])
      ++block.length;
  }
  // Growing may have made blocks of one diagonal meet: keep each once.
  std::sort(blocks.begin(), blocks.end(),
            [](const Block& x, const Block& y) { return x.ia != y.ia ? x.ia < y.ia : x.jb < y.jb; });
  blocks.erase(std::unique(blocks.begin(), blocks.end(),
                           [](const Block& x, const Block& y) { return x.ia == y.ia && x.jb == y.jb; }),
               blocks.end());
  return blocks;
}

// The union of word spans [begin, end) as disjoint intervals keyed by their start.
class Covered {
 public:
  [[nodiscard]] bool contains(std::int64_t begin, std::int64_t end) const {
    auto it = spans_.upper_bound(begin);
    if (it == spans_.begin()) return false;
    --it;
    return it->second >= end;
  }
  void add(std::int64_t begin, std::int64_t end) {
    auto it = spans_.upper_bound(begin);
    if (it != spans_.begin() && std::prev(it)->second >= begin) {
      --it;
      begin = it->first;
    }
    while (it != spans_.end() && it->first <= end) {
      end = std::max(end, it->second);
      it = spans_.erase(it);
    }
    spans_.emplace(begin, end);
  }

 private:
  std::map<std::int64_t, std::int64_t> spans_;
};

// A chain of blocks being aligned: its span on both sides and its score so far.
struct Chain {
  std::int64_t a0, a1, b0, b1;
  Alignment alignment;
};

}  // namespace

AlignedWords aligned_words(const NormalizedText& text, int seed_words, int max_repeat) {
  AlignedWords words;
  const std::size_t n = text.word_begin.size();
  words.word.reserve(n);
  words.begin.reserve(n);
  words.end.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t b = text.char_bytes[text.word_begin[k]], e = text.char_bytes[text.word_end[k]];
    words.word.push_back(detail::TermTable::hash64(std::string_view(text.text).substr(b, e - b)));
    words.begin.push_back(text.original_begin(k));
    words.end.push_back(text.original_end(k));
  }
  words.ngram = shingle_hashes(text, ShingleUnit::word, seed_words);
  auto& seeds = words.seeds;
  seeds.reserve(words.ngram.size());
  for (std::size_t i = 0; i < words.ngram.size(); ++i)
    seeds.emplace_back(words.ngram[i], static_cast<std::int64_t>(i));
  std::vector<std::pair<std::uint64_t, std::int64_t>> scratch;
  sort_by_hash(
      seeds, scratch, [](const std::pair<std::uint64_t, std::int64_t>& s) { return s.first; }, std::less<>());
  // n-grams repeated more than max_repeat times in the text (boilerplate) seed nothing.
  std::size_t kept = 0;
  for (std::size_t r = 0; r < seeds.size();) {
    std::size_t s = r;
    while (s < seeds.size() && seeds[s].first == seeds[r].first) ++s;
    if (static_cast<int>(s - r) <= max_repeat)
      for (std::size_t k = r; k < s; ++k) seeds[kept++] = seeds[k];
    r = s;
  }
  seeds.resize(kept);
  return words;
}

Passages passages_between(const AlignedWords& a, const AlignedWords& b, const PassageOptions& o) {
  const int n = o.seed_words > 0 ? o.seed_words : o.min_words;
  const std::vector<Block> blocks = exact_blocks(a, b, n);
  const auto size_a = static_cast<std::int64_t>(a.word.size()),
             size_b = static_cast<std::int64_t>(b.word.size());

  // Chains: blocks in order of their start in a; a block joins the open chain it follows best
  // (least total gap), when the gap is at most max_gap words on each side and the alignment
  // through it keeps both the chain's score and the block's positive.
  // Open chains are indexed by where they end on each side: by a1 to close those no later block
  // can reach, by b1 to find the few a block may follow.
  std::vector<Chain> chains;
  std::set<std::pair<std::int64_t, std::size_t>> open_by_a1, open_by_b1;
  for (const Block& block : blocks) {
    while (!open_by_a1.empty() && open_by_a1.begin()->first + o.max_gap < block.ia) {
      const std::size_t c = open_by_a1.begin()->second;
      open_by_a1.erase(open_by_a1.begin());
      open_by_b1.erase({chains[c].b1, c});
    }
    std::int64_t best = -1, best_gap = 0, best_trim = 0;
    for (auto it = open_by_b1.lower_bound({block.jb - o.max_gap, 0});
         it != open_by_b1.end() && it->first < block.jb + block.length; ++it) {
      const Chain& chain = chains[it->second];
      if (block.ia <= chain.a0 || block.jb <= chain.b0) continue;
      // A block that overlaps the chain's end is trimmed to start after it on both sides.
      const std::int64_t trim = std::max<std::int64_t>({0, chain.a1 - block.ia, chain.b1 - block.jb});
      if (trim >= block.length) continue;
      const std::int64_t gap_a = block.ia + trim - chain.a1, gap_b = block.jb + trim - chain.b1;
      if (gap_a > o.max_gap || gap_b > o.max_gap) continue;
      const std::int64_t total = gap_a + gap_b;
      if (best < 0 || total < best_gap ||
          (total == best_gap && it->second < static_cast<std::size_t>(best))) {
        best = static_cast<std::int64_t>(it->second);
        best_gap = total;
        best_trim = trim;
      }
    }
    if (best >= 0) {
      const auto c = static_cast<std::size_t>(best);
      Chain& chain = chains[c];
      const std::int64_t ia = block.ia + best_trim, jb = block.jb + best_trim,
                         length = block.length - best_trim;
      const Alignment bridge = global_alignment(a, chain.a1, ia, b, chain.b1, jb, o);
      const double block_score = o.match * static_cast<double>(length);
      if (chain.alignment.score + bridge.score > 0 && block_score + bridge.score > 0) {
        open_by_a1.erase({chain.a1, c});
        open_by_b1.erase({chain.b1, c});
        chain.a1 = ia + length;
        chain.b1 = jb + length;
        chain.alignment.score += bridge.score + block_score;
        chain.alignment.matches += bridge.matches + length;
        open_by_a1.insert({chain.a1, c});
        open_by_b1.insert({chain.b1, c});
        continue;
      }
    }
    const std::size_t c = chains.size();
    chains.push_back({block.ia,
                      block.ia + block.length,
                      block.jb,
                      block.jb + block.length,
                      {o.match * static_cast<double>(block.length), block.length}});
    open_by_a1.insert({chains[c].a1, c});
    open_by_b1.insert({chains[c].b1, c});
  }
  std::vector<Chain>& closed = chains;

  // Extend each chain at both ends; keep those with enough matching words.
  for (Chain& chain : closed) {
    const Extension left = extend(a, chain.a0, b, chain.b0, -1, std::min<std::int64_t>(o.max_gap, chain.a0),
                                  std::min<std::int64_t>(o.max_gap, chain.b0), o);
    chain.a0 -= left.words_a;
    chain.b0 -= left.words_b;
    const Extension right =
        extend(a, chain.a1, b, chain.b1, +1, std::min<std::int64_t>(o.max_gap, size_a - chain.a1),
               std::min<std::int64_t>(o.max_gap, size_b - chain.b1), o);
    chain.a1 += right.words_a;
    chain.b1 += right.words_b;
    chain.alignment.score += left.gain.score + right.gain.score;
    chain.alignment.matches += left.gain.matches + right.gain.matches;
  }
  std::erase_if(closed, [&](const Chain& c) { return c.alignment.matches < o.min_words; });
  // Best first (ties: earlier in a, then in b); a chain overlapping a better one on both sides
  // is the same reuse seen through a repeat, and is dropped.
  std::sort(closed.begin(), closed.end(), [](const Chain& x, const Chain& y) {
    if (x.alignment.score != y.alignment.score) return x.alignment.score > y.alignment.score;
    return x.a0 != y.a0 ? x.a0 < y.a0 : x.b0 < y.b0;
  });
  // A chain whose both sides already lie inside better passages links a repeated phrase of one
  // passage to a repeat of it in another: it is dropped too.
  std::vector<Chain> kept;
  Covered covered_a, covered_b;
  for (const Chain& c : closed) {
    if (covered_a.contains(c.a0, c.a1) && covered_b.contains(c.b0, c.b1)) continue;
    const bool shadowed = std::any_of(kept.begin(), kept.end(), [&](const Chain& k) {
      return c.a0 < k.a1 && k.a0 < c.a1 && c.b0 < k.b1 && k.b0 < c.b1;
    });
    if (shadowed) continue;
    kept.push_back(c);
    covered_a.add(c.a0, c.a1);
    covered_b.add(c.b0, c.b1);
  }
  std::sort(kept.begin(), kept.end(),
            [](const Chain& x, const Chain& y) { return x.a0 != y.a0 ? x.a0 < y.a0 : x.b0 < y.b0; });

  Passages out;
  out.words_a = size_a;
  out.words_b = size_b;
  std::vector<std::pair<std::int64_t, std::int64_t>> spans_a, spans_b;
  for (const Chain& c : kept) {
    out.start_a.push_back(a.begin[static_cast<std::size_t>(c.a0)]);
    out.end_a.push_back(a.end[static_cast<std::size_t>(c.a1 - 1)]);
    out.start_b.push_back(b.begin[static_cast<std::size_t>(c.b0)]);
    out.end_b.push_back(b.end[static_cast<std::size_t>(c.b1 - 1)]);
    out.word_start_a.push_back(c.a0);
    out.word_end_a.push_back(c.a1);
    out.word_start_b.push_back(c.b0);
    out.word_end_b.push_back(c.b1);
    out.words.push_back(c.alignment.matches);
    out.score.push_back(c.alignment.score);
    spans_a.emplace_back(c.a0, c.a1);
    spans_b.emplace_back(c.b0, c.b1);
  }
  const auto covered = [](std::vector<std::pair<std::int64_t, std::int64_t>>& spans) {
    std::sort(spans.begin(), spans.end());
    std::int64_t total = 0, reach = 0;
    for (const auto& [begin, end] : spans) {
      const std::int64_t from = std::max(begin, reach);
      if (end > from) total += end - from;
      reach = std::max(reach, end);
    }
    return total;
  };
  out.covered_a = covered(spans_a);
  out.covered_b = covered(spans_b);
  return out;
}

}  // namespace detail

Passages find_passages(std::string_view a, std::string_view b, const PassageOptions& options) {
  options.validate();
  const int n = options.seed_words > 0 ? options.seed_words : options.min_words;
  const auto words_a =
      detail::aligned_words(normalize_for_reuse(a, options.normalization), n, options.max_repeat);
  const auto words_b =
      detail::aligned_words(normalize_for_reuse(b, options.normalization), n, options.max_repeat);
  return detail::passages_between(words_a, words_b, options);
}

CorpusPassages find_corpus_passages(std::span<const std::string_view> texts,
                                    std::span<const std::int64_t> pair_a,
                                    std::span<const std::int64_t> pair_b, const PassageOptions& options,
                                    int n_threads) {
  options.validate();
  if (pair_a.size() != pair_b.size())
    throw invalid_argument("reuse: pair_a and pair_b differ in length (" + std::to_string(pair_a.size()) +
                           " and " + std::to_string(pair_b.size()) + ")");
  const auto n = static_cast<std::int64_t>(texts.size());
  for (std::size_t p = 0; p < pair_a.size(); ++p)
    if (pair_a[p] < 0 || pair_a[p] >= n || pair_b[p] < 0 || pair_b[p] >= n)
      throw invalid_argument("reuse: pair " + std::to_string(p) + " names a text outside [0, " +
                             std::to_string(n) + ")");
  // Normalize only the texts that some pair uses.
  std::vector<char> used(texts.size(), 0);
  for (std::size_t p = 0; p < pair_a.size(); ++p)
    used[static_cast<std::size_t>(pair_a[p])] = used[static_cast<std::size_t>(pair_b[p])] = 1;
  const int seed = options.seed_words > 0 ? options.seed_words : options.min_words;
  std::vector<detail::AlignedWords> words(texts.size());
  parallel_for(texts.size(), n_threads, [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t d = begin; d < end; ++d) {
      check_interrupt();
      if (!used[d]) continue;
      try {
        words[d] = detail::aligned_words(normalize_for_reuse(texts[d], options.normalization), seed,
                                         options.max_repeat);
      } catch (const encoding_error& e) {
        throw encoding_error("text " + std::to_string(d) + ": " + e.what(), e.byte_offset());
      }
    }
  });
  std::vector<Passages> per_pair(pair_a.size());
  parallel_for(pair_a.size(), n_threads, [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t p = begin; p < end; ++p) {
      check_interrupt();  // one pair's alignment at a time
      per_pair[p] = detail::passages_between(words[static_cast<std::size_t>(pair_a[p])],
                                             words[static_cast<std::size_t>(pair_b[p])], options);
    }
  });
  CorpusPassages out;
  Passages& all = out.passages;
  const auto append = [](std::vector<std::int64_t>& to, const std::vector<std::int64_t>& from) {
    to.insert(to.end(), from.begin(), from.end());
  };
  for (std::size_t p = 0; p < per_pair.size(); ++p) {
    const Passages& part = per_pair[p];
    out.pair.insert(out.pair.end(), part.size(), static_cast<std::int64_t>(p));
    append(all.start_a, part.start_a);
    append(all.end_a, part.end_a);
    append(all.start_b, part.start_b);
    append(all.end_b, part.end_b);
    append(all.word_start_a, part.word_start_a);
    append(all.word_end_a, part.word_end_a);
    append(all.word_start_b, part.word_start_b);
    append(all.word_end_b, part.word_end_b);
    append(all.words, part.words);
    all.score.insert(all.score.end(), part.score.begin(), part.score.end());
    out.words_a.push_back(part.words_a);
    out.words_b.push_back(part.words_b);
    out.covered_a.push_back(part.covered_a);
    out.covered_b.push_back(part.covered_b);
  }
  return out;
}

}  // namespace treatytext
