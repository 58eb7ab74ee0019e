"""The sampler benchmark harness: sections (rate, inprocess, slowdown, overhead, first, rss), contenders, targets."""
