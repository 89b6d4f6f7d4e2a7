#include <catch2/catch.hpp>

#include <tao/pegtl/contrib/analyze.hpp>

#include "lang/grammar.hpp"

TEST_CASE("the grammar has no rule that can loop without consuming input") {
  // analyze() counts the problems it finds (and prints them); zero means none.
  CHECK(tao::pegtl::analyze<clause::lang::grammar::next_declaration>() == 0);
  CHECK(tao::pegtl::analyze<clause::lang::grammar::placeholder_expression>() == 0);
  CHECK(tao::pegtl::analyze<clause::lang::grammar::leading_space>() == 0);
}
