// "Did you mean …": the closest of a set of known names to one that was not found.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clause::lang {

// Edit distance with adjacent transpositions (optimal string alignment), case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `wanted`, when it is close enough to be a plausible typo.
std::optional<std::string> closest_name(std::string_view wanted,
                                        const std::vector<std::string>& candidates);

// "did you mean `x`?" or an empty string.
std::string did_you_mean(std::string_view wanted, const std::vector<std::string>& candidates);

}  // namespace clause::lang
