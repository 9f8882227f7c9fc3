"""Small pure functions that turn what planners type into numbers, months and dates."""
