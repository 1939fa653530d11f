#include "negsim/run/convergence.hpp"

#include <cmath>

namespace negsim {

std::vector<ConvergencePoint> thinned(const std::vector<ConvergencePoint>& points,
                                      std::size_t count) {
  if (points.size() <= count || points.size() < 2) return points;
  const double first = std::log(static_cast<double>(points.front().branches));
  const double step = (std::log(static_cast<double>(points.back().branches)) - first) /
                      static_cast<double>(count - 1);
  std::vector<ConvergencePoint> out{points.front()};
  double next = first + step;
  for (std::size_t i = 1; i + 1 < points.size(); ++i)
    if (std::log(static_cast<double>(points[i].branches)) >= next) {
      out.push_back(points[i]);
      while (next <= std::log(static_cast<double>(points[i].branches))) next += step;
    }
  out.push_back(points.back());
  return out;
}

double share_at(const ConvergencePoint& point, std::size_t outcome) {
  return point.branches
             ? static_cast<double>(point.counts.at(outcome)) / static_cast<double>(point.branches)
             : 0.0;
}

Interval interval_at(const ConvergencePoint& point, std::size_t outcome) {
  return wilson_interval(point.counts.at(outcome), point.branches);
}

}  // namespace negsim
