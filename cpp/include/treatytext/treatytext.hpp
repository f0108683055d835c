// The whole public C++ API of treatytext in one include, in the order of the data flow:
// text -> segment -> analyze -> count -> weight -> similarity, the composed pipeline
// (vectorizer, model) and the analyses over its output. It needs no third-party headers;
// conversions to Eigen types are in the optional treatytext/eigen.hpp.
#pragma once

// The includes follow the data flow, not the alphabet.
// clang-format off
#include "treatytext/error.hpp"     // the exception types every stage throws
#include "treatytext/parallel.hpp"  // the n_threads convention and the scheduler

#include "treatytext/text.hpp"      // stage 0: UTF-8 validation, offsets
#include "treatytext/segment.hpp"   // stage 1: text -> clauses
#include "treatytext/terms.hpp"     // the hand-off between an analyzer and the counter
#include "treatytext/analyzer.hpp"  // stage 2: text -> tokens and terms
#include "treatytext/vocabulary.hpp"
#include "treatytext/csr.hpp"         // the matrix between the stages
#include "treatytext/count.hpp"       // stage 3: terms -> vocabulary and counts
#include "treatytext/weight.hpp"      // stage 4: counts -> tf-idf / BM25 vectors
#include "treatytext/similarity.hpp"  // stage 5: cosine, Jaccard, exact top-k

#include "treatytext/model.hpp"       // a fitted model as JSON
#include "treatytext/vectorizer.hpp"  // analyze -> count -> prune -> weight in one object

#include "treatytext/align.hpp"         // which clauses of A reappear in B
#include "treatytext/cluster.hpp"       // k-means and agglomerative themes
#include "treatytext/collocations.hpp"  // bigrams and trigrams beyond chance
#include "treatytext/keyness.hpp"       // terms a corpus over- or under-uses
#include "treatytext/lsa.hpp"           // truncated SVD of a clause x term matrix
// clang-format on
