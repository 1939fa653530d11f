#pragma once
// Included before any Boost.Math header by the files that use it.
//
// Boost.Math 1.74 keeps its table of factorials (which the beta quantile uses
// through beta_small_b_large_a_series) as a constexpr array local to the
// function when the compiler has C++14 constexpr, and GCC 12 then copies all
// 171 long doubles onto the stack at every call (docs/architecture.md,
// "Speed", gives what that cost a branch). Said unavailable here, the
// table is a static const array made once; every value read from it is the
// same, so every figure is too (the golden outputs stay byte-identical).
#ifndef BOOST_NO_CXX14_CONSTEXPR
#define BOOST_NO_CXX14_CONSTEXPR
#endif
